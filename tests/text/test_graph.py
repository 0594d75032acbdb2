"""Linking against a real store (both backends): dictionary from the graph, MENTIONS written with provenance."""

from __future__ import annotations

from typing import Any

from smokeindex.graph import GraphStore
from smokeindex.text.graph import write_mentions
from smokeindex.text.link import Linker
from smokeindex.text.pipeline import TextAnalyzer
from tests.conftest import provenance
from tests.text.conftest import DINGSHENG, HONEST


def test_link_and_write_mentions(store: GraphStore) -> None:
    store.upsert_nodes(
        "Enterprise",
        [
            {"uscc": DINGSHENG, "name": "杭州鼎盛网络科技有限公司", **provenance("1")},
            {"uscc": HONEST, "name": "杭州恒泰进出口有限公司", **provenance("2")},
        ],
    )
    text = "我在杭州鼎盛网络科技有限公司投了10万元，还说资金由杭州恒泰进出口有限公司担保。"
    store.upsert_nodes("Complaint", [{"complaint_id": "C1", "text": text, **provenance("3")}])
    linker = Linker.from_store(store)
    a = TextAnalyzer(linker=linker).analyze(text)
    assert a.target == DINGSHENG and {d["uscc"] for d in a.linked} == {DINGSHENG, HONEST}
    summary = write_mentions(store, TextAnalyzer(linker=linker))
    assert summary["Complaint"] == {"texts": 1, "mentions_written": 2, "missing_ends": 0}
    rows: list[dict[str, Any]] = store.read(
        "MATCH (:Complaint {complaint_id: 'C1'})-[m:MENTIONS]->(e:Enterprise) "
        "RETURN e.uscc AS u, m.confidence AS c, m.source AS s ORDER BY u"
    )
    assert [(r["u"], r["c"], r["s"]) for r in rows] == [(DINGSHENG, 1.0, "text"), (HONEST, 1.0, "text")]
    feats = store.read(
        "MATCH (c:Complaint {complaint_id: 'C1'}) RETURN c.t_risk_score AS s, c.t_risk_cues AS cues, "
        "c.t_lexicon_version AS v, c.source AS src"
    )[0]
    assert feats["src"] == "test" and feats["v"]  # features are derived: the record's provenance stays
    assert isinstance(feats["cues"], list) and 0.0 <= feats["s"] <= 1.0
    store.upsert_nodes(
        "Complaint", [{"complaint_id": "C2", "text": "业务员说保本保息，稳赚不赔，拉人头还有返利", **provenance("4")}]
    )
    write_mentions(store, TextAnalyzer(linker=linker))  # re-run is idempotent
    assert store.read("MATCH (:Complaint)-[m:MENTIONS]->() RETURN count(m) AS n")[0]["n"] == 2
    c2 = store.read("MATCH (c:Complaint {complaint_id: 'C2'}) RETURN c.t_risk_score AS s, c.t_risk_cues AS cues")[0]
    assert c2["s"] > 0.9 and len(c2["cues"]) >= 2
