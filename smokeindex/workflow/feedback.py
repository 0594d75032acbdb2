"""The feedback loop: confirmed and dismissed outcomes of closed leads as labels for ``rules evaluate`` and the network
model's training.

A lead is labelled when its root task is closed, from the conclusion its unit reported and the upper level approved:
属实 (confirmed) is 1, 不属实 (dismissed) is 0. A subject with several labelled leads is 1 if any was confirmed (a scheme
once proven stays a positive), else 0. The CSV has the columns of a generated world's ``ground_truth/labels.csv``
(``entity_type``, ``id``, ``label``, ``typology``), so ``rules.evaluate.Labels.read`` and ``gnn --labels`` read it as is.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from smokeindex.graph import GraphStore, NodeRef
from smokeindex.workflow import queries

COLUMNS = ("entity_type", "id", "label", "typology", "source", "lead_ids", "decided_at")


@dataclass
class OutcomeLabel:
    """One subject's label and the leads it comes from."""

    ref: NodeRef
    label: int
    lead_ids: list[str] = field(default_factory=list)
    decided_at: str = ""


def outcome_details(store: GraphStore) -> list[OutcomeLabel]:
    """Every labelled subject, in the order its first outcome was decided."""
    out: dict[NodeRef, OutcomeLabel] = {}
    for r in store.read(queries.OUTCOMES):
        ref = NodeRef(str(r["label"]), str(r["key"]))
        item = out.setdefault(ref, OutcomeLabel(ref, 0))
        item.label = max(item.label, 1 if r["outcome"] == "confirmed" else 0)
        item.lead_ids.append(str(r["lead_id"]))
        item.decided_at = max(item.decided_at, str(r["at"] or ""))
    return list(out.values())


def outcome_labels(store: GraphStore) -> dict[NodeRef, int]:
    """``{subject: 1 | 0}`` from confirmed (属实) and dismissed (不属实) outcomes of closed leads."""
    return {o.ref: o.label for o in outcome_details(store)}


def labels_csv(store: GraphStore) -> str:
    """The labels as CSV (UTF-8, header first) in the ground-truth column layout."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for o in outcome_details(store):
        writer.writerow([o.ref.label, o.ref.key, o.label, "", "workflow", ";".join(o.lead_ids), o.decided_at])
    return buf.getvalue()
