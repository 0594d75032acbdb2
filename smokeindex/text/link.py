"""Link organisation mentions to enterprises: a HanLP trie of name forms finds the mentions, the ETL's
:class:`~smokeindex.etl.resolve.EnterpriseIndex` decides which enterprise each one is.

The dictionary holds, for every enterprise in the graph, its registered name, the 有限责任公司 variant, the name
without the leading place (君伟资产管理有限公司鹿城分公司), without place and legal form (创汇体育发展), and brand forms
字号 + 理财/平台/财富/优选 … (康纳财富), plus the names of the web sites and apps it operates (aliases). A mention found
by the dictionary or by the extractor's suffix pattern is resolved with the ETL ladder (exact → canonical → loose →
brand → fuzzy), with the whole text as location context. Each link carries a ``role``: ``third_party`` when its clause
says the company only guarantees, cooperates, or was impersonated (资金由…担保, 冒用…名义, 与…无关), else ``subject``.

When the resolver leaves a mention ``ambiguous`` (a brand such as 鑫源 borne by several companies), the text's own
context decides (:meth:`Linker.disambiguate`), from what the graph ties to each candidate: a phone number in the text
that is the candidate's (+5), the candidate's street address (road + number, +4), the name of its district (+2) or,
failing that, its city (+1), and its industry word from the registered name (餐饮, 资产管理 …) outside the mention
(+1). Exactly one candidate with the highest positive evidence is linked (``method="context"``, with the evidence);
otherwise the link stays empty and lists the candidates with their names and evidence, rather than guessing.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from hanlp_trie import Trie

from smokeindex.etl.resolve import _BRAND_WORDS, EnterpriseIndex, EnterpriseRecord, canonical_text, loose_key
from smokeindex.graph.base import GraphStore
from smokeindex.text.extract import Entity
from smokeindex.text.normalize import Compact

Q_ENTERPRISES = "MATCH (e:Enterprise) RETURN e.uscc AS u, e.name AS n, e.region_code AS r"
Q_ALIASES = "MATCH (e:Enterprise)-[:OPERATES]->(w:Website) WHERE w.name IS NOT NULL RETURN e.uscc AS u, w.name AS a"
Q_PLACES = "MATCH (g:Region) RETURN g.name AS n, g.code AS c"
Q_PHONES = "MATCH (e:Enterprise)-[:HAS_PHONE]->(p:Phone) RETURN e.uscc AS u, p.number AS p"
Q_ADDRESSES = "MATCH (e:Enterprise)-[:LOCATED_AT]->(a:Address) RETURN e.uscc AS u, a.text AS a"

MIN_SURFACE = 4
_LEGAL = ("股份有限公司", "有限责任公司", "有限公司", "股份合作公司", "公司")
_THIRD_PARTY = re.compile(r"担保|合作|冒用|冒充|假冒|名义|无关|不是|并非|没有关系|澄清|授权")
_CLAUSE = re.compile(r"[，。；！？,;!?\n]")
_STREET = re.compile(r"[\u4e00-\u9fff]{1,10}?(?:路|街|大道|巷|弄)\d+号")
_REGION_SUFFIX = ("自治县", "新区", "区", "县", "市")


def surfaces(name: str, index: EnterpriseIndex) -> set[str]:
    """The forms under which a registered name is looked for in text (see the module docstring)."""
    full = canonical_text(name)
    out = {full}
    if full.endswith("有限公司") and not full.endswith("股份有限公司"):
        out.add(full.removesuffix("有限公司") + "有限责任公司")
    stripped, _, tokens = index.places.strip(full)
    if tokens:
        out.add(stripped)
    for base in (full, stripped):
        for form in _LEGAL:
            if base.endswith(form):
                out.add(base.removesuffix(form).removesuffix("股份"))
                break
    key = loose_key(full, index.places).key
    if "|" not in key:
        out.add(key)
        zihao, industry = index.split_brand(key)
        # without a learnt industry word (small registries) the usual two-character 字号 is the best guess
        stems = {zihao} if industry else {key[:2]}
        for stem in stems:
            if len(stem) >= 2:
                out.update(stem + w for w in _BRAND_WORDS if len(stem + w) >= MIN_SURFACE)
    return {s for s in out if len(s) >= MIN_SURFACE}


class Linker:
    """Dictionary of name forms (HanLP trie) + the ETL's enterprise index."""

    def __init__(
        self,
        index: EnterpriseIndex,
        aliases: Iterable[str] = (),
        *,
        regions: dict[str, str] | None = None,
        phones: Iterable[tuple[str, str]] = (),
        addresses: Iterable[tuple[str, str]] = (),
    ) -> None:
        """``regions`` maps region codes to names; ``phones`` and ``addresses`` are (USCC, value) pairs from the
        graph, used only to tell apart enterprises that share a name form (see the module docstring)."""
        self.index = index
        self.regions = {k[:6]: v for k, v in (regions or {}).items() if k and v}
        self.phones: dict[str, set[str]] = {}
        for u, phone in phones:
            digits = _digits(phone)
            if len(digits) >= 7:
                self.phones.setdefault(digits, set()).add(canonical_text(u).upper())
        self.streets: dict[str, set[str]] = {}
        for u, address in addresses:
            for street in _STREET.findall(canonical_text(address)):
                self.streets.setdefault(canonical_text(u).upper(), set()).add(street)
        self._pos: dict[str, int] | None = None
        self.trie = Trie()
        for i in range(len(index)):
            for s in surfaces(index._name[i], index):
                self.trie[s] = s
        for alias in aliases:
            a = canonical_text(alias)
            if len(a) >= MIN_SURFACE and not a.isascii():
                self.trie[a] = a

    @classmethod
    def from_records(
        cls,
        records: Iterable[EnterpriseRecord],
        *,
        places: Iterable[str] = (),
        aliases: dict[str, list[str]] | None = None,
        regions: dict[str, str] | None = None,
        phones: Iterable[tuple[str, str]] = (),
        addresses: Iterable[tuple[str, str]] = (),
    ) -> Linker:
        """Build from (uscc, name, region_code, aliases) rows; ``aliases`` maps a USCC to more names (APP names);
        ``regions``, ``phones`` and ``addresses`` are the context for ambiguous mentions (see ``__init__``)."""
        extra = aliases or {}
        rows = [(u, n, r, list(a or ()) + extra.get(u, [])) for u, n, r, a in records]
        places = list(places) + list((regions or {}).values())
        index = EnterpriseIndex(rows, places=places)
        return cls(index, (a for r in rows for a in r[3]), regions=regions, phones=phones, addresses=addresses)

    @classmethod
    def from_store(cls, store: GraphStore) -> Linker:
        """Build from the enterprises, their web sites/apps and the regions in the graph."""
        aliases: dict[str, list[str]] = {}
        for r in store.read(Q_ALIASES):
            aliases.setdefault(r["u"], []).append(str(r["a"]))
        regions = {str(r["c"]): str(r["n"]) for r in store.read(Q_PLACES) if r["n"] and r["c"]}
        phones = [(str(r["u"]), str(r["p"])) for r in store.read(Q_PHONES) if r["u"] and r["p"]]
        addresses = [(str(r["u"]), str(r["a"])) for r in store.read(Q_ADDRESSES) if r["u"] and r["a"]]
        rows = ((r["u"], r["n"], r["r"], None) for r in store.read(Q_ENTERPRISES) if r["u"] and r["n"])
        return cls.from_records(rows, aliases=aliases, regions=regions, phones=phones, addresses=addresses)

    @classmethod
    def from_world(cls, world: Path) -> Linker:
        """Build from a generated world's registry.csv, websites.csv and regions.csv (for evaluation)."""
        aliases: dict[str, list[str]] = {}
        for row in _csv(world / "websites.csv"):
            name = row.get("网站或应用名称") or ""
            if name and not name.isascii():
                aliases.setdefault(row["统一社会信用代码"], []).append(name)
        regions = {row["区划代码"]: row["名称"] for row in _csv(world / "regions.csv") if row.get("区划代码")}
        registry = list(_csv(world / "registry.csv"))
        rows = ((r["统一社会信用代码"], r["企业名称"], r.get("所属区划代码"), None) for r in registry)
        return cls.from_records(
            rows,
            aliases=aliases,
            regions=regions,
            phones=[(r["统一社会信用代码"], r.get("联系电话") or "") for r in registry],
            addresses=[(r["统一社会信用代码"], r.get("住所") or "") for r in registry],
        )

    def dictionary_hits(self, c: Compact) -> list[tuple[int, int, Any]]:
        """Longest dictionary matches in a compact text (spans in the compact text)."""
        return [(a, b, v) for a, b, v in self.trie.parse_longest(c.text)]

    def link(self, entities: list[Entity], text: str) -> None:
        """Resolve every ORG entity in place (``entity.link``); unlinked mentions get a link with ``uscc`` None.

        An ``ambiguous`` decision of the resolver goes to :meth:`disambiguate`; what it cannot settle keeps
        ``uscc`` None and lists ``candidates`` (USCC, name, evidence)."""
        phones = {str(e.value) for e in entities if e.label == "PHONE" and e.value}
        for e in entities:
            if e.label != "ORG":
                continue
            m = self.index.match(e.text, context=text)
            e.link = {
                "uscc": m.uscc,
                "name": m.matched_name,
                "method": m.method,
                "confidence": round(m.score / 100, 3) if m.uscc else 0.0,
                "role": role(text, e.start, e.end),
            }
            if m.uscc or not m.candidates:
                continue
            rest = text[: e.start] + "\n" + text[e.end :]
            scored = self.disambiguate([u for u, _ in m.candidates], rest, phones)
            top = scored[0][1]
            if top > 0 and (len(scored) == 1 or scored[1][1] < top):
                u, _, why = scored[0]
                e.link.update(uscc=u, name=self.index._name[self._index_of(u)], method="context",
                              confidence=round(m.score / 100, 3), evidence=why)  # fmt: skip
            else:
                e.link["candidates"] = [
                    {"uscc": u, "name": self.index._name[self._index_of(u)], "evidence": ev} for u, ev, _ in scored
                ]

    def disambiguate(self, usccs: list[str], text: str, phones: Iterable[str] = ()) -> list[tuple[str, int, list[str]]]:
        """Context evidence for each candidate, strongest first: (USCC, score, reasons in Chinese)."""
        ctx = canonical_text(text)
        in_text = {_digits(p) for p in phones}
        out = []
        for u in usccs:
            i = self._index_of(u)
            score, why = 0, list[str]()
            if any(u in self.phones.get(p, ()) for p in in_text):
                score, why = score + 5, [*why, "电话号码属于该企业"]
            street = next((t for st in self.streets.get(u, ()) if (t := _street_in(st, ctx))), None)
            if street:
                score, why = score + 4, [*why, f"地址“{street}”"]
            code = self.index._region[i] or u[2:8]
            district = self.regions.get(code[:6], "") if code[4:6] != "00" else ""
            city = self.regions.get(code[:4] + "00", "")
            if district and _place_in(district, ctx):
                score, why = score + 2, [*why, f"所在区县“{district}”"]
            elif city and _place_in(city, ctx):
                score, why = score + 1, [*why, f"所在城市“{city}”"]
            key = self.index._keys[i].split("|", 1)[0]
            industry = self.index.split_brand(key)[1] or key[2:]  # small registries: after a two-character 字号
            if len(industry) >= 2 and (industry in ctx or industry[:2] in ctx):
                score, why = score + 1, [*why, f"行业“{industry}”"]
            out.append((u, score, why))
        return sorted(out, key=lambda t: -t[1])

    def _index_of(self, uscc: str) -> int:
        """Position of a USCC in the index (the map is built on the first ambiguous mention)."""
        if self._pos is None:
            self._pos = {u: i for i, u in enumerate(self.index._uscc)}
        return self._pos[uscc]


