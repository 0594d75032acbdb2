"""Write text-derived MENTIONS links into the graph.

The ETL already writes ``COMPLAINT_AGAINST`` from a complaint's structured 被投诉对象 field and ``MENTIONS`` from a
news item's 涉及主体 tags (confidence 1.0). This module adds what only the text shows: ``MENTIONS`` from the free text
of complaints and news articles to every enterprise linked in it, with the link's confidence and provenance
``source="text"``. It never writes ``COMPLAINT_AGAINST``: an accusation inferred from text has no confidence
property to carry and would hit the honest company a complaint names only as a guarantor.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from smokeindex.graph.base import GraphStore, NodeRef, RelRow
from smokeindex.text.pipeline import TextAnalyzer

SOURCE = "text"
TEXT_LABELS: dict[str, str] = {"Complaint": "complaint_id", "NewsArticle": "article_id"}
Q_TEXTS = {
    label: f"MATCH (n:{label}) WHERE n.{key} > $after RETURN n.{key} AS k, n.text AS t ORDER BY k LIMIT $limit"
    for label, key in TEXT_LABELS.items()
}  # labels and keys come from the constant above, never from input
PAGE = 2000
MIN_CONFIDENCE = 0.85


def write_mentions(
    store: GraphStore,
    analyzer: TextAnalyzer,
    *,
    labels: tuple[str, ...] = tuple(TEXT_LABELS),
    min_confidence: float = MIN_CONFIDENCE,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, Any]:
    """Analyse every complaint / news text in the store and upsert MENTIONS to the linked enterprises.

    Returns counts per label: texts read, links written, links whose enterprise was missing.
    """
    if analyzer.linker is None:
        raise ValueError("write_mentions needs an analyzer with a linker")
    now = datetime.now(UTC).isoformat()
    summary: dict[str, Any] = {}
    for label in labels:
        after, texts, written, missing = "", 0, 0, 0
        while True:
            rows = store.read(Q_TEXTS[label], {"after": after, "limit": PAGE})
            if not rows:
                break
            after = str(rows[-1]["k"])
            rels: list[RelRow] = []
            for r in rows:
                text = r["t"] or ""
                texts += 1
                digest = hashlib.sha256(f"{analyzer.lexicon.version}\n{text}".encode()).hexdigest()
                for link in analyzer.analyze(text).linked:
                    if link["confidence"] < min_confidence:
                        continue
                    props = {"confidence": link["confidence"], "source": SOURCE, "record_id": f"{label}:{r['k']}",
                             "ingested_at": now, "record_hash": digest}  # fmt: skip
                    rels.append(RelRow(NodeRef(label, str(r["k"])), NodeRef("Enterprise", link["uscc"]), props))
            if rels:
                res = store.upsert_relationships("MENTIONS", rels)
                written += res.written
                missing += len(res.missing)
            if progress:
                progress(label, texts)
        summary[label] = {"texts": texts, "mentions_written": written, "missing_ends": missing}
    return summary
