"""Education logic: content and quizzes, residents' reading and quizzes, the literacy score, and the activity ledger.

Writes go through ``upsert_nodes`` / ``upsert_relationships`` with provenance (source ``education``), so the schema
validates every row. Jurisdiction: staff manage content, quizzes and activities whose region lies inside their own
(national items: national staff only); an item outside answers 404 as if absent, a new item placed outside answers
403. Residents read and answer only what is meant for their region: national items and those of an enclosing region.

Times are stored as ISO-8601 in Beijing time (+08:00), so that stored times of one kind compare as strings and dates
given by users (Beijing dates) bound them directly.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from smokeindex.education import queries as q
from smokeindex.education.models import (
    KIND_ZH,
    ActivityCreate,
    ActivityFilter,
    ActivityPage,
    ActivityPublic,
    ContentCreate,
    ContentPage,
    ContentPublic,
    ContentStaffPage,
    ContentSummary,
    ContentUpdate,
    LiteracyPublic,
    QuestionIn,
    QuestionPublic,
    QuestionResult,
    QuizCreate,
    QuizPage,
    QuizPublic,
    QuizResult,
    QuizStaff,
    QuizSummary,
    QuizUpdate,
    ReadResult,
    ResidentMe,
    ResidentPage,
    ResidentStaff,
)
from smokeindex.education.residents import resident_id
from smokeindex.errors import BadRequest, Conflict, Forbidden, NotFound, ValidationFailed
from smokeindex.graph import GraphStore, NodeRef, RelRow
from smokeindex.query.masking import mask_properties
from smokeindex.query.viewer import Viewer
from smokeindex.schema.types import mask_value
from smokeindex.security.roles import jurisdiction_prefix

SOURCE = "education"
CST = timezone(timedelta(hours=8))
STARTER_PACK = Path(__file__).with_name("starter_pack.yaml")
MAX_EXPORT_ROWS = 10_000
#: An activity may be recorded up to this long before it is held (a ledger records what happened, give or take).
FUTURE_SLACK = timedelta(days=1)

# The literacy score (docs/education.md): S = 100 × (0.7 × Q × C + 0.3 × B).
WINDOW_DAYS = 365  # only learning and quizzes of the last year count
QUIZ_TARGET = 3  # quizzes for full confidence C
READ_TARGET = 10  # distinct contents for full reading breadth
MIN_READ_SECONDS = 10  # a reading shorter than this is recorded but does not count
WEIGHT_QUIZ = 0.7
WEIGHT_BREADTH = 0.3


def now() -> datetime:
    return datetime.now(CST)


def iso(moment: datetime) -> str:
    """A datetime as stored: ISO-8601 in Beijing time, to the second."""
    return moment.astimezone(CST).isoformat(timespec="seconds")


def day_start(day: date) -> str:
    return f"{day.isoformat()}T00:00:00+08:00"


def new_id(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(6)}"


def provenance(record_id: str, record: Any, at: str) -> dict[str, str]:
    """The provenance of a row written by this package: the record as received, hashed."""
    body = json.dumps(record, ensure_ascii=False, sort_keys=True, default=str).encode()
    return {
        "source": SOURCE,
        "record_id": record_id,
        "ingested_at": at,
        "record_hash": hashlib.sha256(body).hexdigest(),
    }


def scope_of(region_code: str | None) -> str | None:
    """The prefix of the codes an item placed in ``region_code`` is meant for; ``None`` for national items."""
    return None if region_code is None else jurisdiction_prefix(region_code)


def applies_to(node: dict[str, Any], region_code: str) -> bool:
    """Whether a content or quiz is meant for a resident of ``region_code`` (national, or an enclosing region)."""
    scope = node.get("region_scope")
    return scope is None or region_code.startswith(scope)


def _require_inside(viewer: Viewer, region_code: str | None) -> None:
    """Refuse (403) to place an item outside the viewer's jurisdiction; national items need a national viewer."""
    if not (scope_of(region_code) or "").startswith(viewer.prefix):
        where = region_code or "全国 (national)"
        raise Forbidden(f"区划 {where} 不在您的辖区内 (region outside your jurisdiction)")


def _managed(store: GraphStore, viewer: Viewer, label: str, key: str, what: str) -> dict[str, Any]:
    """A content or quiz the viewer manages; absent or outside the jurisdiction is the same 404."""
    node = store.get_node(NodeRef(label, key))
    if node is None or not str(node.get("region_scope") or "").startswith(viewer.prefix):
        raise NotFound(f"{what}不存在或不在您的辖区内 (not found): {key}")
    return node


