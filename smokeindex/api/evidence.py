"""``/api/v1/evidence``: export a subgraph as a signed evidence package (zip) for police and investigators.

The subgraph is chosen by a party and hops, by the gang around a party, or by explicit ids. Personal identifiers are
masked for roles other than police and admin, and parties outside the exporter's jurisdiction keep only their key.
The package holds JSON, GraphML, CSV nodes and edges, RDF Turtle and a manifest signed with the deployment's key;
``smokeindex evidence verify FILE`` detects any change to any byte.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from pydantic import BaseModel, Field, model_validator

from smokeindex import __version__
from smokeindex.api.deps import Allowed, AuditDep, Principal, SettingsDep, StoreDep
from smokeindex.api.parties import parse_ref
from smokeindex.errors import NotFound, ValidationFailed
from smokeindex.evidence import build_package
from smokeindex.graph import GraphStore
from smokeindex.graph.base import GraphNode, Subgraph
from smokeindex.graph.queries import NODE_ID, NODES_BY_ID, ident
from smokeindex.query.network import (
    MAX_EXPAND_HOPS,
    MAX_NODES,
    _rel_types,
    expand_subgraph,
    gang_subgraph,
    visible_subgraph,
)
from smokeindex.query.profile import visible_party
from smokeindex.query.warnings import latest_run

router = APIRouter(prefix="/evidence", tags=["evidence 证据包"])
Exporter = Annotated[Principal, Depends(Allowed("evidence.export"))]
LATEST_RULE_RUN = "MATCH (r:RuleRun) RETURN r.run_id AS id ORDER BY r.started_at DESC, r.run_id DESC LIMIT 1"
MAX_IDS = 500


class EvidenceRequest(BaseModel):
    """Which subgraph to export."""

    mode: Literal["party", "gang", "ids"] = Field(description="party: 主体及其 k 跳; gang: 所在团伙; ids: 指定节点")
    party: str | None = Field(default=None, max_length=80, description="Enterprise:<uscc> 或 Person:<person_id>")
    hops: int = Field(default=2, ge=1, le=MAX_EXPAND_HOPS, description="跳数 (hops)")
    rel_types: list[str] | None = Field(default=None, max_length=30, description="只沿这些关系类型")
    ids: list[str] | None = Field(default=None, max_length=MAX_IDS, description="节点 Label:key 列表（ids 模式）")
    limit: int = Field(default=500, ge=1, le=MAX_NODES, description="节点数上限 (node cap)")
    case_ref: str | None = Field(default=None, max_length=100, description="案件或线索编号，记入清单")

    @model_validator(mode="after")
    def _needs(self) -> EvidenceRequest:
        if self.mode in ("party", "gang") and not self.party:
            raise ValueError("party 与 gang 模式须提供 party (party is required)")
        if self.mode == "ids" and not self.ids:
            raise ValueError("ids 模式须提供 ids (ids are required)")
        return self


@router.post(
    "",
    summary="导出证据包 (export an evidence package)",
    responses={
        200: {
            "description": "证据包 zip",
            "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
        },
        401: {"description": "未认证"},
        403: {"description": "角色无权"},
        404: {"description": "主体不存在或不在辖区内"},
        422: {"description": "参数不合法"},
        429: {"description": "请求过于频繁"},
    },
)
def export_evidence(
    request: EvidenceRequest, principal: Exporter, store: StoreDep, settings: SettingsDep, audit: AuditDep
) -> Response:
    """按主体+跳数、团伙或指定节点导出子图证据包：JSON、GraphML、CSV、RDF Turtle 与带 HMAC 签名的清单。"""
    params = request.model_dump(mode="json", exclude_none=True)
    target = request.party or f"{len(request.ids or [])} ids"
    try:
        sub, run = _subgraph(store, principal, request)
    except Exception:
        principal.audit(audit, "evidence.export", target, params, outcome="refused")
        raise
    created = datetime.now(UTC).isoformat(timespec="seconds")
    rule_run = store.read(LATEST_RULE_RUN)
    package = build_package(
        visible_subgraph(store, principal.viewer, sub),
        schema=store.schema,
        query={"endpoint": "POST /api/v1/evidence", "parameters": params},
        snapshot={
            "store": store.name,
            "scoring_run": run or latest_run(store),
            "rule_run": rule_run[0]["id"] if rule_run else None,
            "software": f"smokeindex {__version__}",
        },
        exporter={
            "username": principal.user.username,
            "role": str(principal.user.role),
            "region_code": principal.user.region_code,
            "masked": not principal.viewer.unmasked,
        },
        key=settings.evidence_key.get_secret_value().encode(),
        created_at=created,
    )
    principal.audit(
        audit, "evidence.export", target, {**params, "nodes": len(sub.nodes), "relationships": len(sub.relationships)}
    )
    stamp = created.replace(":", "").replace("-", "")[:15]
    return Response(
        package,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="smokeindex-evidence-{stamp}.zip"'},
    )


def _subgraph(store: GraphStore, principal: Principal, request: EvidenceRequest) -> tuple[Subgraph, str | None]:
    viewer = principal.viewer
    if request.mode == "party":
        ref = parse_ref(request.party or "")
        visible_party(store, viewer, ref)
        return expand_subgraph(store, ref, hops=request.hops, rel_types=request.rel_types, limit=request.limit), None
    if request.mode == "gang":
        ref = parse_ref(request.party or "")
        visible_party(store, viewer, ref)
        return gang_subgraph(store, ref, hops=request.hops, limit=request.limit)
    return _by_ids(store, principal, request.ids or [], request.rel_types), None


def _by_ids(store: GraphStore, principal: Principal, ids: list[str], rel_types: list[str] | None) -> Subgraph:
    """The named nodes (parties must be visible) and the relationships among them."""
    by_label: dict[str, list[str]] = {}
    for text in ids:
        label, sep, key = text.partition(":")
        if not sep or label not in store.schema.nodes or not key:
            raise ValidationFailed(f"节点须写作 Label:key，类型须为模式中的节点类型 (bad node id): {text[:80]}")
        by_label.setdefault(label, []).append(key)
    internal: list[str] = []
    missing: list[str] = []
    for label, keys in by_label.items():
        key_name = store.schema.node(label).key
        nid = NODE_ID[store.dialect].format("n")
        rows = store.read(
            f"UNWIND $keys AS k MATCH (n:{ident(label)} {{{ident(key_name)}: k}}) RETURN k AS key, {nid} AS id",
            {"keys": sorted(set(keys))},
        )
        found = {str(r["key"]): str(r["id"]) for r in rows}
        missing += [f"{label}:{k}" for k in keys if k not in found]
        for key in sorted(found):
            if label in ("Enterprise", "Person"):
                try:
                    visible_party(store, principal.viewer, parse_ref(f"{label}:{key}"))
                except NotFound:
                    missing.append(f"{label}:{key}")
                    continue
            internal.append(found[key])
    if missing:
        raise NotFound(
            f"{len(missing)} 个节点不存在或不在您的辖区内 (nodes not found)",
            errors=[{"field": "ids", "problem": m} for m in missing[:50]],
        )
    rows = store.read(NODES_BY_ID[store.dialect], {"ids": store._typed_ids(internal)})
    nodes = [GraphNode(str(r["id"]), list(r["labels"]), dict(r["props"])) for r in rows]
    types = set(_rel_types(store, rel_types))
    rels = [r for r in store.relationships_among(internal) if r.type in types]
    return Subgraph(nodes=nodes, relationships=rels)
