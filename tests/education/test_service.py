"""The education service below the API: the literacy formula, resident ids and tokens, registration limits, the
starter pack and quiz upkeep (on both real stores), and the ``seed`` command."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from smokeindex.config import get_settings
from smokeindex.education import service
from smokeindex.education.limits import RegistrationLimits
from smokeindex.education.models import ContentCreate, QuestionIn, QuizCreate, QuizUpdate
from smokeindex.education.residents import decode_resident_token, issue_resident_token, resident_id
from smokeindex.education.service import CST, AttemptScore, literacy_score
from smokeindex.errors import Conflict, NotFound, TooManyRequests, Unauthorized, ValidationFailed
from smokeindex.graph import GraphStore, NodeRef
from smokeindex.query.viewer import Viewer
from tests.education.conftest import ADMIN

REG_HZ = Viewer("reg_hz", "regulator", "3301")


# -- the literacy score -------------------------------------------------------------------------------------------------
def test_literacy_score_formula() -> None:
    assert literacy_score([], []).score == 0.0
    full = literacy_score(
        [AttemptScore(f"q{i}", "2024-01-01", 100.0) for i in range(3)],
        [(f"c{i}", ("law", "case", "tip")[i % 3]) for i in range(10)],
    )
    assert (full.score, full.quiz_part, full.confidence, full.breadth) == (100.0, 1.0, 1.0, 1.0)
    # first 40, best 100: the quiz counts (40 + 100) / 2 = 70; one quiz of three gives C = 1/3
    one = literacy_score([AttemptScore("q", "2024-01-02", 100.0), AttemptScore("q", "2024-01-01", 40.0)], [])
    assert (one.quiz_part, one.confidence, one.score) == (0.7, 0.3333, round(100 * 0.7 * 0.7 / 3, 1))
    # readings: distinct contents, kinds among law/case/tip only
    reading = literacy_score([], [("c1", "tip"), ("c1", "tip"), ("c2", "law"), ("c3", "other")])
    assert (reading.contents_read, reading.kinds_read) == (3, ["law", "tip"])
    assert reading.breadth == round(0.5 * 0.3 + 0.5 * 2 / 3, 4)
    assert "金融素养分数" in reading.explanation and "0.3 × B" in reading.explanation


def test_literacy_counts_only_the_window(store: GraphStore) -> None:
    service.seed(store)
    resident = service.register_resident(store, phone="13600000001", region_code="330106", pseudonym_key="k")
    long_ago = datetime.now(CST) - timedelta(days=400)
    answers = [[1], [0, 1, 2], [1], [0], [2]]  # all right on EQ-BASIC-001
    old = service.submit_quiz(store, resident=resident, quiz_id="EQ-BASIC-001", answers=answers, at=long_ago)
    assert old.score == 100.0 and old.literacy.quizzes_counted == 1  # as of then
    service.record_reading(store, resident=resident, content_id="EDU-TIP-001", seconds=30, at=long_ago)
    now = service.compute_literacy(store, str(resident["resident_id"]))
    assert (now.quizzes_counted, now.contents_read, now.score) == (0, 0, 0.0)
    fresh = service.submit_quiz(store, resident=resident, quiz_id="EQ-BASIC-001", answers=answers)
    assert fresh.literacy.quizzes_counted == 1 and fresh.literacy.quiz_part == 1.0
    node = store.get_node(NodeRef("Resident", str(resident["resident_id"])))
    assert node is not None and node["literacy_score"] == fresh.literacy.score and node["source"] == "education"


# -- residents' ids, tokens and limits ----------------------------------------------------------------------------------
def test_resident_ids_are_keyed_pseudonyms() -> None:
    a = resident_id("13800001111", key="k1")
    assert a == resident_id("13800001111", key="k1") and a.startswith("R") and len(a) == 21
    assert a != resident_id("13800001111", key="k2") and a != resident_id("13800001112", key="k1")
    assert "13800001111" not in a


def test_resident_tokens() -> None:
    token = issue_resident_token("Rabc", "330106", secret_key="s", ttl_s=60, now=1000)
    claims = decode_resident_token(token, secret_key="s", now=1030)
    assert (claims.sub, claims.region, claims.exp) == ("Rabc", "330106", 1060)
    with pytest.raises(Unauthorized, match="过期"):
        decode_resident_token(token, secret_key="s", now=1060)
    with pytest.raises(Unauthorized, match="签名"):
        decode_resident_token(token, secret_key="other", now=1030)
    head, payload, sig = token.split(".")
    forged = issue_resident_token("Rother", "330106", secret_key="s", ttl_s=60, now=1000).split(".")[1]
    with pytest.raises(Unauthorized, match="签名"):
        decode_resident_token(f"{head}.{forged}.{sig}", secret_key="s", now=1030)
    for bad in ("", "a.b", "rt1..x", f"rt2.{payload}.{sig}", "rt1.!!.x"):
        with pytest.raises(Unauthorized):
            decode_resident_token(bad, secret_key="s", now=1030)


def test_registration_limits_slide() -> None:
    limits = RegistrationLimits(per_phone=2, per_client=3, window_s=100)
    limits.take(phone="p1", client="c", now=0)
    limits.take(phone="p1", client="c", now=10)
    with pytest.raises(TooManyRequests) as e:
        limits.take(phone="p1", client="c", now=20)
    assert e.value.retry_after_s == pytest.approx(80)
    limits.take(phone="p2", client="c", now=20)  # the refused attempt was not counted against the client
    with pytest.raises(TooManyRequests):
        limits.take(phone="p3", client="c", now=30)
    limits.take(phone="p1", client="c", now=101)  # the first events left the window


# -- content, quizzes and the starter pack ------------------------------------------------------------------------------
def test_seed_is_idempotent_and_keeps_publication_time(store: GraphStore) -> None:
    assert service.seed(store) == {"EducationContent": 12, "Quiz": 3}
    first = store.get_node(NodeRef("EducationContent", "EDU-LAW-001"))
    assert service.seed(store) == {"EducationContent": 12, "Quiz": 3}
    again = store.get_node(NodeRef("EducationContent", "EDU-LAW-001"))
    assert first is not None and again is not None and first["published_at"] == again["published_at"]
    assert again["source"] == "education" and again["record_id"] == "starter_pack.yaml#EDU-LAW-001"
    counts = store.count_nodes()
    assert (counts["EducationContent"], counts["Quiz"]) == (12, 3)
    assert store.count_relationships()["ABOUT_CONTENT"] == 9
    quiz = service.quiz_staff(store, viewer=ADMIN, quiz_id="EQ-SCAM-001")
    assert quiz.content_ids == ["EDU-CASE-001", "EDU-TIP-002", "EDU-TIP-003", "EDU-TIP-004"]


def test_a_broken_pack_is_refused(tmp_path: Path, store: GraphStore) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text("contents:\n  - {kind: tip, title: 无编号, body: 正文}\n", encoding="utf-8")
    with pytest.raises(ValidationFailed, match="编号"):
        service.seed(store, pack)
    pack.write_text("quizzes:\n  - {quiz_id: Q1, title: t, questions: [{question: q, options: [a], answer: [0]}]}\n")
    with pytest.raises(ValidationFailed, match="内容包无效"):
        service.seed(store, pack)
    assert sum(store.count_nodes().values()) == 0


def test_quiz_upkeep(store: GraphStore) -> None:
    service.seed(store)
    q = QuestionIn(question="问", options=["甲", "乙", "丙"], answer=[2])
    made = service.create_quiz(
        store,
        viewer=REG_HZ,
        username="reg_hz",
        data=QuizCreate(
            quiz_id="EQ-HZ-9",
            title="杭州测验",
            region_code="330100",
            questions=[q],
            content_ids=["EDU-TIP-001", "EDU-TIP-002"],
        ),  # fmt: skip
    )
    assert made.question_count == 1 and made.content_ids == ["EDU-TIP-001", "EDU-TIP-002"]
    with pytest.raises(Conflict):
        service.create_quiz(store, viewer=REG_HZ, username="reg_hz", data=QuizCreate(quiz_id="EQ-HZ-9", title="t",
                            region_code="330100", questions=[q]))  # fmt: skip
    with pytest.raises(ValidationFailed, match="不存在"):
        service.create_quiz(store, viewer=REG_HZ, username="reg_hz", data=QuizCreate(title="t", region_code="330100",
                            questions=[q], content_ids=["EDU-NOPE"]))  # fmt: skip
    patch = QuizUpdate(questions=[q, q], content_ids=["EDU-TIP-003"], status="withdrawn")
    updated = service.update_quiz(store, viewer=REG_HZ, username="reg_hz", quiz_id="EQ-HZ-9", patch=patch)
    assert (updated.question_count, updated.content_ids, updated.status) == (2, ["EDU-TIP-003"], "withdrawn")
    with pytest.raises(NotFound):
        service.get_quiz(store, "EQ-HZ-9", region=None)  # withdrawn
    with pytest.raises(NotFound):
        service.update_quiz(store, viewer=Viewer("nb", "regulator", "3302"), username="nb", quiz_id="EQ-HZ-9",
                            patch=QuizUpdate(title="x"))  # fmt: skip
    with pytest.raises(ValidationFailed, match="全国"):
        service.update_quiz(store, viewer=REG_HZ, username="reg_hz", quiz_id="EQ-HZ-9",
                            patch=QuizUpdate.model_validate({"region_code": None}))  # fmt: skip
    with pytest.raises(ValidationError, match="answer out of range"):
        QuestionIn(question="q", options=["a", "b"], answer=[2])
    content = service.create_content(
        store, viewer=ADMIN, username="admin", data=ContentCreate(kind="law", title="标题", body="正文")
    )
    assert content.content_id.startswith("EC-") and content.region_code is None and content.kind_zh == "法规政策"


def test_the_seed_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from smokeindex.education.cli import app

    monkeypatch.setenv("SMOKEINDEX_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        out = CliRunner().invoke(app, ["seed"])
    finally:
        get_settings.cache_clear()
    assert out.exit_code == 0, out.output
    assert "宣教内容 12 篇，测验 3 套" in out.output
