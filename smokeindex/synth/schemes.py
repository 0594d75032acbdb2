"""Planted gangs (fundraising, pyramid, lending and their dressed-up variants) and hard negatives."""

from __future__ import annotations

import datetime as dt
import random

from smokeindex.synth.common import (
    add_ad,
    add_case,
    add_complaint,
    add_news,
    add_penalty,
    authority_of,
    latin,
    maybe,
    pick_street,
    rising_day,
)
from smokeindex.synth.companies import (
    ETYPE_BRANCH,
    ETYPE_CORP,
    ETYPE_JOINT,
    ETYPE_SOLE,
    HOLDING,
    INDUSTRIES,
    INDUSTRY_BY_CODE,
    MICROLOAN,
    PRIVATE_FUND,
    Industry,
    make_address,
    make_mobile,
    pick_industry,
)
from smokeindex.synth.model import ACTIVITY_END, ACTIVITY_START, LPR_1Y, Gang, World, rand_date, rand_time
from smokeindex.synth.texts import (
    AD_PLATFORMS,
    NEWS_SOURCES,
    TextBuilder,
    date_text,
    money_text,
    org_variant,
    rate_text,
)

FUND, PYRAMID, LENDING = "illegal_fundraising", "pyramid_scheme", "illegal_lending"
VARIANT_WORDS = {
    "plain": (("财富管理", "金融信息服务", "资产管理"), "理财", "投资款"),
    "elderly_care": (("养老服务", "健康养老", "颐养服务"), "养老", "养老床位款"),
    "consumption_rebate": (("电子商务", "商贸", "网络科技"), "商城", "购物款"),
    "virtual_currency": (("数字科技", "区块链科技", "网络科技"), "数藏", "藏品认购"),
}
SHELL_WORDS = ("商务咨询", "信息技术", "企业管理咨询", "贸易", "供应链管理")
SHELL_INDUSTRY = INDUSTRY_BY_CODE["L7239"]
FIN_INDUSTRY = INDUSTRY_BY_CODE["L7212"]
SITE_SUFFIX = ("cf", "licai", "wealth", "jr", "fund", "club", "mall", "nft", "dai")


def gang_plan(n: int, rng: random.Random) -> list[tuple[str, str]]:
    """Typology and variant of every gang: at least one of each, ~3% of enterprises in gangs overall."""
    base = [
        (FUND, "plain"),
        (PYRAMID, "plain"),
        (LENDING, "plain"),
        (FUND, "elderly_care"),
        (PYRAMID, "virtual_currency"),
        (FUND, "consumption_rebate"),
    ]
    total = max(len(base), round(n * 0.03 / 6.5))
    mix = [(FUND, "plain")] * 5 + [
        (FUND, "elderly_care"),
        (FUND, "consumption_rebate"),
        (PYRAMID, "plain"),
        (PYRAMID, "plain"),
        (PYRAMID, "virtual_currency"),
        (LENDING, "plain"),
        (LENDING, "plain"),
        (LENDING, "plain"),
    ]
    return base + [rng.choice(mix) for _ in range(total - len(base))]


