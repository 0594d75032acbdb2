"""Education statistics by region, and targeting: which districts to educate first, given where warnings cluster.

Both are scoped to the viewer's jurisdiction (a requested region outside it is refused, a wider one narrowed), as the
warning lists are. Statistics group by the next region level down (province → city → district → street →
community); targeting groups by district (or by the viewer's own area when it is smaller than a district).

Targeting weighs each district's warnings of the latest scoring run, ``W = 5·红 + 3·橙 + 1·黄 + 0.5·蓝``, against the
education that reached it in the window, ``R = activity audience + active residents``, as ``P = W / (1 + R / 100)``:
a hundred people reached halves a district's priority. The top districts by ``P`` are suggested first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from smokeindex.education import queries as q
from smokeindex.education.models import (
    ACTIVITY_KINDS,
    ContentReads,
    DistrictPriority,
    EducationStats,
    RegionEducation,
    Targeting,
)
from smokeindex.education.service import day_start, iso, now
from smokeindex.graph import GraphStore
from smokeindex.query.viewer import Viewer
from smokeindex.query.warnings import resolve_run
from smokeindex.security.roles import jurisdiction_prefix, region_code_of

BANDS = ("0–19", "20–39", "40–59", "60–79", "80–100")
#: The length of a region prefix one level down (province 2 → city 4 → district 6 → street 9 → community 12).
CHILD_LEN = {0: 2, 2: 4, 4: 6, 6: 9, 9: 12, 12: 12}
LEVEL_OF_LEN = {2: "province", 4: "city", 6: "district", 9: "street", 12: "community"}
GRADE_WEIGHTS: dict[str, float] = {"红": 5.0, "橙": 3.0, "黄": 1.0, "蓝": 0.5}
REACH_SCALE = 100
TOPICS = {
    "illegal_fundraising": "非法集资识别（保本保息、养老投资）",
    "pyramid_scheme": "传销识别（拉人头、入门费）",
    "illegal_lending": "非法放贷与套路贷识别",
}
FORMULA = "P = W / (1 + R / 100)；W = 5×红 + 3×橙 + 1×黄 + 0.5×蓝；R = 活动受众人次 + 活跃居民数"


def _window(since: date | None, until: date | None) -> tuple[str, str]:
    """String bounds on stored Beijing times: ``since`` inclusive, ``until`` inclusive of its whole day."""
    return (day_start(since) if since else "", day_start(until + timedelta(days=1)) if until else "9999")


@dataclass
class _Tally:
    residents: int = 0
    literacy_total: float = 0.0
    bands: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BANDS, 0))
    active: int = 0
    readings: int = 0
    seconds: int = 0
    attempts: int = 0
    score_total: float = 0.0
    activities: int = 0
    by_kind: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ACTIVITY_KINDS, 0))
    audience: int = 0
    covered: int | None = None
    known: int | None = None

    def add(self, other: _Tally) -> None:
        for name in ("residents", "literacy_total", "active", "readings", "seconds", "attempts", "score_total"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.activities += other.activities
        self.audience += other.audience
        for band, n in other.bands.items():
            self.bands[band] += n
        for kind, n in other.by_kind.items():
            self.by_kind[kind] = self.by_kind.get(kind, 0) + n

    def public(self, code: str, name: str | None) -> RegionEducation:
        return RegionEducation(
            region_code=code,
            region_name=name,
            residents=self.residents,
            active_residents=self.active,
            readings=self.readings,
            reading_seconds=self.seconds,
            quiz_attempts=self.attempts,
            quiz_avg_score=round(self.score_total / self.attempts, 1) if self.attempts else None,
            literacy_avg=round(self.literacy_total / self.residents, 1) if self.residents else None,
            literacy_distribution=dict(self.bands),
            activities=self.activities,
            activities_by_kind=dict(self.by_kind),
            audience=self.audience,
            reach=self.audience + self.active,
            covered_subregions=self.covered,
            known_subregions=self.known,
            coverage_rate=round(self.covered / self.known, 4) if self.known and self.covered is not None else None,
        )


def _region_names(store: GraphStore, codes: list[str]) -> dict[str, str]:
    if not codes:
        return {}
    return {str(r["code"]): str(r["name"]) for r in store.read(q.REGION_NAMES, {"codes": sorted(set(codes))})}


def _coverage(store: GraphStore, prefix: str, length: int, since: str, until: str) -> dict[str, tuple[int, int]]:
    """For groups of ``length`` under ``prefix``: (covered, known) subregions one level down, where known means a
    Region node of that level is in the graph and covered means it had an activity in the window."""
    sub = CHILD_LEN[length]
    if sub == length:
        return {}
    known = [
        jurisdiction_prefix(str(r["code"]))
        for r in store.read(q.REGIONS_AT_LEVEL, {"prefix": prefix, "level": LEVEL_OF_LEN[sub]})
    ]
    covered = {
        str(r["region"])
        for r in store.read(q.STATS_COVERED, {"prefix": prefix, "glen": sub, "since": since, "until": until})
    }
    out: dict[str, tuple[int, int]] = {}
    for p in known:
        if len(p) != sub:
            continue  # a code that does not name a region of that level (e.g. a 6-digit code ending in 00)
        c, k = out.get(p[:length], (0, 0))
        out[p[:length]] = (c + (p in covered), k + 1)
    return out


def education_stats(
    store: GraphStore,
    *,
    viewer: Viewer,
    region: str | None = None,
    since: date | None = None,
    until: date | None = None,
    top: int = 10,
) -> EducationStats:
    """Coverage, participants, reading, quiz and literacy-score distribution, and activity counts, for the region
    (default: the whole jurisdiction) and for each region one level down.

    Residents are counted where they live (registered before ``until``), with their current literacy score;
    readings, quiz attempts and activities are those in the window. Coverage counts the subregions one level down
    that the graph knows (Region nodes) and that had at least one activity in the window.
    """
    prefix = viewer.narrow(region)
    glen = CHILD_LEN[len(prefix)]
    lo, hi = _window(since, until)
    params = {"prefix": prefix, "glen": glen, "since": lo, "until": hi}
    groups: dict[str, _Tally] = {}

    def tally(key: object) -> _Tally:
        return groups.setdefault(str(key or ""), _Tally())

    for r in store.read(q.STATS_RESIDENTS, params):
        t = tally(r["region"])
        n = int(r["n"])
        t.residents += n
        t.bands[str(r["band"])] += n
        t.literacy_total += float(r["total"] or 0.0)
    for r in store.read(q.STATS_ACTIVE, params):
        tally(r["region"]).active += int(r["n"])
    for r in store.read(q.STATS_READINGS, params):
        t = tally(r["region"])
        t.readings += int(r["n"])
        t.seconds += int(r["seconds"] or 0)
    for r in store.read(q.STATS_ATTEMPTS, params):
        t = tally(r["region"])
        t.attempts += int(r["n"])
        t.score_total += float(r["total"] or 0.0)
    for r in store.read(q.STATS_ACTIVITIES, params):
        t = tally(r["region"])
        n = int(r["n"])
        t.activities += n
        t.by_kind[str(r["kind"])] = t.by_kind.get(str(r["kind"]), 0) + n
        t.audience += int(r["audience"] or 0)
    for key, (covered, known) in _coverage(store, prefix, glen, lo, hi).items():
        t = tally(key)
        t.covered, t.known = covered, known

    totals = _Tally()
    for t in groups.values():
        totals.add(t)
    covered_known = _coverage(store, prefix, len(prefix), lo, hi).get(prefix)
    if covered_known is not None:
        totals.covered, totals.known = covered_known

    codes = {key: region_code_of(key) for key in groups if key}
    names = _region_names(store, [*codes.values(), region_code_of(prefix)] if prefix else list(codes.values()))
    by_region = []
    for key in sorted(groups):
        code = codes.get(key, "")
        name = names.get(code)
        if key == prefix:
            name = f"{name or code}（本级，未细分到下级）"
        by_region.append(groups[key].public(code or "unknown", name))
    top_rows = store.read(q.STATS_TOP_CONTENTS, {**params, "limit": top})
    titles = {str(r["id"]): r["title"] for r in store.read(q.CONTENTS_BY_ID, {"ids": [str(t["id"]) for t in top_rows]})}
    scope_name = names.get(region_code_of(prefix)) if prefix else "全国"
    return EducationStats(
        region_prefix=prefix,
        since=since,
        until=until,
        totals=totals.public(region_code_of(prefix) if prefix else "", scope_name),
        by_region=by_region,
        top_contents=[
            ContentReads(content_id=str(t["id"]), title=titles.get(str(t["id"])), readings=int(t["n"]))
            for t in top_rows
        ],
    )


def targeting(
    store: GraphStore,
    *,
    viewer: Viewer,
    region: str | None = None,
    run_id: str | None = None,
    days: int = 365,
    top: int = 5,
    at: datetime | None = None,
) -> Targeting:
    """Districts ranked for education: warning weight of the scoring run (default the latest) against the reach of
    education in the last ``days``; the first ``top`` with warnings are suggested, each with a Chinese reason.

    Warnings count in the district of their subject's primary region; districts without warnings above normal are
    not listed (there is nothing to target there).
    """
    prefix = viewer.narrow(region)
    glen = max(6, len(prefix))
    run = resolve_run(store, run_id)
    grades: dict[str, dict[str, int]] = {}
    typologies: dict[str, Counter[str]] = {}
    if run is not None:
        for r in store.read(q.TARGET_WARNINGS, {"run": run, "prefix": prefix, "glen": glen}):
            key = str(r["region"])
            counts = grades.setdefault(key, dict.fromkeys(GRADE_WEIGHTS, 0))
            if r["grade"] in counts:
                counts[r["grade"]] += int(r["n"])
            typologies.setdefault(key, Counter()).update({t: int(r["n"]) for t in r["typ"] or []})
    since = iso((at or now()) - timedelta(days=days))
    params = {"prefix": prefix, "glen": glen, "since": since, "until": "9999"}
    activities: dict[str, tuple[int, int]] = {}
    for r in store.read(q.STATS_ACTIVITIES, params):
        n, audience = activities.get(str(r["region"]), (0, 0))
        activities[str(r["region"])] = (n + int(r["n"]), audience + int(r["audience"] or 0))
    active = {str(r["region"]): int(r["n"]) for r in store.read(q.STATS_ACTIVE, params)}

    scored = []
    for key, counts in grades.items():
        weight = sum(GRADE_WEIGHTS[g] * n for g, n in counts.items())
        if weight <= 0:
            continue
        n_act, audience = activities.get(key, (0, 0))
        reach = audience + active.get(key, 0)
        scored.append((weight / (1 + reach / REACH_SCALE), weight, key, n_act, audience, reach))
    scored.sort(key=lambda s: (-s[0], -s[1], s[2]))
    names = _region_names(store, [region_code_of(s[2]) for s in scored])
    items = []
    for rank, (priority, weight, key, n_act, audience, reach) in enumerate(scored, start=1):
        code = region_code_of(key)
        counts = grades[key]
        topics = [TOPICS[t] for t, _ in typologies.get(key, Counter()).most_common() if t in TOPICS]
        suggested = rank <= top
        item = DistrictPriority(
            rank=rank,
            region_code=code,
            region_name=names.get(code),
            warnings=counts,
            warning_weight=weight,
            activities=n_act,
            audience=audience,
            active_residents=active.get(key, 0),
            reach=reach,
            priority=round(priority, 3),
            suggested=suggested,
            focus_topics=topics,
            reason="",
        )
        item.reason = _reason(item, run=run or "", days=days)
        items.append(item)
    return Targeting(
        run_id=run, region_prefix=prefix, window_days=days, grade_weights=GRADE_WEIGHTS, formula=FORMULA, items=items
    )


def _reason(item: DistrictPriority, *, run: str, days: int) -> str:
    w = item.warnings
    name = item.region_name or item.region_code
    text = (
        f"{name}：评分运行 {run} 中有红色预警 {w['红']} 个、橙色 {w['橙']} 个、黄色 {w['黄']} 个、蓝色 {w['蓝']} 个"
        f"（预警权重 {item.warning_weight:g}）；近 {days} 天开展宣教活动 {item.activities} 场、受众 {item.audience} 人次，"
        f"线上学习居民 {item.active_residents} 人（触达 {item.reach} 人次），宣教优先度 {item.priority:g}，排第 {item.rank} 位。"
    )
    if not item.suggested:
        text += "预警较少或宣教已有一定覆盖，保持常态宣教。"
    elif item.reach == 0:
        text += "预警集中且尚无宣教覆盖，建议优先开展宣教。"
    else:
        text += "预警集中而宣教触达相对不足，建议优先加强宣教。"
    if item.focus_topics:
        text += f"建议重点宣讲：{'、'.join(item.focus_topics)}。"
    return text
