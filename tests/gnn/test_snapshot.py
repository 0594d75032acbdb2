"""The graph snapshot, exported from both real stores: every party and relationship (minus bookkeeping and regions),
rule hits as features, a content id, and a disk cache that gives back what was saved."""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest
import torch

from smokeindex.demo.sample import load_graph, load_sample
from smokeindex.errors import NotFound
from smokeindex.gnn import snapshot
from smokeindex.gnn.data import GraphData, Labels, Split
from smokeindex.gnn.train import TrainConfig, predict, train
from smokeindex.graph import GraphStore
from smokeindex.rules import RuleRunner

EXCLUDED_LABELS = {"Region", "RuleHit", "RuleRun", "Warning", "ScoringRun"}
EXCLUDED_RELS = {"IN_REGION", "PART_OF", "HIT_ON", "IN_RUN", "WARNS", "IN_SCORING_RUN"}
E1 = "91330106MA2H0AB3XY"  # the sample's fundraising front company
E4 = "91330110MA2H0AE6XU"  # the sample's ordinary manufacturer

TRANSFERS = {
    "nodes": {
        "BankAccount": [
            {"account_number": "6222000011112222", "bank": "测试银行"},
            {"account_number": "6222000033334444", "bank": "测试银行"},
            {"account_number": "6222000055556666", "bank": "测试银行"},
        ]
    },
    "relationships": {
        "HAS_ACCOUNT": [
            ["Enterprise", E1, "BankAccount", "6222000011112222"],
            ["Enterprise", E4, "BankAccount", "6222000055556666"],
        ],
        "TRANSFERRED_TO": [  # two transfers on one pair: one edge, amounts summed
            ["BankAccount", "6222000011112222", "BankAccount", "6222000033334444", {"txn_id": "T1", "amount": 30000.0, "at": "2024-03-01T10:00:00+08:00"}],
            ["BankAccount", "6222000011112222", "BankAccount", "6222000033334444", {"txn_id": "T2", "amount": 50000.0, "at": "2024-03-02T10:00:00+08:00"}],
            ["BankAccount", "6222000033334444", "BankAccount", "6222000055556666", {"txn_id": "T3", "amount": 1200.0, "at": "2024-03-03T10:00:00+08:00"}],
        ],
    },
}  # fmt: skip


def prepare(store: GraphStore) -> str:
    load_sample(store)
    load_graph(store, TRANSFERS, source="test")
    return RuleRunner(store).run().run_id


def count(store: GraphStore, query: str, params: dict | None = None) -> int:
    return int(store.read(query, params or {})[0]["n"])


def test_an_empty_store_gives_an_empty_snapshot(store: GraphStore) -> None:
    graph = snapshot.export(store)
    assert graph.edge_types == []
    for t in graph.node_types:
        assert graph.num_nodes(t) == 0
        assert graph.data[t].x.shape == (0, len(graph.feature_names[t]))
    assert graph.meta["rule_run"] is None


def test_nodes_and_relationships_match_the_store(store: GraphStore) -> None:
    prepare(store)
    graph = snapshot.export(store)
    schema = store.schema
    assert set(graph.node_types) == set(schema.nodes) - EXCLUDED_LABELS
    assert not EXCLUDED_LABELS & set(graph.node_types)
    assert graph.targets == ("Enterprise", "Person")
    for label in graph.node_types:
        n = count(store, f"MATCH (n:{label}) RETURN count(n) AS n")
        assert graph.num_nodes(label) == n, label
        assert graph.data[label].x.shape == (n, len(graph.feature_names[label]))
        key = schema.node(label).key
        keys = [str(r["k"]) for r in store.read(f"MATCH (n:{label}) RETURN n.{key} AS k")]
        assert sorted(keys) == sorted(graph.keys[label])
    # every relationship in the store, by end labels, is an edge type with as many edges (transfers: one per pair)
    rows = store.read("MATCH (a)-[r]->(b) RETURN labels(a)[0] AS a, type(r) AS t, labels(b)[0] AS b, count(r) AS n")
    expected = {}
    for r in rows:
        if r["t"] in EXCLUDED_RELS:
            continue
        if r["t"] == "TRANSFERRED_TO":
            pairs = store.read("MATCH (a)-[:TRANSFERRED_TO]->(b) RETURN a.account_number AS s, b.account_number AS d")
            expected[(r["a"], r["t"], r["b"])] = len({(p["s"], p["d"]) for p in pairs})
        else:
            expected[(r["a"], r["t"], r["b"])] = int(r["n"])
    forward = {et: int(graph.data[et].edge_index.size(1)) for et in graph.edge_types if not et[1].startswith("rev_")}
    assert forward == expected
    assert {"SHAREHOLDER_OF", "TRANSFERRED_TO", "HAS_PHONE"} <= {t for _, t, _ in forward}
    assert not {t for _, t, _ in graph.edge_types} & EXCLUDED_RELS
    assert not {t.removeprefix("rev_") for _, t, _ in graph.edge_types} & EXCLUDED_RELS
    # each relationship has its reverse type: flipped edges, same weights
    for a, t, b in forward:
        rev = graph.data[(b, f"rev_{t}", a)]
        assert torch.equal(rev.edge_index, graph.data[(a, t, b)].edge_index.flip(0))
        assert torch.equal(rev.edge_weight, graph.data[(a, t, b)].edge_weight)
    assert len(graph.edge_types) == 2 * len(forward)


