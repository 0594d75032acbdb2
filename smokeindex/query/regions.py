"""Which regions a party belongs to, for jurisdiction checks.

An enterprise belongs to its registered region. Persons rarely carry a region of their own in registry exports, so a
person also belongs to the regions of the enterprises they represent, hold shares in, manage or control: a district
official may see the people behind the enterprises of the district.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from smokeindex.graph import GraphStore, NodeRef

ENTERPRISE_REGIONS = (
    "UNWIND $keys AS k MATCH (n:Enterprise {uscc: k}) RETURN k AS key, n.region_code AS region, [] AS regions"
)
PERSON_REGIONS = (
    "UNWIND $keys AS k MATCH (n:Person {person_id: k}) "
    "OPTIONAL MATCH (n)-[:LEGAL_REP_OF|SHAREHOLDER_OF|EXECUTIVE_OF|CONTROLS]->(e:Enterprise) "
    "RETURN k AS key, n.region_code AS region, collect(e.region_code) AS regions"
)


def party_regions(store: GraphStore, refs: Iterable[NodeRef]) -> dict[NodeRef, tuple[str | None, list[str]]]:
    """For each party that exists: its primary region (its own, else the commonest of its enterprises') and every
    region it belongs to. Parties absent from the graph are absent from the answer."""
    by_label: dict[str, list[str]] = {}
    for ref in refs:
        by_label.setdefault(ref.label, []).append(ref.key)
    out: dict[NodeRef, tuple[str | None, list[str]]] = {}
    for label, keys in by_label.items():
        if label == "Enterprise":
            query = ENTERPRISE_REGIONS
        elif label == "Person":
            query = PERSON_REGIONS
        else:
            continue
        keys = sorted(set(keys))
        for i in range(0, len(keys), store.batch_size):
            for rec in store.read(query, {"keys": keys[i : i + store.batch_size]}):
                own = rec["region"]
                related = [c for c in rec["regions"] or [] if c]
                primary = own or (Counter(related).most_common(1)[0][0] if related else None)
                regions = sorted({c for c in [own, *related] if c})
                out[NodeRef(label, str(rec["key"]))] = (primary, regions)
    return out
