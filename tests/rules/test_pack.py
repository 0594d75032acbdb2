"""Every rule of the pack on its positive and negative fixture graphs, on both real stores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from smokeindex.demo.sample import load_graph
from smokeindex.graph import GraphStore, NodeRef
from smokeindex.rules import RuleRunner, load_pack

FIXTURES = Path(__file__).resolve().parents[2] / "smokeindex" / "rules" / "fixtures"
PACK = load_pack()


def _fixture(rule_id: str) -> dict[str, Any]:
    path = FIXTURES / f"{rule_id}.yaml"
    assert path.is_file(), f"rule {rule_id} has no fixture file {path.name}"
    return dict(yaml.safe_load(path.read_text(encoding="utf-8")))


def _run(store: GraphStore, rule_id: str, graph: dict[str, Any], as_of: str | None = None) -> dict[NodeRef, Any]:
    """Hits of one rule on a fixture graph; a fixture with dated records fixes the run's date (``as_of``)."""
    store.clear()
    load_graph(store, graph, source=f"fixture/{rule_id}")
    result = RuleRunner(store, {rule_id: PACK[rule_id]}, as_of=as_of).run(only=[rule_id], write=False)
    assert result.outcomes[0].error is None, result.outcomes[0].error
    return {h.subject: h for h in result.hits}


@pytest.mark.parametrize("rule_id", sorted(PACK))
def test_rule_fires_on_its_positive_fixture(store: GraphStore, rule_id: str) -> None:
    case = _fixture(rule_id)["positive"]
    hits = _run(store, rule_id, case["graph"], case.get("as_of"))
    for label, key in case["expect"]:
        hit = hits.get(NodeRef(label, str(key)))
        assert hit is not None, f"{rule_id} did not fire on {label} {key}; hits: {list(hits)}"
        assert hit.evidence_nodes, f"{rule_id} hit without evidence"
        assert "{" not in hit.explanation, f"{rule_id} explanation has an unfilled placeholder: {hit.explanation}"
        assert 0 < hit.contribution <= 1


@pytest.mark.parametrize("rule_id", sorted(PACK))
def test_rule_stays_silent_on_its_negative_fixture(store: GraphStore, rule_id: str) -> None:
    case = _fixture(rule_id)["negative"]
    hits = _run(store, rule_id, case["graph"], case.get("as_of"))
    for label, key in case["expect_not"]:
        assert NodeRef(label, str(key)) not in hits, f"{rule_id} fired on its negative fixture: {label} {key}"


def test_docs_list_every_rule() -> None:
    """docs/rules.md lists the pack: every rule id with its name, and the count."""
    docs = (FIXTURES.parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")
    assert f"## The pack ({len(PACK)} rules)" in docs
    for rule_id, rule in PACK.items():
        assert f"| {rule_id} | {rule.name} |" in docs, f"{rule_id} is missing from docs/rules.md"
