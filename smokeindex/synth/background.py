"""The honest majority: ordinary enterprises, their people, accounts and everyday records."""

from __future__ import annotations

import datetime as dt
import random

from smokeindex.synth.common import add_ad, add_case, add_complaint, add_news, add_penalty, authority_of, latin
from smokeindex.synth.companies import (
    ETYPE_BRANCH,
    ETYPE_JOINT,
    ETYPE_PERSON,
    ETYPE_SOLE,
    INDUSTRY_BY_CODE,
    make_email,
    pick_industry,
)
from smokeindex.synth.model import ACTIVITY_END, ACTIVITY_START, World, rand_date
from smokeindex.synth.texts import AD_PLATFORMS, NEWS_SOURCES, TextBuilder, date_text, money_text, org_variant

PENALTY_KINDS = (
    ("未按规定公示年度报告", "未按规定期限公示年度报告，列入经营异常名录并处罚款", "市场监督管理局"),
    ("虚假宣传", "对商品的性能、功能作虚假或者引人误解的商业宣传，责令停止违法行为并处罚款", "市场监督管理局"),
    ("销售不合格产品", "销售不符合标准的产品，没收违法所得并处罚款", "市场监督管理局"),
    ("消防安全违法", "消防设施、器材未保持完好有效，责令改正并处罚款", "消防救援大队"),
    ("税务违法", "未按照规定期限办理纳税申报，处以罚款", "税务局"),
    ("价格违法", "未按规定明码标价，处以罚款", "市场监督管理局"),
)
COMPLAINT_ISSUES = ("产品质量问题", "售后服务差", "拖欠工资", "虚假促销", "噪音扰民", "合同违约", "退款难")


def _new_bg_enterprise(w: World, rng: random.Random, rep: int) -> int:
    street = w.regions.streets[rng.randrange(len(w.regions.streets))].code
    ind = pick_industry(rng)
    founded = rand_date(rng, dt.date(2000, 1, 1), dt.date(2024, 6, 30))
    if rng.random() < 0.5:
        founded = rand_date(rng, dt.date(2015, 1, 1), dt.date(2024, 6, 30))
    capital = float(rng.choice(ind.capital))
    status = rng.choices(("存续", "吊销", "注销", "经营异常"), weights=(86, 4, 6, 4))[0]
    joint = rng.random() < 0.03
    e = w.add_enterprise(
        rng,
        street=street,
        industry=ind,
        founded=founded,
        legal_rep=rep,
        capital=capital,
        word=rng.choice(ind.words),
        status=status,
        joint=joint,
        paren_city=rng.random() < 0.04,
        etype=ETYPE_JOINT if joint else rng.choice((ETYPE_PERSON, ETYPE_SOLE)),
        email=make_email(rng) if rng.random() < 0.6 else None,
        paid=capital if rng.random() < 0.5 else round(capital * rng.choice((0.0, 0.1, 0.2, 0.5)), 4),
    )
    return e


