#!/usr/bin/env bash
# Validates docker-compose.yml offline (no Docker engine needed) with docker-compose v1.
# Installs Debian's docker-compose package when the command is missing.
#
# Usage: scripts/check-compose.sh [compose-file]    (default: docker-compose.yml at the repo root)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMPOSE_FILE="${1:-$ROOT/docker-compose.yml}"

[[ -f "$COMPOSE_FILE" ]] || { echo "check-compose: ERROR: $COMPOSE_FILE not found" >&2; exit 1; }

if ! command -v docker-compose >/dev/null 2>&1; then
    command -v apt-get >/dev/null 2>&1 || {
        echo "check-compose: ERROR: docker-compose missing and apt-get unavailable" >&2
        exit 1
    }
    SUDO=()
    if [[ "$(id -u)" != "0" ]]; then
        SUDO=(sudo)
    fi
    echo "check-compose: installing Debian's docker-compose"
    ${SUDO[@]+"${SUDO[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    ${SUDO[@]+"${SUDO[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null
fi

# Dummy values for the variables the file requires (${VAR:?}); config does not contact Docker.
# --project-directory keeps `build: .` relative to the compose file's folder.
if ! env SMOKEINDEX_NEO4J_PASSWORD=compose-check-dummy \
        SMOKEINDEX_SECRET_KEY=compose-check-dummy \
        SMOKEINDEX_EVIDENCE_KEY=compose-check-dummy \
        SMOKEINDEX_PSEUDONYM_KEY=compose-check-dummy \
        docker-compose -f "$COMPOSE_FILE" --project-directory "$(dirname "$COMPOSE_FILE")" config -q; then
    echo "check-compose: FAILED: $COMPOSE_FILE is not a valid compose file" >&2
    exit 1
fi
echo "check-compose: OK ($COMPOSE_FILE, $(docker-compose version --short 2>/dev/null || echo docker-compose))"
