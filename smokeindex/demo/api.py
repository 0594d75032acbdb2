"""The demo's last step: the API on the scored synthetic city, called in process as three users would call it.

It creates (once) a city regulator, a police officer and an administrator with API keys under
``<data_dir>/security``, asks for the regulator's red list, the top party's profile, the police officer's view of its
gang, and an evidence package that it verifies; then says how to serve the same data over HTTP.
"""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from rich.table import Table

from smokeindex.config import Settings
from smokeindex.errors import Conflict
from smokeindex.evidence import verify_package
from smokeindex.graph import GraphStore
from smokeindex.security.users import UserStore

DEMO_USERS = [("demo_admin", "admin", None), ("demo_regulator", "regulator", "330100"), ("demo_police", "police", None)]


def demo_api(settings: Settings, store: GraphStore, console: Console, *, graph: str) -> None:
    """Call the API on ``store`` as the demo users and print what each sees."""
    from fastapi.testclient import TestClient

    from smokeindex.api.app import create_app

    console.rule("[bold]API：监管清单、全息画像、团伙与证据包 (the API as its users see it)")
    users = UserStore(settings.security_path)
    keys: dict[str, str] = {}
    for name, role, region in DEMO_USERS:
        try:
            users.create(name, role=role, region_code=region, display_name=f"演示 {role}")
        except Conflict:
            pass
        keys[name] = users.issue_api_key(name, name="demo")
    with TestClient(create_app(settings, store=store, users=users)) as client:
        reg = {"X-API-Key": keys["demo_regulator"]}
        page = client.get("/api/v1/warnings", headers=reg, params={"grade": "红", "limit": 5}).json()
        table = Table(
            title=f"杭州市监管用户的红色预警（共 {page['total']} 条，前 5 条；GET /api/v1/warnings?grade=红）"
        )
        for col in ("主体", "区划", "指数", "涉嫌类型", "变化原因"):
            table.add_column(col)
        for w in page["items"]:
            table.add_row(
                str(w["subject_name"]), str(w["region_code"]), f"{w['score']:.1f}", "、".join(w["typologies"]),
                str(w["change_causes"])[:40],
            )  # fmt: skip
        console.print(table)
        if not page["items"]:
            return
        top = page["items"][0]
        party = f"{top['subject_label']}/{top['subject_key']}"
        profile = client.get(f"/api/v1/parties/{party}", headers=reg).json()
        hits = "；".join(f"{h['rule_id']} {h['rule_name']}" for h in profile["rule_hits"][:4])
        console.print(f"[bold]画像[/] {profile['name']}：{profile['grade']} {profile['score']:.1f}，命中 {hits}")
        police = {"X-API-Key": keys["demo_police"]}
        gang = client.get(f"/api/v1/parties/{party}/gang", headers=police).json()
        roles = "、".join(f"{m['name']}（{m['role_zh']}）" for m in gang["members"][:6])
        console.print(
            f"[bold]团伙[/] {len(gang['members'])} 名成员：{roles} …；内部资金往来 {gang['money_total']:,.0f} 元 "
            f"/ {gang['money_transfers']} 笔"
        )
        r = client.post(
            "/api/v1/evidence",
            headers=police,
            json={"mode": "gang", "party": f"{top['subject_label']}:{top['subject_key']}"},
        )
        report = verify_package(io.BytesIO(r.content).getvalue(), key=settings.evidence_key.get_secret_value().encode())
        out = Path(settings.data_dir).resolve() / "demo-evidence.zip"
        out.write_bytes(r.content)
        console.print(
            f"[bold]证据包[/] {out}（{len(r.content):,} 字节，签名校验{'通过' if report.ok else '失败'}；"
            f"smokeindex evidence verify {out}）"
        )
    console.print(
        f"[dim]HTTP 服务: SMOKEINDEX_DATA_DIR={settings.data_dir} SMOKEINDEX_FALKORDB_GRAPH={graph} smokeindex serve；"
        f"演示监管用户的 API 密钥（X-API-Key）: {keys['demo_regulator']}；接口文档 http://127.0.0.1:8000/docs[/]"
    )
