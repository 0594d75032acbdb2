"""Link organisation mentions to enterprises: a HanLP trie of name forms finds the mentions, the ETL's
:class:`~smokeindex.etl.resolve.EnterpriseIndex` decides which enterprise each one is.

The dictionary holds, for every enterprise in the graph, its registered name, the 有限责任公司 variant, the name
without the leading place (君伟资产管理有限公司鹿城分公司), without place and legal form (创汇体育发展), and brand forms
字号 + 理财/平台/财富/优选 … (康纳财富), plus the names of the web sites and apps it operates (aliases). A mention found
by the dictionary or by the extractor's suffix pattern is resolved with the ETL ladder (exact → canonical → loose →
brand → fuzzy), with the whole text as location context. Each link carries a ``role``: ``third_party`` when its clause
says the company only guarantees, cooperates, or was impersonated (资金由…担保, 冒用…名义, 与…无关), else ``subject``.
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
Q_PLACES = "MATCH (g:Region) RETURN g.name AS n"

MIN_SURFACE = 4
_LEGAL = ("股份有限公司", "有限责任公司", "有限公司", "股份合作公司", "公司")
_THIRD_PARTY = re.compile(r"担保|合作|冒用|冒充|假冒|名义|无关|不是|并非|没有关系|澄清|授权")
_CLAUSE = re.compile(r"[，。；！？,;!?\n]")


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

    def __init__(self, index: EnterpriseIndex, aliases: Iterable[str] = ()) -> None:
        self.index = index
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
    ) -> Linker:
        """Build from (uscc, name, region_code, aliases) rows; ``aliases`` maps a USCC to more names (APP names)."""
        extra = aliases or {}
        rows = [(u, n, r, list(a or ()) + extra.get(u, [])) for u, n, r, a in records]
        index = EnterpriseIndex(rows, places=places)
        return cls(index, (a for r in rows for a in r[3]))

    @classmethod
    def from_store(cls, store: GraphStore) -> Linker:
        """Build from the enterprises, their web sites/apps and the regions in the graph."""
        aliases: dict[str, list[str]] = {}
        for r in store.read(Q_ALIASES):
            aliases.setdefault(r["u"], []).append(str(r["a"]))
        places = [str(r["n"]) for r in store.read(Q_PLACES) if r["n"]]
        rows = ((r["u"], r["n"], r["r"], None) for r in store.read(Q_ENTERPRISES) if r["u"] and r["n"])
        return cls.from_records(rows, places=places, aliases=aliases)

    @classmethod
    def from_world(cls, world: Path) -> Linker:
        """Build from a generated world's registry.csv, websites.csv and regions.csv (for evaluation)."""
        aliases: dict[str, list[str]] = {}
        for row in _csv(world / "websites.csv"):
            name = row.get("网站或应用名称") or ""
            if name and not name.isascii():
                aliases.setdefault(row["统一社会信用代码"], []).append(name)
        places = [row["名称"] for row in _csv(world / "regions.csv")]
        rows = (
            (r["统一社会信用代码"], r["企业名称"], r.get("所属区划代码"), None) for r in _csv(world / "registry.csv")
        )
        return cls.from_records(rows, places=places, aliases=aliases)

    def dictionary_hits(self, c: Compact) -> list[tuple[int, int, Any]]:
        """Longest dictionary matches in a compact text (spans in the compact text)."""
        return [(a, b, v) for a, b, v in self.trie.parse_longest(c.text)]

    def link(self, entities: list[Entity], text: str) -> None:
        """Resolve every ORG entity in place (``entity.link``); unlinked mentions get a link with ``uscc`` None."""
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
            if not m.uscc and m.candidates:
                e.link["candidates"] = [u for u, _ in m.candidates]


def role(text: str, start: int, end: int) -> str:
    """``third_party`` when the mention's clause marks the company as guarantor, partner or impersonated; else
    ``subject``."""
    a = max((m.end() for m in _CLAUSE.finditer(text, 0, start)), default=0)
    nxt = _CLAUSE.search(text, end)
    b = nxt.start() if nxt else len(text)
    clause = text[a:start] + text[end:b]
    return "third_party" if _THIRD_PARTY.search(clause) else "subject"


def _csv(path: Path) -> Iterator[dict[str, str]]:
    if not path.is_file():
        return
    with path.open(encoding="utf-8-sig", newline="") as fh:
        yield from csv.DictReader(fh)