def role(text: str, start: int, end: int) -> str:
    """``third_party`` when the mention's clause marks the company as guarantor, partner or impersonated; else
    ``subject``."""
    a = max((m.end() for m in _CLAUSE.finditer(text, 0, start)), default=0)
    nxt = _CLAUSE.search(text, end)
    b = nxt.start() if nxt else len(text)
    clause = text[a:start] + text[end:b]
    return "third_party" if _THIRD_PARTY.search(clause) else "subject"


def _digits(phone: str) -> str:
    return "".join(ch for ch in canonical_text(phone) if ch.isdigit())


def _street_in(street: str, ctx: str) -> str | None:
    """The longest tail of a street address (…西湖区文三路100号 → 文三路100号) found in the text, with at least two
    characters of road name before 路/街/…, or None."""
    m = re.search(r"(?:路|街|大道|巷|弄)\d+号$", street)
    if m is None:
        return None
    for k in range(0, m.start() - 1):
        if street[k:] in ctx:
            return street[k:]
    return None


def _place_in(name: str, ctx: str) -> bool:
    """A region name or its short form (西湖区 → 西湖, 杭州市 → 杭州) occurs in the text."""
    if name in ctx:
        return True
    short = next((name.removesuffix(x) for x in _REGION_SUFFIX if name.endswith(x)), name)
    return len(short) >= 2 and short in ctx


def _csv(path: Path) -> Iterator[dict[str, str]]:
    if not path.is_file():
        return
    with path.open(encoding="utf-8-sig", newline="") as fh:
        yield from csv.DictReader(fh)
