"""Write every source file of a world, planting dirt and counting the expected clean graph as we go."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from smokeindex.synth.common import authority_of
from smokeindex.synth.dirt import (
    INVALID_KINDS,
    DirtConfig,
    Dirtifier,
    Profile,
    canonical_email,
    canonical_name,
    canonical_phone,
    canonical_site,
    canonical_text,
    fmt_wan,
)
from smokeindex.synth.expected import GraphCounter
from smokeindex.synth.model import World
from smokeindex.synth.regions import LEVEL_ZH
from smokeindex.synth.rng import np_stream, py_stream
from smokeindex.synth.transfers import TRANSFER_COLUMNS, build_transfers, write_transfers
from smokeindex.synth.writers import CsvSink, JsonlSink, XlsxSink

Progress = Callable[[str, int, int], None]
Sink = CsvSink | JsonlSink | XlsxSink

REGISTRY_COLUMNS = (
    "企业名称",
    "统一社会信用代码",
    "法定代表人",
    "法定代表人证件号码",
    "企业类型",
    "注册资本(万元)",
    "实缴资本(万元)",
    "成立日期",
    "登记状态",
    "经营范围",
    "住所",
    "所属区划代码",
    "行业代码",
    "联系电话",
    "电子邮箱",
)
SHAREHOLDER_COLUMNS = (
    "企业统一社会信用代码",
    "企业名称",
    "股东名称",
    "股东类型",
    "股东证件类型",
    "股东证件号码",
    "持股比例(%)",
    "认缴出资额(万元)",
    "出资日期",
)
EXECUTIVE_COLUMNS = ("企业统一社会信用代码", "企业名称", "姓名", "证件号码", "职务")
BRANCH_COLUMNS = (
    "总公司统一社会信用代码",
    "总公司名称",
    "分支机构统一社会信用代码",
    "分支机构名称",
    "分支机构成立日期",
)
PRODUCT_COLUMNS = (
    "产品编号",
    "产品名称",
    "发行机构",
    "发行机构统一社会信用代码",
    "预期年化收益率(%)",
    "起投金额(元)",
    "期限(月)",
    "是否承诺保本",
    "发行日期",
)
WEBSITE_COLUMNS = ("统一社会信用代码", "企业名称", "类型", "网站或应用名称", "ICP备案号", "备案日期")
ACCOUNT_COLUMNS = ("账号", "开户行", "户名", "证件类型", "证件号码", "账户类型", "开户日期")
REGION_COLUMNS = ("区划代码", "名称", "级别", "上级代码")
SELF_REPORT_COLUMNS = (
    "统一社会信用代码",
    "企业名称",
    "报告年度",
    "从业人数",
    "营业收入(万元)",
    "资产总额(万元)",
    "是否开展理财或集资业务",
    "募集资金金额(万元)",
    "填报日期",
)
REGISTRY_CHANGE_COLUMNS = (
    "统一社会信用代码",
    "企业名称",
    "变更日期",
    "变更事项",
    "变更前内容",
    "变更后内容",
    "登记机关",
)

PROFILES: dict[str, Profile] = {
    "registry": Profile(
        fullwidth=("统一社会信用代码", "法定代表人证件号码", "住所", "联系电话"),
        name_variant=("企业名称",),
        missing=("联系电话", "电子邮箱", "住所", "实缴资本(万元)", "经营范围"),
        date_format=("成立日期",),
        amount_wan=("注册资本(万元)", "实缴资本(万元)"),
        phone_format=("联系电话",),
        uscc_fields=("统一社会信用代码",),
        id_fields=("法定代表人证件号码",),
        key_fields=("企业名称", "统一社会信用代码"),
    ),
    "shareholders": Profile(
        fullwidth=("企业统一社会信用代码", "股东证件号码"),
        name_variant=("企业名称",),
        missing=("认缴出资额(万元)", "出资日期"),
        date_format=("出资日期",),
        amount_wan=("认缴出资额(万元)",),
        uscc_fields=("企业统一社会信用代码",),
        id_fields=("股东证件号码",),
        key_fields=("企业统一社会信用代码", "企业名称"),
    ),
    "executives": Profile(
        fullwidth=("证件号码",),
        name_variant=("企业名称",),
        uscc_fields=("企业统一社会信用代码",),
        id_fields=("证件号码",),
    ),
    "branches": Profile(
        name_variant=("总公司名称", "分支机构名称"),
        date_format=("分支机构成立日期",),
        uscc_fields=("总公司统一社会信用代码", "分支机构统一社会信用代码"),
    ),
    "penalties": Profile(
        fullwidth=("统一社会信用代码",),
        name_variant=("当事人名称",),
        date_format=("处罚决定日期",),
        amount_yuan=("罚款金额(元)",),
        uscc_fields=("统一社会信用代码",),
    ),
    "judicial": Profile(date_format=("日期",), amount_yuan=("涉案金额(元)",)),
    "complaints": Profile(
        fullwidth=("被投诉对象统一社会信用代码",),
        name_variant=("被投诉对象",),
        date_format=("登记日期",),
        uscc_fields=("被投诉对象统一社会信用代码",),
    ),
    "news": Profile(date_format=("发布时间",)),
    "ads": Profile(name_variant=("广告主",), date_format=("发布日期",)),
    "products": Profile(
        fullwidth=("发行机构统一社会信用代码",),
        name_variant=("发行机构",),
        date_format=("发行日期",),
        amount_yuan=("起投金额(元)",),
        uscc_fields=("发行机构统一社会信用代码",),
    ),
    "websites": Profile(
        fullwidth=("统一社会信用代码",),
        name_variant=("企业名称",),
        date_format=("备案日期",),
        uscc_fields=("统一社会信用代码",),
    ),
    "accounts": Profile(
        fullwidth=("账号", "证件号码"),
        name_variant=("户名",),
        date_format=("开户日期",),
        id_fields=("证件号码",),
        key_fields=("账号",),
    ),
    "self_reported": Profile(
        fullwidth=("统一社会信用代码",),
        name_variant=("企业名称",),
        missing=("从业人数", "营业收入(万元)"),
        date_format=("填报日期",),
        amount_wan=("营业收入(万元)", "资产总额(万元)", "募集资金金额(万元)"),
        uscc_fields=("统一社会信用代码",),
    ),
    "registry_changes": Profile(
        fullwidth=("统一社会信用代码", "变更前内容", "变更后内容"),
        name_variant=("企业名称",),
        missing=("统一社会信用代码",),  # the enterprise is then found by name (entity resolution)
        date_format=("变更日期",),
        uscc_fields=("统一社会信用代码",),
        key_fields=("统一社会信用代码", "企业名称"),
    ),
    "regions": Profile(duplicate=False),
}


def _yuan(v: float) -> str:
    return f"{v:.2f}"


class Emitter:
    """Writes one world into a directory."""

    def __init__(self, w: World, out: Path, cfg: DirtConfig, progress: Progress | None) -> None:
        self.w = w
        self.out = out
        self.cfg = cfg
        self.progress = progress or (lambda _s, _d, _t: None)
        self.g = GraphCounter()
        self.sinks: dict[str, Sink] = {}
        self.records: Counter[str] = Counter()
        self.dirt_lines: list[tuple[str, int, str, str]] = []
        self.annotations = JsonlSink(self._mk("annotations/texts.jsonl"))

    def _mk(self, rel: str) -> Path:
        p = self.out / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        return p

    def _rows(
        self,
        source: str,
        sink: Sink,
        rows: Iterable[dict[str, Any]],
        total: int,
        count: Callable[[dict[str, Any], str | None], None] | None,
    ) -> None:
        """Dirty, write and count every clean row of a source."""
        self.sinks[source] = sink
        d = Dirtifier(PROFILES[source], self.cfg, py_stream(self.w.seed, f"dirt:{source}"))
        self.progress(source, 0, total)
        step = max(1, total // 50)
        for i, row in enumerate(rows, 1):
            outcome = d.process(row)
            for out_row, kind, fld in outcome.rows:
                line = sink.write(out_row)
                if kind is not None:
                    self.dirt_lines.append((source, line, kind, fld or ""))
            self.records[source] += 1
            if count is not None:
                count(row, outcome.blanked)
            if i % step == 0:
                self.progress(source, i, total)
        sink.close()
        self.progress(source, total, total)

    # -- sources ---------------------------------------------------------------------------------------------
    def regions(self) -> None:
        """regions.csv 行政区划."""
        regions = self.w.regions.regions

        def rows() -> Iterable[dict[str, Any]]:
            for r in regions:
                yield {"区划代码": r.code, "名称": r.name, "级别": LEVEL_ZH[r.level], "上级代码": r.parent or ""}

        def count(row: dict[str, Any], _b: str | None) -> None:
            self.g.node("Region", row["区划代码"])
            if row["上级代码"]:
                self.g.rel("PART_OF", (row["区划代码"], row["上级代码"]))

        self._rows("regions", CsvSink(self._mk("regions.csv"), REGION_COLUMNS), rows(), len(regions), count)

    def registry(self, order: list[int]) -> None:
        """registry.csv 企业登记."""
        w, people = self.w, self.w.people

        def rows() -> Iterable[dict[str, Any]]:
            for e in order:
                x = w.ents[e]
                yield {
                    "企业名称": x.name,
                    "统一社会信用代码": x.uscc,
                    "法定代表人": people.names[x.legal_rep],
                    "法定代表人证件号码": people.ids[x.legal_rep],
                    "企业类型": x.etype,
                    "注册资本(万元)": fmt_wan(x.capital),
                    "实缴资本(万元)": fmt_wan(x.paid),
                    "成立日期": x.founded.isoformat(),
                    "登记状态": x.status,
                    "经营范围": x.scope,
                    "住所": x.address,
                    "所属区划代码": x.street,
                    "行业代码": x.industry,
                    "联系电话": x.phone or "",
                    "电子邮箱": x.email or "",
                }

        def count(row: dict[str, Any], blanked: str | None) -> None:
            g, u = self.g, row["统一社会信用代码"]
            g.node("Enterprise", u)
            g.node("Person", row["法定代表人证件号码"])
            g.rel("LEGAL_REP_OF", (row["法定代表人证件号码"], u))
            g.rel("IN_REGION", (u, row["所属区划代码"]))
            if row["住所"] and blanked != "住所":
                a = canonical_text(row["住所"])
                g.node("Address", a)
                g.rel("LOCATED_AT", (u, a))
            if row["联系电话"] and blanked != "联系电话":
                p = canonical_phone(row["联系电话"])
                g.node("Phone", p)
                g.rel("HAS_PHONE", (u, p))
            if row["电子邮箱"] and blanked != "电子邮箱":
                m = canonical_email(row["电子邮箱"])
                g.node("Email", m)
                g.rel("HAS_EMAIL", (u, m))

        self._rows("registry", CsvSink(self._mk("registry.csv"), REGISTRY_COLUMNS), rows(), len(order), count)

    def shareholders(self) -> None:
        """shareholders.csv 股东及出资."""
        w, people = self.w, self.w.people

        def rows() -> Iterable[dict[str, Any]]:
            for e, kind, h, ratio, amount, day in w.shareholders:
                x = w.ents[e]
                person = kind == "P"
                yield {
                    "企业统一社会信用代码": x.uscc,
                    "企业名称": x.name,
                    "股东名称": people.names[h] if person else w.ents[h].name,
                    "股东类型": "自然人股东" if person else "企业法人",
                    "股东证件类型": "居民身份证" if person else "统一社会信用代码",
                    "股东证件号码": people.ids[h] if person else w.ents[h].uscc,
                    "持股比例(%)": fmt_wan(ratio),
                    "认缴出资额(万元)": fmt_wan(amount),
                    "出资日期": day.isoformat(),
                }

        def count(row: dict[str, Any], _b: str | None) -> None:
            if row["股东类型"] == "自然人股东":
                self.g.node("Person", row["股东证件号码"])
            self.g.rel("SHAREHOLDER_OF", (row["股东证件号码"], row["企业统一社会信用代码"]))

        self._rows(
            "shareholders",
            CsvSink(self._mk("shareholders.csv"), SHAREHOLDER_COLUMNS),
            rows(),
            len(w.shareholders),
            count,
        )

    def executives(self) -> None:
        """executives.csv 主要人员."""
        w, people = self.w, self.w.people

        def rows() -> Iterable[dict[str, Any]]:
            for e, p, role in w.executives:
                x = w.ents[e]
                yield {
                    "企业统一社会信用代码": x.uscc,
                    "企业名称": x.name,
                    "姓名": people.names[p],
                    "证件号码": people.ids[p],
                    "职务": role,
                }

        def count(row: dict[str, Any], _b: str | None) -> None:
            self.g.node("Person", row["证件号码"])
            self.g.rel("EXECUTIVE_OF", (row["证件号码"], row["企业统一社会信用代码"], row["职务"]))

        self._rows(
            "executives", CsvSink(self._mk("executives.csv"), EXECUTIVE_COLUMNS), rows(), len(w.executives), count
        )

    def branches(self) -> None:
        """branches.csv 分支机构."""
        w = self.w

        def rows() -> Iterable[dict[str, Any]]:
            for b, p in w.branches:
                yield {
                    "总公司统一社会信用代码": w.ents[p].uscc,
                    "总公司名称": w.ents[p].name,
                    "分支机构统一社会信用代码": w.ents[b].uscc,
                    "分支机构名称": w.ents[b].name,
                    "分支机构成立日期": w.ents[b].founded.isoformat(),
                }

        def count(row: dict[str, Any], _b: str | None) -> None:
            self.g.rel("BRANCH_OF", (row["分支机构统一社会信用代码"], row["总公司统一社会信用代码"]))

        self._rows("branches", CsvSink(self._mk("branches.csv"), BRANCH_COLUMNS), rows(), len(w.branches), count)

    def penalties(self) -> None:
        """penalties.jsonl 行政处罚."""
        w = self.w
        items = sorted(w.penalties, key=lambda r: r["date"])

        def rows() -> Iterable[dict[str, Any]]:
            for i, r in enumerate(items, 1):
                x = w.ents[r["target"]]
                auth: str = r["authority"]
                short = w.regions.district_of(x.street).name[:2]
                dept = "市监" if "市场监督" in auth else "消" if "消防" in auth else "税"
                yield {
                    "处罚决定书文号": f"{short}{dept}罚决字〔{r['date'].year}〕第{i:06d}号",
                    "当事人名称": x.name,
                    "统一社会信用代码": x.uscc,
                    "法定代表人": w.people.names[x.legal_rep],
                    "违法行为类型": r["type"],
                    "处罚内容": r["content"],
                    "罚款金额(元)": _yuan(r["amount"]),
                    "处罚机关": auth,
                    "处罚决定日期": r["date"].isoformat(),
                }

        def count(row: dict[str, Any], _b: str | None) -> None:
            self.g.node("Penalty", row["处罚决定书文号"])
            self.g.rel("PENALIZED", (row["处罚决定书文号"], row["统一社会信用代码"]))

        self._rows("penalties", JsonlSink(self._mk("penalties.jsonl")), rows(), len(items), count)

    def judicial(self) -> None:
        """judicial.jsonl 裁判文书 / 被执行人 / 失信被执行人."""
        w = self.w
        items = sorted(w.judicial, key=lambda r: r["date"])
        seqs: Counter[tuple[int, str, str]] = Counter()

        def party(kind: str, idx: int, role: str) -> dict[str, str]:
            if kind == "E":
                return {"名称": w.ents[idx].name, "证件号码": w.ents[idx].uscc, "类型": "企业", "角色": role}
            return {"名称": w.people.names[idx], "证件号码": w.people.ids[idx], "类型": "自然人", "角色": role}

        def rows() -> Iterable[dict[str, Any]]:
            for r in items:
                code, court = r["court"]
                year = r["date"].year
                key = (year, code, r["kind"])
                seqs[key] += 1
                yield {
                    "案号": f"({year}){code}{r['kind']}{seqs[key]}号",
                    "法院": court,
                    "案由": r["cause"],
                    "文书类型": r["doc_type"],
                    "当事人": [party(*p) for p in r["parties"]],
                    "涉案金额(元)": _yuan(r["amount"]) if r["amount"] is not None else "",
                    "日期": r["date"].isoformat(),
                }

        def count(row: dict[str, Any], _b: str | None) -> None:
            self.g.node("JudicialCase", row["案号"])
            for p in row["当事人"]:
                if p["类型"] == "自然人":
                    self.g.node("Person", p["证件号码"])
                self.g.rel("PARTY_TO", (p["证件号码"], row["案号"]))

        self._rows("judicial", JsonlSink(self._mk("judicial.jsonl")), rows(), len(items), count)

    def _annotate(self, source: str, rid: str, fld: str, tb: Any, rec: dict[str, Any], target: str | None) -> None:
        gang = rec.get("gang")
        self.annotations.write(
            {
                "source": source,
                "record_id": rid,
                "field": fld,
                "text": tb.text(),
                "entities": tb.entities,
                "cues": tb.cues,
                "typology": rec["typology"],
                "gang_id": gang,
                "target_uscc": target,
            }
        )

    def complaints(self) -> None:
        """complaints.jsonl 投诉举报 (+ annotations)."""
        w = self.w
        items = sorted(w.complaints, key=lambda r: r["date"])

        class _T:
            def __init__(self, r: dict[str, Any]) -> None:
                self.entities, self.cues, self._t = r["entities"], r["cues"], r["text"]

            def text(self) -> str:
                return str(self._t)

        def rows() -> Iterable[dict[str, Any]]:
            for i, r in enumerate(items, 1):
                x = w.ents[r["target"]]
                rid = f"TS{r['date']:%Y%m%d}{i:07d}"
                self._annotate("complaints", rid, "投诉内容", _T(r), r, x.uscc)
                yield {
                    "投诉编号": rid,
                    "投诉渠道": r["channel"],
                    "登记日期": r["date"].isoformat(),
                    "投诉人": r["complainant"],
                    "被投诉对象": x.name,
                    "被投诉对象统一社会信用代码": x.uscc,
                    "所属区划代码": x.street,
                    "投诉内容": r["text"],
                    "办理状态": "已办结" if r["date"] < dt.date(2024, 10, 1) else "办理中",
                }

        def count(row: dict[str, Any], _b: str | None) -> None:
            self.g.node("Complaint", row["投诉编号"])
            self.g.rel("COMPLAINT_AGAINST", (row["投诉编号"], row["被投诉对象统一社会信用代码"]))

        self._rows("complaints", JsonlSink(self._mk("complaints.jsonl")), rows(), len(items), count)

    def news(self) -> None:
        """news.jsonl 舆情 (+ annotations)."""
        w = self.w
        items = sorted(w.news, key=lambda r: r["date"])

        def rows() -> Iterable[dict[str, Any]]:
            for i, r in enumerate(items, 1):
                rid = f"YQ{i:08d}"
                target = w.ents[r["mentions"][0]].uscc
                self._annotate("news", rid, "标题", r["title"], r, target)
                self._annotate("news", rid, "正文", r["body"], r, target)
                hour = (i * 7) % 24
                yield {
                    "舆情编号": rid,
                    "标题": r["title"].text(),
                    "正文": r["body"].text(),
                    "来源": r["source"],
                    "发布时间": f"{r['date'].isoformat()} {hour:02d}:{(i * 13) % 60:02d}:00",
                    "链接": f"https://news.example.cn/a/{rid.lower()}",
                    "涉及主体": [w.ents[e].name for e in r["mentions"]],
                    "情感倾向": r["sentiment"],
                }

        by_name = {canonical_name(x.name): x.uscc for x in w.ents} if w.news else {}

        def count(row: dict[str, Any], _b: str | None) -> None:
            self.g.node("NewsArticle", row["舆情编号"])
            for name in row["涉及主体"]:
                self.g.rel("MENTIONS", (row["舆情编号"], by_name[canonical_name(name)]))

        self._rows("news", JsonlSink(self._mk("news.jsonl")), rows(), len(items), count)

    def ads(self) -> None:
        """ads.jsonl 广告 / 招聘 (+ annotations)."""
        w = self.w
        items = sorted(w.ads, key=lambda r: r["date"])

        def rows() -> Iterable[dict[str, Any]]:
            for i, r in enumerate(items, 1):
                rid = f"GG{i:08d}"
                x = w.ents[r["advertiser"]]
                self._annotate("ads", rid, "内容", r["tb"], r, x.uscc)
                yield {
                    "广告编号": rid,
                    "类型": r["kind"],
                    "发布平台": r["platform"],
                    "发布日期": r["date"].isoformat(),
                    "广告主": x.name,
                    "标题": r["title"],
                    "内容": r["tb"].text(),
                }

        self._rows("ads", JsonlSink(self._mk("ads.jsonl")), rows(), len(items), None)

    def products(self) -> None:
        """products.csv 理财产品."""
        w = self.w

        def rows() -> Iterable[dict[str, Any]]:
            for p in w.products:
                x = w.ents[p["ent"]]
                yield {
                    "产品编号": p["id"],
                    "产品名称": p["name"],
                    "发行机构": x.name,
                    "发行机构统一社会信用代码": x.uscc,
                    "预期年化收益率(%)": f"{p['yield']:.1f}",
                    "起投金额(元)": _yuan(p["min"]),
                    "期限(月)": str(p["term"]),
                    "是否承诺保本": "是" if p["guaranteed"] else "否",
                    "发行日期": p["date"].isoformat(),
                }

        def count(row: dict[str, Any], _b: str | None) -> None:
            self.g.node("Product", row["产品编号"])
            self.g.rel("ISSUES", (row["发行机构统一社会信用代码"], row["产品编号"]))

        self._rows("products", CsvSink(self._mk("products.csv"), PRODUCT_COLUMNS), rows(), len(w.products), count)

    def websites(self) -> None:
        """websites.csv 网站 / APP."""
        w = self.w

        def rows() -> Iterable[dict[str, Any]]:
            for s in w.websites:
                x = w.ents[s["ent"]]
                yield {
                    "统一社会信用代码": x.uscc,
                    "企业名称": x.name,
                    "类型": s["kind"],
                    "网站或应用名称": s["name"],
                    "ICP备案号": s["icp"],
                    "备案日期": s["date"].isoformat(),
                }

        def count(row: dict[str, Any], _b: str | None) -> None:
            site = canonical_site(row["网站或应用名称"])
            self.g.node("Website", site)
            self.g.rel("OPERATES", (row["统一社会信用代码"], site))

        self._rows("websites", CsvSink(self._mk("websites.csv"), WEBSITE_COLUMNS), rows(), len(w.websites), count)

    def accounts(self) -> None:
        """accounts.csv 银行账户."""
        w, a = self.w, self.w.accounts

        def rows() -> Iterable[dict[str, Any]]:
            for i in range(len(a)):
                h = a.holders[i]
                ent = a.kinds[i] == "E"
                yield {
                    "账号": a.numbers[i],
                    "开户行": a.banks[i],
                    "户名": w.ents[h].name if ent else w.people.names[h],
                    "证件类型": "统一社会信用代码" if ent else "居民身份证",
                    "证件号码": w.ents[h].uscc if ent else w.people.ids[h],
                    "账户类型": "对公" if ent else "个人",
                    "开户日期": a.opened[i].isoformat(),
                }

        def count(row: dict[str, Any], _b: str | None) -> None:
            self.g.node("BankAccount", row["账号"])
            if row["账户类型"] == "个人":
                self.g.node("Person", row["证件号码"])
            self.g.rel("HAS_ACCOUNT", (row["证件号码"], row["账号"]))

        self._rows("accounts", CsvSink(self._mk("accounts.csv"), ACCOUNT_COLUMNS), rows(), len(a), count)

    def transfers(self, total: int) -> None:
        """transfers.csv 资金流水 (bulk, vectorised)."""
        table = build_transfers(self.w, np_stream(self.w.seed, "transfers"), total)
        sink = CsvSink(self._mk("transfers.csv"), TRANSFER_COLUMNS)
        self.sinks["transfers"] = sink
        self.progress("transfers", 0, len(table))

        def log(line: int, kind: str, fld: str | None) -> None:
            self.dirt_lines.append(("transfers", line, kind, fld or ""))

        write_transfers(
            table,
            self.w.accounts.numbers,
            sink,
            self.cfg,
            py_stream(self.w.seed, "dirt:transfers"),
            log,
            lambda done: self.progress("transfers", done, len(table)),
        )
        sink.close()
        self.records["transfers"] = len(table)
        self.g.transfers = len(table)

    def self_reported(self) -> None:
        """self_reported.xlsx 政务/企业上报."""
        w = self.w
        rng = py_stream(w.seed, "self_reported")
        chosen = [
            x
            for x in w.ents
            if (x.gang >= 0 and x.role in ("parent", "core") and rng.random() < 0.5) or rng.random() < 0.05
        ]

        def rows() -> Iterable[dict[str, Any]]:
            for x in chosen:
                gang = x.gang >= 0
                staff = rng.randint(3, 15) if gang else max(1, int(rng.lognormvariate(2.5, 1.0)))
                revenue = round(staff * rng.uniform(5, 40), 1) if not gang else round(rng.uniform(10, 200), 1)
                raised = round(rng.uniform(500, 20_000), 1) if gang else 0.0
                yield {
                    "统一社会信用代码": x.uscc,
                    "企业名称": x.name,
                    "报告年度": 2023,
                    "从业人数": str(staff),
                    "营业收入(万元)": fmt_wan(revenue),
                    "资产总额(万元)": fmt_wan(round(x.capital * rng.uniform(0.3, 2), 1)),
                    "是否开展理财或集资业务": "是" if gang and rng.random() < 0.3 else "否",
                    "募集资金金额(万元)": fmt_wan(raised),
                    "填报日期": (dt.date(2024, 3, 1) + dt.timedelta(days=rng.randint(0, 90))).isoformat(),
                }

        self._rows(
            "self_reported",
            XlsxSink(self._mk("self_reported.xlsx"), "企业上报", SELF_REPORT_COLUMNS),
            rows(),
            len(chosen),
            None,
        )

    def registry_changes(self) -> None:
        """registry_changes.csv 企业变更记录, by date."""
        w = self.w
        items = sorted(w.changes, key=lambda c: (c[1], w.ents[c[0]].uscc))
        authority: dict[str, str] = {}

        def rows() -> Iterable[dict[str, Any]]:
            for e, day, item, before, after in items:
                x = w.ents[e]
                district = x.street[:6]
                if district not in authority:
                    authority[district] = authority_of(w, x.street, "市场监督管理局")
                yield {
                    "统一社会信用代码": x.uscc,
                    "企业名称": x.name,
                    "变更日期": day.isoformat(),
                    "变更事项": item,
                    "变更前内容": before,
                    "变更后内容": after,
                    "登记机关": authority[district],
                }

        def count(row: dict[str, Any], _b: str | None) -> None:
            u = row["统一社会信用代码"]
            key = "\x1f".join(
                (u, row["变更日期"], canonical_text(row["变更事项"]))
                + (canonical_text(row["变更前内容"]), canonical_text(row["变更后内容"]))
            )
            self.g.node("RegistryChange", key)
            self.g.rel("HAS_CHANGE", (u, key))

        self._rows(
            "registry_changes",
            CsvSink(self._mk("registry_changes.csv"), REGISTRY_CHANGE_COLUMNS),
            rows(),
            len(items),
            count,
        )

    def finish(self) -> dict[str, Any]:
        """Close the annotation file; dirt counts and invalid lines per source."""
        self.annotations.close()
        per: dict[str, dict[str, Any]] = defaultdict(lambda: {"counts": {}, "invalid": []})
        for source in self.sinks:
            per[source]
        for source, line, kind, fld in self.dirt_lines:
            c = per[source]["counts"]
            c[kind] = c.get(kind, 0) + 1
            if kind in INVALID_KINDS:
                per[source]["invalid"].append({"line": line, "reason": kind, "field": fld})
        return dict(per)

    def write_dirt_log(self) -> Path:
        """ground_truth/dirt.csv: every dirty line (source, line, kind, field)."""
        path = self._mk("ground_truth/dirt.csv")
        sink = CsvSink(path, ("source", "line", "kind", "field"))
        for source, line, kind, fld in self.dirt_lines:
            sink.write({"source": source, "line": line, "kind": kind, "field": fld})
        sink.close()
        return path


def dump_json(path: Path, obj: Any) -> None:
    """Write stable JSON."""
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
