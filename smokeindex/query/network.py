"""Network traversal for investigators: k-hop expansion, paths between two parties, and the gang around a party.

Traversal follows the relationships between parties and their identifiers; derived bookkeeping (warnings, rule hits,
runs) and region membership (every enterprise of a district is one hop from its region) are left out unless asked
for. Hop limits and node caps bound every query. Nodes carry their ``Label:key`` identity (personal keys masked for
roles that may not see them); a node with a region outside the viewer's jurisdiction keeps its place in the graph but
loses its properties (``in_jurisdiction: false``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Literal

from pydantic import BaseModel, Field

from smokeindex.errors import NotFound, ValidationFailed
from smokeindex.graph import GraphStore, NodeRef
from smokeindex.graph.base import GraphNode, GraphRel, Subgraph
from smokeindex.graph.queries import NODE_ID, NODES_BY_ID, ident
from smokeindex.index.grades import GRADE_EN, NORMAL
from smokeindex.query.masking import identity, mask_key, mask_properties
from smokeindex.query.profile import visible_party
from smokeindex.query.viewer import Viewer
from smokeindex.query.warnings import latest_run

MAX_EXPAND_HOPS = 3
MAX_PATH_HOPS = 5
MAX_ALL_PATHS_HOPS = 4
MAX_NODES = 2000
#: Relationship types never followed by default: derived bookkeeping, region membership, and the records of
#: casework, complaints handling, inspection and education (ask for them by name with ``rel_types``).
SKIPPED_TYPES = {
    "WARNS", "HIT_ON", "IN_RUN", "IN_SCORING_RUN", "IN_REGION", "PART_OF",
    "LEAD_ABOUT", "HAS_LEAD_SOURCE", "CITES", "HAS_TASK", "SUBTASK_OF", "HAS_TASK_EVENT", "HAS_DISPOSITION",
    "DISPOSITION_ON", "LISTED_BY", "HAS_EVIDENCE_FILE", "CASE_OF", "REWARD_FOR", "IN_PLAN", "FINDING_OF", "PLAN_AT",
    "BY_RESIDENT", "ABOUT_CONTENT", "ATTEMPT_OF",
}  # fmt: skip
#: The ties a gang is held together by: control, ownership, office, branches, shared identifiers, accounts, money.
GANG_TYPES = [
    "CONTROLS", "SHAREHOLDER_OF", "LEGAL_REP_OF", "EXECUTIVE_OF", "BRANCH_OF", "SHARES_IDENTIFIER", "HAS_ACCOUNT",
    "TRANSFERRED_TO",
]  # fmt: skip
ROLE_ZH = {"controller": "实际控制人", "core": "核心企业", "shell": "壳公司", "front": "挂名法人", "member": "成员"}

WARNINGS_OF = (
    "UNWIND $keys AS k MATCH (w:Warning {run_id: $run, subject_key: k}) "
    "RETURN w.subject_label AS label, w.subject_key AS key, w.score AS score, w.grade AS grade"
)


class NodeView(BaseModel):
    id: str = Field(description="Label:key（个人标识按角色脱敏）")
    label: str
    label_zh: str
    name: str | None = None
    region_code: str | None = None
    in_jurisdiction: bool = True
    properties: dict[str, Any] = Field(default_factory=dict)


class EdgeView(BaseModel):
    type: str
    type_zh: str
    source: str
    target: str
    properties: dict[str, Any] = Field(default_factory=dict)


class GraphView(BaseModel):
    nodes: list[NodeView]
    edges: list[EdgeView]
    truncated: bool = Field(description="节点数达到上限，结果不完整 (node cap reached)")


class PathsView(BaseModel):
    mode: Literal["shortest", "all"]
    paths: list[GraphView]
    truncated: bool


class GangMember(BaseModel):
    id: str
    label: str
    name: str | None = None
    role: str
    role_zh: str
    score: float | None = None
    grade: str | None = None
    grade_en: str | None = None
    region_code: str | None = None


class MoneyFlow(BaseModel):
    source: str
    target: str
    amount: float = Field(description="金额（元）")
    transfers: int


class GangView(BaseModel):
    seed: str
    run_id: str | None = Field(description="成员判定所用的评分运行")
    criteria: str
    members: list[GangMember]
    money_total: float = Field(description="团伙内部资金往来总额（元）")
    money_transfers: int
    flows: list[MoneyFlow] = Field(description="团伙成员之间的主要资金流向，按金额从大到小")
    truncated: bool


def _rel_types(store: GraphStore, rel_types: list[str] | None) -> list[str]:
    if not rel_types:
        return sorted(set(store.schema.relationships) - SKIPPED_TYPES)
    unknown = sorted(set(rel_types) - set(store.schema.relationships))
    if unknown:
        raise ValidationFailed(f"未知关系类型 (unknown relationship types): {', '.join(unknown)}")
    return sorted(set(rel_types))


def _check_labels(store: GraphStore, labels: list[str] | None) -> list[str] | None:
    if not labels:
        return None
    unknown = sorted(set(labels) - set(store.schema.nodes))
    if unknown:
        raise ValidationFailed(f"未知节点类型 (unknown node labels): {', '.join(unknown)}")
    return sorted(set(labels))


def _pattern(types: list[str], hops: int, low: int = 1) -> str:
    return f"[:{'|'.join(ident(t) for t in types)}*{int(low)}..{int(hops)}]"


def _seed_match(store: GraphStore, ref: NodeRef, var: str, param: str) -> str:
    return f"({var}:{ident(ref.label)} {{{ident(store.schema.node(ref.label).key)}: ${param}}})"


def expand_subgraph(
    store: GraphStore,
    ref: NodeRef,
    *,
    hops: int,
    rel_types: list[str] | None = None,
    labels: list[str] | None = None,
    limit: int = 500,
) -> Subgraph:
    """The raw k-hop neighbourhood of a party over the given relationship types (the caller checks visibility)."""
    if not 1 <= hops <= MAX_EXPAND_HOPS:
        raise ValidationFailed(f"hops 须在 1–{MAX_EXPAND_HOPS} 之间 (hops out of range): {hops}")
    if not 1 <= limit <= MAX_NODES:
        raise ValidationFailed(f"limit 须在 1–{MAX_NODES} 之间 (node cap out of range): {limit}")
    types = _rel_types(store, rel_types)
    wanted = _check_labels(store, labels)
    found = store.read(
        f"MATCH {_seed_match(store, ref, 's', 'key')} RETURN {NODE_ID[store.dialect].format('s')} AS id",
        {"key": ref.key},
    )
    if not found:
        raise NotFound(f"主体不存在 (party not found): {ref.label}:{ref.key}")
    seed = str(found[0]["id"])
    # breadth first, one DISTINCT query per hop: no path enumeration, so hubs and repeated transfers stay cheap
    seen = [seed]
    known = {seed}
    frontier = [seed]
    truncated = False
    step = _step_query(store, types)
    for _ in range(hops):
        if not frontier:
            break
        rows = store.read(step, {"ids": store._typed_ids(frontier), "cap": limit + len(known) + 1})
        frontier = [i for i in (str(r["id"]) for r in rows) if i not in known]
        room = limit - len(seen)
        if len(frontier) > room:
            frontier, truncated = frontier[:room], True
        seen.extend(frontier)
        known.update(frontier)
    rows = store.read(NODES_BY_ID[store.dialect], {"ids": store._typed_ids(seen)})
    by_id = {str(r["id"]): GraphNode(str(r["id"]), list(r["labels"]), dict(r["props"])) for r in rows}
    nodes = [by_id[i] for i in seen if i in by_id]
    if wanted:
        nodes = [n for n in nodes if n.id == seed or set(n.labels) & set(wanted)]
    rels = [r for r in store.relationships_among([n.id for n in nodes]) if r.type in set(types)]
    return Subgraph(nodes=nodes, relationships=rels, truncated=truncated)


def _step_query(store: GraphStore, types: list[str]) -> str:
    """The distinct neighbours of ``$ids`` over ``types``."""
    nid_n = NODE_ID[store.dialect].format("n")
    nid_m = NODE_ID[store.dialect].format("m")
    return (
        f"UNWIND $ids AS i MATCH (n) WHERE {nid_n} = i MATCH (n)-[:{'|'.join(ident(t) for t in types)}]-(m) "
        f"RETURN DISTINCT {nid_m} AS id LIMIT $cap"
    )


def view(store: GraphStore, viewer: Viewer, sub: Subgraph) -> GraphView:
    """A subgraph as the viewer may see it: identities, masked properties, out-of-jurisdiction nodes emptied."""
    schema = store.schema
    ids: dict[str, str] = {}
    nodes: list[NodeView] = []
    for n in sub.nodes:
        label, ref = identity(schema, n.labels, n.properties, n.id)
        spec = schema.nodes.get(label)
        masked_ref = f"{label}:{mask_key(schema, label, ref.partition(':')[2], viewer)}"
        ids[n.id] = masked_ref
        region = n.properties.get("region_code")
        inside = region is None or viewer.sees([region])
        nodes.append(
            NodeView(
                id=masked_ref,
                label=label,
                label_zh=spec.zh if spec else label,
                name=(n.properties.get("name") or n.properties.get("title")) if inside else None,
                region_code=region,
                in_jurisdiction=inside,
                properties=mask_properties(schema, label, n.properties, viewer) if inside else {},
            )
        )
    edges = []
    for r in sub.relationships:
        if r.start in ids and r.end in ids:
            rel = schema.relationships.get(r.type)
            edges.append(
                EdgeView(
                    type=r.type,
                    type_zh=rel.zh if rel else r.type,
                    source=ids[r.start],
                    target=ids[r.end],
                    properties=dict(r.properties),
                )
            )
    return GraphView(nodes=nodes, edges=edges, truncated=sub.truncated)


def visible_subgraph(store: GraphStore, viewer: Viewer, sub: Subgraph) -> Subgraph:
    """The subgraph with personal values masked and out-of-jurisdiction nodes emptied (for evidence exports)."""
    nodes = []
    for n in sub.nodes:
        label, _ = identity(store.schema, n.labels, n.properties, n.id)
        region = n.properties.get("region_code")
        if region is not None and not viewer.sees([region]):
            key = store.schema.node(label).key if label in store.schema.nodes else None
            props = {key: n.properties[key]} if key and key in n.properties else {}
            props["note"] = "辖区外主体，属性已隐去 (outside the jurisdiction)"
        else:
            props = mask_properties(store.schema, label, n.properties, viewer)
        nodes.append(GraphNode(n.id, n.labels, props))
    return Subgraph(nodes=nodes, relationships=sub.relationships, truncated=sub.truncated)


def expand(
    store: GraphStore,
    viewer: Viewer,
    ref: NodeRef,
    *,
    hops: int = 2,
    rel_types: list[str] | None = None,
    labels: list[str] | None = None,
    limit: int = 500,
) -> GraphView:
    """The k-hop neighbourhood of a visible party, with type and relationship filters and a node cap."""
    visible_party(store, viewer, ref)
    return view(store, viewer, expand_subgraph(store, ref, hops=hops, rel_types=rel_types, labels=labels, limit=limit))


def _shortest_query(store: GraphStore, a: NodeRef, b: NodeRef, types: list[str], hops: int) -> str:
    head = f"MATCH {_seed_match(store, a, 'a', 'a')}, {_seed_match(store, b, 'b', 'b')} WHERE a <> b "
    if store.dialect == "falkordb":
        quoted = ", ".join(f"'{ident(t)}'" for t in types)
        return (
            head + f"CALL algo.SPpaths({{sourceNode: a, targetNode: b, relTypes: [{quoted}], maxLen: {int(hops)}, "
            "relDirection: 'both', pathCount: 1}) YIELD path "
            "RETURN [n IN nodes(path) | id(n)] AS ids"
        )
    return (
        head + f"MATCH p = shortestPath((a)-{_pattern(types, hops)}-(b)) RETURN [n IN nodes(p) | elementId(n)] AS ids"
    )


def _all_query(store: GraphStore, a: NodeRef, b: NodeRef, types: list[str], hops: int) -> str:
    nid = NODE_ID[store.dialect].format("n")
    return (
        f"MATCH {_seed_match(store, a, 'a', 'a')}, {_seed_match(store, b, 'b', 'b')} WHERE a <> b "
        f"MATCH p = (a)-{_pattern(types, hops)}-(b) RETURN [n IN nodes(p) | {nid}] AS ids LIMIT $limit"
    )


def paths(
    store: GraphStore,
    viewer: Viewer,
    a: NodeRef,
    b: NodeRef,
    *,
    max_hops: int = 4,
    mode: Literal["shortest", "all"] = "shortest",
    rel_types: list[str] | None = None,
    limit: int = 20,
) -> PathsView:
    """The shortest path, or all simple paths up to ``max_hops`` (at most ``limit``), between two visible parties."""
    cap = MAX_PATH_HOPS if mode == "shortest" else MAX_ALL_PATHS_HOPS
    if not 1 <= max_hops <= cap:
        raise ValidationFailed(f"max_hops 须在 1–{cap} 之间 (max_hops out of range for mode {mode}): {max_hops}")
    if not 1 <= limit <= 100:
        raise ValidationFailed(f"limit 须在 1–100 之间 (limit out of range): {limit}")
    if a == b:
        raise ValidationFailed("起点与终点相同 (the two parties are the same)")
    visible_party(store, viewer, a)
    visible_party(store, viewer, b)
    types = _rel_types(store, rel_types)
    if mode == "shortest":
        rows = store.read(_shortest_query(store, a, b, types, max_hops), {"a": a.key, "b": b.key})
    else:
        rows = store.read(_all_query(store, a, b, types, max_hops), {"a": a.key, "b": b.key, "limit": limit + 1})
    truncated = len(rows) > limit
    id_lists = [[str(i) for i in r["ids"]] for r in rows[:limit] if r.get("ids")]
    all_ids = sorted({i for ids in id_lists for i in ids})
    found = store.read(NODES_BY_ID[store.dialect], {"ids": store._typed_ids(all_ids)}) if all_ids else []
    by_id = {str(r["id"]): GraphNode(str(r["id"]), list(r["labels"]), dict(r["props"])) for r in found}
    rels = [r for r in store.relationships_among(all_ids) if r.type in set(types)]
    out = []
    for ids in id_lists:
        steps = set(zip(ids, ids[1:], strict=False)) | set(zip(ids[1:], ids, strict=False))
        path_rels = _one_per_step(rels, steps)
        out.append(view(store, viewer, Subgraph(nodes=[by_id[i] for i in ids if i in by_id], relationships=path_rels)))
    return PathsView(mode=mode, paths=out, truncated=truncated)


def _one_per_step(rels: list[GraphRel], steps: set[tuple[str, str]]) -> list[GraphRel]:
    """One relationship for each consecutive pair of the path."""
    seen: set[frozenset[str]] = set()
    out = []
    for r in rels:
        pair = frozenset((r.start, r.end))
        if (r.start, r.end) in steps and pair not in seen:
            seen.add(pair)
            out.append(r)
    return out


def gang_subgraph(store: GraphStore, ref: NodeRef, *, hops: int = 3, limit: int = 1000) -> tuple[Subgraph, str | None]:
    """The parties tied to ``ref`` within ``hops`` that the latest scoring run warns (above 正常), the seed, the
    accounts of all of them, and the relationships among them; with the scoring run used."""
    sub = expand_subgraph(store, ref, hops=hops, rel_types=GANG_TYPES, limit=limit)
    run = latest_run(store)
    parties = [n for n in sub.nodes if {"Enterprise", "Person"} & set(n.labels)]
    warned: dict[tuple[str, str], dict[str, Any]] = {}
    if run:
        keys = sorted({str(n.properties.get("uscc") or n.properties.get("person_id")) for n in parties})
        for i in range(0, len(keys), store.batch_size):
            for w in store.read(WARNINGS_OF, {"run": run, "keys": keys[i : i + store.batch_size]}):
                if w["grade"] != NORMAL:
                    warned[(str(w["label"]), str(w["key"]))] = dict(w)
    members: set[str] = set()
    for n in parties:
        label, ident_ref = identity(store.schema, n.labels, n.properties, n.id)
        is_seed = ident_ref == f"{ref.label}:{ref.key}"
        if is_seed or (label, ident_ref.partition(":")[2]) in warned:
            members.add(n.id)
    # accounts held by members come along, so the money between members is part of the gang
    held = {r.end for r in sub.relationships if r.type == "HAS_ACCOUNT" and r.start in members}
    keep = members | held
    nodes = [n for n in sub.nodes if n.id in keep]
    rels = [r for r in sub.relationships if r.start in keep and r.end in keep]
    return Subgraph(nodes=nodes, relationships=rels, truncated=sub.truncated), run


def gang(store: GraphStore, viewer: Viewer, ref: NodeRef, *, hops: int = 3, limit: int = 1000) -> GangView:
    """The gang around a visible party: its members with their roles and the money that moved among them."""
    visible_party(store, viewer, ref)
    sub, run = gang_subgraph(store, ref, hops=hops, limit=limit)
    schema = store.schema
    scores: dict[str, dict[str, Any]] = {}
    if run:
        keys = [str(n.properties.get("uscc") or n.properties.get("person_id")) for n in sub.nodes]
        scores = {str(w["key"]): dict(w) for w in store.read(WARNINGS_OF, {"run": run, "keys": keys})}
    by_id = {n.id: n for n in sub.nodes}
    owner = {r.end: r.start for r in sub.relationships if r.type == "HAS_ACCOUNT"}
    party_ids = [n.id for n in sub.nodes if {"Enterprise", "Person"} & set(n.labels)]
    out_ties: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    in_ties: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in sub.relationships:
        out_ties[r.start][r.type] += 1
        in_ties[r.end][r.type] += 1
    inflow: dict[str, float] = defaultdict(float)
    flows: dict[tuple[str, str], list[float]] = defaultdict(list)
    total, count = 0.0, 0
    for r in sub.relationships:
        if r.type == "TRANSFERRED_TO" and r.start in owner and r.end in owner and owner[r.start] != owner[r.end]:
            amount = float(r.properties.get("amount") or 0.0)
            total += amount
            count += 1
            inflow[owner[r.end]] += amount
            flows[(owner[r.start], owner[r.end])].append(amount)
    roles = _roles(by_id, party_ids, out_ties, in_ties, inflow, scores)
    ids = {i: identity(schema, by_id[i].labels, by_id[i].properties, i) for i in party_ids}

    def shown(i: str) -> str:
        label, ref_text = ids[i]
        return f"{label}:{mask_key(schema, label, ref_text.partition(':')[2], viewer)}"

    members = []
    for i in party_ids:
        n = by_id[i]
        label = ids[i][0]
        key = ids[i][1].partition(":")[2]
        w = scores.get(key, {})
        region = n.properties.get("region_code")
        inside = region is None or viewer.sees([region])
        members.append(
            GangMember(
                id=shown(i),
                label=label,
                name=n.properties.get("name") if inside else None,
                role=roles[i],
                role_zh=ROLE_ZH[roles[i]],
                score=w.get("score"),
                grade=w.get("grade"),
                grade_en=GRADE_EN.get(str(w.get("grade"))) if w else None,
                region_code=region,
            )
        )
    order = list(ROLE_ZH)
    members.sort(key=lambda m: (order.index(m.role), -(m.score or 0.0), m.id))
    top = sorted(flows.items(), key=lambda kv: -sum(kv[1]))[:50]
    return GangView(
        seed=f"{ref.label}:{mask_key(schema, ref.label, ref.key, viewer)}",
        run_id=run,
        criteria=f"{hops} 跳内经控制、持股、任职、分支、共用标识、账户与资金往来相连，且在评分运行 {run or '（无）'} 中"
        "预警等级在正常以上的企业与自然人（含起点）",
        members=members,
        money_total=round(total, 2),
        money_transfers=count,
        flows=[
            MoneyFlow(source=shown(a), target=shown(b), amount=round(sum(v), 2), transfers=len(v)) for (a, b), v in top
        ],
        truncated=sub.truncated,
    )


def _roles(
    nodes: dict[str, GraphNode],
    party_ids: list[str],
    out_ties: dict[str, dict[str, int]],
    in_ties: dict[str, dict[str, int]],
    inflow: dict[str, float],
    scores: dict[str, dict[str, Any]],
) -> dict[str, str]:
    """Controller: the party controlling most members (then holding most shares, then pooling most money). Core: the
    enterprises others hang under (parents, shareholders of members, branch heads) or pool money. Front person: a
    legal representative who neither owns nor controls. Everyone else: shell enterprises and plain members."""
    persons = [i for i in party_ids if "Person" in nodes[i].labels]
    candidates = persons or party_ids

    def weight(i: str) -> tuple[int, int, float]:
        t = out_ties[i]
        return (t.get("CONTROLS", 0), t.get("SHAREHOLDER_OF", 0) + t.get("LEGAL_REP_OF", 0), inflow.get(i, 0.0))

    controller = max(candidates, key=lambda i: (weight(i), i)) if candidates else None
    if controller is not None and weight(controller) == (0, 0, 0.0):
        controller = None
    enterprise_inflow = sorted(
        (inflow.get(i, 0.0), i) for i in party_ids if "Enterprise" in nodes[i].labels and inflow.get(i, 0.0) > 0
    )
    pools = {i for _, i in enterprise_inflow[-max(1, len(enterprise_inflow) // 5) :]} if enterprise_inflow else set()
    roles: dict[str, str] = {}
    for i in party_ids:
        if i == controller:
            roles[i] = "controller"
        elif "Enterprise" in nodes[i].labels:
            parent = (
                out_ties[i].get("SHAREHOLDER_OF", 0) + out_ties[i].get("CONTROLS", 0) + in_ties[i].get("BRANCH_OF", 0)
            )
            roles[i] = "core" if parent or i in pools else "shell"
        else:
            t = out_ties[i]
            front = t.get("LEGAL_REP_OF", 0) and not (t.get("SHAREHOLDER_OF", 0) or t.get("CONTROLS", 0))
            roles[i] = "front" if front else "member"
    return roles
