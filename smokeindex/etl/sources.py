"""The sources a deployment receives, and how each raw record becomes graph rows (the clean stage happens here,
field by field, with the canonical forms of ``clean.py``).

A transform raises ``CleanError`` naming the column when a key field is missing or invalid: the whole record is then
quarantined. An optional value that cannot be repaired is dropped with a warning (quarantined as ``value_dropped``).
Names without an identifier are linked through the ``Resolver`` (entity resolution), which records every decision.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from smokeindex.etl import clean
from smokeindex.etl.clean import CleanError
from smokeindex.etl.emit import Emitter, PersonIds
from smokeindex.graph import NodeRef
from smokeindex.schema import load_schema

Record = dict[str, Any]


class Resolver(Protocol):
    """Links an enterprise name without an identifier to a USCC, recording the decision; ``None`` when unsure."""

    def enterprise(self, name: str, *, region_code: str | None, source: str, line: int) -> str | None: ...


@dataclass
class Context:
    emit: Emitter
    person_id: PersonIds
    resolver: Resolver
    line: int = 0


Transform = Callable[[Record, Context], None]


@dataclass(frozen=True)
class Source:
    name: str
    file: str
    format: str
    zh: str
    transform: Transform
    needs_resolver: bool = False
    # relationship types whose edges into the enterprises of this delivery are replaced, not added to
    snapshot_of: tuple[tuple[str, str], ...] = ()


# -- field helpers ----------------------------------------------------------------------------------------------
def req(ctx: Context, rec: Record, column: str, fn: Callable[[Any], Any]) -> Any:
    """A required field: missing or invalid quarantines the record."""
    try:
        value = fn(rec.get(column))
    except CleanError as e:
        raise e.with_field(column) from None
    if value is None:
        raise CleanError(column, "必填字段为空 (required field is blank)")
    return value


def opt(ctx: Context, rec: Record, column: str, fn: Callable[[Any], Any]) -> Any:
    """An optional field: invalid values are dropped with a warning, blanks are ``None``."""
    try:
        return fn(rec.get(column))
    except CleanError as e:
        ctx.emit.warn(column, e.reason)
        return None


def _id_or_uscc(value: Any, declared: str | None = None) -> tuple[str, str] | None:
    """An identifier that is either a USCC (enterprise) or an ID number (person): by the declared type when the
    record gives one (证件类型 统一社会信用代码/居民身份证, 类型 企业/自然人), else whichever check it passes."""
    v = clean.compact(value)
    if v is None:
        return None
    kind = clean.compact(declared) or ""
    if "信用代码" in kind or kind in {"企业", "单位", "企业法人"}:
        return "Enterprise", clean.uscc(v) or ""
    if "身份证" in kind or kind in {"自然人", "个人"}:
        return "Person", clean.id_number(v) or ""
    try:
        return "Enterprise", clean.uscc(v) or ""
    except CleanError:
        return "Person", clean.id_number(v) or ""


def person(ctx: Context, id_number: str, name: str | None) -> NodeRef:
    return ctx.emit.node("Person", person_id=ctx.person_id(id_number), name=name or "（姓名缺失）", id_number=id_number)


def address_id(text: str) -> str:
    return "A" + hashlib.sha256(text.encode()).hexdigest()[:20]


REGION_LEVELS = {"省": "province", "市": "city", "区县": "district", "街道": "street", "社区": "community"}
JUDICIAL_KINDS = {"被执行人": "enforcement", "失信被执行人": "dishonest_debtor"}
SITE_KINDS = {
    "网站": "site",
    "APP": "app",
    "App": "app",
    "app": "app",
    "小程序": "mini_program",
    "公众号": "official_account",
}


# -- transforms -------------------------------------------------------------------------------------------------
def regions(rec: Record, ctx: Context) -> None:
    code = req(ctx, rec, "区划代码", clean.region_code)
    level = REGION_LEVELS.get(clean.compact(rec.get("级别")) or "")
    if level is None:
        raise CleanError("级别", f"未知层级 {rec.get('级别')!r} (unknown level)")
    me = ctx.emit.node("Region", code=code, name=req(ctx, rec, "名称", clean.text), level=level)
    parent = opt(ctx, rec, "上级代码", clean.region_code)
    if parent:
        ctx.emit.rel("PART_OF", me, NodeRef("Region", parent))


def registry(rec: Record, ctx: Context) -> None:
    e = ctx.emit
    uscc = req(ctx, rec, "统一社会信用代码", clean.uscc)
    region = opt(ctx, rec, "所属区划代码", clean.region_code)
    registered = opt(ctx, rec, "注册资本(万元)", clean.amount_wan)
    paid_in = opt(ctx, rec, "实缴资本(万元)", clean.amount_wan)
    ent = e.node(
        "Enterprise",
        uscc=uscc,
        name=req(ctx, rec, "企业名称", clean.enterprise_name),
        legal_form=opt(ctx, rec, "企业类型", clean.text),
        registered_capital=registered,
        paid_in_capital=paid_in,
        founded_on=opt(ctx, rec, "成立日期", clean.date),
        status=_enum(ctx, rec, "登记状态", "Enterprise", "status"),
        business_scope=opt(ctx, rec, "经营范围", clean.text),
        industry_code=opt(ctx, rec, "行业代码", clean.compact),
        region_code=region,
    )
    rep_id = clean.compact(rec.get("法定代表人证件号码"))
    if rep_id:
        rep = person(ctx, req(ctx, rec, "法定代表人证件号码", clean.id_number), opt(ctx, rec, "法定代表人", clean.text))
        e.rel("LEGAL_REP_OF", rep, ent)
    address = opt(ctx, rec, "住所", clean.compact)
    if address:
        addr = e.node("Address", address_id=address_id(address), text=address, region_code=region)
        e.rel("LOCATED_AT", ent, addr, kind="registered")
    phone = opt(ctx, rec, "联系电话", clean.phone)
    if phone:
        e.rel("HAS_PHONE", ent, e.node("Phone", number=phone, kind=clean.phone_kind(phone)))
    email = opt(ctx, rec, "电子邮箱", clean.email)
    if email:
        e.rel("HAS_EMAIL", ent, e.node("Email", email=email))
    if region:
        e.rel("IN_REGION", ent, NodeRef("Region", region))


def shareholders(rec: Record, ctx: Context) -> None:
    target = NodeRef("Enterprise", req(ctx, rec, "企业统一社会信用代码", clean.uscc))
    kind = clean.compact(rec.get("股东类型")) or ""
    ident = req(ctx, rec, "股东证件号码", clean.uscc if "企业" in kind else clean.id_number)
    holder = (
        NodeRef("Enterprise", ident) if "企业" in kind else person(ctx, ident, opt(ctx, rec, "股东名称", clean.text))
    )
    ratio = opt(ctx, rec, "持股比例(%)", clean.ratio)
    ctx.emit.rel(
        "SHAREHOLDER_OF",
        holder,
        target,
        ratio=ratio,
        amount=opt(ctx, rec, "认缴出资额(万元)", clean.amount_wan),
        since=opt(ctx, rec, "出资日期", clean.date),
    )


def executives(rec: Record, ctx: Context) -> None:
    target = NodeRef("Enterprise", req(ctx, rec, "企业统一社会信用代码", clean.uscc))
    who = person(ctx, req(ctx, rec, "证件号码", clean.id_number), opt(ctx, rec, "姓名", clean.text))
    ctx.emit.rel("EXECUTIVE_OF", who, target, role=req(ctx, rec, "职务", clean.compact))


def branches(rec: Record, ctx: Context) -> None:
    head = NodeRef("Enterprise", req(ctx, rec, "总公司统一社会信用代码", clean.uscc))
    branch = NodeRef("Enterprise", req(ctx, rec, "分支机构统一社会信用代码", clean.uscc))
    ctx.emit.rel("BRANCH_OF", branch, head)


def accounts(rec: Record, ctx: Context) -> None:
    e = ctx.emit
    acct = e.node(
        "BankAccount",
        account_number=req(ctx, rec, "账号", clean.account_number),
        bank=opt(ctx, rec, "开户行", clean.text),
        holder_name=opt(ctx, rec, "户名", clean.text),
        opened_on=opt(ctx, rec, "开户日期", clean.date),
    )
    holder = _holder(ctx, rec, "证件号码", "户名", "证件类型")
    if holder is not None:
        e.rel("HAS_ACCOUNT", holder, acct)


def _holder(ctx: Context, rec: Record, id_column: str, name_column: str, type_column: str) -> NodeRef | None:
    try:
        found = _id_or_uscc(rec.get(id_column), rec.get(type_column))
    except CleanError as err:
        raise err.with_field(id_column) from None
    if found is None:
        return None
    label, ident = found
    if label == "Enterprise":
        return NodeRef("Enterprise", ident)
    return person(ctx, ident, opt(ctx, rec, name_column, clean.text))


def transfers(rec: Record, ctx: Context) -> None:
    ctx.emit.rel(
        "TRANSFERRED_TO",
        NodeRef("BankAccount", req(ctx, rec, "付款账号", clean.account_number)),
        NodeRef("BankAccount", req(ctx, rec, "收款账号", clean.account_number)),
        txn_id=req(ctx, rec, "交易流水号", clean.compact),
        amount=req(ctx, rec, "交易金额(元)", clean.amount_yuan),
        at=req(ctx, rec, "交易时间", clean.datetime),
        memo=opt(ctx, rec, "摘要", clean.text),
    )


def products(rec: Record, ctx: Context) -> None:
    e = ctx.emit
    issuer = _enterprise_ref(ctx, rec, "发行机构统一社会信用代码", "发行机构")
    prod = e.node(
        "Product",
        product_id=req(ctx, rec, "产品编号", clean.compact),
        name=req(ctx, rec, "产品名称", clean.text),
        annual_yield=opt(ctx, rec, "预期年化收益率(%)", clean.percent),
        min_investment=opt(ctx, rec, "起投金额(元)", clean.amount_yuan),
        term_months=_int(opt(ctx, rec, "期限(月)", clean.compact)),
        guaranteed=opt(ctx, rec, "是否承诺保本", clean.yes_no),
        issued_on=opt(ctx, rec, "发行日期", clean.date),
    )
    if issuer is not None:
        e.rel("ISSUES", issuer, prod)


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(float(value))
    except ValueError:
        return None


def _enterprise_ref(ctx: Context, rec: Record, uscc_column: str, name_column: str) -> NodeRef | None:
    """The enterprise a record names: by USCC when given, else by name through entity resolution."""
    code = clean.compact(rec.get(uscc_column))
    if code:
        return NodeRef("Enterprise", req(ctx, rec, uscc_column, clean.uscc))
    return _link_name(ctx, opt(ctx, rec, name_column, clean.enterprise_name), name_column)


def _link_name(ctx: Context, name: str | None, column: str, *, warn: bool = True) -> NodeRef | None:
    """A registered enterprise for a canonical name, through entity resolution (which records the decision);
    an unlinked name is reported as a dropped value unless the caller reports it itself."""
    if not name:
        return None
    found = ctx.resolver.enterprise(name, region_code=None, source=ctx.emit.source, line=ctx.line)
    if found is None:
        if warn:
            ctx.emit.warn(column, f"未能确定企业 {name!r} (name not linked to a registered enterprise)")
        return None
    return NodeRef("Enterprise", found)


def _enum(ctx: Context, rec: Record, column: str, label: str, prop: str) -> str | None:
    """A value of one of the schema's enum properties; an unknown value is dropped with a warning."""
    value = clean.compact(rec.get(column))
    if value is None or value in load_schema().node(label).properties[prop].values:
        return value
    ctx.emit.warn(column, f"未知取值 {value!r} (value not allowed for {label}.{prop})")
    return None


