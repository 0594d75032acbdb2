"""Registry change history (工商变更记录): when an enterprise changed its legal rep, address, capital, scope or holders.

Planted after the rest of the world from its own random stream (``changes``), so it alters no other file. The current
value of every chain of changes is what ``registry.csv`` shows (the last 法定代表人 change ends at today's legal rep,
the last 住所 change at today's address, the last 注册资本 change at today's capital).

* Gang enterprises: the controller rotates nominee legal reps (the gang's fronts and strangers) and moves the
  registered address, several times within a few months of the scheme's life — shells most often (85%), the core
  platform sometimes, branch fronts and the parent less.
* Honest enterprises: most never change; about one in five changes once or twice over its whole life.
* Hard negatives: ``registry_long_history`` (old enterprises with 4–7 changes, legal rep and address among them,
  spread over years: capital increases, relocations, successions) and ``registry_restructured`` (a takeover that
  changed legal rep, address, capital, shareholders and scope on one day).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from smokeindex.synth.companies import ETYPE_BRANCH, INDUSTRIES, make_address
from smokeindex.synth.dirt import fmt_wan
from smokeindex.synth.model import ACTIVITY_END, World

REP, ADDRESS, CAPITAL, SCOPE, HOLDER = "法定代表人", "住所", "注册资本", "经营范围", "股东"
BRANCH_REP, BRANCH_ADDRESS = "负责人", "经营场所"
HONEST_ITEMS = (SCOPE, CAPITAL, ADDRESS, REP, HOLDER)
HONEST_WEIGHTS = (35, 20, 20, 15, 10)
BRANCH_ITEMS = (SCOPE, ADDRESS, REP)
BRANCH_WEIGHTS = (40, 35, 25)
# probability that a gang enterprise of a role churns its legal rep and address, and how many changes it makes
CHURN = {"shell": (0.85, 3, 6), "core": (0.4, 2, 4), "front": (0.3, 2, 3), "parent": (0.15, 1, 2)}
Change = tuple[int, dt.date, str, str, str]  # enterprise, date, item as delivered, before, after


class _Planter:
    def __init__(self, w: World, rng: random.Random) -> None:
        self.w = w
        self.rng = rng
        self.streets_by_city: dict[str, list[str]] = defaultdict(list)
        for s in w.regions.streets:
            self.streets_by_city[s.code[:4]].append(s.code)

    def _random_name(self, avoid: str) -> str:
        names = self.w.people.names
        while True:
            name = names[self.rng.randrange(len(names))]
            if name != avoid:
                return name

    def _values(self, e: int, item: str, n: int, reps: list[str]) -> list[str]:
        """n + 1 successive values of one item, ending at the enterprise's current value."""
        w, rng, x = self.w, self.rng, self.w.ents[e]
        if item == CAPITAL:
            caps = [x.capital]
            for _ in range(n):
                caps.append(round(caps[-1] * rng.choice((0.2, 0.3, 0.5)), 4))  # capital increases; never 0
            return [f"{fmt_wan(c)}万元" for c in reversed(caps)]
        if item == ADDRESS:
            streets = self.streets_by_city[x.street[:4]]
            values = [x.address]
            for _ in range(n):
                values.append(make_address(rng, w.regions, streets[rng.randrange(len(streets))]))
            return values[::-1]
        if item == SCOPE:
            values = [x.scope]
            for _ in range(n):
                other = INDUSTRIES[rng.randrange(len(INDUSTRIES))].scope
                values.append(other if other != values[-1] else other + "；会议及展览服务")
            return values[::-1]
        if item == REP:
            values = [w.people.names[x.legal_rep]]
            for _ in range(n):
                pool = [r for r in reps if r != values[-1]]
                values.append(
                    pool[rng.randrange(len(pool))] if pool and rng.random() < 0.7 else self._random_name(values[-1])
                )
            return values[::-1]
        values = [self._random_name("")]  # HOLDER: a shareholder leaves, another comes in
        for _ in range(n):
            values.append(self._random_name(values[-1]))
        return values[::-1]

    def record(self, e: int, events: list[tuple[dt.date, str]], reps: list[str] | None = None) -> None:
        """Turn (date, item) events of one enterprise into chained changes."""
        x = self.w.ents[e]
        branch = x.etype == ETYPE_BRANCH
        by_item: dict[str, list[dt.date]] = defaultdict(list)
        for day, item in sorted(events):
            by_item[item].append(day)
        for item, days in by_item.items():
            values = self._values(e, item, len(days), reps or [])
            shown = {REP: BRANCH_REP, ADDRESS: BRANCH_ADDRESS}.get(item, item) if branch else item
            for k, day in enumerate(days):
                self.w.changes.append((e, day, shown, values[k], values[k + 1]))

    def _day(self, lo: dt.date, hi: dt.date) -> dt.date:
        return lo + dt.timedelta(days=self.rng.randint(0, max(0, (hi - lo).days)))

    def gangs(self) -> None:
        w, rng = self.w, self.rng
        for g in w.gangs:
            names = [w.people.names[p] for p, role, _ in g.persons if role in ("front", "executive", "lender")]
            for e, role in g.ents:
                x = w.ents[e]
                p, lo_n, hi_n = CHURN.get(role, (0.0, 0, 0))
                if rng.random() < p:
                    lo = max(x.founded + dt.timedelta(days=20), g.start - dt.timedelta(days=120))
                    hi = min(g.end + dt.timedelta(days=60), ACTIVITY_END)
                    if (hi - lo).days < 30:
                        lo, hi = (
                            x.founded + dt.timedelta(days=20),
                            min(x.founded + dt.timedelta(days=380), ACTIVITY_END),
                        )
                    if (hi - lo).days >= 30:
                        span = min(rng.randint(60, 300), (hi - lo).days)
                        start = self._day(lo, hi - dt.timedelta(days=span))
                        n = rng.randint(lo_n, hi_n)
                        events = [
                            (self._day(start, start + dt.timedelta(days=span)), REP if rng.random() < 0.55 else ADDRESS)
                            for _ in range(n)
                        ]
                        self.record(e, events, names)
                if rng.random() < 0.3 and x.founded + dt.timedelta(days=10) < ACTIVITY_END:
                    self.record(e, [(self._day(x.founded + dt.timedelta(days=10), ACTIVITY_END), SCOPE)])

    def legit_groups(self) -> None:
        """Group subsidiaries change legal rep now and then as managers rotate, years apart."""
        for e, x in enumerate(self.w.ents):
            if x.hard_negative == "legit_group" and self.rng.random() < 0.5:
                self.record(e, self._spread(x.founded, self.rng.randint(1, 3), (REP, ADDRESS, SCOPE)))

    def _spread(self, founded: dt.date, n: int, items: tuple[str, ...]) -> list[tuple[dt.date, str]]:
        """Up to n events at least 400 days apart, cycling through items."""
        rng = self.rng
        day = founded + dt.timedelta(days=rng.randint(200, 600))
        out: list[tuple[dt.date, str]] = []
        offset = rng.randrange(len(items))
        while len(out) < n and day <= ACTIVITY_END:
            out.append((day, items[(offset + len(out)) % len(items)]))
            day += dt.timedelta(days=rng.randint(400, 900))
        return out

    def hard_negatives(self) -> None:
        w, rng = self.w, self.rng
        old = [
            e
            for e, x in enumerate(w.ents)
            if x.gang < 0 and not x.hard_negative and x.etype != ETYPE_BRANCH and x.founded <= dt.date(2016, 12, 31)
        ]
        n_long, n_restructured = max(3, w.n // 1000), max(2, w.n // 2000)
        chosen = rng.sample(old, min(len(old), n_long + n_restructured))
        for e in chosen[:n_long]:
            w.ents[e].hard_negative = "registry_long_history"
            self.record(e, self._spread(w.ents[e].founded, rng.randint(4, 7), (CAPITAL, ADDRESS, REP, SCOPE)))
        for e in chosen[n_long:]:
            w.ents[e].hard_negative = "registry_restructured"
            day = self._day(dt.date(2020, 1, 1), ACTIVITY_END)
            self.record(e, [(day, item) for item in (REP, ADDRESS, CAPITAL, HOLDER, SCOPE)])

    def background(self) -> None:
        rng = self.rng
        for e, x in enumerate(self.w.ents):
            if x.gang >= 0 or x.hard_negative:
                continue
            u = rng.random()
            n = 1 if u < 0.15 else 2 if u < 0.19 else 3 if u < 0.2 else 0
            first = x.founded + dt.timedelta(days=30)
            if n == 0 or first > ACTIVITY_END:
                continue
            branch = x.etype == ETYPE_BRANCH
            items = rng.choices(
                BRANCH_ITEMS if branch else HONEST_ITEMS, BRANCH_WEIGHTS if branch else HONEST_WEIGHTS, k=n
            )
            self.record(e, [(self._day(first, ACTIVITY_END), item) for item in items])


def plant_changes(w: World, rng: random.Random) -> None:
    """Fill ``w.changes`` (gangs, hard negatives, legitimate groups, then the honest background)."""
    p = _Planter(w, rng)
    p.gangs()
    p.hard_negatives()
    p.legit_groups()
    p.background()
