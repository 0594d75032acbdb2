"""Helpers shared by the planting and background steps: streets, courts, event records."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from smokeindex.synth.model import ACTIVITY_END, World
from smokeindex.synth.texts import COMPLAINT_CHANNELS, TextBuilder


def pick_street(w: World, rng: random.Random, city: str | None = None) -> str:
    """A random street code, optionally within one city."""
    streets = w.regions.streets
    if city is not None:
        streets = tuple(s for s in streets if s.code.startswith(city[:4]))
    return streets[rng.randrange(len(streets))].code


def court_of(w: World, street: str) -> tuple[str, str]:
    """The basic people's court of the district containing a street: (code like 浙0106, name)."""
    district = w.regions.district_of(street)
    city = w.regions.city_of(street)
    return f"浙{district.code[2:6]}", f"{city.name}{district.name}人民法院"


def mask_name(name: str) -> str:
    """A complainant's name as the hotline records it, e.g. 王**."""
    return name[0] + "*" * (len(name) - 1)


def add_complaint(
    w: World,
    rng: random.Random,
    *,
    day: dt.date,
    target: int,
    tb: TextBuilder,
    typology: str,
    gang: str | None,
    complainant: int | None,
) -> None:
    """Record a complaint event with its rendered text."""
    w.complaints.append(
        {
            "date": min(day, ACTIVITY_END),
            "target": target,
            "channel": rng.choice(COMPLAINT_CHANNELS),
            "text": tb.text(),
            "entities": tb.entities,
            "cues": tb.cues,
            "typology": typology,
            "gang": gang,
            "complainant": mask_name(w.people.names[complainant]) if complainant is not None else "匿名",
        }
    )


def add_news(
    w: World,
    rng: random.Random,
    *,
    day: dt.date,
    title: TextBuilder,
    body: TextBuilder,
    mentions: list[int],
    source: str,
    sentiment: str,
    typology: str,
    gang: str | None,
) -> None:
    """Record a news / public-opinion item."""
    w.news.append(
        {
            "date": min(day, ACTIVITY_END),
            "title": title,
            "body": body,
            "mentions": mentions,
            "source": source,
            "sentiment": sentiment,
            "typology": typology,
            "gang": gang,
        }
    )


def add_ad(
    w: World,
    *,
    day: dt.date,
    advertiser: int,
    kind: str,
    platform: str,
    title: str,
    tb: TextBuilder,
    typology: str,
    gang: str | None,
) -> None:
    """Record an advertisement or job posting."""
    w.ads.append(
        {
            "date": min(day, ACTIVITY_END),
            "advertiser": advertiser,
            "kind": kind,
            "platform": platform,
            "title": title,
            "tb": tb,
            "typology": typology,
            "gang": gang,
        }
    )


def add_case(
    w: World,
    *,
    day: dt.date,
    street: str,
    kind: str,
    cause: str,
    doc_type: str,
    parties: list[tuple[str, int, str]],
    amount: float | None,
) -> None:
    """Record a judicial case; ``kind`` is 民初 / 刑初 / 执 and parties are (E|P, index, role)."""
    if day > ACTIVITY_END:
        return
    w.judicial.append(
        {
            "date": day,
            "court": court_of(w, street),
            "kind": kind,
            "cause": cause,
            "doc_type": doc_type,
            "parties": parties,
            "amount": amount,
        }
    )


def add_penalty(w: World, *, day: dt.date, target: int, kind: str, content: str, amount: float, authority: str) -> None:
    """Record an administrative penalty."""
    if day > ACTIVITY_END:
        return
    w.penalties.append(
        {"date": day, "target": target, "type": kind, "content": content, "amount": amount, "authority": authority}
    )


def rising_day(rng: random.Random, start: dt.date, end: dt.date, power: float = 3.0) -> dt.date:
    """A date in [start, end] whose density rises towards ``end`` (density ∝ t^(power-1))."""
    span = max(1, (end - start).days)
    return start + dt.timedelta(days=int(span * rng.random() ** (1.0 / power)))


def authority_of(w: World, street: str, dept: str) -> str:
    """An authority name in the district, e.g. 杭州市西湖区市场监督管理局."""
    city = w.regions.city_of(street)
    district = w.regions.district_of(street)
    return f"{city.name}{district.name}{dept}"


def latin(rng: random.Random, n: int) -> str:
    """A random lowercase latin handle."""
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(n))


def maybe(rng: random.Random, p: float) -> bool:
    """True with probability p."""
    return rng.random() < p


Record = dict[str, Any]