def websites(rec: Record, ctx: Context) -> None:
    e = ctx.emit
    kind_raw = clean.compact(rec.get("类型")) or ""
    url = req(ctx, rec, "网站或应用名称", lambda v: clean.website(v, kind_raw or None))
    site = e.node(
        "Website",
        url=url,
        kind=SITE_KINDS.get(kind_raw, clean.website_kind(url)),
        name=opt(ctx, rec, "网站或应用名称", clean.text),
        icp_licence=opt(ctx, rec, "ICP备案号", clean.compact),
        registered_on=opt(ctx, rec, "备案日期", clean.date),
    )
    owner = _enterprise_ref(ctx, rec, "统一社会信用代码", "企业名称")
    if owner is not None:
        e.rel("OPERATES", owner, site)


def penalties(rec: Record, ctx: Context) -> None:
    e = ctx.emit
    pen = e.node(
        "Penalty",
        document_number=req(ctx, rec, "处罚决定书文号", clean.compact),
        party_name=opt(ctx, rec, "当事人名称", clean.text),
        authority=opt(ctx, rec, "处罚机关", clean.text),
        reason=opt(ctx, rec, "处罚内容", clean.text),
        kind=opt(ctx, rec, "违法行为类型", clean.text),
        amount=opt(ctx, rec, "罚款金额(元)", clean.amount_yuan),
        decided_on=opt(ctx, rec, "处罚决定日期", clean.date),
    )
    party = _enterprise_ref(ctx, rec, "统一社会信用代码", "当事人名称")
    if party is not None:
        e.rel("PENALIZED", pen, party)


