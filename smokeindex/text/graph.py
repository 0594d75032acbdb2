"""Write text-derived MENTIONS links and text features into the graph.

The ETL already writes ``COMPLAINT_AGAINST`` from a complaint's structured 被投诉对象 field and ``MENTIONS`` from a
news item's 涉及主体 tags (confidence 1.0). This module adds what only the text shows: ``MENTIONS`` from the free text
of complaints and news articles to every enterprise linked in it, with the link's confidence and provenance
``source="text"``. It never writes ``COMPLAINT_AGAINST``: an accusation inferred from text has no confidence
property to carry and would hit the honest company a complaint names only as a guarantor.

Each text also gets its features as derived properties (provenance left as it is): ``t_risk_score`` (noisy-OR of the
non-negated risk categories' scores), ``t_risk_cues``, ``t_typology`` and ``t_typology_p`` (when a typology model is
loaded) and ``t_lexicon_version``.
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


def text_features(analysis: Any) -> dict[str, Any]:
    """The derived properties one analysis gives a Complaint or NewsArticle (absent values left out)."""
    scores = {k: float(v) for k, v in (analysis.risk_scores or {}).items() if v > 0}
    remaining = 1.0
    for v in scores.values():
        remaining *= 1.0 - min(max(v, 0.0), 1.0)
    out: dict[str, Any] = {
        "t_risk_score": round(1.0 - remaining, 6),
        "t_risk_cues": sorted(scores),
        "t_lexicon_version": analysis.lexicon_version or None,
    }
    if analysis.typology:
        best = max(analysis.typology.items(), key=lambda kv: kv[1])
        out.update(t_typology=best[0], t_typology_p=round(float(best[1]), 6))
    return {k: v for k, v in out.items() if v is not None}


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
            features: list[dict[str, Any]] = []
            for r in rows:
                text = r["t"] or ""
                texts += 1
                digest = hashlib.sha256(f"{analyzer.lexicon.version}\n{text}".encode()).hexdigest()
                analysis = analyzer.analyze(text)
                features.append({TEXT_LABELS[label]: str(r["k"]), **text_features(analysis)})
                for link in analysis.linked:
                    if link["confidence"] < min_confidence:
                        continue
                    props = {"confidence": link["confidence"], "source": SOURCE, "record_id": f"{label}:{r['k']}",
                             "ingested_at": now, "record_hash": digest}  # fmt: skip
                    rels.append(RelRow(NodeRef(label, str(r["k"])), NodeRef("Enterprise", link["uscc"]), props))
            store.update_nodes(label, features, provenance=False)
            if rels:
                res = store.upsert_relationships("MENTIONS", rels)
                written += res.written
                missing += len(res.missing)
            if progress:
                progress(label, texts)
        summary[label] = {"texts": texts, "mentions_written": written, "missing_ends": missing}
    return summary