def _check_contents(store: GraphStore, ids: list[str]) -> None:
    if not ids:
        return
    found = {str(r["id"]) for r in store.read(q.CONTENTS_BY_ID, {"ids": ids})}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationFailed(
            f"宣教内容不存在 (unknown content): {', '.join(missing)}",
            errors=[{"field": "content_ids", "problem": f"unknown content {i}"} for i in missing],
        )


def _page_bounds(offset: int, limit: int) -> None:
    if offset < 0 or not 1 <= limit <= 500:
        raise BadRequest("分页参数无效 (offset ≥ 0, 1 ≤ limit ≤ 500)")


# -- content ------------------------------------------------------------------------------------------------------------
def _content_row(data: dict[str, Any], *, record_id: str, at: str) -> dict[str, Any]:
    row = {k: v for k, v in data.items() if k not in {"source", "record_id", "ingested_at", "record_hash"}}
    row["region_scope"] = scope_of(row.get("region_code"))
    return {**row, **provenance(record_id, data, at)}


def create_content(store: GraphStore, *, viewer: Viewer, username: str, data: ContentCreate) -> ContentPublic:
    """Publish (or file as withdrawn) a new content inside the viewer's jurisdiction; ``Conflict`` if the id is taken."""
    _require_inside(viewer, data.region_code)
    content_id = data.content_id or new_id("EC")
    if store.get_node(NodeRef("EducationContent", content_id)) is not None:
        raise Conflict(f"内容编号已存在 (content id taken): {content_id}")
    at = iso(now())
    body = data.model_dump(exclude={"content_id"})
    body.update(content_id=content_id, created_by=username, updated_by=username, updated_at=at)
    if data.status == "published":
        body["published_at"] = at
    store.ensure_schema()
    store.upsert_nodes("EducationContent", [_content_row(body, record_id=f"api:{username}:{content_id}", at=at)])
    return _content(store, content_id)


def update_content(
    store: GraphStore, *, viewer: Viewer, username: str, content_id: str, patch: ContentUpdate
) -> ContentPublic:
    """Change the given fields of a content the viewer manages (a new region must be inside the jurisdiction too)."""
    node = _managed(store, viewer, "EducationContent", content_id, "宣教内容")
    changes = patch.model_dump(exclude_unset=True)
    if "region_code" in changes and changes["region_code"] is None:
        raise ValidationFailed(
            "不能把已有区划的内容改为全国通用，请新建内容 (content cannot become national)",
            errors=[{"field": "region_code", "problem": "may not be null"}],
        )
    changes = {k: v for k, v in changes.items() if v is not None}
    if "region_code" in changes:
        _require_inside(viewer, changes["region_code"])
    at = iso(now())
    merged = {**node, **changes, "updated_at": at, "updated_by": username}
    if merged.get("status") == "published" and not merged.get("published_at"):
        merged["published_at"] = at
    store.upsert_nodes("EducationContent", [_content_row(merged, record_id=f"api:{username}:{content_id}", at=at)])
    return _content(store, content_id)


def _content(store: GraphStore, content_id: str) -> ContentPublic:
    node = store.get_node(NodeRef("EducationContent", content_id))
    if node is None:
        raise NotFound(f"宣教内容不存在 (content not found): {content_id}")
    return ContentPublic.from_node(node)


def get_content(store: GraphStore, content_id: str, *, region: str | None) -> ContentPublic:
    """A published content; for a resident (``region`` given) only one meant for their region, else 404."""
    node = store.get_node(NodeRef("EducationContent", content_id))
    if node is None or node.get("status") != "published" or (region is not None and not applies_to(node, region)):
        raise NotFound(f"宣教内容不存在或不面向您所在区划 (content not found): {content_id}")
    return ContentPublic.from_node(node)


def _filters(
    kind: str | None, tag: str | None, text: str | None, text_fragment: str
) -> tuple[list[str], dict[str, Any]]:
    where: list[str] = []
    params: dict[str, Any] = {}
    if kind:
        where.append(q.KIND_IS)
        params["kind"] = kind
    if tag:
        where.append(q.HAS_TAG)
        params["tag"] = tag
    if text:
        where.append(text_fragment)
        params["q"] = text
    return where, params


def list_contents(
    store: GraphStore,
    *,
    region: str | None,
    kind: str | None = None,
    tag: str | None = None,
    text: str | None = None,
    offset: int = 0,
    limit: int = 20,
) -> ContentPage:
    """Published content for residents of ``region`` (national and enclosing regions'; national only without one)."""
    _page_bounds(offset, limit)
    where, params = _filters(kind, tag, text, q.TEXT_CONTAINS)
    where += [q.PUBLISHED, q.APPLIES_TO_REGION if region else q.NATIONAL_ONLY]
    if region:
        params["region"] = region
    count, page = q.content_list(where)
    total = int(store.read(count, params)[0]["n"])
    rows = store.read(page, {**params, "offset": offset, "limit": limit})
    return ContentPage(
        total=total, offset=offset, limit=limit, items=[ContentSummary.from_node(r["props"]) for r in rows]
    )