def judicial(rec: Record, ctx: Context) -> None:
    e = ctx.emit
    doc_type = clean.compact(rec.get("文书类型")) or ""
    case = e.node(
        "JudicialCase",
        case_number=req(ctx, rec, "案号", clean.compact),
        kind=JUDICIAL_KINDS.get(doc_type, "judgment"),
        document_type=doc_type or None,
        court=opt(ctx, rec, "法院", clean.text),
        cause=opt(ctx, rec, "案由", clean.compact),
        amount=opt(ctx, rec, "涉案金额(元)", clean.amount_yuan),
        filed_on=opt(ctx, rec, "日期", clean.date),
    )
    parties = rec.get("当事人") or []
    if not isinstance(parties, list):
        raise CleanError("当事人", "应为列表 (expected a list of parties)")
    for i, party in enumerate(parties):
        if not isinstance(party, dict):
            e.warn(f"当事人[{i}]", "不是对象 (not an object)")
            continue
        role = clean.compact(party.get("角色"))
        ref = _holder(ctx, party, "证件号码", "名称", "类型") if clean.compact(party.get("证件号码")) else None
        if ref is None:
            ref = _link_name(ctx, clean.enterprise_name(party.get("名称")), f"当事人[{i}]", warn=False)
        if ref is None:
            e.warn(f"当事人[{i}]", "当事人无证件号码且无法确定身份 (party not identified)")
            continue
        e.rel("PARTY_TO", ref, case, role=role)


