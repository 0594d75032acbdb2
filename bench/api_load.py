"""Benchmark: load the HTTP API at a fixed arrival rate and report throughput and p50/p90/p99 latency per endpoint.

Run after loading (and scoring) a world, e.g. on the 100k world left by ``python bench/etl.py --sizes 100000``::

    .venv/bin/python bench/api_load.py --data-dir /tmp/smokeindex-etl-bench/db-100000 --graph bench \\
        --out /tmp/api_load-100000.json

Three processes share the machine: this one (setup, then the load generator: one asyncio loop driving
``--connections`` keep-alive HTTP/1.1 connections), the API (``uvicorn --factory smokeindex.api.app:create_app``,
``--workers`` processes) and the embedded FalkorDB server the API starts for ``--data-dir``. Only one process may own a data directory, so nothing
here opens the store: targets (enterprise keys of the latest scoring run's top warnings, their cities, a second-page
cursor) are discovered through ``GET /api/v1/warnings``. A national admin ``bench_admin`` and its API key are created
in a throw-away security directory (users and audit log), which is deleted afterwards.

Scenarios (``--scenarios``): ``list`` (``GET /warnings?limit=50`` with varied filters: grade, city, sort, a second
page), ``profile`` (``GET /parties/Enterprise/{key}``) at ``--rate``; ``expand``
(``GET /parties/Enterprise/{key}/network?hops=2&limit=300``) and ``evidence`` (``POST /evidence``, party mode,
2 hops) at ``--heavy-rate``. The load is an open model: request *i* is due at ``t0 + i/rate`` whatever the server
does, and its latency is measured from that due time, so queueing counts, whether in the server or waiting for a
free connection (``p99_client_wait_ms``: all connections busy means the server is saturated); a request the generator
queued more than 5 ms late is counted as ``late`` (the generator itself fell behind). Latency percentiles are over all
requests (errors and time-outs included); ``errors`` counts non-2xx answers and transport failures.

The per-user rate limit of the API (``SMOKEINDEX_RATE_LIMIT_PER_MINUTE``, 1200/min by default, i.e. 20 req/s for
one key) is raised to ``--rate-limit`` for the server under test, since one key carries all the load here.

Targets (issue): p99 < 100 ms for a list page and a profile at 200 requests/s; a 2-hop evidence export < 1 s.
Prints a table (stderr), then one JSON line (stdout, and ``--out``) with the machine, date, command and numbers,
including the CPU seconds the API, FalkorDB and the generator used in each scenario (2 shared cores: who was busy?).
Test run on the small demo world: ``--data-dir /tmp/apidemo-bench --graph smokeindex_world --duration 5``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

from smokeindex.config import Settings
from smokeindex.security.users import UserStore

API = "/api/v1"
SCENARIOS = ("list", "profile", "expand", "evidence")
HEAVY = {"expand", "evidence"}
TARGET_P99_MS = {"list": 100.0, "profile": 100.0, "evidence": 1000.0}
LATE_S = 0.005  # a request dispatched later than this after its due time counts as late
CLK_TCK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Call:
    """One request of a scenario."""

    method: str
    path: str
    params: dict[str, Any] | None = None
    body: dict[str, Any] | None = None


@dataclass
class Sample:
    latency_s: float  # from the due time to the last byte of the answer
    lag_s: float  # how late the generator queued it
    wait_s: float  # from the due time until a connection took it (all connections busy: the server is saturated)
    status: int  # 0: no HTTP answer (time-out, connection error)
    nbytes: int
    error: str | None = None


@dataclass
class Scenario:
    name: str
    rate: float
    calls: list[Call]
    samples: list[Sample] = field(default_factory=list)
    wall_s: float = 0.0
    cpu_s: dict[str, float] = field(default_factory=dict)


# -- processes ----------------------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (scans ``/proc`` for parent ids)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += parents.get(p, [])
    return out


def cpu_by_kind(root: int) -> dict[str, float]:
    """CPU seconds (user + system) used so far by the API processes and by the FalkorDB server under ``root``."""
    out = {"api": 0.0, "falkordb": 0.0}
    for pid in descendants(root):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat.rsplit(")", 1)[1].split()
        seconds = (int(fields[11]) + int(fields[12])) / CLK_TCK
        out["falkordb" if comm.startswith("redis") else "api"] += seconds
    return out


def peak_rss_mib(root: int) -> dict[str, float]:
    """Peak resident memory (VmHWM) of the API processes (summed) and of the FalkorDB server, in MiB."""
    out = {"api": 0.0, "falkordb": 0.0}
    for pid in descendants(root):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        name = next((line.split()[1] for line in status.splitlines() if line.startswith("Name:")), "")
        hwm = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)
        out["falkordb" if name.startswith("redis") else "api"] += hwm / 1024
    return {k: round(v) for k, v in out.items()}


def start_server(args: argparse.Namespace, security_dir: Path, log_path: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "SMOKEINDEX_STORE": "falkordb",
        "SMOKEINDEX_DATA_DIR": str(args.data_dir),
        "SMOKEINDEX_FALKORDB_GRAPH": args.graph,
        "SMOKEINDEX_SECURITY_DIR": str(security_dir),
        "SMOKEINDEX_RATE_LIMIT_PER_MINUTE": str(args.rate_limit),
    }
    env.pop("SMOKEINDEX_FALKORDB_DIR", None)
    cmd = [
        sys.executable, "-m", "uvicorn", "--factory", "smokeindex.api.app:create_app", "--host", "127.0.0.1",
        "--port", str(args.port), "--workers", str(args.workers), "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    with open(log_path, "wb") as log:
        return subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_healthy(base: str, proc: subprocess.Popen[bytes], log_path: Path, timeout_s: float) -> float:
    """Seconds until ``GET /health`` answers 200; exits with the server log if it dies or never gets there."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout_s:
        if proc.poll() is not None:
            sys.exit(f"API 进程已退出 (API server exited, code {proc.returncode}):\n{log_tail(log_path)}")
        try:
            if httpx.get(f"{base}{API}/health", timeout=5).status_code == 200:
                return time.perf_counter() - t0
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    sys.exit(f"API 未在 {timeout_s:.0f} 秒内就绪 (API not healthy in time):\n{log_tail(log_path)}")