def managed_contents(
    store: GraphStore,
    *,
    viewer: Viewer,
    kind: str | None = None,
    tag: str | None = None,
    text: str | None = None,
    status: str | None = None,
    offset: int = 0,
    limit: int = 20,
) -> ContentStaffPage:
    """Every content (withdrawn too) the viewer manages: placed inside their jurisdiction."""
    _page_bounds(offset, limit)
    where, params = _filters(kind, tag, text, q.TEXT_CONTAINS)
    where.append(q.MANAGED_IN)
    params["prefix"] = viewer.prefix
    if status:
        where.append("c.status = $status")
        params["status"] = status
    count, page = q.content_list(where)
    total = int(store.read(count, params)[0]["n"])
    rows = store.read(page, {**params, "offset": offset, "limit": limit})
    return ContentStaffPage(
        total=total, offset=offset, limit=limit, items=[ContentPublic.from_node(r["props"]) for r in rows]
    )


# -- quizzes ------------------------------------------------------------------------------------------------------------
def _questions(node: dict[str, Any]) -> list[QuestionIn]:
    try:
        return [QuestionIn.model_validate(x) for x in json.loads(node["questions_json"])]
    except (ValueError, TypeError, ValidationError) as e:  # only a hand-edited graph gets here
        raise ValidationFailed(f"测验题目数据损坏 (stored quiz is invalid): {node.get('quiz_id')}") from e


def _quiz_row(data: dict[str, Any], questions: list[QuestionIn], *, record_id: str, at: str) -> dict[str, Any]:
    row = {
        k: v
        for k, v in data.items()
        if k not in {"source", "record_id", "ingested_at", "record_hash", "questions", "content_ids"}
    }
    row["questions_json"] = json.dumps([x.model_dump() for x in questions], ensure_ascii=False)
    row["question_count"] = len(questions)
    row["region_scope"] = scope_of(row.get("region_code"))
    return {**row, **provenance(record_id, {**row, "content_ids": data.get("content_ids")}, at)}


def _link_quiz_contents(store: GraphStore, quiz_id: str, content_ids: list[str], *, record_id: str, at: str) -> None:
    store.write(q.DROP_QUIZ_CONTENTS, {"id": quiz_id, "keep": content_ids})
    rels = [
        RelRow(
            NodeRef("Quiz", quiz_id),
            NodeRef("EducationContent", c),
            provenance(record_id, {"quiz_id": quiz_id, "content_id": c}, at),
        )
        for c in content_ids
    ]
    if rels:
        store.upsert_relationships("ABOUT_CONTENT", rels)


def create_quiz(store: GraphStore, *, viewer: Viewer, username: str, data: QuizCreate) -> QuizStaff:
    """A new quiz inside the viewer's jurisdiction, linked to the contents it tests."""
    _require_inside(viewer, data.region_code)
    _check_contents(store, data.content_ids)
    quiz_id = data.quiz_id or new_id("EQ")
    if store.get_node(NodeRef("Quiz", quiz_id)) is not None:
        raise Conflict(f"测验编号已存在 (quiz id taken): {quiz_id}")
    at = iso(now())
    body = data.model_dump(exclude={"quiz_id", "questions"})
    body.update(quiz_id=quiz_id, created_by=username, updated_by=username, updated_at=at)
    if data.status == "published":
        body["published_at"] = at
    record_id = f"api:{username}:{quiz_id}"
    store.ensure_schema()
    store.upsert_nodes("Quiz", [_quiz_row(body, data.questions, record_id=record_id, at=at)])
    _link_quiz_contents(store, quiz_id, data.content_ids, record_id=record_id, at=at)
    return quiz_staff(store, viewer=viewer, quiz_id=quiz_id)


