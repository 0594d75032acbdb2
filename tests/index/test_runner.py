"""The scoring run on both real stores: dimension sub-scores from RuleHits, Warning nodes with exact decompositions,
grade changes between runs with their causes, downgrade records, first-warned dates and idempotent re-runs."""

from __future__ import annotations

import json
from typing import Any

import pytest

from smokeindex.demo.sample import load_sample
from smokeindex.errors import NotFound, ValidationFailed
from smokeindex.graph import GraphStore, NodeRef
from smokeindex.index.dimensions import read_dimensions
from smokeindex.index.fusion import INPUTS
from smokeindex.index.inputs import NetworkScore
from smokeindex.index.runner import IndexRunner, read_warning
from smokeindex.rules import RuleRunner
from smokeindex.rules.runner import Hit, RuleOutcome, RunResult

E1 = NodeRef("Enterprise", "91330106MA2H0AB3XY")  # 杭州鑫盛财富管理有限公司
E2 = NodeRef("Enterprise", "91330106MA2H0AC4XM")  # 杭州鑫盛养老服务有限公司
E3 = NodeRef("Enterprise", "91330108MA2H0AD5X9")  # 杭州盛通数字科技有限公司
E4 = NodeRef("Enterprise", "91330110MA2H0AE6XU")  # 杭州余杭明远机械制造有限公司
P1 = NodeRef("Person", "P-demo-01")  # 王某强
P3 = NodeRef("Person", "P-demo-03")


def _rule_run(store: GraphStore, run_id: str, started: str, hits: list[tuple[str, str, NodeRef, float]]) -> None:
    """Write a hand-made rule run (rule id, dimension, subject, contribution) as RuleRunner writes real ones."""
    made = [Hit(rule, dim, ref, ref.key, c, f"{rule} 命中") for rule, dim, ref, c in hits]
    outcomes = [RuleOutcome(r) for r in sorted({h.rule_id for h in made})]
    RuleRunner(store, {}).write(RunResult(run_id, started, started, {}, made, outcomes))


def _warnings(store: GraphStore, run_id: str) -> dict[NodeRef, dict[str, Any]]:
    out = store.read(
        "MATCH (w:Warning {run_id: $run})-[:WARNS]->(s), (w)-[:IN_SCORING_RUN]->(r:ScoringRun {run_id: $run}) "
        "RETURN properties(w) AS w, labels(s) AS labels, s.name AS name",
        {"run": run_id},
    )
    found = {NodeRef(r["w"]["subject_label"], r["w"]["subject_key"]): r["w"] for r in out}
    for r in out:  # WARNS points at the party the warning names
        assert r["labels"] == [r["w"]["subject_label"]] and r["name"] == r["w"]["subject_name"]
    return found


def _snapshot(store: GraphStore) -> list[str]:
    rows = store.read("MATCH (n) WHERE n:Warning OR n:ScoringRun RETURN labels(n) AS l, properties(n) AS p")
    rows += store.read(
        "MATCH (w:Warning)-[x]->(n) RETURN w.warning_id AS w, type(x) AS t, properties(x) AS p, labels(n) AS l"
    )
    return sorted(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in rows)


RUN1_HITS = [
    ("PUB-001", "publicity", E1, 0.9),
    ("PUB-002", "publicity", E1, 0.5),
    ("BUS-001", "business", E1, 0.8),
    ("OPE-001", "operational", E2, 0.4),
    ("COM-001", "complaint", E4, 0.1),
]
RUN2_HITS = [
    ("BUS-001", "business", E1, 0.5),
    ("COM-001", "complaint", E4, 0.1),
    ("JUD-001", "judicial", E4, 0.9),
]


def _network1() -> dict[NodeRef, NetworkScore]:
    return {
        E2: NetworkScore(0.3, [{"label": "Person", "key": "P-demo-02", "name": "李某芳", "weight": 0.5}]),
        P1: NetworkScore(0.5),
        P3: NetworkScore(0.0),
        NodeRef("Enterprise", "91110000NOTINGRAPH0"): NetworkScore(0.9),
    }


def _network2() -> dict[NodeRef, NetworkScore]:
    return {
        E2: NetworkScore(0.1),
        E3: NetworkScore(0.7, [{"label": "Person", "key": "P-demo-01", "name": "王某强", "weight": 0.6}]),
    }