class Planter:
    """Plants gangs and hard negatives into a world, using one random stream."""

    def __init__(self, w: World, rng: random.Random) -> None:
        self.w = w
        self.rng = rng

    # -- small helpers -------------------------------------------------------------------------------------
    def _site(self, kind: str) -> str:
        rng = self.rng
        if kind == "网站":
            return f"www.{latin(rng, rng.randint(2, 4))}{rng.choice(SITE_SUFFIX)}{rng.randint(1, 999)}.com"
        return ""

    def _website(self, gang: Gang | None, ent: int, kind: str, name: str, day: dt.date) -> None:
        self.w.websites.append(
            {
                "ent": ent,
                "kind": kind,
                "name": name,
                "date": day,
                "icp": f"浙ICP备{self.rng.randint(10_000_000, 29_999_999)}号",
            }
        )
        if gang is not None:
            gang.websites.append(name)

    def _product(
        self,
        gang: Gang | None,
        ent: int,
        name: str,
        yield_pct: float,
        min_inv: float,
        term: int,
        guaranteed: bool,
        day: dt.date,
    ) -> None:
        pid = f"CP{len(self.w.products) + 1:07d}"
        self.w.products.append(
            {
                "id": pid,
                "ent": ent,
                "name": name,
                "yield": yield_pct,
                "min": min_inv,
                "term": term,
                "guaranteed": guaranteed,
                "date": day,
            }
        )
        if gang is not None:
            gang.products.append(pid)

    def _execs(self, ent: int, rep: int, supervisor: int, finance: int | None) -> None:
        ex = self.w.executives
        ex.append((ent, rep, self.rng.choice(("执行董事兼总经理", "执行董事", "董事长"))))
        if supervisor != rep:
            ex.append((ent, supervisor, "监事"))
        if finance is not None:
            ex.append((ent, finance, "财务负责人"))

    def _holder(self, ent: int, kind: str, holder: int, ratio: float, day: dt.date) -> None:
        capital = self.w.ents[ent].capital
        self.w.shareholders.append((ent, kind, holder, ratio, round(capital * ratio / 100, 4), day))

    def _register(self, gang: Gang | None, role: str, **kw: object) -> int:
        e = self.w.add_enterprise(self.rng, **kw)  # type: ignore[arg-type]
        if gang is not None:
            self.w.ents[e].gang = len(self.w.gangs) - 1
            self.w.ents[e].role = role
            gang.ents.append((e, role))
        return e

    def _branch(
        self,
        gang: Gang | None,
        role: str,
        parent: int,
        rep: int,
        street: str,
        founded: dt.date,
        phone: str | None = None,
        address: str | None = None,
    ) -> int:
        w = self.w
        p = w.ents[parent]
        district = w.regions.district_of(street).name
        name = f"{p.name}{district.removesuffix('区')}分公司"
        if not w.names.reserve(name):
            name = f"{p.name}{district.removesuffix('区')}第{len(w.ents)}分公司"
            w.names.reserve(name)
        e = w.add_enterprise(
            self.rng,
            street=street,
            industry=INDUSTRY_BY_CODE[p.industry],
            founded=founded,
            legal_rep=rep,
            capital=0,
            name=name,
            etype=ETYPE_BRANCH,
            phone=phone,
            address=address,
            scope=p.scope,
            paid=0,
        )
        w.ents[e].zihao = p.zihao
        w.branches.append((e, parent))
        if gang is not None:
            w.ents[e].gang = len(w.gangs) - 1
            w.ents[e].role = role
            gang.ents.append((e, role))
        return e

    def _new_gang(self, typology: str, variant: str) -> Gang:
        rng = self.rng
        start = rand_date(rng, ACTIVITY_START, dt.date(2023, 12, 1))
        end = start + dt.timedelta(days=rng.randint(240, 800))
        gang = Gang(
            gid=f"G{len(self.w.gangs) + 1:05d}",
            typology=typology,
            variant=variant,
            start=start,
            end=min(end, ACTIVITY_END),
            collapsed=end <= ACTIVITY_END,
            brand=self.w.names.zihao(rng),
        )
        self.w.gangs.append(gang)
        return gang

    def _person(self, gang: Gang, p: int, role: str, **extra: object) -> None:
        gang.persons.append((p, role, dict(extra)))

    def _ensure_listed(self, g: Gang, core: int) -> None:
        """Every organising person of a gang appears in the registry files (as 董事 of the core if nowhere else)."""
        w = self.w
        members = {e for e, _ in g.ents}
        seen = {w.ents[e].legal_rep for e in members}
        seen |= {p for e, p, _ in w.executives[-200:] if e in members}
        seen |= {h for e, k, h, *_ in w.shareholders[-200:] if e in members and k == "P"}
        for p, role, _ in g.persons:
            if role in ("controller", "front", "executive") and p not in seen:
                w.executives.append((core, p, "董事"))
                seen.add(p)

    def _org(self, e: int, brand: tuple[str, ...] = ()) -> str:
        ent = self.w.ents[e]
        return org_variant(self.rng, ent.name, ent.zihao, brand)

    def _honest_ent(self) -> int:
        """A random non-gang enterprise already registered (for trap mentions)."""
        w = self.w
        for _ in range(50):
            e = self.rng.randrange(len(w.ents))
            if w.ents[e].gang < 0:
                return e
        return 0

    # -- illegal fundraising -------------------------------------------------------------------------------
    def fundraising(self, variant: str) -> Gang:
        """A controller, a parent, a core platform, branch fronts and shells pooling investors' money."""
        w, rng = self.w, self.rng
        g = self._new_gang(FUND, variant)
        core_words, brand_word, memo_in = VARIANT_WORDS[variant]
        city = pick_street(w, rng)[:4] + "00"
        founded0 = g.start - dt.timedelta(days=rng.randint(60, 500))
        controller = w.people.new(1)[0]
        fronts = w.people.new(rng.randint(2, 4))
        staff = w.people.new(rng.randint(1, 3))
        self._person(g, controller, "controller")
        for p in fronts:
            self._person(g, p, "front")
        for p in staff:
            self._person(g, p, "executive")
        hq = pick_street(w, rng, city)
        shared_addr = [make_address(rng, w.regions, hq), make_address(rng, w.regions, pick_street(w, rng, city))]
        shared_phone = [make_mobile(rng), make_mobile(rng)]
        parent = self._register(
            g,
            "parent",
            street=hq,
            industry=FIN_INDUSTRY,
            founded=founded0,
            legal_rep=controller,
            capital=rng.choice((5000, 10000, 20000)),
            word=rng.choice(("投资管理", "控股")),
            zihao=g.brand,
            paid=0,
            address=shared_addr[0],
            phone=shared_phone[0],
        )
        ind = INDUSTRY_BY_CODE["Q8514"] if variant == "elderly_care" else FIN_INDUSTRY
        if variant in ("consumption_rebate", "virtual_currency"):
            ind = INDUSTRY_BY_CODE["F5292"]
        core = self._register(
            g,
            "core",
            street=hq,
            industry=ind,
            founded=founded0 + dt.timedelta(days=30),
            legal_rep=fronts[0],
            capital=rng.choice((1000, 3000, 5000)),
            word=rng.choice(core_words),
            zihao=g.brand,
            paid=rng.choice((0, 10, 50)),
            address=shared_addr[0],
            phone=shared_phone[0],
            etype=ETYPE_CORP,
        )
        self._holder(parent, "P", controller, 90.0, founded0)
        self._holder(parent, "P", fronts[0], 10.0, founded0)
        self._holder(core, "E", parent, 100.0, founded0)
        self._execs(parent, controller, fronts[-1], staff[0])
        self._execs(core, fronts[0], fronts[-1], staff[0])
        for p in staff[1:]:
            w.executives.append((core, p, "副总经理"))
        outlets = [core]
        for _ in range(rng.randint(1, 3)):
            st = pick_street(w, rng, city)
            b = self._branch(
                g,
                "front",
                core,
                fronts[rng.randrange(len(fronts))],
                st,
                founded0 + dt.timedelta(days=rng.randint(40, 200)),
                phone=shared_phone[1] if maybe(rng, 0.5) else None,
            )
            outlets.append(b)
        shells = []
        for _ in range(rng.randint(3, 8)):
            st = pick_street(w, rng, city)
            rep = fronts[rng.randrange(len(fronts))]
            s = self._register(
                g,
                "shell",
                street=st,
                industry=SHELL_INDUSTRY,
                founded=founded0 + dt.timedelta(days=rng.randint(0, 400)),
                legal_rep=rep,
                capital=rng.choice((100, 500, 1000)),
                word=rng.choice(SHELL_WORDS),
                zihao=g.brand if maybe(rng, 0.4) else None,
                paid=0,
                address=rng.choice(shared_addr) if maybe(rng, 0.7) else None,
                phone=rng.choice(shared_phone) if maybe(rng, 0.6) else None,
                status="经营异常" if g.collapsed and maybe(rng, 0.4) else "存续",
                etype=ETYPE_SOLE,
            )
            if maybe(rng, 0.5):
                self._holder(s, "P", rep, 100.0, w.ents[s].founded)
            else:
                self._holder(s, "E", parent, 100.0, w.ents[s].founded)
            self._execs(s, rep, fronts[(fronts.index(rep) + 1) % len(fronts)], staff[-1] if maybe(rng, 0.5) else None)
            shells.append(s)
        # accounts and money
        acct = {e: w.ent_account(rng, e) for e, _ in g.ents}
        ctrl_acct = w.person_acct(rng, controller)
        g.accounts.extend(acct.values())
        g.accounts.append(ctrl_acct)
        for p in fronts:
            g.accounts.append(w.person_acct(rng, p))
        elderly = variant == "elderly_care"
        investors = w.people.new(rng.randint(30, 120), born_before=1962 if elderly else None)
        rates = [round(rng.uniform(10, 24), 1) for _ in range(rng.randint(2, 4))]
        for i, r in enumerate(rates):
            pname = {
                "plain": f"{g.brand}稳盈{i + 1}号",
                "elderly_care": f"{g.brand}颐养公寓预订计划{i + 1}期",
                "consumption_rebate": f"{g.brand}消费全返计划{i + 1}期",
                "virtual_currency": f"{g.brand}数字藏品{i + 1}号",
            }[variant]
            self._product(
                g,
                core,
                pname,
                r,
                rng.choice((10_000, 50_000, 100_000)),
                rng.choice((3, 6, 12, 24)),
                True,
                g.start + dt.timedelta(days=rng.randint(0, 90)),
            )
        site = self._site("网站")
        app = f"{g.brand}{brand_word}APP"
        g.app = app
        self._website(g, core, "网站", site, g.start)
        self._website(g, core, "APP", app, g.start)
        inflow: dict[int, float] = {}
        span_end = g.end
        for inv in investors:
            self._person(g, inv, "investor")
            a = w.person_acct(rng, inv)
            g.accounts.append(a)
            for _ in range(rng.randint(1, 3)):
                amount = float(max(5, round(rng.lognormvariate(10.8, 0.8) / 1000)) * 1000)
                target = outlets[rng.randrange(len(outlets))]
                day = rand_date(rng, g.start, span_end)
                w.flows.add(a, acct[target], amount, rand_time(rng, day), memo_in if maybe(rng, 0.6) else "理财款")
                inflow[target] = inflow.get(target, 0.0) + amount
                if maybe(rng, 0.35):
                    w.flows.add(
                        acct[core],
                        a,
                        round(amount * rates[0] / 1200 * rng.randint(1, 3), 2),
                        rand_time(rng, min(day + dt.timedelta(days=30), ACTIVITY_END)),
                        rng.choice(("收益", "利息")),
                    )
        for o in outlets:
            total = inflow.get(o, 0.0)
            for _ in range(rng.randint(2, 5)):
                s = shells[rng.randrange(len(shells))]
                w.flows.add(
                    acct[o],
                    acct[s],
                    round(total / 4 * rng.uniform(0.5, 1.0), 2),
                    rand_time(rng, rand_date(rng, g.start, span_end)),
                    "往来款",
                )
        for s in shells:
            for _ in range(rng.randint(2, 5)):
                w.flows.add(
                    acct[s],
                    acct[parent],
                    round(rng.uniform(2e5, 3e6), 2),
                    rand_time(rng, rand_date(rng, g.start, span_end)),
                    rng.choice(("往来款", "资金归集", "往来款")),
                )
        for _ in range(rng.randint(3, 8)):
            w.flows.add(
                acct[parent],
                ctrl_acct,
                round(rng.uniform(1e5, 2e6), 2),
                rand_time(rng, rand_date(rng, g.start, span_end)),
                rng.choice(("往来款", "分红", "借款")),
            )
        # text and records
        honest = self._honest_ent()
        complaint_end = min(g.end + dt.timedelta(days=90), ACTIVITY_END) if g.collapsed else ACTIVITY_END
        n_complaints = 3 + len(investors) // (4 if g.collapsed else 8)
        for _ in range(n_complaints):
            inv = investors[rng.randrange(len(investors))]
            target = outlets[rng.randrange(len(outlets))] if maybe(rng, 0.7) else parent
            day = rising_day(rng, g.start, complaint_end)
            tb = self._fund_complaint(g, target, rates, fronts, shared_phone, honest, day)
            add_complaint(w, rng, day=day, target=target, tb=tb, typology=FUND, gang=g.gid, complainant=inv)
        for _ in range(rng.randint(2, 6)):
            adv = outlets[rng.randrange(len(outlets))]
            tb = self._fund_ad(g, adv, rates, shared_phone, site, app)
            add_ad(
                w,
                day=rand_date(rng, g.start, g.end),
                advertiser=adv,
                kind="广告",
                platform=rng.choice(AD_PLATFORMS),
                title=f"{g.brand}{brand_word}——稳健收益看得见",
                tb=tb,
                typology=FUND,
                gang=g.gid,
            )
        if g.collapsed:
            for _ in range(rng.randint(1, 3)):
                day = g.end + dt.timedelta(days=rng.randint(3, 120))
                self._collapse_news(g, day, [parent, core], len(investors))
            crime = "集资诈骗" if maybe(rng, 0.2) else "非法吸收公众存款"
            add_case(
                w,
                day=g.end + dt.timedelta(days=rng.randint(120, 400)),
                street=hq,
                kind="刑初",
                cause=crime,
                doc_type="刑事判决书",
                parties=[("P", controller, "被告人")]
                + [("P", p, "被告人") for p in fronts[:2]]
                + [("E", core, "被告单位")],
                amount=sum(inflow.values()),
            )
            for e in [core] + shells[:2]:
                add_case(
                    w,
                    day=g.end + dt.timedelta(days=rng.randint(30, 300)),
                    street=w.ents[e].street,
                    kind="执",
                    cause="民间借贷纠纷",
                    doc_type="失信被执行人" if maybe(rng, 0.5) else "被执行人",
                    parties=[("E", e, "被执行人")],
                    amount=round(rng.uniform(1e5, 2e6), 2),
                )
        for _ in range(rng.randint(1, 5)):
            inv = investors[rng.randrange(len(investors))]
            add_case(
                w,
                day=rising_day(rng, g.start, complaint_end + dt.timedelta(days=60)),
                street=hq,
                kind="民初",
                cause=rng.choice(("民间借贷纠纷", "委托理财合同纠纷", "合同纠纷")),
                doc_type="民事判决书",
                parties=[("P", inv, "原告"), ("E", core, "被告"), ("E", parent, "被告")],
                amount=float(rng.randint(5, 80) * 10_000),
            )
        if maybe(rng, 0.6):
            tgt = outlets[rng.randrange(len(outlets))]
            add_penalty(
                w,
                day=rand_date(rng, g.start, g.end),
                target=tgt,
                kind="虚假宣传",
                content="发布含有保本保息、高额回报等内容的虚假广告，责令停止发布并处罚款",
                amount=float(rng.randint(2, 20) * 10_000),
                authority=authority_of(w, w.ents[tgt].street, "市场监督管理局"),
            )
        self._ensure_listed(g, core)
        return g

    def _fund_complaint(
        self, g: Gang, target: int, rates: list[float], fronts: list[int], phones: list[str], honest: int, day: dt.date
    ) -> TextBuilder:
        w, rng = self.w, self.rng
        tb = TextBuilder()
        brand = ("理财", "平台", "财富", "养老") if g.variant == "elderly_care" else ("理财", "平台", "财富")
        invest_day = day - dt.timedelta(days=rng.randint(30, 300))
        amount = float(rng.randint(2, 60) * 10_000)
        tb.t("本人于").e("DATE", date_text(rng, invest_day)).t("经业务员").e("PERSON", w.people.names[fronts[-1]])
        if g.variant == "elderly_care":
            tb.t("介绍，以预订养老床位为名向").e("ORG", self._org(target, brand), w.ents[target].uscc)
            tb.t("交纳了").e("MONEY", money_text(rng, amount)).t("“床位预订款”，对方称每年可返还")
        elif g.variant == "consumption_rebate":
            tb.t("推荐，在").e("ORG", self._org(target, brand), w.ents[target].uscc).t("的商城参加“")
            tb.cue("消费全返", "promise").t("”活动，消费了").e("MONEY", money_text(rng, amount)).t("，对方承诺")
        else:
            tb.t("介绍，在").e("ORG", self._org(target, brand), w.ents[target].uscc).t("购买理财产品")
            tb.e("MONEY", money_text(rng, amount)).t("，对方承诺")
        tb.e("RATE", rate_text(rng, rates[0])).t("，")
        tb.cue(rng.choice(("保本保息", "保本付息", "稳赚不赔", "到期还本")), "promise")
        if maybe(rng, 0.3):
            tb.t("，还说资金由").e("ORG", self._org(honest), w.ents[honest].uscc).t("担保，后经核实对方根本没有合作")
        tb.t("。")
        if g.collapsed and day >= g.end:
            tb.t("自").e("DATE", date_text(rng, g.end)).t("起公司停止兑付，")
            tb.t(rng.choice(("办公地点人去楼空，", "业务员电话关机，", "门店已关门，")))
        else:
            tb.t(rng.choice(("最近几个月利息经常拖延，", "现在要求提前退出被百般推脱，", "我担心资金安全，")))
        tb.t("联系电话").e("PHONE", phones[rng.randrange(len(phones))]).t("。")
        if maybe(rng, 0.4):
            tb.t("该公司位于").e("LOC", self.w.ents[target].address).t("。")
        tb.t(
            rng.choice(
                (
                    "请求有关部门尽快调查处理，帮助追回本金。",
                    "希望政府介入，还有很多老人被骗。",
                    "请相关部门核查该公司是否有金融牌照。",
                )
            )
        )
        return tb

    def _fund_ad(self, g: Gang, adv: int, rates: list[float], phones: list[str], site: str, app: str) -> TextBuilder:
        rng, w = self.rng, self.w
        tb = TextBuilder()
        tb.e("ORG", self._org(adv, ("理财", "财富")), w.ents[adv].uscc).t("隆重推出")
        if g.variant == "elderly_care":
            tb.t("高端养老公寓床位预订，").cue("预订即享", "promise").t("每年")
        elif g.variant == "consumption_rebate":
            tb.t("“").cue("消费全返", "promise").t("”活动，购物满额")
        else:
            tb.t("稳盈系列理财计划，")
        tb.e("RATE", rate_text(rng, max(rates))).t("，").cue(
            rng.choice(("保本保息", "本金无忧", "稳赚不赔")), "promise"
        )
        tb.t("，").e("MONEY", money_text(rng, float(rng.choice((10_000, 50_000, 100_000))))).t("起投")
        if maybe(rng, 0.5):
            tb.t("，").cue("推荐好友再返1%", "recruitment")
        tb.t("！详询").e("PHONE", phones[0]).t("，下载").e("WEBSITE", app).t("或登录").e("WEBSITE", site).t("。")
        return tb

    def _collapse_news(self, g: Gang, day: dt.date, ents: list[int], n_investors: int) -> None:
        rng, w = self.rng, self.w
        title, body = TextBuilder(), TextBuilder()
        p = w.ents[ents[0]]
        title.e("ORG", org_variant(rng, p.name, p.zihao, ("平台",)), p.uscc).t(
            rng.choice(("爆雷", "停止兑付", "涉嫌非法集资被立案"))
        )
        body.e("DATE", date_text(rng, day)).t("，记者从警方获悉，").e("ORG", w.ents[ents[1]].name, w.ents[ents[1]].uscc)
        body.t("以高额回报为诱饵，承诺").e("RATE", rate_text(rng, rng.uniform(12, 24))).t("并")
        body.cue("保本保息", "promise").t("，向社会公众吸收资金，涉及投资人")
        body.t(f"{n_investors * rng.randint(5, 20)}余名，涉案金额约")
        body.e("MONEY", f"{rng.randint(1, 30) / 10 + 0.1:.1f}亿元").t("。目前其位于").e("LOC", w.ents[ents[1]].address)
        body.t("的办公场所已被查封，警方提醒投资者及时报案。")
        add_news(
            w,
            rng,
            day=day,
            title=title,
            body=body,
            mentions=ents,
            source=rng.choice(NEWS_SOURCES),
            sentiment="负面",
            typology=FUND,
            gang=g.gid,
        )

    # -- pyramid ---------------------------------------------------------------------------------------------
    def pyramid(self, variant: str) -> Gang:
        """A platform company and a recruitment tree (>= 3 levels, >= 30 members) with money flowing up."""
        w, rng = self.w, self.rng
        g = self._new_gang(PYRAMID, variant)
        vc = variant == "virtual_currency"
        city = pick_street(w, rng)[:4] + "00"
        hq = pick_street(w, rng, city)
        founded0 = g.start - dt.timedelta(days=rng.randint(30, 300))
        controller = w.people.new(1)[0]
        fronts = w.people.new(rng.randint(1, 3))
        self._person(g, controller, "controller", level=0, upline=None)
        for p in fronts:
            self._person(g, p, "front")
        words = ("区块链科技", "数字科技", "网络科技") if vc else ("电子商务", "生物科技", "健康科技")
        ind = INDUSTRY_BY_CODE["I6513"] if vc else INDUSTRY_BY_CODE["C2761"]
        parent = self._register(
            g,
            "parent",
            street=hq,
            industry=HOLDING if maybe(rng, 0.3) else FIN_INDUSTRY,
            founded=founded0,
            legal_rep=controller,
            capital=rng.choice((1000, 5000)),
            word="投资管理",
            zihao=g.brand,
            paid=0,
        )
        core = self._register(
            g,
            "core",
            street=hq,
            industry=ind,
            founded=founded0,
            legal_rep=fronts[0],
            capital=rng.choice((500, 1000, 3000)),
            word=rng.choice(words),
            zihao=g.brand,
            paid=0,
            address=w.ents[parent].address,
        )
        self._holder(parent, "P", controller, 100.0, founded0)
        self._holder(core, "E", parent, 70.0, founded0)
        self._holder(core, "P", fronts[0], 30.0, founded0)
        self._execs(parent, controller, fronts[-1], None)
        self._execs(core, fronts[0], fronts[-1], fronts[-1])
        shells = []
        for _ in range(rng.randint(1, 2)):
            rep = fronts[rng.randrange(len(fronts))]
            s = self._register(
                g,
                "shell",
                street=pick_street(w, rng, city),
                industry=SHELL_INDUSTRY,
                founded=founded0 + dt.timedelta(days=rng.randint(0, 200)),
                legal_rep=rep,
                capital=100,
                word=rng.choice(SHELL_WORDS),
                paid=0,
                etype=ETYPE_SOLE,
            )
            self._holder(s, "P", rep, 100.0, w.ents[s].founded)
            self._execs(s, rep, controller, None)
            shells.append(s)
        acct = {e: w.ent_account(rng, e) for e, _ in g.ents}
        g.accounts.extend(acct.values())
        # recruitment tree: a chain guarantees depth >= 3, the rest attach to random existing members
        m = rng.randint(30, 120)
        members = w.people.new(m)
        upline: dict[int, int] = {}
        level: dict[int, int] = {controller: 0}
        tree = [controller]
        for i, p in enumerate(members):
            up = tree[i] if i < 3 else tree[rng.randrange(len(tree))]
            upline[p] = up
            level[p] = level[up] + 1
            tree.append(p)
        has_down = set(upline.values())
        fee = rng.choice((3980.0, 6980.0, 19800.0, 5000.0))
        memo = "藏品认购" if vc else rng.choice(("入门费", "会员费", "报单"))
        ctrl_acct = w.person_acct(rng, controller)
        g.accounts.append(ctrl_acct)
        joined: dict[int, dt.date] = {controller: g.start}
        for p in members:
            up = upline[p]
            day = rand_date(rng, max(joined[up], g.start), g.end)
            joined[p] = day
            self._person(g, p, "recruiter" if p in has_down else "member", level=level[p], upline=w.people.ids[up])
            a = w.person_acct(rng, p)
            g.accounts.append(a)
            w.flows.add(a, acct[core], fee, rand_time(rng, day), memo)
            w.flows.add(
                a,
                w.person_acct(rng, up),
                round(fee * rng.uniform(0.1, 0.3), 2),
                rand_time(rng, day),
                rng.choice(("入门费", "返利")),
            )
            if level[p] <= 2 and p in has_down:
                for _ in range(rng.randint(1, 3)):
                    w.flows.add(
                        acct[core],
                        a,
                        round(fee * rng.uniform(0.5, 3), 2),
                        rand_time(rng, rand_date(rng, day, g.end)),
                        rng.choice(("奖金", "返利")),
                    )
        for s in shells:
            w.flows.add(
                acct[core], acct[s], round(fee * m * 0.2, 2), rand_time(rng, rand_date(rng, g.start, g.end)), "往来款"
            )
            w.flows.add(
                acct[s], ctrl_acct, round(fee * m * 0.15, 2), rand_time(rng, rand_date(rng, g.start, g.end)), "往来款"
            )
        app = f"{g.brand}{'数藏' if vc else '优选'}APP"
        g.app = app
        self._website(g, core, "APP", app, g.start)
        if vc:
            self._product(g, core, f"{g.brand}创世数字藏品", round(rng.uniform(50, 300), 1), fee, 1, False, g.start)
        for _ in range(3 + m // 6):
            p = members[rng.randrange(m)]
            day = rising_day(rng, g.start, min(g.end + dt.timedelta(days=60), ACTIVITY_END), 2.0)
            tb = TextBuilder()
            tb.e("DATE", date_text(rng, day - dt.timedelta(days=rng.randint(10, 200)))).t("，我被朋友")
            tb.e("PERSON", w.people.names[upline[p]]).t("拉进").e(
                "ORG", self._org(core, ("平台", "商城")), w.ents[core].uscc
            )
            tb.t("，下载").e("WEBSITE", app).t("后交了").e("MONEY", money_text(rng, fee)).t(
                rng.choice(("入门费", "会员费"))
            )
            if vc:
                tb.t("购买“数字藏品”，说藏品").cue("一个月翻倍", "promise").t("，")
            else:
                tb.t("成为会员，")
            tb.t("对方要求我们").cue(rng.choice(("拉人头", "发展下线", "拉新人入会")), "recruitment")
            tb.t("，").cue(rng.choice(("发展三个下线就能拿返利", "层级越高返利越多", "推荐一人返利30%")), "recruitment")
            tb.t("。现在平台")
            tb.t(rng.choice(("无法提现", "已经关闭", "一直拖着不返钱", "还在继续拉人")) + "，请有关部门调查。")
            add_complaint(w, rng, day=day, target=core, tb=tb, typology=PYRAMID, gang=g.gid, complainant=p)
        for _ in range(rng.randint(2, 5)):
            tb = TextBuilder()
            tb.e("ORG", self._org(core, ("平台",)), w.ents[core].uscc).t("诚招城市合伙人！")
            tb.cue("零门槛创业", "promise").t("，").cue("躺赚返利", "recruitment").t("，")
            tb.cue("推荐越多赚得越多", "recruitment").t("，首单仅需").e("MONEY", money_text(rng, fee))
            tb.t("。下载").e("WEBSITE", app).t("立即加入！")
            add_ad(
                w,
                day=rand_date(rng, g.start, g.end),
                advertiser=core,
                kind="招聘",
                platform=rng.choice(AD_PLATFORMS),
                title="招募城市合伙人",
                tb=tb,
                typology=PYRAMID,
                gang=g.gid,
            )
        if g.collapsed:
            top = [p for p in members if level[p] <= 2 and p in has_down][:4]
            add_case(
                w,
                day=g.end + dt.timedelta(days=rng.randint(90, 360)),
                street=hq,
                kind="刑初",
                cause="组织、领导传销活动",
                doc_type="刑事判决书",
                parties=[("P", controller, "被告人")] + [("P", p, "被告人") for p in top],
                amount=fee * m,
            )
            title, body = TextBuilder(), TextBuilder()
            title.t("警方捣毁").e("ORG", self._org(core, ("平台",)), w.ents[core].uscc).t("网络传销团伙")
            body.e("DATE", date_text(rng, g.end)).t("，公安机关破获一起以").t("“数字藏品”" if vc else "“健康产品”")
            body.t("为幌子的网络传销案，该平台要求会员交纳").e("MONEY", money_text(rng, fee))
            body.t("入门费，以").cue("发展下线", "recruitment").t("数量计算").cue("返利", "recruitment")
            body.t(f"，层级达{max(level.values())}级，涉及会员{m * 50}余人。")
            add_news(
                w,
                rng,
                day=g.end + dt.timedelta(days=rng.randint(1, 30)),
                title=title,
                body=body,
                mentions=[core],
                source=rng.choice(NEWS_SOURCES),
                sentiment="负面",
                typology=PYRAMID,
                gang=g.gid,
            )
        add_penalty(
            w,
            day=rand_date(rng, g.start, g.end),
            target=core,
            kind="传销",
            content="以发展人员数量作为计酬依据，涉嫌传销，没收违法所得并处罚款",
            amount=float(rng.randint(10, 50) * 10_000),
            authority=authority_of(w, w.ents[core].street, "市场监督管理局"),
        )
        self._ensure_listed(g, core)
        return g

    # -- illegal lending -------------------------------------------------------------------------------------
    def lending(self, variant: str) -> Gang:
        """Lender accounts making many small high-rate loans to many (repeat) borrowers, then suing them."""
        w, rng = self.w, self.rng
        g = self._new_gang(LENDING, variant)
        city = pick_street(w, rng)[:4] + "00"
        hq = pick_street(w, rng, city)
        founded0 = g.start - dt.timedelta(days=rng.randint(30, 300))
        controller = w.people.new(1)[0]
        collectors = w.people.new(rng.randint(2, 5))
        self._person(g, controller, "controller")
        for p in collectors:
            self._person(g, p, "lender")
        parent = self._register(
            g,
            "parent",
            street=hq,
            industry=SHELL_INDUSTRY,
            founded=founded0,
            legal_rep=controller,
            capital=rng.choice((500, 1000)),
            word="信息咨询",
            zihao=g.brand,
            paid=0,
        )
        core = self._register(
            g,
            "core",
            street=hq,
            industry=INDUSTRY_BY_CODE["I6513"],
            founded=founded0,
            legal_rep=collectors[0],
            capital=rng.choice((100, 500)),
            word="网络科技",
            zihao=g.brand,
            paid=0,
            address=w.ents[parent].address,
            phone=w.ents[parent].phone,
        )
        self._holder(parent, "P", controller, 100.0, founded0)
        self._holder(core, "P", collectors[0], 60.0, founded0)
        self._holder(core, "P", controller, 40.0, founded0)
        self._execs(parent, controller, collectors[-1], None)
        self._execs(core, collectors[0], collectors[-1], None)
        lenders = [w.ent_account(rng, parent), w.ent_account(rng, core)]
        for _ in range(rng.randint(1, 3)):
            rep = collectors[rng.randrange(len(collectors))]
            s = self._register(
                g,
                "shell",
                street=pick_street(w, rng, city),
                industry=FIN_INDUSTRY,
                founded=founded0 + dt.timedelta(days=rng.randint(0, 200)),
                legal_rep=rep,
                capital=100,
                word=rng.choice(("资产管理", "企业管理咨询")),
                paid=0,
                etype=ETYPE_SOLE,
            )
            self._holder(s, "P", rep, 100.0, w.ents[s].founded)
            self._execs(s, rep, controller, None)
            lenders.append(w.ent_account(rng, s))
        lenders += [w.person_acct(rng, p) for p in [controller, *collectors]]
        g.accounts.extend(lenders)
        app = f"{g.brand}{rng.choice(('借', '贷', '钱包', '速借'))}APP"
        g.app = app
        self._website(g, core, "APP", app, g.start)
        borrowers = w.people.new(rng.randint(30, 100), born_after=1975)
        for b in borrowers:
            self._person(g, b, "borrower")
            ba = w.person_acct(rng, b)
            g.accounts.append(ba)
            for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 4))):
                contract = float(rng.randint(3, 50) * 1000)
                lender = lenders[rng.randrange(len(lenders))]
                day = rand_date(rng, g.start, g.end)
                w.flows.add(
                    lender,
                    ba,
                    round(contract * rng.uniform(0.7, 0.85), -2),
                    rand_time(rng, day),
                    rng.choice(("借款", "放款")),
                )
                for k in range(rng.randint(1, 4)):
                    rd = min(day + dt.timedelta(days=7 * (k + 1) + rng.randint(0, 6)), ACTIVITY_END)
                    w.flows.add(
                        ba,
                        lender,
                        round(contract * rng.uniform(0.3, 0.6), 2),
                        rand_time(rng, rd),
                        rng.choice(("还款", "还款", "服务费", "逾期费", "平台费")),
                    )
        for _ in range(2 + len(borrowers) // 4):
            b = borrowers[rng.randrange(len(borrowers))]
            day = rising_day(rng, g.start, ACTIVITY_END, 1.5)
            contract = float(rng.randint(3, 50) * 1000)
            tb = TextBuilder()
            tb.t("我于").e("DATE", date_text(rng, day - dt.timedelta(days=rng.randint(20, 120)))).t("在")
            tb.e("ORG", self._org(core, ("贷", "金融")), w.ents[core].uscc).t("旗下").e("WEBSITE", app).t("借款")
            tb.e("MONEY", money_text(rng, contract)).t("，实际到账只有").e("MONEY", money_text(rng, contract * 0.75))
            tb.t("，被扣除所谓“服务费”（").cue("砍头息", "usury").t("），合同约定").e(
                "RATE", rng.choice(("年利率24%", "月息2分", "年化23.9%"))
            )
            tb.t("，实际").e("RATE", "日息千分之五").t("。逾期后对方")
            tb.cue(rng.choice(("暴力催收", "爆通讯录", "上门威胁")), "usury").t("，催收电话")
            tb.e("PHONE", w.ents[core].phone or make_mobile(rng)).t("天天骚扰我的家人。这是")
            tb.cue("套路贷", "usury").t("，请求依法处理。")
            add_complaint(w, rng, day=day, target=core, tb=tb, typology=LENDING, gang=g.gid, complainant=b)
        for _ in range(rng.randint(1, 4)):
            tb = TextBuilder()
            tb.e("WEBSITE", app).t("：").cue("无抵押", "lending").t("、").cue("不查征信", "lending").t("，")
            tb.t("最高可借").e("MONEY", money_text(rng, 50_000)).t("，日息低至").e("RATE", "万分之五")
            tb.t("，当天放款！客服").e("PHONE", w.ents[core].phone or make_mobile(rng)).t("。")
            add_ad(
                w,
                day=rand_date(rng, g.start, g.end),
                advertiser=core,
                kind="广告",
                platform=rng.choice(AD_PLATFORMS),
                title="急用钱？秒到账",
                tb=tb,
                typology=LENDING,
                gang=g.gid,
            )
        for _ in range(max(3, len(borrowers) // 3)):
            b = borrowers[rng.randrange(len(borrowers))]
            plaintiff: tuple[str, int] = (
                ("P", collectors[rng.randrange(len(collectors))]) if maybe(rng, 0.6) else ("E", parent)
            )
            add_case(
                w,
                day=rand_date(rng, g.start + dt.timedelta(days=60), ACTIVITY_END),
                street=hq,
                kind="民初",
                cause="民间借贷纠纷",
                doc_type="民事判决书",
                parties=[(plaintiff[0], plaintiff[1], "原告"), ("P", b, "被告")],
                amount=float(rng.randint(3, 50) * 1000),
            )
        if g.collapsed and maybe(rng, 0.5):
            add_case(
                w,
                day=g.end + dt.timedelta(days=rng.randint(60, 300)),
                street=hq,
                kind="刑初",
                cause="诈骗",
                doc_type="刑事判决书",
                parties=[("P", controller, "被告人")] + [("P", p, "被告人") for p in collectors],
                amount=float(len(borrowers) * 20_000),
            )
        self._ensure_listed(g, core)
        return g

    # -- hard negatives --------------------------------------------------------------------------------------
    def legit_group(self, subs: int) -> list[int]:
        """A large legitimate group: parent, wholly owned subsidiaries, branches, intra-group pooling."""
        w, rng = self.w, self.rng
        city = pick_street(w, rng)[:4] + "00"
        hq = pick_street(w, rng, city)
        chairman, cfo, supervisor = w.people.new(3)
        for p, r in ((chairman, "group_chairman"), (cfo, "group_cfo"), (supervisor, "group_supervisor")):
            w.hard_negative_persons[p] = r
        founded0 = rand_date(rng, dt.date(2000, 1, 1), dt.date(2012, 1, 1))
        zihao = w.names.zihao(rng)
        parent = w.add_enterprise(
            rng,
            street=hq,
            industry=HOLDING,
            founded=founded0,
            legal_rep=chairman,
            capital=rng.choice(HOLDING.capital),
            word="控股集团",
            zihao=zihao,
            etype=ETYPE_JOINT,
            joint=True,
            email=f"info@{latin(rng, 5)}group.com",
        )
        members = [parent]
        managers = w.people.new(max(3, subs // 3))
        for p in managers:
            w.hard_negative_persons[p] = "group_manager"
        self._holder(parent, "P", chairman, 60.0, founded0)
        for p in managers[:2]:
            self._holder(parent, "P", p, 20.0, founded0)
        self._execs(parent, chairman, supervisor, cfo)
        for _ in range(subs):
            ind = pick_industry(rng)
            rep = managers[rng.randrange(len(managers))]
            s = w.add_enterprise(
                rng,
                street=pick_street(w, rng),
                industry=ind,
                founded=rand_date(rng, founded0, dt.date(2022, 1, 1)),
                legal_rep=rep,
                capital=rng.choice((1000, 2000, 5000)),
                word=rng.choice(ind.words),
                zihao=zihao,
                etype=ETYPE_CORP,
            )
            self._holder(s, "E", parent, 100.0, w.ents[s].founded)
            self._execs(s, rep, supervisor, cfo)
            members.append(s)
        for _ in range(rng.randint(2, 4)):
            b = self._branch(
                None,
                "",
                parent,
                managers[rng.randrange(len(managers))],
                pick_street(w, rng),
                rand_date(rng, founded0, dt.date(2022, 1, 1)),
            )
            members.append(b)
        pa = w.ent_account(rng, parent)
        for e in members:
            w.ents[e].hard_negative = "legit_group"
            a = w.ent_account(rng, e)
            if e == parent:
                continue
            for _ in range(rng.randint(3, 10)):
                day = rand_date(rng, ACTIVITY_START, ACTIVITY_END)
                w.flows.add(
                    a, pa, round(rng.uniform(5e5, 5e6), 2), rand_time(rng, day), rng.choice(("资金归集", "内部往来"))
                )
            for _ in range(rng.randint(1, 4)):
                day = rand_date(rng, ACTIVITY_START, ACTIVITY_END)
                w.flows.add(pa, a, round(rng.uniform(5e5, 5e6), 2), rand_time(rng, day), "拨款")
        for _ in range(rng.randint(1, 3)):
            title, body = TextBuilder(), TextBuilder()
            pe = w.ents[parent]
            title.e("ORG", pe.name, pe.uscc).t(
                rng.choice(("入选浙江省民营企业百强", "年度营收再创新高", "举办慈善捐赠仪式"))
            )
            day = rand_date(rng, ACTIVITY_START, ACTIVITY_END)
            body.e("DATE", date_text(rng, day)).t("，").e(
                "ORG", org_variant(rng, pe.name, pe.zihao, ("集团",)), pe.uscc
            )
            body.t(f"发布年度报告，旗下{subs}家子公司经营稳健，全年缴纳税款").e("MONEY", f"{rng.randint(2, 40)}亿元").t(
                "。"
            )
            add_news(
                w,
                rng,
                day=day,
                title=title,
                body=body,
                mentions=[parent],
                source=rng.choice(NEWS_SOURCES),
                sentiment="正面",
                typology="other",
                gang=None,
            )
        return members

    def microloan(self) -> int:
        """A licensed 小额贷款公司: many loans at lawful rates and routine suits against defaulters."""
        w, rng = self.w, self.rng
        street = pick_street(w, rng)
        rep, sup, fin = w.people.new(3)
        for p in (rep, sup, fin):
            w.hard_negative_persons[p] = "licensed_lender_staff"
        licence = f"浙金小贷〔{rng.randint(2010, 2020)}〕{rng.randint(1, 99)}号"
        e = w.add_enterprise(
            rng,
            street=street,
            industry=MICROLOAN,
            founded=rand_date(rng, dt.date(2010, 1, 1), dt.date(2018, 1, 1)),
            legal_rep=rep,
            capital=rng.choice(MICROLOAN.capital),
            joint=True,
            word="小额贷款",
            etype=ETYPE_JOINT,
            scope=MICROLOAN.scope.format(licence=licence),
        )
        w.ents[e].hard_negative = "licensed_lender"
        self._holder(e, "P", rep, 40.0, w.ents[e].founded)
        self._holder(e, "P", sup, 30.0, w.ents[e].founded)
        self._holder(e, "P", fin, 30.0, w.ents[e].founded)
        self._execs(e, rep, sup, fin)
        la = w.ent_account(rng, e)
        for b in w.people.new(rng.randint(40, 120), born_after=1965):
            ba = w.person_acct(rng, b)
            amount = float(rng.randint(5, 100) * 1000)
            day = rand_date(rng, ACTIVITY_START, ACTIVITY_END)
            w.flows.add(la, ba, amount, rand_time(rng, day), "贷款发放")
            for k in range(rng.randint(1, 6)):
                rd = min(day + dt.timedelta(days=30 * (k + 1)), ACTIVITY_END)
                w.flows.add(
                    ba, la, round(amount / 6 * (1 + rng.uniform(0.08, 0.15) / 2), 2), rand_time(rng, rd), "贷款还款"
                )
            if maybe(rng, 0.1):
                add_case(
                    w,
                    day=rand_date(rng, day, ACTIVITY_END),
                    street=street,
                    kind="民初",
                    cause="小额借款合同纠纷",
                    doc_type="民事判决书",
                    parties=[("E", e, "原告"), ("P", b, "被告")],
                    amount=amount,
                )
        tb = TextBuilder()
        tb.e("ORG", w.ents[e].name, w.ents[e].uscc).t("（持牌小额贷款机构）提供小微企业经营贷款，年化利率")
        tb.e("RATE", f"{rng.uniform(8, 15):.1f}%").t("起，不超过").e("RATE", f"{4 * LPR_1Y:.1f}%")
        tb.t("，").cue("不承诺保本", "promise", negated=True).t("类投资，谨防冒用我司名义的诈骗。热线")
        tb.e("PHONE", w.ents[e].phone or make_mobile(rng)).t("。")
        add_ad(
            w,
            day=rand_date(rng, ACTIVITY_START, ACTIVITY_END),
            advertiser=e,
            kind="广告",
            platform="微信公众号",
            title="正规持牌 放心借款",
            tb=tb,
            typology="other",
            gang=None,
        )
        return e

    def private_fund(self) -> int:
        """A registered private fund manager: moderate benchmark yields, no guarantee, some unhappy investors."""
        w, rng = self.w, self.rng
        street = pick_street(w, rng)
        rep, sup = w.people.new(2)
        for p in (rep, sup):
            w.hard_negative_persons[p] = "fund_manager_staff"
        licence = f"P10{rng.randint(10_000, 99_999)}"
        e = w.add_enterprise(
            rng,
            street=street,
            industry=PRIVATE_FUND,
            founded=rand_date(rng, dt.date(2014, 1, 1), dt.date(2019, 1, 1)),
            legal_rep=rep,
            capital=rng.choice(PRIVATE_FUND.capital),
            word=rng.choice(PRIVATE_FUND.words),
            scope=PRIVATE_FUND.scope.format(licence=licence),
        )
        w.ents[e].hard_negative = "licensed_fund"
        self._holder(e, "P", rep, 70.0, w.ents[e].founded)
        self._holder(e, "P", sup, 30.0, w.ents[e].founded)
        self._execs(e, rep, sup, sup)
        for i in range(rng.randint(2, 4)):
            self._product(
                None,
                e,
                f"{w.ents[e].zihao}稳健成长{i + 1}号私募股权投资基金",
                round(rng.uniform(4.5, 7.0), 1),
                1_000_000.0,
                rng.choice((24, 36, 60)),
                False,
                rand_date(rng, ACTIVITY_START, ACTIVITY_END),
            )
        self._website(None, e, "网站", self._site("网站"), w.ents[e].founded)
        for _ in range(rng.randint(2, 5)):
            day = rand_date(rng, ACTIVITY_START, ACTIVITY_END)
            tb = TextBuilder()
            tb.t("我于").e("DATE", date_text(rng, day - dt.timedelta(days=400))).t("通过").e(
                "ORG", self._org(e), w.ents[e].uscc
            )
            tb.t("认购私募基金").e("MONEY", money_text(rng, 1_000_000.0)).t("，目前净值下跌亏损")
            tb.e("MONEY", money_text(rng, float(rng.randint(5, 30) * 10_000))).t("。需要说明的是，销售人员当时")
            tb.cue(rng.choice(("并未承诺保本", "没有承诺保本保息", "明确说过不保本")), "promise", negated=True)
            tb.t("，合同也有风险揭示，但我认为风险提示不够充分，希望监管部门核查其适当性管理。")
            add_complaint(w, rng, day=day, target=e, tb=tb, typology="other", gang=None, complainant=None)
        return e

    def busy_honest(self) -> int:
        """A busy, honest consumer business with a stream of ordinary complaints (refunds, service)."""
        w, rng = self.w, self.rng
        ind = rng.choice([INDUSTRY_BY_CODE[c] for c in ("P8399", "R8930", "F5292", "H6210")])
        street = pick_street(w, rng)
        rep = w.people.new(1)[0]
        w.hard_negative_persons[rep] = "honest_business_owner"
        e = w.add_enterprise(
            rng,
            street=street,
            industry=ind,
            founded=rand_date(rng, dt.date(2012, 1, 1), dt.date(2021, 1, 1)),
            legal_rep=rep,
            capital=rng.choice(ind.capital),
            word=rng.choice(ind.words),
        )
        w.ents[e].hard_negative = "busy_honest"
        self._holder(e, "P", rep, 100.0, w.ents[e].founded)
        self._execs(e, rep, w.people.new(1)[0], None)
        what = {"P8399": "报名课程", "R8930": "办理健身年卡", "F5292": "网购商品", "H6210": "办理储值卡"}[ind.code]
        for _ in range(rng.randint(10, 30)):
            day = rand_date(rng, ACTIVITY_START, ACTIVITY_END)
            tb = TextBuilder()
            tb.t("本人于").e("DATE", date_text(rng, day - dt.timedelta(days=rng.randint(10, 200)))).t("在")
            tb.e("ORG", self._org(e), w.ents[e].uscc).t(what).t("，支付").e(
                "MONEY", money_text(rng, float(rng.randint(5, 300) * 100))
            )
            tb.t("，现申请退费").t(rng.choice(("商家一直拖延", "被要求扣除高额手续费", "客服不回复")))
            if maybe(rng, 0.3):
                tb.t("。说明一下，商家").cue(
                    rng.choice(("并未承诺保本", "没说过高额回报", "并没有承诺返利")), "promise", negated=True
                ).t("，只是服务问题")
            tb.t("。联系电话").e("PHONE", w.ents[e].phone or make_mobile(rng)).t("，请协调处理。")
            add_complaint(w, rng, day=day, target=e, tb=tb, typology="other", gang=None, complainant=None)
        return e


def all_industries() -> tuple[Industry, ...]:
    """Every industry the generator can assign (for documentation)."""
    return (*INDUSTRIES, MICROLOAN, PRIVATE_FUND, HOLDING)