def complaints(rec: Record, ctx: Context) -> None:
    e = ctx.emit
    complainant = clean.text(rec.get("投诉人"))
    comp = e.node(
        "Complaint",
        complaint_id=req(ctx, rec, "投诉编号", clean.compact),
        text=req(ctx, rec, "投诉内容", clean.text),
        received_at=opt(ctx, rec, "登记日期", clean.datetime),
        channel=opt(ctx, rec, "投诉渠道", clean.text),
        region_code=opt(ctx, rec, "所属区划代码", clean.region_code),
        target_name=opt(ctx, rec, "被投诉对象", clean.text),
        status=opt(ctx, rec, "办理状态", clean.text),
        complainant_name=None if complainant in (None, "匿名") else complainant,
    )
    target = _enterprise_ref(ctx, rec, "被投诉对象统一社会信用代码", "被投诉对象")
    if target is not None:
        e.rel("COMPLAINT_AGAINST", comp, target)


def news(rec: Record, ctx: Context) -> None:
    e = ctx.emit
    art = e.node(
        "NewsArticle",
        article_id=req(ctx, rec, "舆情编号", clean.compact),
        title=opt(ctx, rec, "标题", clean.text),
        text=req(ctx, rec, "正文", clean.text),
        url=opt(ctx, rec, "链接", clean.compact),
        outlet=opt(ctx, rec, "来源", clean.text),
        published_at=opt(ctx, rec, "发布时间", clean.datetime),
        sentiment=_enum(ctx, rec, "情感倾向", "NewsArticle", "sentiment"),
    )
    tags = rec.get("涉及主体") or []
    for tag in tags if isinstance(tags, list) else []:
        target = _link_name(ctx, clean.enterprise_name(str(tag)), "涉及主体")
        if target is None:
            continue
        e.rel("MENTIONS", art, target, confidence=1.0)


def ads(rec: Record, ctx: Context) -> None:
    e = ctx.emit
    ad = e.node(
        "Advertisement",
        ad_id=req(ctx, rec, "广告编号", clean.compact),
        kind=_enum(ctx, rec, "类型", "Advertisement", "kind"),
        platform=opt(ctx, rec, "发布平台", clean.text),
        published_on=opt(ctx, rec, "发布日期", clean.date),
        advertiser_name=opt(ctx, rec, "广告主", clean.text),
        title=opt(ctx, rec, "标题", clean.text),
        text=req(ctx, rec, "内容", clean.text),
    )
    advertiser = _link_name(ctx, opt(ctx, rec, "广告主", clean.enterprise_name), "广告主")
    if advertiser is not None:
        e.rel("PUBLISHED", advertiser, ad, confidence=1.0)


