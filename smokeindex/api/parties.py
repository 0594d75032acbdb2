"""``/api/v1/parties`` and ``/api/v1/paths``: profiles of enterprises and persons, and network traversal for
investigators (k-hop expansion, paths between two parties, the gang around a party)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from smokeindex.api.deps import Allowed, AuditDep, Principal, StoreDep
from smokeindex.errors import ValidationFailed
from smokeindex.graph import NodeRef
from smokeindex.query.network import (
    MAX_ALL_PATHS_HOPS,
    MAX_EXPAND_HOPS,
    MAX_NODES,
    MAX_PATH_HOPS,
    GangView,
    GraphView,
    PathsView,
    expand,
    gang,
    paths,
)
from smokeindex.query.profile import PartyLabel, PartyProfile, ProfileCache

router = APIRouter(tags=["parties 主体与关系网络"])
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "未认证 (not authenticated)"},
    403: {"description": "角色无权 (role not allowed)"},
    404: {"description": "主体不存在或不在辖区内 (party not found or outside the jurisdiction)"},
    422: {"description": "参数不合法，如跳数超限 (invalid parameter, e.g. too many hops)"},
    429: {"description": "请求过于频繁 (rate limited)"},
}
Label = Annotated[PartyLabel, Path(description="Enterprise 企业 或 Person 自然人")]
Key = Annotated[str, Path(min_length=1, max_length=64, description="统一社会信用代码或人员标识 (uscc or person_id)")]
ProfileReader = Annotated[Principal, Depends(Allowed("party.read"))]
NetworkReader = Annotated[Principal, Depends(Allowed("network.read"))]
RelTypes = Annotated[list[str] | None, Query(max_length=30, description="只沿这些关系类型 (relationship types)")]


def parse_ref(text: str, field: str = "party") -> NodeRef:
    """A ``Label:key`` reference of an enterprise or a person."""
    label, sep, key = text.partition(":")
    if not sep or label not in ("Enterprise", "Person") or not key or len(key) > 64:
        raise ValidationFailed(
            f"{field} 须写作 Enterprise:<统一社会信用代码> 或 Person:<人员标识> (expected Label:key)",
            errors=[{"field": field, "problem": "expected Enterprise:<uscc> or Person:<person_id>"}],
        )
    return NodeRef(label, key)


@router.get(
    "/parties/{label}/{key}",
    response_model=PartyProfile,
    summary="主体全息画像 (party profile)",
    responses=ERRORS,
)
def profile(
    label: Label, key: Key, principal: ProfileReader, store: StoreDep, audit: AuditDep, request: Request
) -> Response:
    """登记事实、关联方、冒烟指数及其历史、维度分解、命中规则与证据、网络模型贡献及传导来源、等级变化原因。"""
    ref = NodeRef(label, key)
    profiles: ProfileCache = request.app.state.profiles
    try:
        body = profiles.json(store, principal.viewer, ref)
    except Exception:
        principal.audit(audit, "party.read", f"{label}:{key}", {}, outcome="refused")
        raise
    principal.audit(audit, "party.read", f"{label}:{key}", {})
    return Response(body, media_type="application/json")  # built and checked once, not twice


@router.get(
    "/parties/{label}/{key}/network",
    response_model=GraphView,
    summary="k 跳关系网络 (k-hop neighbourhood)",
    responses=ERRORS,
)
def network(
    label: Label,
    key: Key,
    principal: NetworkReader,
    store: StoreDep,
    audit: AuditDep,
    hops: Annotated[int, Query(ge=1, le=MAX_EXPAND_HOPS, description="跳数 (hops)")] = 2,
    rel_types: RelTypes = None,
    labels: Annotated[list[str] | None, Query(max_length=30, description="只返回这些节点类型 (node labels)")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_NODES, description="节点数上限 (node cap)")] = 300,
) -> GraphView:
    """展开主体 k 跳内的关联网络，可按节点类型与关系类型过滤，节点数有上限。辖区外主体只显示位置不显示属性。"""
    params = {"hops": hops, "rel_types": rel_types, "labels": labels, "limit": limit}
    target = f"{label}:{key}"
    try:
        out = expand(
            store, principal.viewer, NodeRef(label, key), hops=hops, rel_types=rel_types, labels=labels, limit=limit
        )
    except Exception:
        principal.audit(audit, "network.expand", target, params, outcome="refused")
        raise
    principal.audit(audit, "network.expand", target, {**params, "nodes": len(out.nodes)})
    return out


@router.get(
    "/parties/{label}/{key}/gang",
    response_model=GangView,
    summary="所在团伙 (the gang around a party)",
    responses=ERRORS,
)
def party_gang(
    label: Label,
    key: Key,
    principal: NetworkReader,
    store: StoreDep,
    audit: AuditDep,
    hops: Annotated[int, Query(ge=1, le=MAX_EXPAND_HOPS, description="跳数 (hops)")] = 3,
    limit: Annotated[int, Query(ge=1, le=MAX_NODES, description="节点数上限 (node cap)")] = 1000,
) -> GangView:
    """主体所在团伙：成员及其角色（实际控制人、核心企业、壳公司、挂名法人）与团伙内部资金往来。"""
    target = f"{label}:{key}"
    try:
        out = gang(store, principal.viewer, NodeRef(label, key), hops=hops, limit=limit)
    except Exception:
        principal.audit(audit, "network.gang", target, {"hops": hops}, outcome="refused")
        raise
    principal.audit(audit, "network.gang", target, {"hops": hops, "members": len(out.members)})
    return out


@router.get(
    "/paths", response_model=PathsView, summary="两主体之间的路径 (paths between two parties)", responses=ERRORS
)
def party_paths(
    principal: NetworkReader,
    store: StoreDep,
    audit: AuditDep,
    source: Annotated[str, Query(max_length=80, description="起点 Enterprise:<uscc> 或 Person:<person_id>")],
    target: Annotated[str, Query(max_length=80, description="终点，同上")],
    mode: Annotated[Literal["shortest", "all"], Query(description="shortest 最短路径；all 全部路径")] = "shortest",
    max_hops: Annotated[int, Query(ge=1, le=MAX_PATH_HOPS, description="最大跳数 (all 模式至多 4)")] = 4,
    rel_types: RelTypes = None,
    limit: Annotated[int, Query(ge=1, le=100, description="路径数上限 (path cap)")] = 20,
) -> PathsView:
    """两主体之间的最短路径，或至多 k 跳的全部路径（all 模式跳数至多 4）。"""
    params = {"source": source, "target": target, "mode": mode, "max_hops": max_hops, "limit": limit}
    if mode == "all" and max_hops > MAX_ALL_PATHS_HOPS:
        raise ValidationFailed(f"全部路径模式下跳数至多 {MAX_ALL_PATHS_HOPS} (max_hops too high for mode all)")
    try:
        a, b = parse_ref(source, "source"), parse_ref(target, "target")
        out = paths(store, principal.viewer, a, b, max_hops=max_hops, mode=mode, rel_types=rel_types, limit=limit)
    except Exception:
        principal.audit(audit, "network.paths", f"{source}→{target}", params, outcome="refused")
        raise
    principal.audit(audit, "network.paths", f"{source}→{target}", {**params, "paths": len(out.paths)})
    return out