def plant_background(w: World, rng: random.Random, count: int) -> list[int]:
    """Register ``count`` ordinary enterprises (3% of them branches) with shareholders and executives."""
    block = w.people.new(int(count * 1.6) + 10)
    cursor = 0

    def fresh() -> int:
        nonlocal cursor
        p = block[cursor % len(block)]
        cursor += 1
        return p

    made: list[int] = []
    while len(made) < count:
        if made and rng.random() < 0.03:
            parent = made[rng.randrange(len(made))]
            pe = w.ents[parent]
            if pe.etype == ETYPE_BRANCH:
                continue
            street = w.regions.streets[rng.randrange(len(w.regions.streets))].code
            name = f"{pe.name}{w.regions.district_of(street).name.removesuffix('区')}分公司"
            if not w.names.reserve(name):
                continue
            b = w.add_enterprise(
                rng,
                street=street,
                industry=INDUSTRY_BY_CODE[pe.industry],
                founded=rand_date(rng, pe.founded, dt.date(2024, 6, 30)),
                legal_rep=fresh(),
                capital=0,
                name=name,
                etype=ETYPE_BRANCH,
                scope=pe.scope,
                paid=0,
            )
            w.ents[b].zihao = pe.zihao
            w.branches.append((b, parent))
            w.executives.append((b, w.ents[b].legal_rep, "负责人"))
            made.append(b)
            continue
        rep = fresh() if rng.random() < 0.9 else block[rng.randrange(max(1, min(cursor, len(block))))]
        e = _new_bg_enterprise(w, rng, rep)
        ent = w.ents[e]
        holders: list[tuple[str, int]] = [("P", rep)]
        if rng.random() < 0.08 and len(made) > 10:
            other = made[rng.randrange(len(made))]
            if w.ents[other].etype != ETYPE_BRANCH:
                holders.append(("E", other))
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            holders.append(("P", fresh()))
        if len(holders) == 1:
            ratios = [100.0]
        else:
            main = rng.choice((51.0, 60.0, 70.0, 80.0))
            rest = (100.0 - main) / (len(holders) - 1)
            ratios = [main] + [round(rest, 4)] * (len(holders) - 1)
        for (kind, h), r in zip(holders, ratios, strict=True):
            w.shareholders.append(
                (e, kind, h, r, round(ent.capital * r / 100, 4), ent.founded + dt.timedelta(days=rng.randint(0, 30)))
            )
        w.executives.append((e, rep, rng.choice(("执行董事兼总经理", "执行董事", "董事长", "经理"))))
        sup = fresh()
        w.executives.append((e, sup, "监事"))
        if rng.random() < 0.4:
            w.executives.append((e, fresh(), "财务负责人"))
        made.append(e)
    for p in block[:cursor]:
        if rng.random() < 0.45:
            w.person_acct(rng, p)
    return made


def background_accounts(w: World, rng: random.Random) -> None:
    """Every enterprise gets a basic account; some a second one."""
    for e in range(len(w.ents)):
        w.ent_account(rng, e)
        if rng.random() < 0.15:
            w.add_account(rng, "E", e, max(w.ents[e].founded, dt.date(2012, 1, 1)))