def update_quiz(store: GraphStore, *, viewer: Viewer, username: str, quiz_id: str, patch: QuizUpdate) -> QuizStaff:
    """Change the given fields of a quiz the viewer manages; ``questions`` replaces them all."""
    node = _managed(store, viewer, "Quiz", quiz_id, "测验")
    changes = patch.model_dump(exclude_unset=True)
    if "region_code" in changes and changes["region_code"] is None:
        raise ValidationFailed(
            "不能把已有区划的测验改为全国通用，请新建测验 (quiz cannot become national)",
            errors=[{"field": "region_code", "problem": "may not be null"}],
        )
    changes = {k: v for k, v in changes.items() if v is not None}
    if "region_code" in changes:
        _require_inside(viewer, changes["region_code"])
    if "content_ids" in changes:
        _check_contents(store, changes["content_ids"])
    questions = patch.questions if patch.questions is not None else _questions(node)
    at = iso(now())
    merged = {k: v for k, v in {**node, **changes}.items() if k not in {"questions_json", "question_count"}}
    merged.update(updated_at=at, updated_by=username)
    if merged.get("status") == "published" and not merged.get("published_at"):
        merged["published_at"] = at
    record_id = f"api:{username}:{quiz_id}"
    store.upsert_nodes("Quiz", [_quiz_row(merged, questions, record_id=record_id, at=at)])
    if "content_ids" in changes:
        _link_quiz_contents(store, quiz_id, changes["content_ids"], record_id=record_id, at=at)
    return quiz_staff(store, viewer=viewer, quiz_id=quiz_id)


def _quiz_contents(store: GraphStore, quiz_id: str) -> list[str]:
    return sorted(str(r["id"]) for r in store.read(q.QUIZ_CONTENTS, {"id": quiz_id}))


def quiz_staff(store: GraphStore, *, viewer: Viewer, quiz_id: str) -> QuizStaff:
    """A quiz with its answers, for staff who manage it."""
    node = _managed(store, viewer, "Quiz", quiz_id, "测验")
    body = {k: v for k, v in node.items() if k in QuizStaff.model_fields and v is not None}
    return QuizStaff.model_validate(
        {**body, "questions": _questions(node), "content_ids": _quiz_contents(store, quiz_id)}
    )


def _published_quiz(store: GraphStore, quiz_id: str, region: str | None) -> dict[str, Any]:
    node = store.get_node(NodeRef("Quiz", quiz_id))
    if node is None or node.get("status") != "published" or (region is not None and not applies_to(node, region)):
        raise NotFound(f"测验不存在或不面向您所在区划 (quiz not found): {quiz_id}")
    return node


def get_quiz(store: GraphStore, quiz_id: str, *, region: str | None) -> QuizPublic:
    """A published quiz as residents see it before answering: options, never the answers."""
    node = _published_quiz(store, quiz_id, region)
    body = {k: v for k, v in node.items() if k in QuizSummary.model_fields and v is not None}
    questions = [
        QuestionPublic(number=i, question=x.question, options=x.options, multiple=len(x.answer) > 1)
        for i, x in enumerate(_questions(node), start=1)
    ]
    return QuizPublic.model_validate({**body, "questions": questions, "content_ids": _quiz_contents(store, quiz_id)})


def list_quizzes(
    store: GraphStore,
    *,
    region: str | None,
    tag: str | None = None,
    text: str | None = None,
    offset: int = 0,
    limit: int = 20,
) -> QuizPage:
    """Published quizzes for residents of ``region`` (national only without one)."""
    _page_bounds(offset, limit)
    where, params = _filters(None, tag, text, q.QUIZ_TEXT_CONTAINS)
    where += [q.PUBLISHED, q.APPLIES_TO_REGION if region else q.NATIONAL_ONLY]
    if region:
        params["region"] = region
    count, page = q.quiz_list(where)
    total = int(store.read(count, params)[0]["n"])
    rows = store.read(page, {**params, "offset": offset, "limit": limit})
    items = [
        QuizSummary.model_validate({k: v for k, v in r["props"].items() if k in QuizSummary.model_fields}) for r in rows
    ]
    return QuizPage(total=total, offset=offset, limit=limit, items=items)


# -- the literacy score -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AttemptScore:
    """One quiz attempt as the score sees it."""

    quiz_id: str
    submitted_at: str
    score: float


