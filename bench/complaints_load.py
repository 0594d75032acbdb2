"""Benchmark: public complaint submissions at a fixed arrival rate; reports p50/p90/p99 latency and throughput.

Target (issue 8): 100 concurrent submissions per second with p99 < 200 ms. Run::

    .venv/bin/python bench/complaints_load.py --rate 100 --duration 10

It builds its own small store in a temporary directory (the package's sample graph plus ``--enterprises`` generated
enterprises, so that entity resolution searches a real index), then starts the API in a subprocess
(``uvicorn --factory complaints_load:create_bench_app``, the app with the complaints router mounted) on that store and
drives ``POST /api/v1/complaints/public`` with the open-model generator of ``bench/api_load.py``: request *i* is due
at ``t0 + i/rate`` whatever the server does, and its latency counts from that due time.

Every request is a full submission: validation and the text pipeline, the per-IP and per-contact rate limits (the
default limits; each request comes from its own client address through ``X-Forwarded-For``, which uvicorn trusts
from 127.0.0.1 with ``--proxy-headers``, and carries its own phone number), the duplicate check, entity resolution,
the ``PublicComplaint`` write with provenance, ``REPORTS_AGAINST`` and an audit-log line. The lead (``raise_lead``:
a new lead or a merge) is raised by the API's background thread, so the answer does not wait for it;
``written.linked_without_lead`` counts linked complaints whose lead was still queued when the server stopped
(``--settle`` seconds after the load). Subjects are a mix of exact registered names, brand aliases and unknown names.
After the run the store is opened again to count what was written. Prints a summary (stderr) and one JSON line
(stdout, ``--out``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_load import (  # noqa: E402 - the sibling benchmark's generator and process helpers
    Job,
    Scenario,
    cpu_by_kind,
    drive,
    free_port,
    log_tail,
    peak_rss_mib,
    percentile,
    stop_server,
    wait_healthy,
    worker,
)

from smokeindex.config import Settings  # noqa: E402
from smokeindex.demo.sample import load_graph, load_sample  # noqa: E402
from smokeindex.graph import open_store  # noqa: E402
from smokeindex.schema.types import USCC_ALPHABET, uscc_check_char  # noqa: E402

API = "/api/v1"
PATH = f"{API}/complaints/public"
TARGET_P99_MS = 200.0
REGIONS = ["330106", "330108", "330110"]
BRANDS = "鑫盛 盛通 明远 恒泰 汇金 鼎丰 瑞祥 嘉禾 华信 中融 福瑞 永安 金桥 宏达 天元 博远 弘毅 泰和 东方 润安".split()
TRADES = ["财富管理", "投资咨询", "网络科技", "商务咨询", "养老服务", "供应链管理", "文化传媒", "电子商务"]
WORDS = ["年化18%，保本保息", "月息2分，到期还本", "每月返利3%", "稳赚不赔，随时退出", None]
CHANNELS = ["微信群/朋友圈", "电话推销", "线下讲座/推介会", "传单/海报", "短视频/直播", "熟人介绍"]


def create_bench_app() -> Any:
    """The app under test: the standard app (it mounts the complaints router)."""
    from smokeindex.api.app import create_app

    return create_app()


# -- the store ----------------------------------------------------------------------------------------------------------
def _uscc(rng: random.Random, region: str) -> str:
    body = "91" + region + "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
    return body + uscc_check_char(body)


def build_store(settings: Settings, enterprises: int, seed: int) -> list[str]:
    """The sample graph plus ``enterprises`` generated ones; returns the registered names."""
    rng = random.Random(seed)
    names: dict[str, dict[str, Any]] = {}
    while len(names) < enterprises:
        region = rng.choice(REGIONS)
        name = f"杭州{rng.choice(BRANDS)}{rng.choice(BRANDS)}{rng.choice(TRADES)}有限公司"
        names.setdefault(name, {"uscc": _uscc(rng, region), "name": name, "region_code": region, "status": "存续"})
    store = open_store(settings)
    try:
        store.apply_schema()
        load_sample(store)
        rows = list(names.values())
        load_graph(
            store,
            {
                "nodes": {"Enterprise": rows},
                "relationships": {"IN_REGION": [["Enterprise", r["uscc"], "Region", r["region_code"]] for r in rows]},
            },
            source="bench/complaints_load",
        )
        registered = [str(r["n"]) for r in store.read("MATCH (e:Enterprise) RETURN e.name AS n")]
    finally:
        store.close()
    return registered


def count_written(settings: Settings) -> dict[str, int]:
    store = open_store(settings)
    try:
        out = {}
        for label in ("PublicComplaint", "Lead", "LeadSource"):
            out[label] = int(store.read(f"MATCH (n:{label}) RETURN count(n) AS n")[0]["n"])
        out["REPORTS_AGAINST"] = int(store.read("MATCH ()-[r:REPORTS_AGAINST]->() RETURN count(r) AS n")[0]["n"])
        out["linked_without_lead"] = int(
            store.read("MATCH (c:PublicComplaint)-[:REPORTS_AGAINST]->() WHERE c.lead_id IS NULL RETURN count(c) AS n")[
                0
            ]["n"]
        )
        return out
    finally:
        store.close()


# -- requests -----------------------------------------------------------------------------------------------------------
def bodies(names: list[str], n: int, seed: int) -> list[dict[str, Any]]:
    """``n`` distinct submissions: 60 % exact registered names, 20 % brand aliases, 20 % unknown names."""
    rng = random.Random(seed + 1)
    out = []
    for i in range(n):
        roll = rng.random()
        name = rng.choice(names)
        if roll < 0.2:
            name = f"{rng.choice(BRANDS)}{rng.choice(BRANDS)}理财平台"
        elif roll < 0.4:
            name = name.removeprefix("杭州").replace("有限公司", "")
        body: dict[str, Any] = {
            "subject_name": name,
            "kind": rng.choice(["illegal_fundraising", "illegal_fundraising", "pyramid_scheme", "illegal_lending"]),
            "amount": f"{rng.randint(1, 500)}万元",
            "victims": rng.randint(1, 300),
            "channels": rng.sample(CHANNELS, rng.randint(1, 3)),
            "region_code": rng.choice(REGIONS),
            "description": f"第 {i} 号测试举报：业务员推介理财产品，到期无法兑付。",
            "contact": f"13{rng.randint(0, 9)}{i:08d}",
        }
        if (words := rng.choice(WORDS)) is not None:
            body["promised_return"] = words
        out.append(body)
    return out


def encode(body: dict[str, Any], host: str, client: str) -> bytes:
    data = json.dumps(body, ensure_ascii=False).encode()
    head = (
        f"POST {PATH} HTTP/1.1\r\nHost: {host}\r\nX-Forwarded-For: {client}\r\nAccept: */*\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
    )
    return head.encode() + data


def start_server(args: argparse.Namespace, settings: Settings, log_path: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "SMOKEINDEX_STORE": "falkordb",
        "SMOKEINDEX_DATA_DIR": str(settings.data_dir),
        "SMOKEINDEX_FALKORDB_GRAPH": settings.falkordb_graph,
        "SMOKEINDEX_SECURITY_DIR": str(settings.security_path),
    }
    env.pop("SMOKEINDEX_FALKORDB_DIR", None)
    cmd = [
        sys.executable, "-m", "uvicorn", "--factory", "complaints_load:create_bench_app",
        "--app-dir", str(Path(__file__).resolve().parent), "--host", "127.0.0.1", "--port", str(args.port),
        "--workers", str(args.workers), "--log-level", "warning", "--no-access-log",
        "--proxy-headers", "--forwarded-allow-ips", "127.0.0.1",
    ]  # fmt: skip
    with open(log_path, "wb") as log:
        return subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)


async def run_load(port: int, raws: list[bytes], warm: list[bytes], args: argparse.Namespace, pid: int) -> Scenario:
    queue: asyncio.Queue[Job | None] = asyncio.Queue()
    workers = [asyncio.create_task(worker(queue, port, args.timeout)) for _ in range(args.connections)]
    if args.warmup > 0:
        await drive(queue, Scenario("warmup", args.rate, []), warm, args.warmup)
    sc = Scenario("submit", args.rate, [])
    cpu0 = cpu_by_kind(pid)
    sc.wall_s = await drive(queue, sc, raws, args.duration)
    cpu1 = cpu_by_kind(pid)
    sc.cpu_s = {k: round(cpu1[k] - cpu0[k], 1) for k in cpu0}
    for _ in workers:
        queue.put_nowait(None)
    await asyncio.gather(*workers)
    return sc


def summarise(sc: Scenario) -> dict[str, Any]:
    s = sc.samples
    lat = sorted(x.latency_s * 1000 for x in s)
    ok = [x for x in s if x.status == 201]
    codes: dict[str, int] = {}
    for x in s:
        key = str(x.status) if x.status else "transport"
        codes[key] = codes.get(key, 0) + 1
    p99 = percentile(lat, 99)
    return {
        "offered_rps": sc.rate,
        "achieved_rps": round(len(ok) / sc.wall_s, 1) if sc.wall_s else 0.0,
        "requests": len(s),
        "ok": len(ok),
        "errors": len(s) - len(ok),
        "status_codes": codes,
        "late_sends": sum(x.lag_s > 0.005 for x in s),
        "p99_client_wait_ms": round(percentile(sorted(x.wait_s * 1000 for x in s), 99), 1),
        "p50_ms": round(percentile(lat, 50), 1),
        "p90_ms": round(percentile(lat, 90), 1),
        "p99_ms": round(p99, 1),
        "max_ms": round(lat[-1], 1) if lat else None,
        "cpu_s": sc.cpu_s,
        "target_p99_ms": TARGET_P99_MS,
        "meets_target": bool(p99 < TARGET_P99_MS and len(ok) == len(s)),
        "error_examples": list(dict.fromkeys(x.error for x in s if x.error))[:3],
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=100.0, help="每秒提交数 (submissions per second)")
    parser.add_argument("--duration", type=float, default=10.0, help="计时秒数 (measured seconds)")
    parser.add_argument("--warmup", type=float, default=2.0, help="预热秒数，不计入 (warm-up seconds)")
    parser.add_argument("--enterprises", type=int, default=2000, help="另行生成的登记企业数 (generated enterprises)")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn 工作进程数 (uvicorn workers)")
    parser.add_argument("--connections", type=int, default=64, help="客户端连接数 (client connections)")
    parser.add_argument("--timeout", type=float, default=30.0, help="单个请求超时秒数 (per-request timeout)")
    parser.add_argument("--settle", type=float, default=5.0, help="负载结束后等待后台登记线索的秒数 (seconds)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--keep", action="store_true", help="保留临时目录 (keep the temp dir)")
    parser.add_argument("--out", type=Path, default=None, help="结果 JSON 文件 (result JSON path)")
    args = parser.parse_args(argv)
    args.port = args.port or free_port()
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="smokeindex-complaints-load-"))
    settings = Settings(data_dir=work / "data", falkordb_graph="bench", security_dir=work / "security")
    t0 = time.perf_counter()
    names = build_store(settings, args.enterprises, args.seed)
    setup_s = time.perf_counter() - t0
    n = max(1, round(args.rate * args.duration))
    n_warm = max(1, round(args.rate * args.warmup)) if args.warmup > 0 else 0
    all_bodies = bodies(names, n + n_warm, args.seed)
    host = f"127.0.0.1:{args.port}"
    raws = [encode(b, host, f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}") for i, b in enumerate(all_bodies)]
    log_path = work / "api.log"
    proc = start_server(args, settings, log_path)
    try:
        startup_s = wait_healthy(f"http://{host}", proc, log_path, 120)
        sc = asyncio.run(run_load(args.port, raws[n_warm:], raws[:n_warm], args, proc.pid))
        time.sleep(args.settle)  # let the background raiser finish the leads of the last submissions
        rss = peak_rss_mib(proc.pid)
    finally:
        stop_server(proc)
        server_log = log_tail(log_path, 20)
    written = count_written(settings)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    result = summarise(sc)
    print(
        f"提交举报 submit: {result['offered_rps']:g}/s × {args.duration:g} s → {result['ok']}/{result['requests']} 201, "
        f"p50 {result['p50_ms']} ms, p90 {result['p90_ms']} ms, p99 {result['p99_ms']} ms, max {result['max_ms']} ms "
        f"(目标 p99 < {TARGET_P99_MS:g} ms: {'是 yes' if result['meets_target'] else '否 NO'}); written {written}",
        file=sys.stderr,
    )
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "python": platform.python_version()},
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "registered_enterprises": len(names),
        "workers": args.workers,
        "duration_s": args.duration,
        "warmup_s": args.warmup,
        "setup_s": round(setup_s, 1),
        "server_startup_s": round(startup_s, 1),
        "server_peak_rss_mib": rss,
        "submit": result,
        "written": written,
        "server_log_tail": server_log if result["errors"] else None,
    }
    line = json.dumps(report, ensure_ascii=False)
    if args.out:
        args.out.write_text(line + "\n", encoding="utf-8")
    print(line)


if __name__ == "__main__":
    main()
