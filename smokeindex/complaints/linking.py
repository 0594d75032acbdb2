"""Link the enterprise a member of the public names to a registered ``Enterprise``, with the ETL's entity resolver.

The resolver (:class:`smokeindex.etl.resolve.EnterpriseIndex`) is built from the registry in the graph and kept for
the life of the API process; it is rebuilt when the registry changes (its size changes) or after ``ttl_s``. The first
build happens in the request that needs it; later rebuilds run in a background thread while the old index keeps
answering, so a registry of a million enterprises never stalls the public form.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from smokeindex.etl import clean
from smokeindex.etl.clean import CleanError
from smokeindex.etl.resolve import EnterpriseIndex
from smokeindex.graph import GraphStore

log = logging.getLogger(__name__)

ENTERPRISES = "MATCH (e:Enterprise) RETURN e.uscc AS u, e.name AS n, e.region_code AS r, e.aliases AS a"
REGION_NAMES = "MATCH (g:Region) RETURN g.name AS n"
ENTERPRISE_COUNT = "MATCH (e:Enterprise) RETURN count(e) AS n"
ENTERPRISE_BY_USCC = "MATCH (e:Enterprise {uscc: $uscc}) RETURN e.uscc AS uscc, e.name AS name LIMIT 1"


@dataclass(frozen=True)
class Link:
    """How a reported name was linked: the enterprise (or none), the method and score, and close candidates."""

    uscc: str | None
    name: str | None
    method: str
    score: float
    candidates: list[str] = field(default_factory=list)
    reason: str = ""

    @property
    def linked(self) -> bool:
        return self.uscc is not None


class EnterpriseLinker:
    """Resolve reported enterprise names against the registry in ``store`` (thread-safe)."""

    def __init__(self, store: GraphStore, *, ttl_s: float = 600.0, check_s: float = 10.0) -> None:
        self.store = store
        self.ttl_s = ttl_s
        self.check_s = check_s
        self._index: EnterpriseIndex | None = None
        self._built_at = 0.0
        self._count = -1
        self._checked_at = 0.0
        self._lock = threading.Lock()
        self._rebuilding = False

    def link(self, name: str, *, uscc: str | None = None, region_code: str | None = None, context: str = "") -> Link:
        """The registered enterprise ``name`` (or the reporter's ``uscc``) refers to.

        A USCC the reporter gave wins when it is registered; otherwise the name goes through the resolver's ladder
        (exact → canonical → loose → brand → fuzzy) with the region and the complaint text as tie-break evidence.
        """
        if uscc:
            found = self.store.read(ENTERPRISE_BY_USCC, {"uscc": uscc})
            if found:
                return Link(
                    str(found[0]["uscc"]), found[0]["name"], "uscc", 100.0, reason="举报人填写的统一社会信用代码"
                )
        try:
            canonical = clean.enterprise_name(name)
        except CleanError:
            canonical = None
        if not canonical:
            return Link(None, None, "none", 0.0, reason="主体名称为空")
        index = self._current()
        match = index.match(canonical, region_code=region_code, context=context or None)
        return Link(
            match.uscc,
            match.matched_name,
            match.method,
            float(match.score),
            [u for u, _ in match.candidates],
            match.reason,
        )

    def _current(self) -> EnterpriseIndex:
        index = self._index
        if index is None:
            with self._lock:  # one first build; concurrent requests wait for it
                if self._index is None:
                    self._install(*self._build())
                assert self._index is not None
                return self._index
        now = time.monotonic()
        if self._rebuilding:
            return index
        stale = now - self._built_at > self.ttl_s
        if not stale and now - self._checked_at > self.check_s:
            self._checked_at = now
            stale = self._enterprise_count() != self._count
        if stale:
            with self._lock:
                if not self._rebuilding:
                    self._rebuilding = True
                    threading.Thread(target=self._rebuild, name="smokeindex-linker", daemon=True).start()
        return index

    def _install(self, index: EnterpriseIndex, count: int) -> None:
        self._index, self._count = index, count
        self._built_at = self._checked_at = time.monotonic()

    def _rebuild(self) -> None:
        try:
            self._install(*self._build())
        except Exception:  # the old index keeps answering; the next check tries again
            log.exception("重建企业名称索引失败 (rebuilding the enterprise name index failed)")
        finally:
            self._rebuilding = False

    def _enterprise_count(self) -> int:
        return int(self.store.read(ENTERPRISE_COUNT)[0]["n"])

    def _build(self) -> tuple[EnterpriseIndex, int]:
        rows = self.store.read(ENTERPRISES)
        places = [r["n"] for r in self.store.read(REGION_NAMES) if r["n"]]
        index = EnterpriseIndex(((r["u"], r["n"], r["r"], r["a"] or ()) for r in rows if r["n"]), places=places)
        return index, len(rows)