def literacy_score(
    attempts: Iterable[AttemptScore], readings: Iterable[tuple[str, str]], *, window_days: int = WINDOW_DAYS
) -> LiteracyPublic:
    """A resident's financial-literacy score from their recent quizzes and reading.

    ``S = 100 × (0.7 × Q × C + 0.3 × B)``, rounded to one decimal, where

    * ``Q`` (测验成绩) is the mean over the quizzes taken in the window of ``(first + best) / 2 / 100``: the first
      attempt and the best attempt of each quiz count half each, so retaking a quiz after seeing its answers lifts it
      at most half-way to full marks while real improvement still counts;
    * ``C`` (测验数量系数) is ``min(1, quizzes / 3)``: one lucky quiz is not full confidence;
    * ``B`` (学习广度) is ``0.5 × min(1, contents / 10) + 0.5 × kinds / 3``: distinct contents read for at least
      10 seconds, and how many of the three kinds (法规政策, 典型案例, 防骗提示) among them.

    Args:
        attempts: the resident's quiz attempts inside the window (any order).
        readings: ``(content_id, kind)`` of the resident's counted readings inside the window (duplicates allowed).
        window_days: the window the caller selected by, reported back.

    Returns:
        The score and its parts, with a Chinese explanation.
    """
    by_quiz: dict[str, list[AttemptScore]] = {}
    for a in attempts:
        by_quiz.setdefault(a.quiz_id, []).append(a)
    per_quiz = []
    for tries in by_quiz.values():
        tries.sort(key=lambda a: a.submitted_at)
        per_quiz.append((tries[0].score + max(a.score for a in tries)) / 2 / 100)
    quiz_part = sum(per_quiz) / len(per_quiz) if per_quiz else 0.0
    confidence = min(1.0, len(per_quiz) / QUIZ_TARGET)
    contents: dict[str, str] = dict(readings)
    kinds = sorted({k for k in contents.values() if k in KIND_ZH})
    breadth = 0.5 * min(1.0, len(contents) / READ_TARGET) + 0.5 * len(kinds) / len(KIND_ZH)
    score = round(100 * (WEIGHT_QUIZ * quiz_part * confidence + WEIGHT_BREADTH * breadth), 1)
    explanation = (
        f"近 {window_days} 天完成测验 {len(per_quiz)} 套，测验成绩 Q={quiz_part:.2f}（每套取首次与最好成绩的平均），"
        f"数量系数 C={confidence:.2f}；有效阅读内容 {len(contents)} 篇，涉及"
        f"{'、'.join(KIND_ZH[k] for k in kinds) or '无'}，学习广度 B={breadth:.2f}。"
        f"金融素养分数 = 100 ×（0.7 × Q × C + 0.3 × B）= {score}"
    )
    return LiteracyPublic(
        score=score,
        quiz_part=round(quiz_part, 4),
        confidence=round(confidence, 4),
        breadth=round(breadth, 4),
        quizzes_counted=len(per_quiz),
        contents_read=len(contents),
        kinds_read=kinds,
        window_days=window_days,
        explanation=explanation,
    )


def compute_literacy(store: GraphStore, resident: str, *, at: datetime | None = None) -> LiteracyPublic:
    """The resident's literacy score as of ``at`` (default now), from the graph."""
    since = iso((at or now()) - timedelta(days=WINDOW_DAYS))
    attempts = [
        AttemptScore(str(r["quiz"]), str(r["at"]), float(r["score"]))
        for r in store.read(q.RESIDENT_ATTEMPTS, {"rid": resident, "since": since})
    ]
    readings = [
        (str(r["content"]), str(r["kind"]))
        for r in store.read(q.RESIDENT_READINGS, {"rid": resident, "since": since, "min_seconds": MIN_READ_SECONDS})
    ]
    return literacy_score(attempts, readings)


def refresh_literacy(
    store: GraphStore, resident: str, *, at: datetime | None = None, active: bool = False
) -> LiteracyPublic:
    """Recompute the resident's score and keep it on their node (``active``: they just studied, so also touch
    ``last_active_at``). A derived value: the node's provenance stays as it is."""
    moment = at or now()
    literacy = compute_literacy(store, resident, at=moment)
    patch: dict[str, Any] = {"resident_id": resident, "literacy_score": literacy.score, "literacy_at": iso(moment)}
    if active:
        patch["last_active_at"] = iso(moment)
    store.update_nodes("Resident", [patch], provenance=False)
    return literacy


# -- residents ----------------------------------------------------------------------------------------------------------
def register_resident(store: GraphStore, *, phone: str, region_code: str, pseudonym_key: str) -> dict[str, Any]:
    """The resident with this phone number, registered now if new (an existing one keeps their region)."""
    rid = resident_id(phone, key=pseudonym_key)
    existing = store.get_node(NodeRef("Resident", rid))
    if existing is not None:
        return existing
    at = iso(now())
    # The hashed record leaves the phone out: a bare SHA-256 of an 11-digit number is easily reversed, and the id,
    # an HMAC of the phone, already binds it.
    record = {"resident_id": rid, "region_code": region_code, "registered_at": at}
    row = {
        **record,
        "phone": phone,
        "literacy_score": 0.0,
        "literacy_at": at,
        **provenance(f"resident:{rid}", record, at),
    }
    store.ensure_schema()
    store.upsert_nodes("Resident", [row])
    node = store.get_node(NodeRef("Resident", rid))
    assert node is not None
    return node