# 变更事项 as departments write it (法定代表人变更, 住所(经营场所), 负责人 …) → RegistryChange.item; first match wins
CHANGE_ITEMS = (
    ("法定代表人", "legal_rep"),
    ("负责人", "legal_rep"),
    ("住所", "address"),
    ("经营场所", "address"),
    ("地址", "address"),
    ("注册资本", "registered_capital"),
    ("经营范围", "business_scope"),
    ("股东", "shareholder"),
    ("投资人", "shareholder"),
    ("名称", "name"),
)


def change_item(raw: str) -> str:
    """The category of a 变更事项 as delivered; ``other`` when none is recognised."""
    return next((item for word, item in CHANGE_ITEMS if word in raw), "other")


def registry_changes(rec: Record, ctx: Context) -> None:
    e = ctx.emit
    changed_on = req(ctx, rec, "变更日期", clean.date)
    raw_item = req(ctx, rec, "变更事项", clean.compact)
    before = opt(ctx, rec, "变更前内容", clean.text)
    after = opt(ctx, rec, "变更后内容", clean.text)
    if before is None and after is None:
        raise CleanError("变更后内容", "变更前后内容均为空 (neither before nor after given)")
    owner = _enterprise_ref(ctx, rec, "统一社会信用代码", "企业名称")
    if owner is None:
        raise CleanError(
            "统一社会信用代码", "无法确定变更企业：无统一社会信用代码且名称未能匹配登记企业 (enterprise not identified)"
        )
    # the same change delivered again (any date format, full-width digits) gets the same id; keyed, so the id
    # does not let anyone test guesses of the names it was made from
    identity = "\x1f".join((owner.key, changed_on, raw_item, clean.compact(before) or "", clean.compact(after) or ""))
    change = e.node(
        "RegistryChange",
        change_id="C" + ctx.person_id.digest(identity),
        item=change_item(raw_item),
        item_raw=raw_item,
        changed_on=changed_on,
        before=before,
        after=after,
        enterprise_name=opt(ctx, rec, "企业名称", clean.text),
        authority=opt(ctx, rec, "登记机关", clean.text),
    )
    e.rel("HAS_CHANGE", owner, change)


def self_reported(rec: Record, ctx: Context) -> None:
    year = _int(opt(ctx, rec, "报告年度", clean.compact))
    ctx.emit.patch(
        "Enterprise",
        uscc=req(ctx, rec, "统一社会信用代码", clean.uscc),
        reported_year=year,
        reported_employees=_int(opt(ctx, rec, "从业人数", clean.compact)),
        reported_revenue=opt(ctx, rec, "营业收入(万元)", clean.amount_wan),
        reported_assets=opt(ctx, rec, "资产总额(万元)", clean.amount_wan),
        reported_fundraising=opt(ctx, rec, "是否开展理财或集资业务", clean.yes_no),
        reported_funds_raised=opt(ctx, rec, "募集资金金额(万元)", clean.amount_wan),
    )


# Load order matters: nodes a later source points at are loaded first.
SOURCES: tuple[Source, ...] = (
    Source("regions", "regions.csv", "csv", "行政区划", regions),
    Source("registry", "registry.csv", "csv", "企业登记", registry, snapshot_of=(("LEGAL_REP_OF", "end"),)),
    Source("branches", "branches.csv", "csv", "分支机构", branches),
    Source(
        "shareholders", "shareholders.csv", "csv", "股东及出资", shareholders, snapshot_of=(("SHAREHOLDER_OF", "end"),)
    ),
    Source("executives", "executives.csv", "csv", "主要人员", executives, snapshot_of=(("EXECUTIVE_OF", "end"),)),
    Source("registry_changes", "registry_changes.csv", "csv", "企业变更记录", registry_changes, needs_resolver=True),
    Source("accounts", "accounts.csv", "csv", "银行账户", accounts),
    Source("transfers", "transfers.csv", "csv", "资金流水", transfers),
    Source("products", "products.csv", "csv", "理财产品", products, needs_resolver=True),
    Source("websites", "websites.csv", "csv", "网站/APP", websites, needs_resolver=True),
    Source("penalties", "penalties.jsonl", "jsonl", "行政处罚", penalties, needs_resolver=True),
    Source("judicial", "judicial.jsonl", "jsonl", "司法文书", judicial, needs_resolver=True),
    Source("complaints", "complaints.jsonl", "jsonl", "投诉举报", complaints, needs_resolver=True),
    Source("news", "news.jsonl", "jsonl", "舆情", news, needs_resolver=True),
    Source("ads", "ads.jsonl", "jsonl", "广告/招聘", ads, needs_resolver=True),
    Source("self_reported", "self_reported.xlsx", "xlsx", "企业上报", self_reported),
)
