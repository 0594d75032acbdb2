"""The rule engine: the pack's shape, the file format's checks, parameter errors before anything runs, timeouts,
hits written back as RuleHit nodes, and the evaluation arithmetic."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from smokeindex.demo.sample import SAMPLE_FILE, load_sample
from smokeindex.errors import SchemaError, ValidationFailed
from smokeindex.graph import GraphStore, NodeRef
from smokeindex.rules import DIMENSIONS, RuleRunner, load_pack, load_pack_from
from smokeindex.rules.evaluate import Labels, average_precision, evaluate
from smokeindex.rules.model import PACK_DIR
from smokeindex.rules.runner import Hit, RuleOutcome, RunResult

assert SAMPLE_FILE.is_file()


def test_pack_covers_every_dimension_and_typology() -> None:
    pack = load_pack()
    assert len(pack) >= 40, f"the pack has {len(pack)} rules; the issue asks for at least 40"
    per_dimension = {d: sum(1 for r in pack.values() if r.dimension == d) for d in DIMENSIONS}
    assert min(per_dimension.values()) >= 3, per_dimension
    covered = {t for r in pack.values() for t in r.typologies}
    assert covered >= {"illegal_fundraising", "pyramid_scheme", "illegal_lending"}
    for rule in pack.values():
        assert rule.name and rule.explanation and "$limit" in rule.query


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(PACK_DIR, target)
    return target


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("LIMIT $limit", "LIMIT 10", "LIMIT $limit"),
        ("MATCH (e:Enterprise)\n", "MATCH (e:Enterprise) SET e.x = 1\n", "read-only"),
        ("id: OPE-001", "id: OPE-999", "file name must match"),
        ("dimension: operational", "dimension: operations", "十个维度"),
        ("severity: 0.4", "severity: 4", "(0, 1]"),
        ("/*---", "/*", "YAML header"),
    ],
)
def test_broken_rule_files_are_refused(pack_copy: Path, old: str, new: str, problem: str) -> None:
    path = pack_copy / "operational" / "OPE-001.cypher"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(SchemaError, match="OPE-001") as info:
        load_pack_from(pack_copy)
    assert problem in info.value.errors[0]["problem"] or problem in info.value.detail


def _run_count(store: GraphStore) -> int:
    return int(store.read("MATCH (r:RuleRun) RETURN count(r) AS n")[0]["n"])


@pytest.mark.parametrize(
    ("only", "params", "message"),
    [
        (["NOPE-001"], None, "未知规则"),
        (["OPE-001"], {"OPE-001": {"max_age_days": -5}}, "小于下限"),
        (["OPE-001"], {"OPE-001": {"max_age_days": "365"}}, "应为 integer"),
        (["OPE-001"], {"OPE-001": {"max_age_days": True}}, "应为 integer"),
        (["OPE-001"], {"OPE-001": {"colour": 1}}, "没有参数"),
        (["OPE-001"], {"ASS-001": {"kinds": "传销"}}, "未运行的规则"),
    ],
)
def test_bad_parameters_fail_before_anything_runs(
    store: GraphStore, only: list[str], params: dict | None, message: str
) -> None:
    with pytest.raises(ValidationFailed, match=message):
        RuleRunner(store).run(only=only, params=params)
    assert _run_count(store) == 0


def test_a_rule_that_runs_too_long_is_stopped_and_reported(store: GraphStore, pack_copy: Path) -> None:
    slow = pack_copy / "operational" / "OPE-001.cypher"
    text = slow.read_text(encoding="utf-8")
    head, _, _ = text.partition("---*/")
    slow.write_text(
        head + "---*/\nUNWIND range(1, 200000000) AS x WITH x WHERE x = -1\n"
        "MATCH (e:Enterprise) RETURN e AS subject, 0 AS age, 0 AS registered, 0 AS ratio LIMIT $limit\n",
        encoding="utf-8",
    )
    pack = load_pack_from(pack_copy)
    result = RuleRunner(store, pack, timeout_s=0.5).run(only=["OPE-001", "ASS-001"], write=False)
    outcomes = {o.rule_id: o for o in result.outcomes}
    assert outcomes["OPE-001"].error is not None and outcomes["OPE-001"].seconds < 30
    assert outcomes["ASS-001"].error is None  # the others still run


def test_hits_are_written_back_with_evidence(store: GraphStore) -> None:
    load_sample(store)
    store.update_nodes(
        "Enterprise",
        [{"uscc": "91330106MA2H0AB3XY", "f_age_days": 300, "f_paid_in_ratio": 0.002}],
        provenance=False,
    )
    runner = RuleRunner(store)
    first = runner.run(only=["OPE-001"])
    second = runner.run(only=["OPE-001"], params={"OPE-001": {"min_registered": 100}})
    assert first.run_id != second.run_id
    subject = NodeRef("Enterprise", "91330106MA2H0AB3XY")
    assert [h.subject for h in first.hits] == [subject]
    rows = store.read(
        "MATCH (h:RuleHit)-[:HIT_ON]->(e:Enterprise {uscc: $u}), (h)-[:IN_RUN]->(r:RuleRun) "
        "RETURN h.rule_id AS rule, h.explanation AS text, h.evidence_nodes AS ev, r.run_id AS run, h.contribution AS c",
        {"u": subject.key},
    )
    assert {r["run"] for r in rows} == {first.run_id, second.run_id}
    row = next(r for r in rows if r["run"] == first.run_id)
    assert row["rule"] == "OPE-001" and "杭州鑫盛财富管理有限公司成立仅300天" in row["text"]
    assert row["ev"] == [f"Enterprise:{subject.key}"] and 0 < row["c"] <= 0.4


def test_average_precision_and_ranking_report(tmp_path: Path) -> None:
    assert average_precision([1, 0, 1, 0], 2) == pytest.approx((1 / 1 + 2 / 3) / 2)
    assert average_precision([0, 0], 0) == 0.0
    labels_csv = tmp_path / "labels.csv"
    labels_csv.write_text(
        "entity_type,id,label,typology\nenterprise,A,1,illegal_fundraising\nenterprise,B,0,\n"
        "enterprise,C,1,pyramid_scheme\nperson,P,1,pyramid_scheme\n",
        encoding="utf-8",
    )
    hit = Hit("R1", "business", NodeRef("Enterprise", "A"), "A", 0.5, "")
    miss = Hit("R1", "business", NodeRef("Enterprise", "B"), "B", 0.2, "")
    result = RunResult("run", "t0", "t1", {}, [hit, miss], [RuleOutcome("R1", 2)])
    report = evaluate(result, Labels.read(labels_csv))
    assert report.enterprises == 3 and report.positives == 2
    assert report.rules[0].precision == 0.5 and report.rules[0].recall == 0.5
    assert report.typology_recall == {"illegal_fundraising": 1.0, "pyramid_scheme": 0.0}
    assert report.auprc == pytest.approx((1 + 2 / 3) / 2)