def get_resident(store: GraphStore, resident: str) -> dict[str, Any]:
    node = store.get_node(NodeRef("Resident", resident))
    if node is None:
        raise NotFound(f"居民不存在 (resident not found): {resident}")
    return node


def resident_me(store: GraphStore, resident: dict[str, Any]) -> ResidentMe:
    """What a resident sees of themselves: masked phone, counts, and their score recomputed now."""
    rid = str(resident["resident_id"])
    readings = int(store.read(q.RESIDENT_READING_COUNT, {"rid": rid})[0]["n"])
    attempts = int(store.read(q.RESIDENT_ATTEMPT_COUNT, {"rid": rid})[0]["n"])
    return ResidentMe(
        resident_id=rid,
        phone=str(mask_value("phone", resident["phone"])),
        region_code=str(resident["region_code"]),
        registered_at=str(resident["registered_at"]),
        readings=readings,
        attempts=attempts,
        literacy=refresh_literacy(store, rid),
    )


def list_residents(
    store: GraphStore, *, viewer: Viewer, region: str | None = None, offset: int = 0, limit: int = 50
) -> ResidentPage:
    """Residents registered inside the jurisdiction (optionally one region of it), newest first; the phone masked
    for every role but police and admin."""
    _page_bounds(offset, limit)
    params = {"prefix": viewer.narrow(region)}
    total = int(store.read(q.RESIDENTS_COUNT, params)[0]["n"])
    rows = store.read(q.RESIDENTS_PAGE, {**params, "offset": offset, "limit": limit})
    items = []
    for r in rows:
        props = mask_properties(store.schema, "Resident", r["props"], viewer)
        items.append(ResidentStaff.model_validate({k: v for k, v in props.items() if k in ResidentStaff.model_fields}))
    return ResidentPage(total=total, offset=offset, limit=limit, items=items)


def record_reading(
    store: GraphStore, *, resident: dict[str, Any], content_id: str, seconds: int, at: datetime | None = None
) -> ReadResult:
    """Record that the resident read a content meant for their region, and recompute their score."""
    region = str(resident["region_code"])
    content = get_content(store, content_id, region=region)
    rid = str(resident["resident_id"])
    moment = at or now()
    learning_id = new_id("EL")
    record = {
        "learning_id": learning_id,
        "resident_id": rid,
        "content_id": content_id,
        "content_kind": content.kind,
        "read_at": iso(moment),
        "seconds": seconds,
        "region_code": region,
    }
    stamp = iso(now())
    prov = provenance(f"resident:{rid}:{learning_id}", record, stamp)
    store.ensure_schema()
    store.upsert_nodes("LearningRecord", [{**record, **prov}])
    me = NodeRef("LearningRecord", learning_id)
    store.upsert_relationships("BY_RESIDENT", [RelRow(me, NodeRef("Resident", rid), prov)])
    store.upsert_relationships("ABOUT_CONTENT", [RelRow(me, NodeRef("EducationContent", content_id), prov)])
    literacy = refresh_literacy(store, rid, at=moment, active=True)
    return ReadResult(learning_id=learning_id, content_id=content_id, seconds=seconds, literacy=literacy)


def submit_quiz(
    store: GraphStore, *, resident: dict[str, Any], quiz_id: str, answers: list[list[int]], at: datetime | None = None
) -> QuizResult:
    """Grade the resident's answers on the server, record the attempt, and reveal the answers and explanations.

    A question counts as right when the chosen options are exactly the right ones; the score is the share right.
    """
    region = str(resident["region_code"])
    node = _published_quiz(store, quiz_id, region)
    questions = _questions(node)
    if len(answers) != len(questions):
        raise ValidationFailed(
            f"须按顺序回答全部 {len(questions)} 道题，收到 {len(answers)} 个答案 (answer every question)",
            errors=[{"field": "answers", "problem": f"expected {len(questions)} answers"}],
        )
    results = []
    for number, (question, chosen) in enumerate(zip(questions, answers, strict=True), start=1):
        picked = sorted(set(chosen))
        if any(not 0 <= c < len(question.options) for c in picked):
            raise ValidationFailed(
                f"第 {number} 题的选项序号须在 0–{len(question.options) - 1} 之间 (option out of range)",
                errors=[{"field": f"answers.{number - 1}", "problem": "option out of range"}],
            )
        results.append(
            QuestionResult(
                number=number,
                correct=picked == question.answer,
                chosen=picked,
                answer=question.answer,
                explanation=question.explanation,
            )
        )
    correct = sum(r.correct for r in results)
    score = round(100 * correct / len(questions), 1)
    rid = str(resident["resident_id"])
    moment = at or now()
    attempt_id = new_id("ET")
    record = {
        "attempt_id": attempt_id,
        "resident_id": rid,
        "quiz_id": quiz_id,
        "submitted_at": iso(moment),
        "score": float(score),
        "correct": correct,
        "total": len(questions),
        "answers_json": json.dumps([r.chosen for r in results]),
        "region_code": region,
    }
    prov = provenance(f"resident:{rid}:{attempt_id}", record, iso(now()))
    store.ensure_schema()
    store.upsert_nodes("QuizAttempt", [{**record, **prov}])
    me = NodeRef("QuizAttempt", attempt_id)
    store.upsert_relationships("BY_RESIDENT", [RelRow(me, NodeRef("Resident", rid), prov)])
    store.upsert_relationships("ATTEMPT_OF", [RelRow(me, NodeRef("Quiz", quiz_id), prov)])
    literacy = refresh_literacy(store, rid, at=moment, active=True)
    return QuizResult(
        attempt_id=attempt_id,
        quiz_id=quiz_id,
        score=score,
        correct=correct,
        total=len(questions),
        results=results,
        literacy=literacy,
    )


