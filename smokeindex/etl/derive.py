"""The "derive" stage, run after every delivery: relationships and features computed from the whole graph.

* ``CONTROLS``: ultimate control from the products of shareholding ratios along ownership paths (≤ 5 levels,
  cycles cut); an edge from each top-level owner (a person, or an enterprise nobody holds) whose effective share is
  at least ``CONTROL_THRESHOLD``.
* ``SHARES_IDENTIFIER``: enterprises sharing a phone, address or email (identifiers shared by more than
  ``MAX_SHARED`` enterprises, such as an agency's registered address, are left out).
* ``f_*`` features on every enterprise for the rules and the network model.

Derived relationships are deleted and recomputed each time, so the result depends only on the graph.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

from smokeindex.graph import GraphStore, NodeRef, RelRow

CONTROL_THRESHOLD = 0.5
MAX_DEPTH = 5
MAX_SHARED = 50
Progress = Callable[[str, str, int, int | None], None]

FEATURE_QUERIES: dict[str, str] = {
    "f_shareholders": "MATCH ()-[r:SHAREHOLDER_OF]->(e:Enterprise) RETURN e.uscc AS u, count(r) AS v",
    "f_executives": "MATCH (p:Person)-[:EXECUTIVE_OF]->(e:Enterprise) RETURN e.uscc AS u, count(DISTINCT p) AS v",
    "f_branches": "MATCH (b:Enterprise)-[r:BRANCH_OF]->(e:Enterprise) RETURN e.uscc AS u, count(r) AS v",
    "f_legal_rep_enterprises": (
        "MATCH (p:Person)-[:LEGAL_REP_OF]->(e:Enterprise) WITH p, collect(e.uscc) AS es "
        "UNWIND es AS u RETURN u, size(es) AS v"
    ),
    "f_shared_phone": (
        "MATCH (e:Enterprise)-[:HAS_PHONE]->(x:Phone)<-[:HAS_PHONE]-(o:Enterprise) WHERE o <> e "
        "RETURN e.uscc AS u, count(DISTINCT o) AS v"
    ),
    "f_shared_address": (
        "MATCH (e:Enterprise)-[:LOCATED_AT]->(x:Address)<-[:LOCATED_AT]-(o:Enterprise) WHERE o <> e "
        "RETURN e.uscc AS u, count(DISTINCT o) AS v"
    ),
    "f_complaints": "MATCH (c:Complaint)-[r:COMPLAINT_AGAINST]->(e:Enterprise) RETURN e.uscc AS u, count(r) AS v",
    "f_judicial_cases": "MATCH (e:Enterprise)-[r:PARTY_TO]->(:JudicialCase) RETURN e.uscc AS u, count(r) AS v",
    "f_penalties": "MATCH (:Penalty)-[r:PENALIZED]->(e:Enterprise) RETURN e.uscc AS u, count(r) AS v",
    "f_registry_changes": ("MATCH (e:Enterprise)-[:HAS_CHANGE]->(c:RegistryChange) RETURN e.uscc AS u, count(c) AS v"),
    "f_rep_address_changes": (
        "MATCH (e:Enterprise)-[:HAS_CHANGE]->(c:RegistryChange) WHERE c.item IN ['legal_rep', 'address'] "
        "RETURN e.uscc AS u, count(c) AS v"
    ),
    "f_products": "MATCH (e:Enterprise)-[:ISSUES]->(p:Product) RETURN e.uscc AS u, count(p) AS v",
    "f_max_yield": (
        "MATCH (e:Enterprise)-[:ISSUES]->(p:Product) WHERE p.annual_yield IS NOT NULL "
        "RETURN e.uscc AS u, max(p.annual_yield) AS v"
    ),
    "f_in_transfers": (
        "MATCH (e:Enterprise)-[:HAS_ACCOUNT]->(:BankAccount)<-[t:TRANSFERRED_TO]-() RETURN e.uscc AS u, count(t) AS v"
    ),
    "f_in_amount": (
        "MATCH (e:Enterprise)-[:HAS_ACCOUNT]->(:BankAccount)<-[t:TRANSFERRED_TO]-() "
        "RETURN e.uscc AS u, sum(t.amount) AS v"
    ),
    "f_in_counterparties": (
        "MATCH (e:Enterprise)-[:HAS_ACCOUNT]->(:BankAccount)<-[:TRANSFERRED_TO]-(src:BankAccount) "
        "RETURN e.uscc AS u, count(DISTINCT src) AS v"
    ),
    "f_out_transfers": (
        "MATCH (e:Enterprise)-[:HAS_ACCOUNT]->(:BankAccount)-[t:TRANSFERRED_TO]->() RETURN e.uscc AS u, count(t) AS v"
    ),
    "f_out_amount": (
        "MATCH (e:Enterprise)-[:HAS_ACCOUNT]->(:BankAccount)-[t:TRANSFERRED_TO]->() "
        "RETURN e.uscc AS u, sum(t.amount) AS v"
    ),
}
FLOAT_FEATURES = {"f_max_yield", "f_in_amount", "f_out_amount"}


def _provenance(what: str, ingested_at: str, delivery: str) -> dict[str, str]:
    return {
        "source": "derive",
        "record_id": f"{delivery}/derive:{what}",
        "ingested_at": ingested_at,
        "record_hash": hashlib.sha256(f"{delivery}:{what}".encode()).hexdigest(),
    }


def effective_control(holdings: dict[str, list[tuple[NodeRef, float]]]) -> dict[str, dict[NodeRef, tuple[float, int]]]:
    """For every held enterprise, its top-level owners with their effective share and the longest path length.

    ``holdings[uscc]`` lists the direct holders of an enterprise with their ratio (0–1).
    """
    memo: dict[str, dict[NodeRef, tuple[float, int]]] = {}

    def owners(uscc: str, stack: frozenset[str], depth: int) -> dict[NodeRef, tuple[float, int]]:
        if uscc in memo:
            return memo[uscc]
        result: dict[NodeRef, tuple[float, int]] = defaultdict(lambda: (0.0, 0))
        for holder, ratio in holdings.get(uscc, []):
            upstream = (
                owners(holder.key, stack | {uscc}, depth + 1)
                if holder.label == "Enterprise" and holder.key in holdings and holder.key not in stack
                and depth < MAX_DEPTH
                else {}
            )  # fmt: skip
            if upstream:
                for owner, (share, hops) in upstream.items():
                    old, old_hops = result[owner]
                    result[owner] = (old + ratio * share, max(old_hops, hops + 1))
            else:
                old, old_hops = result[holder]
                result[holder] = (old + ratio, max(old_hops, 1))
        out = dict(result)
        if not stack:  # only results computed without a cycle cut are reusable
            memo[uscc] = out
        return out

    return {uscc: owners(uscc, frozenset(), 0) for uscc in holdings}


def derive_controls(store: GraphStore, *, ingested_at: str, delivery: str) -> int:
    rows = store.read(
        "MATCH (h)-[r:SHAREHOLDER_OF]->(e:Enterprise) WHERE r.ratio IS NOT NULL "
        "RETURN labels(h)[0] AS l, coalesce(h.uscc, h.person_id) AS k, e.uscc AS u, r.ratio AS ratio"
    )
    holdings: dict[str, list[tuple[NodeRef, float]]] = defaultdict(list)
    for r in rows:
        holdings[r["u"]].append((NodeRef(r["l"], r["k"]), float(r["ratio"])))
    prov = _provenance("controls", ingested_at, delivery)
    rels = [
        RelRow(owner, NodeRef("Enterprise", uscc), {"ratio": min(round(share, 6), 1.0), "hops": hops, **prov})
        for uscc, owners in effective_control(holdings).items()
        for owner, (share, hops) in owners.items()
        if share >= CONTROL_THRESHOLD and not (owner.label == "Enterprise" and owner.key == uscc)
    ]
    store.write("MATCH ()-[r:CONTROLS]->() DELETE r")
    return store.upsert_relationships("CONTROLS", rels).written


def derive_shared_identifiers(store: GraphStore, *, ingested_at: str, delivery: str) -> int:
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for kind, rel, label in (("phone", "HAS_PHONE", "Phone"), ("address", "LOCATED_AT", "Address"),
                             ("email", "HAS_EMAIL", "Email")):  # fmt: skip
        groups = store.read(
            f"MATCH (e:Enterprise)-[:{rel}]->(x:{label}) WITH x, collect(e.uscc) AS es "
            "WHERE size(es) > 1 AND size(es) <= $max RETURN es",
            {"max": MAX_SHARED},
        )
        for g in groups:
            members = sorted(set(g["es"]))
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    pairs[(a, b)].add(kind)
                    counts[(a, b)] += 1
    prov = _provenance("shares_identifier", ingested_at, delivery)
    rels = [
        RelRow(
            NodeRef("Enterprise", a), NodeRef("Enterprise", b), {"via": sorted(via), "count": counts[(a, b)], **prov}
        )
        for (a, b), via in sorted(pairs.items())
    ]
    store.write("MATCH ()-[r:SHARES_IDENTIFIER]->() DELETE r")
    return store.upsert_relationships("SHARES_IDENTIFIER", rels).written


def derive_features(store: GraphStore, *, ingested_at: str) -> int:
    base = store.read(
        "MATCH (e:Enterprise) RETURN e.uscc AS u, e.founded_on AS f, e.registered_capital AS rc, "
        "e.paid_in_capital AS pc"
    )
    today = date.fromisoformat(ingested_at[:10])
    features: dict[str, dict[str, Any]] = {}
    for r in base:
        row: dict[str, Any] = {name: (0.0 if name in FLOAT_FEATURES else 0) for name in FEATURE_QUERIES}
        row["uscc"] = r["u"]
        if r["f"]:
            row["f_age_days"] = (today - date.fromisoformat(r["f"])).days
        if r["rc"] and r["pc"] is not None:
            row["f_paid_in_ratio"] = round(float(r["pc"]) / float(r["rc"]), 6)
        features[r["u"]] = row
    for name, query in FEATURE_QUERIES.items():
        for rec in store.read(query):
            if rec["u"] in features and rec["v"] is not None:
                features[rec["u"]][name] = float(rec["v"]) if name in FLOAT_FEATURES else int(rec["v"])
    store.update_nodes("Enterprise", list(features.values()), provenance=False)
    return len(features)


def run_all(store: GraphStore, *, ingested_at: str, delivery: str, progress: Progress | None = None) -> dict[str, int]:
    """Run every derivation; returns what each wrote."""
    out: dict[str, int] = {}
    steps: list[tuple[str, Callable[[], int]]] = [
        ("CONTROLS", lambda: derive_controls(store, ingested_at=ingested_at, delivery=delivery)),
        ("SHARES_IDENTIFIER", lambda: derive_shared_identifiers(store, ingested_at=ingested_at, delivery=delivery)),
        ("features", lambda: derive_features(store, ingested_at=ingested_at)),
    ]
    for i, (name, step) in enumerate(steps):
        out[name] = step()
        if progress:
            progress("derive", name, i + 1, len(steps))
    return out
