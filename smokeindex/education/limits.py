"""In-memory limits on resident registration: at most so many per phone number and per client address in a window.

Registration needs no account, so it is the one door an abuser can knock on freely; the limits make enumerating phone
numbers or flooding the graph with residents slow. They live in the API process (a restart forgets them), which is
enough for one process; several processes behind a balancer each keep their own.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque

from smokeindex.errors import TooManyRequests

PER_PHONE = 5  # registrations (or re-registrations) of one phone number per window
PER_CLIENT = 30  # registrations from one client address per window
WINDOW_S = 3600.0


class WindowLimiter:
    """At most ``limit`` events per key in any ``window_s`` seconds (a sliding log of event times per key)."""

    def __init__(self, limit: int, window_s: float) -> None:
        self.limit = limit
        self.window_s = window_s
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str, *, now: float | None = None) -> float:
        """Seconds until ``key`` may act again (0 when it may now); records nothing."""
        at = time.monotonic() if now is None else now
        with self._lock:
            events = self._prune(key, at)
            return 0.0 if len(events) < self.limit else events[0] + self.window_s - at

    def record(self, key: str, *, now: float | None = None) -> None:
        at = time.monotonic() if now is None else now
        with self._lock:
            self._prune(key, at).append(at)

    def _prune(self, key: str, at: float) -> deque[float]:
        events = self._events.setdefault(key, deque())
        while events and events[0] <= at - self.window_s:
            events.popleft()
        if len(self._events) > 100_000:  # bound memory: drop keys with no recent events
            for k in [k for k, v in self._events.items() if not v and k != key]:
                del self._events[k]
        return events


class RegistrationLimits:
    """The per-phone and per-client limits of resident registration."""

    def __init__(self, *, per_phone: int = PER_PHONE, per_client: int = PER_CLIENT, window_s: float = WINDOW_S) -> None:
        self.phone = WindowLimiter(per_phone, window_s)
        self.client = WindowLimiter(per_client, window_s)
        self._lock = threading.Lock()

    def take(self, *, phone: str, client: str, now: float | None = None) -> None:
        """Count one registration, or raise ``TooManyRequests`` (nothing counted) when either limit is reached."""
        with self._lock:
            wait = max(self.phone.check(phone, now=now), self.client.check(client, now=now))
            if wait > 0:
                raise TooManyRequests(
                    f"注册过于频繁，请 {max(1, math.ceil(wait / 60))} 分钟后再试 (too many registrations)",
                    retry_after_s=wait,
                )
            self.phone.record(phone, now=now)
            self.client.record(client, now=now)
