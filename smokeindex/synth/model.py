"""In-memory world model shared by the planting, background and emitting steps."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from smokeindex.synth.companies import ETYPE_PERSON, Industry, NameBook, city_short
from smokeindex.synth.identifiers import make_usccs
from smokeindex.synth.people import PersonPool
from smokeindex.synth.regions import RegionTree

ACTIVITY_START = dt.date(2022, 1, 1)
ACTIVITY_END = dt.date(2024, 12, 31)
LPR_1Y = 3.45

# Transfer memo codes (index into MEMOS).
MEMOS = (
    "货款",
    "工资",
    "报销",
    "转账",
    "房租",
    "服务费",
    "还款",
    "消费",
    "",  # 0-8 background
    "理财款",
    "投资款",
    "认购款",
    "往来款",
    "资金归集",
    "收益",
    "利息",
    "分红",  # 9-16 fundraising
    "入门费",
    "会员费",
    "报单",
    "奖金",
    "返利",  # 17-21 pyramid
    "借款",
    "放款",
    "服务费",
    "逾期费",
    "平台费",  # 22-26 lending
    "内部往来",
    "拨款",
    "贷款发放",
    "贷款还款",  # 27-30 legitimate
    "养老床位款",
    "会员充值",
    "购物款",
    "藏品认购",
    "矿机款",  # 31-35 variants
)
MEMO = {m: i for i, m in enumerate(MEMOS) if m}

BANKS = (
    ("中国工商银行", "622202", "120202"),
    ("中国建设银行", "621700", "330501"),
    ("中国农业银行", "622848", "190301"),
    ("中国银行", "621661", "356758"),
    ("招商银行", "622588", "571908"),
    ("杭州银行", "621237", "330104"),
    ("浙商银行", "621768", "331001"),
    ("浙江农商银行", "623091", "201000"),
)


@dataclass(slots=True)
class Ent:
    """One registered enterprise."""

    idx: int
    uscc: str
    name: str
    zihao: str
    legal_rep: int
    capital: float
    paid: float
    founded: dt.date
    status: str
    scope: str
    address: str
    street: str
    industry: str
    etype: str
    phone: str | None
    email: str | None
    gang: int = -1
    role: str = ""
    hard_negative: str = ""


@dataclass(slots=True)
class Gang:
    """A planted scheme and everything that belongs to it (the ground truth)."""

    gid: str
    typology: str
    variant: str
    start: dt.date
    end: dt.date
    collapsed: bool
    brand: str
    app: str = ""
    ents: list[tuple[int, str]] = field(default_factory=list)
    persons: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)
    accounts: list[int] = field(default_factory=list)
    products: list[str] = field(default_factory=list)
    websites: list[str] = field(default_factory=list)


@dataclass
class Accounts:
    """Bank accounts, columnar."""

    numbers: list[str] = field(default_factory=list)
    banks: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)  # "E" enterprise, "P" person
    holders: list[int] = field(default_factory=list)
    opened: list[dt.date] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.numbers)


@dataclass
class Flows:
    """Explicit (non-bulk) transfers: account indices, amount in cents, unix seconds, memo code."""

    src: list[int] = field(default_factory=list)
    dst: list[int] = field(default_factory=list)
    cents: list[int] = field(default_factory=list)
    ts: list[int] = field(default_factory=list)
    memo: list[int] = field(default_factory=list)

    def add(self, src: int, dst: int, yuan: float, when: dt.datetime, memo: str) -> None:
        """Record one transfer."""
        self.src.append(src)
        self.dst.append(dst)
        self.cents.append(round(yuan * 100))
        self.ts.append(int(when.replace(tzinfo=dt.UTC).timestamp()))
        self.memo.append(MEMO[memo])


@dataclass
class World:
    """The whole synthetic world before it is written out."""

    n: int
    seed: int
    regions: RegionTree
    people: PersonPool
    names: NameBook = field(default_factory=NameBook)
    ents: list[Ent] = field(default_factory=list)
    shareholders: list[tuple[int, str, int, float, float, dt.date]] = field(default_factory=list)
    executives: list[tuple[int, int, str]] = field(default_factory=list)
    branches: list[tuple[int, int]] = field(default_factory=list)
    accounts: Accounts = field(default_factory=Accounts)
    ent_accounts: dict[int, list[int]] = field(default_factory=dict)
    person_account: dict[int, int] = field(default_factory=dict)
    products: list[dict[str, Any]] = field(default_factory=list)
    websites: list[dict[str, Any]] = field(default_factory=list)
    penalties: list[dict[str, Any]] = field(default_factory=list)
    judicial: list[dict[str, Any]] = field(default_factory=list)
    complaints: list[dict[str, Any]] = field(default_factory=list)
    news: list[dict[str, Any]] = field(default_factory=list)
    ads: list[dict[str, Any]] = field(default_factory=list)
    flows: Flows = field(default_factory=Flows)
    # registry changes: enterprise, date, item as delivered (法定代表人, 住所 …), before, after
    changes: list[tuple[int, dt.date, str, str, str]] = field(default_factory=list)
    gangs: list[Gang] = field(default_factory=list)
    hard_negative_persons: dict[int, str] = field(default_factory=dict)
    _branch_names: dict[tuple[str, str], str] = field(default_factory=dict)

    def add_enterprise(
        self,
        rng: random.Random,
        *,
        street: str,
        industry: Industry,
        founded: dt.date,
        legal_rep: int,
        capital: float,
        word: str | None = None,
        zihao: str | None = None,
        name: str | None = None,
        status: str = "存续",
        etype: str = ETYPE_PERSON,
        phone: str | None = None,
        email: str | None = None,
        address: str | None = None,
        joint: bool = False,
        scope: str | None = None,
        paid: float | None = None,
        paren_city: bool = False,
    ) -> int:
        """Register an enterprise and return its index."""
        from smokeindex.synth.companies import make_address, make_landline, make_mobile

        idx = len(self.ents)
        if name is None:
            name, zihao = self.names.make(
                rng,
                city_short(self.regions, street),
                word or industry.words[0],
                zihao=zihao,
                joint=joint,
                paren_city=paren_city,
            )
        else:
            self.names.reserve(name)  # callers passing a name have already checked it is free
        uscc = make_usccs([idx], [street[:6]], [founded.year >= 2015], self.seed)[0]
        if phone is None and rng.random() < 0.9:
            area = self.regions.area_codes[self.regions.city_of(street).code]
            phone = make_mobile(rng) if rng.random() < 0.6 else make_landline(rng, area)
        ent = Ent(
            idx=idx,
            uscc=uscc,
            name=name,
            zihao=zihao or "",
            legal_rep=legal_rep,
            capital=capital,
            paid=capital if paid is None else paid,
            founded=founded,
            status=status,
            scope=scope or industry.scope,
            address=address or make_address(rng, self.regions, street),
            street=street,
            industry=industry.code,
            etype=etype,
            phone=phone,
            email=email,
        )
        self.ents.append(ent)
        return idx

    def add_account(self, rng: random.Random, kind: str, holder: int, opened: dt.date) -> int:
        """Open a bank account for an enterprise ("E") or person ("P") and return its index."""
        i = len(self.accounts)
        scrambled = (i * 6_180_339_887 + 12_345 + self.seed * 97) % 10**10
        bank, card_bin, corp = BANKS[rng.randrange(len(BANKS))]
        if kind == "E":
            number = f"{corp}{rng.randint(100, 999)}{scrambled:010d}"
            street = self.ents[holder].street
        else:
            number = f"{card_bin}{rng.randint(100, 999)}{scrambled:010d}"
            street = self.regions.streets[rng.randrange(len(self.regions.streets))].code
        district = self.regions.district_of(street).name
        branch = self._branch_names.setdefault(
            (bank, street[:6]), f"{bank}{city_short(self.regions, street)}{district.removesuffix('区')}支行"
        )
        a = self.accounts
        a.numbers.append(number)
        a.banks.append(branch)
        a.kinds.append(kind)
        a.holders.append(holder)
        a.opened.append(opened)
        if kind == "E":
            self.ent_accounts.setdefault(holder, []).append(i)
        else:
            self.person_account.setdefault(holder, i)
        return i

    def ent_account(self, rng: random.Random, ent: int) -> int:
        """The (first) account of an enterprise, opening one if needed."""
        accts = self.ent_accounts.get(ent)
        if accts:
            return accts[0]
        return self.add_account(rng, "E", ent, max(self.ents[ent].founded, dt.date(2010, 1, 1)))

    def person_acct(self, rng: random.Random, person: int, opened: dt.date | None = None) -> int:
        """The account of a person, opening one if needed."""
        got = self.person_account.get(person)
        if got is not None:
            return got
        return self.add_account(rng, "P", person, opened or dt.date(2018, 1, 1) + dt.timedelta(rng.randint(0, 1400)))


def rand_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """A uniform date in [start, end]."""
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def rand_time(rng: random.Random, day: dt.date) -> dt.datetime:
    """A time of day on ``day``, skewed to business hours."""
    hour = rng.choice((9, 10, 10, 11, 11, 13, 14, 14, 15, 16, 17, 19, 21, 23, 2))
    return dt.datetime(day.year, day.month, day.day, hour, rng.randint(0, 59), rng.randint(0, 59))
