"""Gather a case file, and export it as one signed evidence package.

The package is ``smokeindex.evidence.build_package`` over the case's subgraph: the case file, the lead and its sources,
the tasks and their events, the dispositions, the blacklist entries, the evidence file records (each with the SHA-256
of its content), the subject and its warnings. Personal values are masked and out-of-jurisdiction nodes emptied as in
the API's evidence export, and ``smokeindex evidence verify`` checks it with the deployment's evidence key. The
manifest's snapshot also lists every evidence file's digest and size, so the signature covers them by name.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from smokeindex import __version__
from smokeindex.evidence import build_package
from smokeindex.graph import GraphStore, NodeRef
from smokeindex.graph.base import GraphNode, Subgraph
from smokeindex.graph.queries import NODES_BY_ID
from smokeindex.query.network import visible_subgraph
from smokeindex.query.profile import HISTORY, HISTORY_LIMIT
from smokeindex.query.viewer import Viewer
from smokeindex.workflow import queries
from smokeindex.workflow.blacklist import service as blacklist
from smokeindex.workflow.cases.models import CaseFilePublic, WarningPoint
from smokeindex.workflow.cases.service import visible_case
from smokeindex.workflow.dispositions import service as dispositions
from smokeindex.workflow.evidence_files import service as evidence_files
from smokeindex.workflow.leads import service as leads
from smokeindex.workflow.tasks import service as tasks


def case_file(store: GraphStore, viewer: Viewer, case_id: str, *, now: datetime | None = None) -> CaseFilePublic:
    """Everything about one case inside the viewer's jurisdiction (``NotFound`` outside it)."""
    case = visible_case(store, viewer, case_id)
    lead = leads.get_lead(store, case.lead_id)
    task_list = tasks.tasks_of_lead(store, case.lead_id, now=now)
    disposition_list = dispositions.dispositions_of(store, case.lead_id)
    targets = [
        NodeRef("Lead", lead.lead_id),
        *(NodeRef("Task", t.task_id) for t in task_list),
        *(NodeRef("Disposition", d.disposition_id) for d in disposition_list),
    ]
    subject = NodeRef(case.subject_label, case.subject_key)
    history = store.read(HISTORY, {"key": subject.key, "label": subject.label, "n": HISTORY_LIMIT})
    warnings = [
        WarningPoint(**{k: v for k, v in r["w"].items() if k in WarningPoint.model_fields}, started_at=r["started"])
        for r in reversed(history)
    ]
    return CaseFilePublic(
        **case.model_dump(),
        lead=lead,
        tasks=task_list,
        events=tasks.events_of(store, [t.task_id for t in task_list]),
        evidence_files=evidence_files.files_of(store, targets),
        dispositions=disposition_list,
        blacklist=blacklist.entries_of(store, subject, now=now),
        warnings=warnings,
    )


def case_subgraph(store: GraphStore, file: CaseFilePublic) -> Subgraph:
    """The case's nodes (named in ``file``) and every relationship among them."""
    keys: dict[str, list[str]] = {
        "CaseFile": [file.case_id],
        "Lead": [file.lead_id],
        "LeadSource": [s.source_id for s in file.lead.sources],
        "Task": [t.task_id for t in file.tasks],
        "TaskEvent": [e.event_id for e in file.events],
        "Disposition": [d.disposition_id for d in file.dispositions],
        "BlacklistEntry": [b.entry_id for b in file.blacklist],
        "EvidenceFile": [f.evidence_id for f in file.evidence_files],
        file.subject_label: [file.subject_key],
        "Warning": [w.warning_id for w in file.warnings],
    }
    ids: list[str] = []
    for label, values in keys.items():
        if values:
            query = queries.node_ids(store.dialect, label, store.schema.node(label).key)
            ids += [str(r["id"]) for r in store.read(query, {"keys": values})]
    rows = store.read(NODES_BY_ID[store.dialect], {"ids": store._typed_ids(ids)}) if ids else []
    nodes = [GraphNode(str(r["id"]), list(r["labels"]), dict(r["props"])) for r in rows]
    return Subgraph(nodes=nodes, relationships=store.relationships_among(ids))


def export_case(
    store: GraphStore,
    viewer: Viewer,
    *,
    case_id: str,
    key: bytes,
    exporter: dict[str, Any],
    created_at: str | None = None,
) -> tuple[bytes, CaseFilePublic]:
    """The case file as a signed evidence package (zip bytes), and the case file it holds.

    Args:
        store: The graph store.
        viewer: Who exports; the case must be inside their jurisdiction, and what they may not see is masked.
        case_id: The case file.
        key: The deployment's evidence key (``Settings.evidence_key``), which signs the manifest.
        exporter: Who exported it, recorded in the manifest.
        created_at: The time of export (ISO-8601); defaults to now. Fix it to get reproducible bytes.
    """
    file = case_file(store, viewer, case_id)
    created = created_at or datetime.now(UTC).isoformat(timespec="seconds")
    package = build_package(
        visible_subgraph(store, viewer, case_subgraph(store, file)),
        schema=store.schema,
        query={"endpoint": "POST /api/v1/workflow/cases/{case_id}/export", "parameters": {"case_id": case_id}},
        snapshot={
            "store": store.name,
            "case_id": file.case_id,
            "lead_id": file.lead_id,
            "case_status": file.status,
            "evidence_files": [
                {"evidence_id": f.evidence_id, "sha256": f.sha256, "bytes": f.size_bytes, "received_at": f.received_at}
                for f in file.evidence_files
            ],
            "software": f"smokeindex {__version__}",
        },
        exporter=exporter,
        key=key,
        created_at=created,
    )
    return package, file