def log_tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM, so that the API closes its store and the FalkorDB server it started."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


# -- targets ------------------------------------------------------------------------------------------------------------
def discover(base: str, key: str, n_targets: int) -> dict[str, Any]:
    """Enterprise keys of the top warnings, their most frequent cities and a second-page cursor, via the API."""
    headers = {"X-API-Key": key}
    r = httpx.get(f"{base}{API}/warnings", params={"label": "Enterprise", "limit": 500}, headers=headers, timeout=120)
    if r.status_code != 200:
        sys.exit(f"取预警清单失败 (GET /warnings → {r.status_code}): {r.text[:500]}")
    page = r.json()
    keys = [w["subject_key"] for w in page["items"]][:n_targets]
    if not keys:
        sys.exit("最近的评分运行没有企业预警，无法选取目标 (no Enterprise warnings in the latest scoring run)")
    cities = Counter(w["region_code"][:4] + "00" for w in page["items"] if w.get("region_code"))
    r2 = httpx.get(f"{base}{API}/warnings", params={"limit": 50}, headers=headers, timeout=120)
    cursor = r2.json().get("next_cursor") if r2.status_code == 200 else None
    return {
        "run_id": page["run_id"],
        "warnings_total": page["total"],
        "keys": keys,
        "cities": [c for c, _ in cities.most_common(4)],
        "cursor": cursor,
    }


def build_scenarios(names: list[str], targets: dict[str, Any], args: argparse.Namespace) -> list[Scenario]:
    keys: list[str] = targets["keys"]
    lists: list[dict[str, Any]] = [
        {},
        {"grade": "红"},
        {"grade": ["红", "橙"]},
        {"sort": "-first_warned_at"},
        {"label": "Enterprise", "sort": "score"},
    ]
    for city in targets["cities"]:
        lists += [{"region": city}, {"region": city, "grade": "红"}]
    if targets["cursor"]:
        lists.append({"cursor": targets["cursor"]})
    calls = {
        "list": [Call("GET", f"{API}/warnings", {**p, "limit": 50}) for p in lists],
        "profile": [Call("GET", f"{API}/parties/Enterprise/{k}") for k in keys],
        "expand": [Call("GET", f"{API}/parties/Enterprise/{k}/network", {"hops": 2, "limit": 300}) for k in keys],
        "evidence": [
            Call("POST", f"{API}/evidence", body={"mode": "party", "party": f"Enterprise:{k}", "hops": 2}) for k in keys
        ],
    }
    return [Scenario(n, args.heavy_rate if n in HEAVY else args.rate, calls[n]) for n in names]