def test_dimension_sub_scores_are_the_noisy_or_of_hits(store: GraphStore) -> None:
    load_sample(store)
    _rule_run(store, "rr-1", "2024-01-01T00:00:00+00:00", RUN1_HITS)
    dims = read_dimensions(store)
    assert dims.run_id == "rr-1" and set(dims.subjects) == {E1, E2, E4}
    e1 = dims.subjects[E1]
    assert e1.name == "杭州鑫盛财富管理有限公司" and e1.rule_ids == ["BUS-001", "PUB-001", "PUB-002"]
    assert e1.scores["publicity"] == pytest.approx(1 - 0.1 * 0.5)
    assert e1.scores["business"] == pytest.approx(0.8) and e1.scores["debt"] == 0.0
    with pytest.raises(NotFound, match="rr-9"):
        read_dimensions(store, "rr-9")


def test_two_runs_record_grades_decompositions_and_their_changes(store: GraphStore) -> None:
    load_sample(store)
    runner = IndexRunner(store)
    with pytest.raises(NotFound, match="无可评分"):
        runner.run()
    _rule_run(store, "rr-1", "2024-01-01T00:00:00+00:00", RUN1_HITS)
    steps: list[str] = []
    first = runner.run(_network1(), model_version="gnn-1", progress=lambda i, n, stage: steps.append(stage))
    assert len(steps) == 6 and steps[-1] == "写入评分运行"

    # -- run 1: E1 red (publicity + business), E2 yellow (operational + network), P1 yellow (network only),
    #    E4 and P3 normal (no Warning), the party missing from the graph ignored
    assert first.rule_run_id == "rr-1" and first.previous_run_id is None
    assert first.unknown == [NodeRef("Enterprise", "91110000NOTINGRAPH0")]
    by = {p.subject: p for p in first.parties}
    assert set(by) == {E1, E2, E4, P1, P3}
    assert by[E1].score == pytest.approx(100 * (1 - 0.05 * 0.2)) and by[E1].grade == "红"
    assert by[E2].score == pytest.approx(100 * (1 - 0.6 * 0.7)) and by[E2].grade == "黄"
    assert by[P1].score == pytest.approx(50.0) and by[P1].grade == "黄"
    assert by[E4].grade == "正常" and by[P3].score == 0.0 and by[P3].grade == "正常"
    assert first.counts == {"红": 1, "橙": 0, "黄": 2, "蓝": 0, "正常": 2}
    assert [p.subject for p in first.parties[:3]] == [E1, E2, P1]

    w1 = _warnings(store, first.run_id)
    assert set(w1) == {E1, E2, P1}
    for w in w1.values():
        assert sum(w.get(f"c_{k}", 0.0) for k in INPUTS) == pytest.approx(w["score"], abs=1e-9)
        assert w["change_causes"].startswith("首次评分") and "previous_grade" not in w and not w["grade_changed"]
        assert w["first_warned_at"] == first.started_at
    e1 = w1[E1]
    assert e1["grade"] == "红" and e1["rule_ids"] == ["BUS-001", "PUB-001", "PUB-002"]
    assert e1["c_publicity"] > e1["c_business"] > 0 and e1["c_network"] == 0 and "network_probability" not in e1
    assert w1[E2]["network_probability"] == pytest.approx(0.3) and w1[E2]["network_via"] == ["Person:P-demo-02"]
    assert w1[P1]["subject_name"] == "王某强" and w1[P1]["c_network"] == pytest.approx(50.0)
    run1 = store.read("MATCH (r:ScoringRun) RETURN properties(r) AS r")
    assert len(run1) == 1
    r1 = run1[0]["r"]
    assert (r1["count_red"], r1["count_yellow"], r1["count_normal"], r1["scored"]) == (1, 2, 2, 5)
    assert r1["rule_run_id"] == "rr-1" and r1["model_version"] == "gnn-1"
    assert json.loads(r1["fusion_json"])["weights"]["network"] == 1.0
    assert json.loads(r1["cutoffs_json"]) == {"blue": 20.0, "orange": 60.0, "red": 80.0, "yellow": 40.0}

    # -- between the runs: E1 loses its publicity rules, E2 its rule and most network risk, P1 all its signal;
    #    E4 newly fires a judicial rule, E3 picks up network risk through 王某强
    _rule_run(store, "rr-2", "2024-02-01T00:00:00+00:00", RUN2_HITS)
    second = runner.run(_network2(), model_version="gnn-2")
    assert second.rule_run_id == "rr-2" and second.previous_run_id == first.run_id
    assert second.counts == {"红": 1, "橙": 1, "黄": 1, "蓝": 0, "正常": 2}
    w2 = _warnings(store, second.run_id)
    assert set(w2) == {E1, E2, E3, E4, P1}  # E2 and P1 are downgrade records
    for w in w2.values():
        assert sum(w.get(f"c_{k}", 0.0) for k in INPUTS) == pytest.approx(w["score"], abs=1e-9)

    e1 = w2[E1]
    assert (e1["previous_grade"], e1["grade"], e1["grade_changed"]) == ("红", "黄", True)
    assert e1["previous_score"] == pytest.approx(99.0) and e1["score"] == pytest.approx(50.0)
    assert "等级由红降为黄" in e1["change_causes"] and "不再命中规则：PUB-001" in e1["change_causes"]
    assert "PUB-002" in e1["change_causes"] and "新命中" not in e1["change_causes"]
    assert e1["first_warned_at"] == first.started_at  # still the first warning of this episode

    e2 = w2[E2]
    assert (e2["previous_grade"], e2["grade"]) == ("黄", "正常") and e2["score"] == pytest.approx(10.0)
    assert "不再命中规则：OPE-001" in e2["change_causes"]
    assert (
        "网络模型风险概率由 0.30 降至 0.10" in e2["change_causes"]
        and "不再经由 自然人 P-demo-02" in e2["change_causes"]
    )

    p1 = w2[P1]
    assert (p1["previous_grade"], p1["grade"], p1["score"]) == ("黄", "正常", 0.0)
    assert p1["subject_name"] == "王某强" and "网络模型风险概率由 0.50 降至 0" in p1["change_causes"]

    e4 = w2[E4]
    assert (e4["previous_grade"], e4["grade"], e4["grade_changed"]) == ("正常", "红", True)
    assert "previous_score" not in e4 and e4["first_warned_at"] == second.started_at
    assert "等级由正常升为红" in e4["change_causes"] and "新命中规则：JUD-001" in e4["change_causes"]
    assert "COM-001" not in e4["change_causes"]  # it fired in the previous rule run too

    e3 = w2[E3]
    assert (e3["previous_grade"], e3["grade"]) == ("正常", "橙") and e3["score"] == pytest.approx(70.0)
    assert "网络模型风险概率 0.70，主要经由 自然人 王某强" in e3["change_causes"]
    assert e3["network_via"] == ["Person:P-demo-01"] and e3["c_network"] == pytest.approx(70.0)

    # -- a third run on the same inputs: no grade changes, and the downgraded parties get no warning again
    third = runner.run(_network2())
    w3 = _warnings(store, third.run_id)
    assert set(w3) == {E1, E3, E4}
    assert all(not w["grade_changed"] and w["change_causes"].startswith("与上次评分相比无变化") for w in w3.values())
    assert w3[E1]["first_warned_at"] == first.started_at and w3[E4]["first_warned_at"] == second.started_at

    latest = read_warning(store, E1.key)
    assert latest is not None and latest["run_id"] == third.run_id
    assert read_warning(store, E2.key) == w2[E2]  # its latest warning is the downgrade record
    assert read_warning(store, E1.key, first.run_id) == w1[E1]