# -- the activity ledger ------------------------------------------------------------------------------------------------
def record_activity(store: GraphStore, *, viewer: Viewer, username: str, data: ActivityCreate) -> ActivityPublic:
    """Add an outreach event to the ledger (append-only) inside the viewer's jurisdiction."""
    _require_inside(viewer, data.region_code)
    held = data.held_at if data.held_at.tzinfo is not None else data.held_at.replace(tzinfo=CST)
    if held > now() + FUTURE_SLACK:
        raise ValidationFailed(
            "活动时间晚于当前时间，台账只登记已开展的活动 (held_at is in the future)",
            errors=[{"field": "held_at", "problem": "in the future"}],
        )
    _check_contents(store, data.content_ids)
    activity_id = f"EA-{held.astimezone(CST):%Y%m%d}-{secrets.token_hex(4)}"
    at = iso(now())
    record: dict[str, Any] = {
        **data.model_dump(exclude={"content_ids", "held_at"}),
        "activity_id": activity_id,
        "held_at": iso(held),
        "recorded_by": username,
        "recorded_at": at,
    }
    record_id = f"api:{username}:{activity_id}"
    store.ensure_schema()
    store.upsert_nodes("EducationActivity", [{**record, **provenance(record_id, {**record, **data.model_dump()}, at)}])
    rels = [
        RelRow(
            NodeRef("EducationActivity", activity_id),
            NodeRef("EducationContent", c),
            provenance(record_id, {"activity_id": activity_id, "content_id": c}, at),
        )
        for c in data.content_ids
    ]
    if rels:
        store.upsert_relationships("ABOUT_CONTENT", rels)
    return get_activity(store, viewer=viewer, activity_id=activity_id)


def _activity(record: dict[str, Any]) -> ActivityPublic:
    props = {k: v for k, v in record["props"].items() if k in ActivityPublic.model_fields and v is not None}
    return ActivityPublic.model_validate({**props, "content_ids": sorted(str(c) for c in record["content_ids"] or [])})


def get_activity(store: GraphStore, *, viewer: Viewer, activity_id: str) -> ActivityPublic:
    """One ledger entry; outside the jurisdiction it is 404 as if absent."""
    out = store.read(q.ACTIVITY_GET, {"id": activity_id})
    if not out or not viewer.sees([out[0]["props"].get("region_code")]):
        raise NotFound(f"宣教活动不存在或不在您的辖区内 (activity not found): {activity_id}")
    return _activity(out[0])


def _activity_conditions(viewer: Viewer, f: ActivityFilter) -> tuple[list[str], dict[str, Any]]:
    where: list[str] = []
    params: dict[str, Any] = {}
    prefix = viewer.narrow(f.region)
    if prefix:
        where.append(q.ACTIVITY_IN)
        params["prefix"] = prefix
    if f.kind:
        where.append(q.ACTIVITY_KIND)
        params["kind"] = f.kind
    if f.held_from:
        where.append(q.ACTIVITY_FROM)
        params["held_from"] = day_start(f.held_from)
    if f.held_to:
        where.append(q.ACTIVITY_TO)
        params["held_to"] = day_start(f.held_to + timedelta(days=1))
    if f.recorded_by:
        where.append(q.ACTIVITY_BY)
        params["recorded_by"] = f.recorded_by
    return where, params


def _fingerprint(viewer: Viewer, f: ActivityFilter) -> str:
    body = {**f.model_dump(mode="json"), "_jurisdiction": viewer.prefix}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]