# -- load generator -----------------------------------------------------------------------------------------------------
# A minimal HTTP/1.1 keep-alive client on asyncio streams: on 2 shared cores httpx's pool (which rescans every queued
# request on each release) used more CPU than the API under test and became the bottleneck. Requests are encoded once.
def encode(call: Call, host: str, key: str) -> bytes:
    target = call.path + (f"?{urlencode(call.params, doseq=True)}" if call.params else "")
    body = json.dumps(call.body, ensure_ascii=False).encode() if call.body is not None else b""
    head = f"{call.method} {target} HTTP/1.1\r\nHost: {host}\r\nX-API-Key: {key}\r\nAccept: */*\r\n"
    if call.body is not None:
        head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    return (head + "\r\n").encode() + body


async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, raw: bytes) -> tuple[int, bytes, bool]:
    """Send one request and read the whole answer: status, body and whether the connection stays open."""
    writer.write(raw)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    lines = (line.decode("latin-1").partition(":") for line in head.split(b"\r\n")[1:] if line)
    headers = {name.strip().lower(): value.strip() for name, _, value in lines}
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        parts = []
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            parts.append((await reader.readexactly(size + 2))[:-2])
        while await reader.readuntil(b"\r\n") != b"\r\n":  # trailers
            pass
        body = b"".join(parts)
    else:
        body = await reader.read()
        return status, body, False
    return status, body, headers.get("connection", "").lower() != "close"


@dataclass
class Job:
    raw: bytes
    due: float
    out: list[Sample]
    lag_s: float


async def worker(queue: asyncio.Queue[Job | None], port: int, timeout_s: float) -> None:
    """One connection: take due requests in order and send them one at a time."""
    conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    while (job := await queue.get()) is not None:
        wait = time.perf_counter() - job.due
        status, nbytes, error = 0, 0, None
        for attempt in (1, 2):
            reused = conn is not None
            try:
                if conn is None:
                    conn = await asyncio.open_connection("127.0.0.1", port)
                status, body, keep = await asyncio.wait_for(exchange(*conn, job.raw), timeout_s)
            except (OSError, EOFError, ValueError, TimeoutError) as e:
                _close(conn)
                conn = None
                # the server closes idle keep-alive connections (uvicorn: after 5 s); a request that met such a
                # connection was never read, so it is sent once more on a fresh one, as HTTP clients do
                stale = isinstance(e, asyncio.IncompleteReadError) and not e.partial
                if reused and attempt == 1 and (stale or isinstance(e, ConnectionError)):
                    continue
                error = f"{type(e).__name__}: {e}"[:300]
                break
            nbytes = len(body)
            if not 200 <= status < 300:
                error = f"{status}: {body[:300].decode(errors='replace')}"
            if not keep:
                _close(conn)
                conn = None
            break
        job.out.append(Sample(time.perf_counter() - job.due, job.lag_s, wait, status, nbytes, error))
        queue.task_done()
    _close(conn)
    queue.task_done()


def _close(conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None) -> None:
    if conn is not None:
        conn[1].close()


async def drive(queue: asyncio.Queue[Job | None], sc: Scenario, raws: list[bytes], seconds: float) -> float:
    """Queue ``rate × seconds`` requests, request i due at t0 + i/rate, and wait for all; returns the wall time."""
    n = max(1, round(sc.rate * seconds))
    t0 = time.perf_counter() + 0.05
    for i in range(n):
        due = t0 + i / sc.rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        queue.put_nowait(Job(raws[i % len(raws)], due, sc.samples, time.perf_counter() - due))
    await queue.join()
    return time.perf_counter() - t0


