"""Raise linked complaints as leads off the request path.

The workflow's ``raise_lead`` serialises find-or-create behind one process-wide lock and costs a dozen store round
trips, so calling it inside the public form's request would cap submissions at the rate one thread can raise leads
and put that queue into every reporter's wait. The API instead hands each linked complaint to one background thread
(:class:`LeadRaiser`) and answers at once; the lead usually exists a few milliseconds later. Nothing is lost if the
process stops first: the complaint is already stored with its ``REPORTS_AGAINST`` link and no ``lead_id``, and the
raiser's sweep (when its thread starts, and every ``sweep_s``) raises every such complaint older than ``grace_s``. Raising the same
complaint twice is harmless: the lead service records a source once.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from smokeindex.complaints.service import raise_complaint_lead
from smokeindex.graph import GraphStore

log = logging.getLogger(__name__)

#: Linked complaints still without a lead (the sweep's work).
PENDING = (
    "MATCH (c:PublicComplaint)-[:REPORTS_AGAINST]->(e:Enterprise) WHERE c.lead_id IS NULL AND c.status <> 'rejected' "
    "AND c.submitted_at + '' < $before RETURN c.complaint_id AS id LIMIT $n"
)


@dataclass(frozen=True)
class LeadJob:
    complaint_id: str


class LeadRaiser:
    """One daemon thread that raises queued complaints as leads, and sweeps up any the queue lost.

    Args:
        store: the graph store.
        sweep_s: seconds between sweeps for linked complaints without a lead.
        grace_s: a complaint younger than this is left to the queue.
        idle_exit_s: the thread ends after this long without work; the next complaint starts it again.
    """

    def __init__(
        self, store: GraphStore, *, sweep_s: float = 60.0, grace_s: float = 30.0, idle_exit_s: float = 600.0
    ) -> None:
        self.store = store
        self.sweep_s = sweep_s
        self.grace_s = grace_s
        self.idle_exit_s = idle_exit_s
        self._queue: queue.Queue[LeadJob] = queue.Queue()
        self._started = False
        self._lock = threading.Lock()
        self._next_sweep = 0.0

    def enqueue(self, job: LeadJob) -> None:
        with self._lock:
            self._queue.put(job)
            if not self._started:
                threading.Thread(target=self._run, name="smokeindex-complaint-leads", daemon=True).start()
                self._started = True

    def drain(self, timeout_s: float = 30.0) -> bool:
        """Wait until every queued complaint has been raised (tests, shutdown); ``False`` on time-out."""
        deadline = time.monotonic() + timeout_s
        while self._queue.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.005)
        return True

    @property
    def backlog(self) -> int:
        return self._queue.qsize()

    def _run(self) -> None:
        idle_since = time.monotonic()
        while True:
            try:
                job = self._queue.get(timeout=1.0)
            except queue.Empty:
                job = None
                if time.monotonic() - idle_since > self.idle_exit_s:
                    with self._lock:  # an idle thread ends; the next complaint starts a fresh one (and a sweep)
                        if self._queue.empty():
                            self._started = False
                            self._next_sweep = 0.0
                            return
            else:
                idle_since = time.monotonic()
            if job is not None:
                try:
                    raise_complaint_lead(self.store, complaint_id=job.complaint_id)
                except Exception:  # logged; the sweep tries again
                    log.exception("举报 %s 登记线索失败 (raising the lead failed)", job.complaint_id)
                finally:
                    self._queue.task_done()
            if time.monotonic() >= self._next_sweep:
                self._next_sweep = time.monotonic() + self.sweep_s
                self._sweep()

    def _sweep(self) -> None:
        before = (datetime.now(UTC) - timedelta(seconds=self.grace_s)).isoformat(timespec="seconds")
        try:
            pending = self.store.read(PENDING, {"before": before, "n": 1000})
        except Exception:
            log.exception("查找未登记线索的举报失败 (sweep failed)")
            return
        for row in pending:
            try:
                raise_complaint_lead(self.store, complaint_id=str(row["id"]))
            except Exception:
                log.exception("举报 %s 登记线索失败 (raising the lead failed)", row["id"])
