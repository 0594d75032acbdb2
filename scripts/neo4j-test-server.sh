#!/usr/bin/env bash
# Real Neo4j Community 5.26 test server (in-process neo4j-harness, see tools/neo4j-launcher).
#
# Usage: scripts/neo4j-test-server.sh build|start|stop|status
#
#   build   compile the launcher and copy its jars (Maven; skipped when up to date)
#   start   build if needed, wipe the data dir, start in the background and wait for Bolt
#   stop    SIGTERM, then SIGKILL after SMOKEINDEX_NEO4J_STOP_TIMEOUT seconds (default 30)
#   status  exit 0 when running, 1 when not
#
# Environment:
#   SMOKEINDEX_NEO4J_TEST_PORT      Bolt port on 127.0.0.1 (default 7688)
#   SMOKEINDEX_NEO4J_PASSWORD       password of user neo4j (default smokeindex-test, >= 8 chars)
#   SMOKEINDEX_NEO4J_STATE_DIR      pid, log and data dir (default <repo>/build/neo4j); set it with a different port
#                                   to run a second server beside the first
#   SMOKEINDEX_NEO4J_DATA_DIR       data dir, wiped on start (default <state dir>/data)
#   SMOKEINDEX_NEO4J_START_TIMEOUT  seconds to wait for readiness (default 180)
#   SMOKEINDEX_NEO4J_JAVA_OPTS      extra JVM options (default -Xmx1g)
#   SMOKEINDEX_NEO4J_PAGECACHE_MB   page cache size in MiB (default 256)
#   SMOKEINDEX_NEO4J_APOC           1 (default) loads APOC core; 0 skips it (~1 s faster start)
#   JAVA_HOME / JAVA                Java 17 or 21 to use
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LAUNCHER="$ROOT/tools/neo4j-launcher"
STATE_DIR="${SMOKEINDEX_NEO4J_STATE_DIR:-$ROOT/build/neo4j}"
DATA_DIR="${SMOKEINDEX_NEO4J_DATA_DIR:-$STATE_DIR/data}"
# Relative paths are relative to where the script was called from (it changes directory later).
[[ "$STATE_DIR" = /* ]] || STATE_DIR="$PWD/$STATE_DIR"
[[ "$DATA_DIR" = /* ]] || DATA_DIR="$PWD/$DATA_DIR"
LOG_FILE="$STATE_DIR/neo4j.log"
PID_FILE="$STATE_DIR/neo4j.pid"
PORT="${SMOKEINDEX_NEO4J_TEST_PORT:-7688}"
START_TIMEOUT="${SMOKEINDEX_NEO4J_START_TIMEOUT:-180}"
STOP_TIMEOUT="${SMOKEINDEX_NEO4J_STOP_TIMEOUT:-30}"
STAMP="$LAUNCHER/target/.build-stamp"
MAIN_CLASS="smokeindex.tools.Neo4jLauncher"

if [[ -n "${JAVA:-}" ]]; then
    :
elif [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    JAVA="$JAVA_HOME/bin/java"
else
    JAVA="java"
fi

log() { echo "neo4j-test-server: $*"; }
die() { echo "neo4j-test-server: ERROR: $*" >&2; exit 1; }

# True when a TCP connection to 127.0.0.1:$PORT succeeds (bash /dev/tcp, no extra tools).
port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null
}

# Prints the pid when the launcher from our pid file is alive; fails otherwise.
running_pid() {
    [[ -f "$PID_FILE" ]] || return 1
    local pid
    pid="$(cat "$PID_FILE" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    # Guard against a recycled pid that belongs to some other program.
    ps -p "$pid" -o args= 2>/dev/null | grep -q "$MAIN_CLASS" || return 1
    echo "$pid"
}

needs_build() {
    [[ -f "$STAMP" && -d "$LAUNCHER/target/lib" && -d "$LAUNCHER/target/classes" ]] || return 0
    [[ -n "$(find "$LAUNCHER/pom.xml" "$LAUNCHER/src" -newer "$STAMP" -print -quit)" ]]
}

cmd_build() {
    if ! needs_build; then
        log "launcher is up to date ($LAUNCHER/target)"
        return 0
    fi
    command -v mvn >/dev/null 2>&1 || die "mvn (Maven 3) not found"
    log "building launcher with Maven (first run downloads ~170 MB into ~/.m2)"
    # Clean copied jars so a version change in pom.xml leaves no stale jars behind.
    rm -rf "$LAUNCHER/target/lib" "$LAUNCHER/target/plugins" "$STAMP"
    mkdir -p "$STATE_DIR"
    # Output goes to a file (Maven 3.8 prints stray ANSI codes even with -q); shown on failure.
    if ! mvn -B -q -f "$LAUNCHER/pom.xml" package -DskipTests >"$STATE_DIR/maven-build.log" 2>&1; then
        tail -n 60 "$STATE_DIR/maven-build.log" >&2
        die "Maven build failed (full output: $STATE_DIR/maven-build.log)"
    fi
    touch "$STAMP"
    log "build done"
}

cmd_start() {
    local pid
    if pid="$(running_pid)"; then
        log "already running (pid $pid) on bolt://127.0.0.1:$PORT"
        return 0
    fi
    rm -f "$PID_FILE"
    if port_open; then
        die "port 127.0.0.1:$PORT is already in use by another process"
    fi
    cmd_build

    mkdir -p "$STATE_DIR"
    rm -rf "$DATA_DIR"   # fresh graph on every start
    mkdir -p "$DATA_DIR"

    local java_opts
    # shellcheck disable=SC2206  # word splitting of the user's options is intended
    java_opts=(${SMOKEINDEX_NEO4J_JAVA_OPTS:--Xmx1g})
    local plugin_args=(--plugins-dir target/plugins)
    if [[ "${SMOKEINDEX_NEO4J_APOC:-1}" == "0" ]]; then
        plugin_args=()
    fi
    log "starting on 127.0.0.1:$PORT (data: $DATA_DIR, log: $LOG_FILE)"
    (
        cd "$LAUNCHER"
        exec nohup "$JAVA" "${java_opts[@]}" \
            --add-opens=java.base/java.nio=ALL-UNNAMED \
            --add-opens=java.base/java.io=ALL-UNNAMED \
            --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
            --add-opens=java.base/java.lang=ALL-UNNAMED \
            -Dio.netty.tryReflectionSetAccessible=true \
            -cp "target/classes:target/lib/*:target/plugins/*" \
            "$MAIN_CLASS" --port "$PORT" --data-dir "$DATA_DIR" ${plugin_args[@]+"${plugin_args[@]}"} \
            </dev/null >"$LOG_FILE" 2>&1
    ) &
    pid=$!
    echo "$pid" >"$PID_FILE"

    local start now
    start="$(date +%s)"
    while true; do
        if ! kill -0 "$pid" 2>/dev/null; then
            fail_start "process exited before it was ready"
        fi
        if grep -q '^NEO4J_READY ' "$LOG_FILE" 2>/dev/null && port_open; then
            now="$(date +%s)"
            log "ready: bolt://127.0.0.1:$PORT (pid $pid, $((now - start)) s)"
            return 0
        fi
        now="$(date +%s)"
        if (( now - start >= START_TIMEOUT )); then
            fail_start "not ready after ${START_TIMEOUT} s"
        fi
        sleep 0.5
    done
}

fail_start() {
    echo "neo4j-test-server: ERROR: $1; last lines of $LOG_FILE:" >&2
    tail -n 60 "$LOG_FILE" >&2 2>/dev/null || true
    local debug_log
    debug_log="$(find "$DATA_DIR" -name debug.log -print -quit 2>/dev/null || true)"
    if [[ -n "$debug_log" ]]; then
        echo "--- last lines of $debug_log:" >&2
        tail -n 30 "$debug_log" >&2 || true
    fi
    cmd_stop >/dev/null 2>&1 || true
    exit 1
}

cmd_stop() {
    local pid waited=0
    if ! pid="$(running_pid)"; then
        rm -f "$PID_FILE"
        log "not running"
        return 0
    fi
    log "stopping pid $pid"
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do
        if (( waited >= STOP_TIMEOUT )); then
            log "still alive after ${STOP_TIMEOUT} s, sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            break
        fi
        sleep 1
        waited=$((waited + 1))
    done
    rm -f "$PID_FILE"
    log "stopped"
}

cmd_status() {
    local pid
    if pid="$(running_pid)"; then
        if port_open; then
            log "running (pid $pid), bolt://127.0.0.1:$PORT"
        else
            log "running (pid $pid), Bolt port $PORT not accepting connections yet"
        fi
        return 0
    fi
    log "not running"
    return 1
}

case "${1:-}" in
    build) cmd_build ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    *) echo "usage: $0 build|start|stop|status" >&2; exit 2 ;;
esac