def edges_by_key(graph: GraphData, et: tuple[str, str, str]) -> dict[tuple[str, str], float]:
    a, _, b = et
    ei, w = graph.data[et].edge_index, graph.data[et].edge_weight
    return {
        (graph.keys[a][s], graph.keys[b][d]): float(v)
        for s, d, v in zip(ei[0].tolist(), ei[1].tolist(), w.tolist(), strict=True)
    }


def test_edges_join_the_right_parties_with_their_weights(store: GraphStore) -> None:
    prepare(store)
    graph = snapshot.export(store)
    for a in ("Person", "Enterprise"):
        rows = store.read(
            f"MATCH (x:{a})-[r:SHAREHOLDER_OF]->(e:Enterprise) RETURN x.{store.schema.node(a).key} AS s, "
            "e.uscc AS d, r.ratio AS ratio"
        )
        want = {(str(r["s"]), str(r["d"])): max(float(r["ratio"]), 0.01) for r in rows}
        got = edges_by_key(graph, (a, "SHAREHOLDER_OF", "Enterprise"))
        assert got.keys() == want.keys()
        for k in want:
            assert got[k] == pytest.approx(want[k], rel=1e-6)  # shareholding ratio as the weight
    totals: dict[tuple[str, str], float] = defaultdict(float)
    for r in store.read(
        "MATCH (a:BankAccount)-[t:TRANSFERRED_TO]->(b:BankAccount) "
        "RETURN a.account_number AS s, b.account_number AS d, t.amount AS amount"
    ):
        totals[(r["s"], r["d"])] += float(r["amount"])
    got = edges_by_key(graph, ("BankAccount", "TRANSFERRED_TO", "BankAccount"))
    assert got.keys() == totals.keys() and len(got) == 2
    for pair, total in totals.items():
        assert got[pair] == pytest.approx(1 + math.log1p(total / 10_000), rel=1e-6)  # log of the summed amount
    assert edges_by_key(graph, ("Enterprise", "HAS_PHONE", "Phone"))  # unweighted: 1
    assert set(edges_by_key(graph, ("Enterprise", "HAS_PHONE", "Phone")).values()) == {1.0}


def test_rule_hits_become_features_of_their_subjects(store: GraphStore) -> None:
    run_id = prepare(store)
    graph = snapshot.export(store)
    assert graph.meta["rule_run"] == run_id
    hits = store.read(
        "MATCH (h:RuleHit) WHERE h.run_id = $run RETURN h.subject_label AS l, h.subject_key AS k, h.rule_id AS r, "
        "h.dimension AS d, h.contribution AS c",
        {"run": run_id},
    )
    assert any(h["l"] == "Enterprise" and h["k"] == E1 for h in hits), "the sample's front company should be hit"
    by_subject: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for h in hits:
        by_subject[(h["l"], h["k"])].append(h)
    for t in graph.targets:
        names = graph.feature_names[t]
        x = graph.x(t)
        rule_cols = [i for i, n in enumerate(names) if n.startswith(("hit_", "rule_"))]
        assert {f"rule_{d}" for d in snapshot.DIMENSIONS} | {"rule_score"} <= set(names)
        for i, key in enumerate(graph.keys[t]):
            mine = by_subject.get((t, key), [])
            if not mine:
                assert np.all(x[i, rule_cols] == 0), (t, key)
                continue
            for rule in {h["r"] for h in mine}:
                best = max(float(h["c"]) for h in mine if h["r"] == rule)
                assert x[i, names.index(f"hit_{rule}")] == pytest.approx(best, rel=1e-5)
                assert best > 0
            total = 1 - np.prod([1 - float(h["c"]) for h in mine])
            assert x[i, names.index("rule_score")] == pytest.approx(total, rel=1e-5) and total > 0
            for d in snapshot.DIMENSIONS:
                sub = 1 - np.prod([1 - float(h["c"]) for h in mine if h["d"] == d])
                assert x[i, names.index(f"rule_{d}")] == pytest.approx(sub, rel=1e-5, abs=1e-7)
    e1 = graph.index_of("Enterprise")[E1]
    assert graph.x("Enterprise")[e1, graph.feature_names["Enterprise"].index("rule_score")] > 0
    # the rules score is what the rules-only engine reads
    assert all(len(graph.feature_names[t]) == graph.data[t].x.size(1) for t in graph.node_types)


