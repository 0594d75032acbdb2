"""Cypher of the complaints package, as named constants with ``$params`` (labels come only from the schema).

Logs (progress, handling, attachments, reward history) are JSON Lines appended in the statement itself
(``coalesce(x, '') + $line``), so two concurrent steps never lose one another's line; state changes are compare-and-set
(``WHERE status IN $from``): a step that lost a race matches nothing and is answered 409.

String range conditions on indexed properties are written on an expression (``c.submitted_at + ''``): the embedded
FalkorDB answers an index range scan over strings such as ``JB20261125654FDD43`` wrongly (``c.id < $id`` returned
every node in a test), and an expression keeps the planner off the index. Pages order by one composite key,
``submitted_at + '|' + id`` (timestamps are fixed-width UTC), compared the same way.
"""

from __future__ import annotations

BY_RECEIPT = "MATCH (c:PublicComplaint {receipt_hash: $h}) RETURN properties(c) AS c LIMIT 1"
DUPLICATE = (
    "MATCH (c:PublicComplaint {content_hash: $h}) WHERE c.submitted_at + '' >= $since RETURN c.complaint_id AS id "
    "LIMIT 1"
)
REGION = "MATCH (r:Region {code: $code}) RETURN r.name AS name LIMIT 1"
ANY_REGION = "MATCH (r:Region) RETURN r.code AS code LIMIT 1"
SET_LINK = (
    "MATCH (c:PublicComplaint {complaint_id: $id}) SET c.link_method = $method, c.updated_at = $now, "
    "c.handling_log = coalesce(c.handling_log, '') + $line RETURN c.complaint_id AS id"
)
SET_LEAD = "MATCH (c:PublicComplaint {complaint_id: $id}) SET c.lead_id = $lead RETURN c.complaint_id AS id"
ADD_ATTACHMENT = (
    "MATCH (c:PublicComplaint {complaint_id: $id}) "
    "WHERE c.status IN $open AND coalesce(c.attachment_count, 0) < $max "
    "AND NOT coalesce(c.attachments_log, '') CONTAINS $sha "
    "SET c.attachment_count = coalesce(c.attachment_count, 0) + 1, "
    "c.attachments_log = coalesce(c.attachments_log, '') + $line, c.updated_at = $now "
    "RETURN c.attachment_count AS n"
)
GET = (
    "MATCH (c:PublicComplaint {complaint_id: $id}) "
    "OPTIONAL MATCH (c)-[r:REPORTS_AGAINST]->(e:Enterprise) "
    "RETURN properties(c) AS c, e.uscc AS uscc, e.name AS name, r.method AS method, r.score AS score LIMIT 1"
)
TRANSITION = (
    "MATCH (c:PublicComplaint {complaint_id: $id}) WHERE c.status IN $from "
    "SET c.status = $to, c.updated_at = $now, c.progress_log = coalesce(c.progress_log, '') + $progress, "
    "c.handling_log = coalesce(c.handling_log, '') + $handling "
    "RETURN c.complaint_id AS id"
)
APPEND_PROGRESS = (
    "MATCH (c:PublicComplaint {complaint_id: $id}) "
    "SET c.progress_log = coalesce(c.progress_log, '') + $line, c.updated_at = $now RETURN c.complaint_id AS id"
)
COMPLAINT_STATUS = "MATCH (c:Complaint {complaint_id: $id}) SET c.status = $status RETURN c.complaint_id AS id"
REWARDS_OF = "MATCH (r:Reward {complaint_id: $id}) RETURN properties(r) AS r ORDER BY r.submitted_at, r.reward_id"
LATEST_REWARD_STATUS = (
    "MATCH (r:Reward {complaint_id: $id}) RETURN r.status AS status ORDER BY r.submitted_at DESC, r.reward_id DESC "
    "LIMIT 1"
)
#: The list: ``{match}`` and ``{where}`` are fixed fragments chosen in code, never user input.
LIST_MATCH = "MATCH (c:PublicComplaint)"
LIST_MATCH_USCC = "MATCH (c:PublicComplaint)-[:REPORTS_AGAINST]->(:Enterprise {uscc: $uscc})"
LIST_COUNT = "{match}{where} RETURN count(c) AS n"
LIST_PAGE = (
    "{match}{where} WITH c ORDER BY c.submitted_at DESC, c.complaint_id DESC LIMIT $limit "
    "OPTIONAL MATCH (c)-[r:REPORTS_AGAINST]->(e:Enterprise) "
    "RETURN properties(c) AS c, e.uscc AS uscc, e.name AS name, r.method AS method, r.score AS score"
)

# -- rewards ----------------------------------------------------------------------------------------------------------
REWARD = "MATCH (r:Reward {reward_id: $id}) RETURN properties(r) AS r LIMIT 1"
OPEN_REWARD = (
    "MATCH (r:Reward {complaint_id: $id}) WHERE r.status <> 'rejected' RETURN r.reward_id AS id, r.status AS status "
    "LIMIT 1"
)
REWARD_COUNT_OF = "MATCH (r:Reward {complaint_id: $id}) RETURN count(r) AS n"
REWARD_STEP = (
    "MATCH (r:Reward {reward_id: $id}) WHERE r.status IN $from "
    "SET r += $set, r.history_log = coalesce(r.history_log, '') + $line RETURN properties(r) AS r"
)
REWARD_LIST_COUNT = (
    "MATCH (r:Reward){where} RETURN count(r) AS n, sum(coalesce(r.approved_amount, 0.0)) AS approved, "
    "sum(coalesce(r.paid_amount, 0.0)) AS paid"
)
REWARD_LIST_PAGE = (
    "MATCH (r:Reward){where} RETURN properties(r) AS r ORDER BY r.submitted_at DESC, r.reward_id DESC LIMIT $limit"
)
