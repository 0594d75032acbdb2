"""Leads on both real stores: one lead per subject with all its sources (线索融合), idempotent sources, regions that
widen visibility, a merge reviewed, undone and redone, and bad input refused."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from smokeindex.errors import Conflict, NotFound, ValidationFailed
from smokeindex.graph import GraphStore, NodeRef
from smokeindex.workflow.leads import service
from smokeindex.workflow.leads.models import LeadPublic
from smokeindex.workflow.leads.service import raise_lead, source_id_of
from tests.conftest import provenance
from tests.workflow.conftest import E1, E2, NOW, put_task, viewer

LATER = NOW + timedelta(hours=2)


def _complaint(store: GraphStore, key: str, *, region: str = "330203", subject: NodeRef = E1) -> LeadPublic:
    return raise_lead(
        store, subject=subject, source_label="Complaint", source_key=key, region_code=region,
        summary="宁波群众举报：高息揽储", actor="system", channel="complaint", now=LATER,
    )  # fmt: skip


def test_a_second_source_merges_into_the_open_lead(store: GraphStore, lead: LeadPublic) -> None:
    assert (lead.status, lead.source_count, lead.channels, lead.subject_name) == (
        "open",
        1,
        ["complaint"],
        "杭州鑫盛财富管理有限公司",
    )
    assert lead.sources[0].merge_state == "original" and lead.sources[0].source_id == source_id_of(
        "Complaint", "C-demo-01"
    )
    assert lead.created_at == "2024-06-03T01:00:00+00:00" and lead.sources[0].reported_by == "system"
    warned = raise_lead(
        store, subject=E1, source_label="Warning", source_key="score-1/Enterprise:E1", region_code=None,
        summary="冒烟指数 88，红色预警", actor="system", channel="warning", now=LATER,
    )  # fmt: skip
    merged = _complaint(store, "C-nb-1")
    assert warned.lead_id == merged.lead_id == lead.lead_id
    assert merged.source_count == 3 and merged.channels == ["warning", "complaint"]
    assert merged.region_codes == ["330106", "330203"]
    assert [s.merge_state for s in merged.sources] == ["original", "merged", "merged"]
    # the same record raised again adds nothing; another subject gets its own lead
    assert _complaint(store, "C-nb-1").source_count == 3
    other = _complaint(store, "C-nb-2", subject=E2)
    assert other.lead_id != lead.lead_id and other.source_count == 1
    # the complaint in the graph is cited; a warning that is not loaded is simply not linked
    cites = store.read("MATCH (:LeadSource)-[:CITES]->(c:Complaint) RETURN c.complaint_id AS id")
    assert [r["id"] for r in cites] == ["C-demo-01"]


def test_sources_from_another_region_widen_who_sees_the_lead(store: GraphStore, lead: LeadPublic) -> None:
    with pytest.raises(NotFound):
        service.visible_lead(store, viewer("inv_nb"), lead.lead_id)
    assert service.list_leads(store, viewer("inv_nb")).total == 0
    _complaint(store, "C-nb-1")
    assert service.visible_lead(store, viewer("inv_nb"), lead.lead_id).source_count == 2
    for user, seen in (("admin", 1), ("reg_hz", 1), ("inv_xh", 1), ("grid_st", 0), ("reg_nb", 1), ("inv_nb", 1)):
        assert service.list_leads(store, viewer(user)).total == seen, user
    # a unit a task is sent to sees the lead it works on
    put_task(store, lead_id=lead.lead_id, state="assigned", task_id="T-st", region_code="330106001")
    service.refresh(store, lead.lead_id, "2024-06-03T03:00:00+00:00")
    assert service.visible_lead(store, viewer("grid_st"), lead.lead_id).lead_id == lead.lead_id


def test_review_confirm_undo_and_merge_back(store: GraphStore, lead: LeadPublic) -> None:
    merged = _complaint(store, "C-nb-1")
    first, second = merged.sources
    with pytest.raises(Conflict):  # the original source was never merged
        service.review_source(store, viewer("reg_hz"), lead_id=lead.lead_id, source_id=first.source_id, decision="undo")
    kept = service.review_source(
        store, viewer("reg_hz"), lead_id=lead.lead_id, source_id=second.source_id, decision="confirm", note="同一主体"
    )
    assert kept.sources[1].merge_state == "confirmed" and kept.sources[1].reviewed_by == "reg_hz"
    split = service.review_source(
        store,
        viewer("reg_hz"),
        lead_id=lead.lead_id,
        source_id=second.source_id,
        decision="undo",
        note="另案处理",
        now=LATER,
    )
    assert split.lead_id != lead.lead_id and split.split_from == lead.lead_id
    assert (split.source_count, split.region_codes, split.sources[0].merge_state) == (1, ["330203"], "undone")
    assert split.sources[0].moved_from == lead.lead_id
    left = service.get_lead(store, lead.lead_id)
    assert (left.source_count, left.region_codes, left.channels) == (1, ["330106"], ["complaint"])
    # a new report about the subject goes to the oldest open lead
    assert _complaint(store, "C-nb-3").lead_id == lead.lead_id
    with pytest.raises(NotFound):  # the split-off lead is in Ningbo: Hangzhou cannot see it, the province can
        service.merge_leads(store, viewer("reg_hz"), lead_id=lead.lead_id, other_lead_id=split.lead_id)
    back = service.merge_leads(
        store, viewer("reg_zj"), lead_id=lead.lead_id, other_lead_id=split.lead_id, note="重新融合"
    )
    assert back.source_count == 3 and {s.source_id for s in back.sources} >= {second.source_id}
    gone = service.get_lead(store, split.lead_id)
    assert (gone.status, gone.merged_into, gone.source_count) == ("merged", lead.lead_id, 0)
    with pytest.raises(Conflict):  # a merged lead takes no more merges
        service.merge_leads(store, viewer("reg_zj"), lead_id=lead.lead_id, other_lead_id=split.lead_id)
    relationship = "MATCH (:Lead {lead_id: $id})-[:HAS_LEAD_SOURCE]->(s:LeadSource) RETURN count(s) AS n"
    assert store.read(relationship, {"id": lead.lead_id})[0]["n"] == 3
    assert store.read(relationship, {"id": split.lead_id})[0]["n"] == 0


def test_merge_refusals(store: GraphStore, lead: LeadPublic) -> None:
    other = _complaint(store, "C-e2", subject=E2, region="330106")
    with pytest.raises(Conflict, match="主体不同"):
        service.merge_leads(store, viewer("reg_hz"), lead_id=lead.lead_id, other_lead_id=other.lead_id)
    with pytest.raises(Conflict, match="自身"):
        service.merge_leads(store, viewer("reg_hz"), lead_id=lead.lead_id, other_lead_id=lead.lead_id)
    with pytest.raises(NotFound):
        service.merge_leads(store, viewer("reg_nb"), lead_id=lead.lead_id, other_lead_id=other.lead_id)


def test_bad_input(store: GraphStore, lead: LeadPublic) -> None:
    kwargs: dict[str, Any] = {
        "source_label": "Manual",
        "source_key": "m1",
        "region_code": None,
        "summary": "x",
        "actor": "a",
    }
    with pytest.raises(ValidationFailed, match="未知来源渠道"):
        raise_lead(store, subject=E1, channel="rumour", **kwargs)
    with pytest.raises(NotFound):
        raise_lead(store, subject=NodeRef("Enterprise", "91330106MA2H0ZZZZZ"), channel="manual", **kwargs)
    with pytest.raises(ValidationFailed):
        raise_lead(store, subject=NodeRef("Phone", "13800001111"), channel="manual", **kwargs)
    with pytest.raises(ValidationFailed):
        raise_lead(store, subject=E1, channel="manual", **{**kwargs, "region_code": "33010"})
    with pytest.raises(ValidationFailed, match="不能为空"):
        raise_lead(store, subject=E1, channel="manual", **{**kwargs, "summary": "  "})
    store.upsert_nodes("Person", [{"person_id": "P-nowhere", "name": "无名氏", **provenance()}])
    with pytest.raises(ValidationFailed, match="无法确定线索所属区划"):
        raise_lead(store, subject=NodeRef("Person", "P-nowhere"), channel="manual", **kwargs)
    nowhere = raise_lead(
        store, subject=NodeRef("Person", "P-nowhere"), channel="manual", **{**kwargs, "region_code": "330106"}
    )
    assert nowhere.subject_label == "Person" and nowhere.region_code == "330106"
    assert service.list_leads(store, viewer("admin"), channel="manual").total == 1
    assert service.list_leads(store, viewer("admin"), status="closed").total == 0