def background_records(w: World, rng: random.Random, ents: list[int]) -> None:
    """Everyday penalties, suits, complaints, news, ads, products and websites for ordinary enterprises."""
    n = w.n

    def any_ent() -> int:
        return ents[rng.randrange(len(ents))]

    for _ in range(max(3, int(n * 0.008))):
        e = any_ent()
        kind, content, dept = PENALTY_KINDS[rng.randrange(len(PENALTY_KINDS))]
        add_penalty(
            w,
            day=rand_date(rng, ACTIVITY_START, ACTIVITY_END),
            target=e,
            kind=kind,
            content=content,
            amount=float(rng.choice((500, 1000, 2000, 5000, 10000, 30000))),
            authority=authority_of(w, w.ents[e].street, dept),
        )
    for _ in range(max(5, int(n * 0.015))):
        e = any_ent()
        day = rand_date(rng, ACTIVITY_START, ACTIVITY_END)
        r = rng.random()
        street = w.ents[e].street
        if r < 0.4:
            add_case(
                w,
                day=day,
                street=street,
                kind="民初",
                cause="买卖合同纠纷",
                doc_type="民事判决书",
                parties=[("E", any_ent(), "原告"), ("E", e, "被告")],
                amount=float(rng.randint(1, 500) * 1000),
            )
        elif r < 0.6:
            add_case(
                w,
                day=day,
                street=street,
                kind="民初",
                cause="劳动争议",
                doc_type="民事判决书",
                parties=[("P", w.ents[any_ent()].legal_rep, "原告"), ("E", e, "被告")],
                amount=float(rng.randint(5, 100) * 1000),
            )
        elif r < 0.75:
            a, b = w.ents[e].legal_rep, w.ents[any_ent()].legal_rep
            if a != b:
                add_case(
                    w,
                    day=day,
                    street=street,
                    kind="民初",
                    cause="民间借贷纠纷",
                    doc_type="民事判决书",
                    parties=[("P", a, "原告"), ("P", b, "被告")],
                    amount=float(rng.randint(1, 100) * 10_000),
                )
        elif r < 0.9:
            add_case(
                w,
                day=day,
                street=street,
                kind="民初",
                cause="服务合同纠纷",
                doc_type="民事裁定书",
                parties=[("E", e, "原告"), ("E", any_ent(), "被告")],
                amount=float(rng.randint(1, 200) * 1000),
            )
        else:
            add_case(
                w,
                day=day,
                street=street,
                kind="执",
                cause="买卖合同纠纷",
                doc_type="失信被执行人" if rng.random() < 0.3 else "被执行人",
                parties=[("E", e, "被执行人")],
                amount=float(rng.randint(1, 300) * 1000),
            )
    for _ in range(max(5, int(n * 0.01))):
        e = any_ent()
        ent = w.ents[e]
        day = rand_date(rng, ACTIVITY_START, ACTIVITY_END)
        tb = TextBuilder()
        tb.t("反映").e("ORG", org_variant(rng, ent.name, ent.zihao), ent.uscc).t("存在").t(rng.choice(COMPLAINT_ISSUES))
        tb.t("，本人于").e("DATE", date_text(rng, day - dt.timedelta(days=rng.randint(1, 90)))).t("多次联系未果")
        if rng.random() < 0.5:
            tb.t("，涉及金额").e("MONEY", money_text(rng, float(rng.randint(2, 500) * 100)))
        if rng.random() < 0.3:
            tb.t("，地址：").e("LOC", ent.address)
        tb.t("，请求处理。")
        add_complaint(w, rng, day=day, target=e, tb=tb, typology="other", gang=None, complainant=None)
    for _ in range(max(3, int(n * 0.003))):
        e = any_ent()
        ent = w.ents[e]
        day = rand_date(rng, ACTIVITY_START, ACTIVITY_END)
        title, body = TextBuilder(), TextBuilder()
        title.e("ORG", org_variant(rng, ent.name, ent.zihao), ent.uscc).t(
            rng.choice(("新厂区投产", "获评守合同重信用企业", "开展公益活动", "举办招聘会"))
        )
        body.e("DATE", date_text(rng, day)).t("，位于").e("LOC", w.regions.full_name(ent.street)).t("的")
        body.e("ORG", ent.name, ent.uscc).t("相关负责人表示，企业将继续扩大投资，预计新增就业岗位")
        body.t(f"{rng.randint(10, 300)}个。")
        add_news(
            w,
            rng,
            day=day,
            title=title,
            body=body,
            mentions=[e],
            source=rng.choice(NEWS_SOURCES),
            sentiment=rng.choice(("正面", "中性")),
            typology="other",
            gang=None,
        )
    for _ in range(max(3, int(n * 0.005))):
        e = any_ent()
        ent = w.ents[e]
        tb = TextBuilder()
        lo = rng.randint(4, 10) * 1000
        tb.e("ORG", ent.name, ent.uscc).t(
            f"招聘{rng.choice(('销售专员', '会计', '仓管员', '客服', '技术员'))}若干名，月薪"
        )
        tb.e("MONEY", f"{lo}元").t("-").e("MONEY", f"{lo * 2}元").t("，五险一金，双休。工作地点：")
        tb.e("LOC", ent.address).t("。联系电话").e("PHONE", ent.phone or "0571-88000000").t("。")
        add_ad(
            w,
            day=rand_date(rng, ACTIVITY_START, ACTIVITY_END),
            advertiser=e,
            kind="招聘",
            platform=rng.choice(AD_PLATFORMS),
            title="诚聘英才",
            tb=tb,
            typology="other",
            gang=None,
        )
    fin = [e for e in ents if w.ents[e].industry == "L7212"]
    for i in range(min(len(fin), max(1, int(n * 0.001)))):
        e = fin[rng.randrange(len(fin))]
        w.products.append(
            {
                "id": f"CP{len(w.products) + 1:07d}",
                "ent": e,
                "name": f"{w.ents[e].zihao}安享{i + 1}号",
                "yield": round(rng.uniform(2.5, 4.5), 1),
                "min": 1_000_000.0,
                "term": rng.choice((12, 24, 36)),
                "guaranteed": False,
                "date": rand_date(rng, ACTIVITY_START, ACTIVITY_END),
            }
        )
    for e in ents:
        if rng.random() < 0.1:
            ent = w.ents[e]
            w.websites.append(
                {
                    "ent": e,
                    "kind": "网站",
                    "name": f"www.{latin(rng, rng.randint(3, 7))}{rng.randint(1, 99)}.{rng.choice(('com', 'cn'))}",
                    "date": max(ent.founded, dt.date(2010, 1, 1)),
                    "icp": f"浙ICP备{rng.randint(10_000_000, 29_999_999)}号",
                }
            )