async def run_load(port: int, key: str, scenarios: list[Scenario], args: argparse.Namespace, server_pid: int) -> None:
    queue: asyncio.Queue[Job | None] = asyncio.Queue()
    workers = [asyncio.create_task(worker(queue, port, args.timeout)) for _ in range(args.connections)]
    for sc in scenarios:
        print(f"… {sc.name}: {sc.rate:g} req/s × {args.duration:g} s", file=sys.stderr, flush=True)
        raws = [encode(c, f"127.0.0.1:{port}", key) for c in sc.calls]
        if args.warmup > 0:
            warm = Scenario(sc.name, sc.rate, sc.calls)
            await drive(queue, warm, raws, args.warmup)
        cpu0, self0 = cpu_by_kind(server_pid), _self_cpu()
        sc.wall_s = await drive(queue, sc, raws, args.duration)
        cpu1 = cpu_by_kind(server_pid)
        sc.cpu_s = {k: round(cpu1[k] - cpu0[k], 1) for k in cpu0}
        sc.cpu_s["generator"] = round(_self_cpu() - self0, 1)
    for _ in workers:
        queue.put_nowait(None)
    await asyncio.gather(*workers)


def _self_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


# -- report -------------------------------------------------------------------------------------------------------------
def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), round(q / 100 * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]


def summarise(sc: Scenario) -> dict[str, Any]:
    s = sc.samples
    lat = sorted(x.latency_s * 1000 for x in s)
    ok = [x for x in s if 200 <= x.status < 300]
    codes = Counter(str(x.status) if x.status else "transport" for x in s)
    examples = list(dict.fromkeys(x.error for x in s if x.error))[:3]
    p99 = percentile(lat, 99)
    target = TARGET_P99_MS.get(sc.name)
    return {
        "offered_rps": sc.rate,
        "achieved_rps": round(len(ok) / sc.wall_s, 1) if sc.wall_s else 0.0,
        "requests": len(s),
        "ok": len(ok),
        "errors": len(s) - len(ok),
        "status_codes": dict(codes),
        "late_sends": sum(x.lag_s > LATE_S for x in s),
        "max_send_lag_ms": round(max((x.lag_s for x in s), default=0.0) * 1000, 1),
        "p99_client_wait_ms": round(percentile(sorted(x.wait_s * 1000 for x in s), 99), 1),
        "p50_ms": round(percentile(lat, 50), 1),
        "p90_ms": round(percentile(lat, 90), 1),
        "p99_ms": round(p99, 1),
        "max_ms": round(lat[-1], 1) if lat else None,
        "mean_bytes": round(sum(x.nbytes for x in ok) / len(ok)) if ok else 0,
        "distinct_calls": len(sc.calls),
        "cpu_s": sc.cpu_s,
        "target_p99_ms": target,
        "meets_target": None if target is None else bool(p99 < target and len(ok) == len(s)),
        "error_examples": examples,
    }


def print_table(results: dict[str, dict[str, Any]]) -> None:
    cols = ["offered", "achieved", "n", "errors", "late", "p50 ms", "p90 ms", "p99 ms", "max ms", "target", "ok?"]
    rows = [
        [
            name, f"{r['offered_rps']:g}", f"{r['achieved_rps']:g}", str(r["requests"]), str(r["errors"]),
            str(r["late_sends"]), f"{r['p50_ms']:g}", f"{r['p90_ms']:g}", f"{r['p99_ms']:g}", f"{r['max_ms']:g}",
            f"p99<{r['target_p99_ms']:g}" if r["target_p99_ms"] else "—",
            {True: "是 yes", False: "否 NO", None: "—"}[r["meets_target"]],
        ]
        for name, r in results.items()
    ]  # fmt: skip
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:  # pragma: no cover - rich is a dependency; plain text otherwise
        print("\t".join(["scenario", *cols]))
        for row in rows:
            print("\t".join(row))
        return
    table = Table(title="API 负载测试 (API load, open model)")
    for c in ["场景 scenario", *cols]:
        table.add_column(c, justify="left" if c.startswith("场景") else "right")
    for row in rows:
        table.add_row(*row)
    console = Console(stderr=True)
    if not console.is_terminal:
        console.width = 160
    console.print(table)


