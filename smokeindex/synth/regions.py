"""The built-in GB/T 2260-style region hierarchy (province → city → district → street → community)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

LEVEL_ZH = {"province": "省", "city": "市", "district": "区县", "street": "街道", "community": "社区"}


@dataclass(frozen=True, slots=True)
class Region:
    """One administrative division."""

    code: str
    name: str
    level: str
    parent: str | None


@dataclass(frozen=True)
class RegionTree:
    """The hierarchy plus lookups the generator needs."""

    regions: tuple[Region, ...]
    by_code: dict[str, Region]
    area_codes: dict[str, str]
    roads: dict[str, tuple[str, ...]]
    birthplaces: tuple[tuple[str, int], ...]
    streets: tuple[Region, ...] = field(default=())
    districts: tuple[Region, ...] = field(default=())

    def city_of(self, code: str) -> Region:
        """The city containing a district, street or community."""
        r = self.by_code[code]
        while r.level != "city":
            assert r.parent is not None
            r = self.by_code[r.parent]
        return r

    def district_of(self, street_code: str) -> Region:
        """The district containing a street."""
        return self.by_code[street_code[:6]]

    def full_name(self, street_code: str) -> str:
        """Province + city + district + street names, e.g. 浙江省杭州市西湖区文新街道."""
        parts: list[str] = []
        r: Region | None = self.by_code[street_code]
        while r is not None:
            parts.append(r.name)
            r = self.by_code[r.parent] if r.parent else None
        return "".join(reversed(parts))


@cache
def load_regions() -> RegionTree:
    """Load the packaged region data (cached)."""
    raw = json.loads(resources.files("smokeindex.synth").joinpath("data/regions.json").read_text("utf-8"))
    regions = tuple(Region(r["code"], r["name"], r["level"], r["parent"]) for r in raw["regions"])
    by_code = {r.code: r for r in regions}
    area = {r["code"]: r["area_code"] for r in raw["regions"] if r["level"] == "city"}
    roads = {r["code"]: tuple(r["roads"]) for r in raw["regions"] if r["level"] == "city"}
    births = tuple((code, int(v[1])) for code, v in raw["birthplace_codes"].items())
    return RegionTree(
        regions=regions,
        by_code=by_code,
        area_codes=area,
        roads=roads,
        birthplaces=births,
        streets=tuple(r for r in regions if r.level == "street"),
        districts=tuple(r for r in regions if r.level == "district"),
    )