def _encode_cursor(fingerprint: str, held_at: str, activity_id: str) -> str:
    raw = json.dumps({"h": fingerprint, "v": held_at, "k": activity_id}, ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> dict[str, str]:
    try:
        body = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if (
            not isinstance(body, dict)
            or set(body) != {"h", "v", "k"}
            or not all(isinstance(v, str) for v in body.values())
        ):
            raise ValueError("shape")
        return body
    except (binascii.Error, ValueError, UnicodeDecodeError) as e:
        raise BadRequest("翻页游标无效 (invalid page cursor)") from e


def list_activities(
    store: GraphStore, *, viewer: Viewer, f: ActivityFilter, limit: int = 50, cursor: str | None = None
) -> ActivityPage:
    """One page of the ledger inside the jurisdiction, latest first, with the total and the next page's cursor."""
    if not 1 <= limit <= 500:
        raise BadRequest("每页条数须在 1–500 之间 (1 ≤ limit ≤ 500)")
    where, params = _activity_conditions(viewer, f)
    fingerprint = _fingerprint(viewer, f)
    count, _ = q.activity_list(where)
    total = int(store.read(count, params)[0]["n"])
    page_where = list(where)
    if cursor:
        after = _decode_cursor(cursor)
        if after["h"] != fingerprint:
            raise BadRequest("翻页游标与本次查询条件不符，请从第一页重新查询 (the cursor belongs to another query)")
        page_where.append(q.ACTIVITY_AFTER)
        params.update(cv=after["v"], ck=after["k"])
    _, page = q.activity_list(page_where)
    rows = [_activity(r) for r in store.read(page, {**params, "limit": limit + 1})]
    rows.sort(key=lambda a: a.activity_id)
    rows.sort(key=lambda a: a.held_at, reverse=True)
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = _encode_cursor(fingerprint, rows[-1].held_at, rows[-1].activity_id) if more else None
    return ActivityPage(total=total, items=rows, next_cursor=next_cursor)


def export_activities(
    store: GraphStore, *, viewer: Viewer, f: ActivityFilter, max_rows: int = MAX_EXPORT_ROWS
) -> list[ActivityPublic]:
    """Every ledger entry that matches (at most ``max_rows``), latest first, for the XLSX export."""
    where, params = _activity_conditions(viewer, f)
    _, page = q.activity_list(where)
    rows = [_activity(r) for r in store.read(page, {**params, "limit": max_rows})]
    rows.sort(key=lambda a: a.activity_id)
    rows.sort(key=lambda a: a.held_at, reverse=True)
    return rows


# -- the starter pack ---------------------------------------------------------------------------------------------------
def seed(store: GraphStore, path: Path = STARTER_PACK) -> dict[str, int]:
    """Load a content pack (``contents`` and ``quizzes``, national unless they name a region); re-running updates
    the items in place and keeps their first publication time. Returns how many of each were written."""
    try:
        pack = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        contents = [ContentCreate.model_validate(c) for c in pack.get("contents") or []]
        quizzes = [QuizCreate.model_validate(x) for x in pack.get("quizzes") or []]
    except (OSError, yaml.YAMLError, ValidationError) as e:
        raise ValidationFailed(f"宣教内容包无效 (invalid content pack) {path}: {e}") from e
    if any(c.content_id is None for c in contents) or any(x.quiz_id is None for x in quizzes):
        raise ValidationFailed(f"内容包中每条内容和测验都须有编号 (every item needs an id): {path}")
    at = iso(now())
    store.ensure_schema()
    rows = []
    for c in contents:
        assert c.content_id is not None
        old = store.get_node(NodeRef("EducationContent", c.content_id)) or {}
        body = {**c.model_dump(), "created_by": "seed", "updated_by": "seed", "updated_at": at}
        body["published_at"] = old.get("published_at") or at
        rows.append(_content_row(body, record_id=f"{path.name}#{c.content_id}", at=at))
    if rows:
        store.upsert_nodes("EducationContent", rows)
    ids = {c.content_id for c in contents}
    _check_contents(store, sorted({i for x in quizzes for i in x.content_ids} - ids))
    for x in quizzes:
        assert x.quiz_id is not None
        old = store.get_node(NodeRef("Quiz", x.quiz_id)) or {}
        body = {**x.model_dump(exclude={"questions"}), "created_by": "seed", "updated_by": "seed", "updated_at": at}
        body["published_at"] = old.get("published_at") or at
        record_id = f"{path.name}#{x.quiz_id}"
        store.upsert_nodes("Quiz", [_quiz_row(body, x.questions, record_id=record_id, at=at)])
        _link_quiz_contents(store, x.quiz_id, x.content_ids, record_id=record_id, at=at)
    return {"EducationContent": len(contents), "Quiz": len(quizzes)}
