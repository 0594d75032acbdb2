"""Cypher of the inspections package, as named constants with ``$params``.

As in ``smokeindex.complaints.queries``, string range conditions on indexed properties compare an expression
(``x + ''``) so that the embedded FalkorDB does not answer them from its string range index, which gets them wrong.
"""

from __future__ import annotations

#: The top enterprises of a scoring run inside a region prefix, by 冒烟指数.
TOP_IN_AREA = (
    "MATCH (w:Warning {run_id: $run}) WHERE w.subject_label = 'Enterprise' AND w.grade IN $grades "
    "AND any(c IN w.region_codes WHERE c STARTS WITH $prefix) "
    "RETURN w.subject_key AS uscc, w.subject_name AS name, w.region_code AS region, w.score AS score, "
    "w.grade AS grade ORDER BY w.score DESC, w.subject_key ASC LIMIT $n"
)
ADDRESS = "MATCH (a:Address {address_id: $id}) RETURN properties(a) AS a LIMIT 1"
AT_ADDRESS = (
    "MATCH (a:Address {address_id: $id})<-[:LOCATED_AT]-(e:Enterprise) WITH DISTINCT e "
    "OPTIONAL MATCH (w:Warning {subject_key: e.uscc}) WHERE w.run_id = $run AND w.subject_label = 'Enterprise' "
    "RETURN e.uscc AS uscc, e.name AS name, e.region_code AS region, w.score AS score, w.grade AS grade"
)
BUILDINGS = (
    "MATCH (a:Address)<-[:LOCATED_AT]-(e:Enterprise) WHERE ($prefix = '' OR e.region_code STARTS WITH $prefix) "
    "AND ($q IS NULL OR a.text CONTAINS $q) "
    "WITH a, collect(DISTINCT e.uscc) AS keys WHERE size(keys) >= $min "
    "OPTIONAL MATCH (w:Warning) WHERE w.run_id = $run AND w.subject_label = 'Enterprise' AND w.subject_key IN keys "
    "RETURN a.address_id AS id, a.text AS text, a.region_code AS region, size(keys) AS n, max(w.score) AS top "
    "ORDER BY n DESC, top DESC, id LIMIT $limit"
)
PLAN = "MATCH (p:InspectionPlan {plan_id: $id}) RETURN properties(p) AS p LIMIT 1"
PLAN_INSPECTIONS = (
    "MATCH (i:Inspection {plan_id: $id}) RETURN properties(i) AS i "
    "ORDER BY coalesce(i.score_at_plan, -1.0) DESC, i.inspection_id"
)
PLAN_PROGRESS = (
    "MATCH (i:Inspection) WHERE i.plan_id IN $ids "
    "RETURN i.plan_id AS id, count(i) AS n, sum(CASE WHEN i.status = 'done' THEN 1 ELSE 0 END) AS done"
)
PLAN_LIST_COUNT = "MATCH (p:InspectionPlan){where} RETURN count(p) AS n"
PLAN_LIST_PAGE = (
    "MATCH (p:InspectionPlan){where} RETURN properties(p) AS p ORDER BY p.created_at DESC, p.plan_id DESC LIMIT $limit"
)
INSPECTION = "MATCH (i:Inspection {inspection_id: $id}) RETURN properties(i) AS i LIMIT 1"
FINDINGS = "MATCH (f:Finding {inspection_id: $id}) RETURN properties(f) AS f ORDER BY f.recorded_at, f.finding_id"
FINDINGS_OF = (
    "MATCH (f:Finding) WHERE f.inspection_id IN $ids RETURN properties(f) AS f ORDER BY f.inspection_id, f.recorded_at"
)
#: A finding moves a planned inspection to 排查中 and counts itself (compare-and-set on the status).
COUNT_FINDING = (
    "MATCH (i:Inspection {inspection_id: $id}) WHERE i.status IN ['planned', 'in_progress'] "
    "SET i.status = 'in_progress', i.finding_count = coalesce(i.finding_count, 0) + 1 RETURN i.inspection_id AS id"
)
RESULT = (
    "MATCH (i:Inspection {inspection_id: $id}) WHERE i.status IN ['planned', 'in_progress'] "
    "SET i += $set RETURN i.inspection_id AS id"
)
LIST_COUNT = "MATCH (i:Inspection){where} RETURN count(i) AS n"
LIST_PAGE = "MATCH (i:Inspection){where} RETURN properties(i) AS i ORDER BY i.inspection_id DESC LIMIT $limit"
