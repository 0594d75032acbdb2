"""Registry change history: chains end at the registered values, gang shells churn, honest enterprises rarely do."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import SEED, N
from helpers import dirt_lines, read_csv

from smokeindex.synth import Manifest
from smokeindex.synth.changes import ADDRESS, BRANCH_ADDRESS, BRANCH_REP, CAPITAL, REP
from smokeindex.synth.dirt import fmt_wan
from smokeindex.synth.model import ACTIVITY_END, World
from smokeindex.synth.world import build_world

CHURN_ITEMS = {REP, ADDRESS, BRANCH_REP, BRANCH_ADDRESS}


@pytest.fixture(scope="module")
def w() -> World:
    return build_world(N, SEED)


def _max_in_window(days: list[dt.date], window: int = 365) -> int:
    days = sorted(days)
    return max((sum(1 for d in days[i:] if (d - a).days <= window) for i, a in enumerate(days)), default=0)


def _churn_days(w: World) -> dict[int, list[dt.date]]:
    out: dict[int, list[dt.date]] = defaultdict(list)
    for e, day, item, _b, _a in w.changes:
        if item in CHURN_ITEMS:
            out[e].append(day)
    return out


def test_chains_end_at_the_registered_values(w: World) -> None:
    chains: dict[tuple[int, str], list[tuple[dt.date, str, str]]] = defaultdict(list)
    for e, day, item, before, after in w.changes:
        x = w.ents[e]
        assert x.founded <= day <= ACTIVITY_END, (x.name, day)
        assert before != after
        chains[(e, item)].append((day, before, after))
    assert chains
    for (e, item), steps in chains.items():
        steps.sort(key=lambda s: s[0])
        for (_, _, after), (_, before, _) in zip(steps, steps[1:], strict=False):
            assert before == after  # each change starts where the previous one ended
        x, last = w.ents[e], steps[-1][2]
        if item in (REP, BRANCH_REP):
            assert last == w.people.names[x.legal_rep]
        elif item in (ADDRESS, BRANCH_ADDRESS):
            assert last == x.address
        elif item == CAPITAL:
            assert last == f"{fmt_wan(x.capital)}万元"


def test_shells_churn_and_honest_enterprises_rarely_do(w: World) -> None:
    churn = _churn_days(w)
    shells = [e for e, x in enumerate(w.ents) if x.role == "shell"]
    honest = [e for e, x in enumerate(w.ents) if x.gang < 0 and not x.hard_negative]
    churning_shells = sum(1 for e in shells if _max_in_window(churn[e]) >= 3)
    churning_honest = sum(1 for e in honest if _max_in_window(churn[e]) >= 3)
    assert churning_shells >= 0.6 * len(shells)
    assert churning_honest <= 0.01 * len(honest)
    changed = {c[0] for c in w.changes}
    changed_honest = sum(1 for e in honest if e in changed)
    assert 0.1 * len(honest) < changed_honest < 0.3 * len(honest)


def test_hard_negatives_change_often_but_not_in_a_short_window(w: World) -> None:
    churn = _churn_days(w)
    kinds: dict[str, list[int]] = defaultdict(list)
    for e, x in enumerate(w.ents):
        kinds[x.hard_negative].append(e)
    assert len(kinds["registry_long_history"]) >= 3 and len(kinds["registry_restructured"]) >= 2
    for e in kinds["registry_long_history"]:
        items = [c for c in w.changes if c[0] == e]
        assert len(items) >= 2 and _max_in_window(churn[e]) < 3
    for e in kinds["registry_restructured"]:
        items = [c for c in w.changes if c[0] == e]
        assert len({c[1] for c in items}) == 1 and len(items) == 5 and len(churn[e]) == 2


def test_file_matches_the_manifest(world: tuple[Path, Manifest]) -> None:
    root, m = world
    info = m.sources["registry_changes"]
    rows = read_csv(root / info.file)
    assert len(rows) == info.rows
    dirty = dirt_lines(root).get("registry_changes", {})
    invalid = {line for line, (kind, _) in dirty.items() if kind in ("bad_check", "missing_key")}
    duplicates = {line for line, (kind, _) in dirty.items() if kind == "duplicate"}
    assert info.rows == info.records + len(invalid) + len(duplicates)
    assert m.expected_graph["nodes"]["RegistryChange"] == m.expected_graph["relationships"]["HAS_CHANGE"]
    assert 0 < m.expected_graph["nodes"]["RegistryChange"] <= info.records
    assert {"date_format", "fullwidth", "missing"} <= set(m.dirt["registry_changes"]["counts"])