def test_rerunning_a_run_id_changes_nothing(store: GraphStore) -> None:
    load_sample(store)
    _rule_run(store, "rr-1", "2024-01-01T00:00:00+00:00", RUN1_HITS)
    runner = IndexRunner(store)
    first = runner.run(_network1())
    _rule_run(store, "rr-2", "2024-02-01T00:00:00+00:00", RUN2_HITS)
    second = runner.run(_network2())
    before = _snapshot(store)
    assert len(before) > 10
    again = runner.run(_network2(), run_id=second.run_id)
    assert again.started_at == second.started_at and again.previous_run_id == first.run_id
    assert _snapshot(store) == before
    # re-running the first run id uses its own rule run, not the latest one
    assert runner.run(_network1(), run_id=first.run_id).rule_run_id == "rr-1"
    assert _snapshot(store) == before
    # a re-run that no longer warns a party removes that party's warning from the run
    runner.run(None, run_id=second.run_id)
    assert E3 not in _warnings(store, second.run_id)
    assert int(store.read("MATCH (w:Warning {subject_key: $k}) RETURN count(w) AS n", {"k": E3.key})[0]["n"]) == 0


def test_dry_run_writes_nothing_and_bad_network_labels_are_refused(store: GraphStore) -> None:
    load_sample(store)
    _rule_run(store, "rr-1", "2024-01-01T00:00:00+00:00", RUN1_HITS)
    result = IndexRunner(store).run(_network1(), write=False)
    assert result.warnings and int(store.read("MATCH (n:Warning) RETURN count(n) AS n")[0]["n"]) == 0
    with pytest.raises(ValidationFailed, match="企业或自然人"):
        IndexRunner(store).run({NodeRef("Product", "PR-demo-01"): NetworkScore(0.5)})