def test_enum_one_hot_and_numeric_features(store: GraphStore) -> None:
    prepare(store)
    graph = snapshot.export(store)
    checked = 0
    for label in graph.node_types:
        spec = store.schema.node(label)
        names = graph.feature_names[label]
        for prop, p in spec.properties.items():
            if p.provenance or p.personal:
                assert not any(n == prop or n.startswith(f"{prop}=") for n in names), f"{label}.{prop} is personal"
                continue
            if p.type != "enum" or not p.values:
                continue
            cols = [names.index(f"{prop}={v}") for v in p.values]  # one column per allowed value
            values = {
                str(r["k"]): r["v"] for r in store.read(f"MATCH (n:{label}) RETURN n.{spec.key} AS k, n.{prop} AS v")
            }
            for i, key in enumerate(graph.keys[label]):
                row = graph.x(label)[i, cols]
                want = [1.0 if values[key] == v else 0.0 for v in p.values]
                assert row.tolist() == want, (label, key, prop)
                checked += values[key] is not None
    assert checked >= 8  # enterprises' status, persons' gender, the phone's kind
    assert "status=存续" in graph.feature_names["Enterprise"] and "gender=男" in graph.feature_names["Person"]
    capital = {
        str(r["k"]): float(r["v"])
        for r in store.read("MATCH (e:Enterprise) RETURN e.uscc AS k, e.registered_capital AS v")
    }
    col = graph.feature_names["Enterprise"].index("registered_capital")
    for i, key in enumerate(graph.keys["Enterprise"]):
        assert graph.x("Enterprise")[i, col] == pytest.approx(math.log1p(capital[key]), rel=1e-6)
    assert "id_number" not in graph.feature_names["Person"] and "name" not in graph.feature_names["Person"]


def test_snapshot_id_is_the_content(store: GraphStore) -> None:
    prepare(store)
    first = snapshot.export(store)
    second = snapshot.export(store)
    assert first.snapshot_id == second.snapshot_id and len(first.snapshot_id) == 16
    store.update_nodes("Enterprise", [{"uscc": E4, "employees": 121}], provenance=False)
    assert snapshot.export(store).snapshot_id != first.snapshot_id


def test_save_and_load_round_trip(store: GraphStore, tmp_path: Path) -> None:
    prepare(store)
    graph = snapshot.export(store)
    path = snapshot.save(graph, tmp_path)
    assert path == tmp_path / graph.snapshot_id and (path / "graph.pt").is_file()
    assert snapshot.save(graph, tmp_path) == path  # saved once
    for loaded in (snapshot.load(tmp_path, graph.snapshot_id), snapshot.load(tmp_path)):
        assert loaded.snapshot_id == graph.snapshot_id
        assert loaded.targets == graph.targets
        assert loaded.keys == graph.keys and loaded.feature_names == graph.feature_names
        assert loaded.node_types == graph.node_types and loaded.edge_types == graph.edge_types
        for t in graph.node_types:
            assert torch.equal(loaded.data[t].x, graph.data[t].x)
        for et in graph.edge_types:
            assert torch.equal(loaded.data[et].edge_index, graph.data[et].edge_index)
            assert torch.equal(loaded.data[et].edge_weight, graph.data[et].edge_weight)
        assert loaded.meta["rule_run"] == graph.meta["rule_run"] and "snapshot_id" not in loaded.meta
        assert snapshot.content_id(loaded) == graph.snapshot_id
    with pytest.raises(NotFound):
        snapshot.load(tmp_path, "0123456789abcdef")
    with pytest.raises(NotFound):
        snapshot.load(tmp_path / "empty")


def test_a_network_model_trains_on_the_exported_graph(store: GraphStore) -> None:
    # the sample graph has one phone, one address, one product, one complaint: every kind of party gets scored anyway
    prepare(store)
    graph = snapshot.export(store)
    score = graph.x("Enterprise")[:, graph.feature_names["Enterprise"].index("rule_score")]
    y = {"Enterprise": (score > 0).astype(np.int8), "Person": np.full(graph.num_nodes("Person"), -1, np.int8)}
    assert 0 < y["Enterprise"].sum() < len(y["Enterprise"])
    labels = Labels(
        y, {t: np.full(len(v), -1, np.int64) for t, v in y.items()}, {t: np.full(len(v), "") for t, v in y.items()}
    )
    every = {t: np.flatnonzero(v >= 0) for t, v in y.items()}
    trained = train(graph, labels, Split(every, every, every), TrainConfig(hidden=8, epochs=2, seed=0))
    prob = predict(trained, graph)
    for t in graph.targets:
        assert prob[t].shape == (graph.num_nodes(t),)
        assert np.all(np.isfinite(prob[t])) and np.all((prob[t] >= 0) & (prob[t] <= 1)), t