# -- main ---------------------------------------------------------------------------------------------------------------
def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="SMOKEINDEX 数据目录，含 falkordb/ (data dir)")
    parser.add_argument("--graph", default="smokeindex", help="FalkorDB 图名 (graph name)")
    parser.add_argument("--rate", type=float, default=200.0, help="list/profile 每秒请求数 (requests/s)")
    parser.add_argument("--heavy-rate", type=float, default=5.0, help="expand/evidence 每秒请求数 (requests/s)")
    parser.add_argument("--duration", type=float, default=20.0, help="每个场景的秒数 (seconds per scenario)")
    parser.add_argument("--warmup", type=float, default=2.0, help="每个场景预热秒数，不计入 (warm-up seconds)")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn 工作进程数 (uvicorn workers)")
    parser.add_argument("--port", type=int, default=0, help="端口，0 为任选空闲端口 (0: any free port)")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS), help=f"逗号分隔，取自 {','.join(SCENARIOS)}")
    parser.add_argument("--targets", type=int, default=200, help="画像/展开/证据的目标企业数 (target enterprises)")
    parser.add_argument("--connections", type=int, default=64, help="客户端连接数 (client keep-alive connections)")
    parser.add_argument("--timeout", type=float, default=30.0, help="单个请求超时秒数 (per-request timeout)")
    parser.add_argument("--rate-limit", type=int, default=10_000_000, help="被测服务每用户每分钟限额")
    parser.add_argument("--start-timeout", type=float, default=900.0, help="等待服务就绪的秒数 (start-up wait)")
    parser.add_argument("--out", type=Path, default=None, help="结果 JSON 文件 (result JSON path)")
    args = parser.parse_args(argv)
    names = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    unknown = [s for s in names if s not in SCENARIOS]
    if unknown or not names:
        parser.error(f"未知场景 (unknown scenarios): {', '.join(unknown) or '(none)'}; 可选 {', '.join(SCENARIOS)}")
    args.scenario_names = names
    if not (args.data_dir / "falkordb").is_dir():
        parser.error(f"数据目录中没有 falkordb/ (no falkordb/ under --data-dir): {args.data_dir}")
    args.data_dir = args.data_dir.resolve()
    args.port = args.port or free_port()
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="smokeindex-api-load-"))
    settings = Settings(data_dir=args.data_dir, falkordb_graph=args.graph, security_dir=work / "security")
    users = UserStore(settings.security_path)
    users.create("bench_admin", role="admin", display_name="负载测试管理员 (load benchmark)")
    key = users.issue_api_key("bench_admin", name="api_load")
    users.close()
    base = f"http://127.0.0.1:{args.port}"
    log_path = work / "api.log"
    proc = start_server(args, settings.security_path, log_path)
    try:
        startup_s = wait_healthy(base, proc, log_path, args.start_timeout)
        targets = discover(base, key, args.targets)
        scenarios = build_scenarios(args.scenario_names, targets, args)
        asyncio.run(run_load(args.port, key, scenarios, args, proc.pid))
        rss = peak_rss_mib(proc.pid)
    finally:
        stop_server(proc)
        server_log = log_tail(log_path, 20)
        shutil.rmtree(work, ignore_errors=True)
    results = {sc.name: summarise(sc) for sc in scenarios}
    print_table(results)
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "platform": platform.platform(),
            "machine": platform.machine(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
        },
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "data_dir": str(args.data_dir),
        "graph": args.graph,
        "workers": args.workers,
        "duration_s": args.duration,
        "warmup_s": args.warmup,
        "scoring_run": targets["run_id"],
        "warnings_total": targets["warnings_total"],
        "target_enterprises": len(targets["keys"]),
        "server_startup_s": round(startup_s, 1),
        "server_peak_rss_mib": rss,
        "scenarios": results,
        "server_log_tail": server_log if any(r["errors"] for r in results.values()) else None,
    }
    line = json.dumps(report, ensure_ascii=False)
    if args.out:
        args.out.write_text(line + "\n", encoding="utf-8")
    print(line)


if __name__ == "__main__":
    main()
