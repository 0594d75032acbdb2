"""In-memory rate limits for the public (unauthenticated) complaint endpoints.

Each limit is a token bucket per key (a client IP, a reporter's contact): ``capacity`` requests at once, refilled
evenly over ``window_s``. Buckets live in the API process, so each uvicorn worker counts on its own (with ``N``
workers a client gets up to ``N`` times the limit); a deployment that needs one count across workers puts the limit
in its reverse proxy as well. The client IP is ``request.client.host``: behind a proxy, run uvicorn with
``--proxy-headers --forwarded-allow-ips=<proxy>`` so that it is the real client, never a header the client chose.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from smokeindex.errors import TooManyRequests

#: Buckets kept before idle ones (refilled to capacity, so forgetting them changes nothing) are dropped.
MAX_KEYS = 100_000


class Throttle:
    """A token bucket per key: ``capacity`` requests, refilled at ``capacity / window_s`` per second.

    Args:
        capacity: requests allowed in a burst.
        window_s: seconds in which a used-up bucket refills completely.
        what: what is limited, in Chinese, for the 429 message (提交举报, 查询进度 …).
    """

    def __init__(self, capacity: int, window_s: float, *, what: str) -> None:
        if capacity < 1 or window_s <= 0:
            raise ValueError("capacity must be ≥ 1 and window_s > 0")
        self.capacity = float(capacity)
        self.rate = capacity / window_s
        self.what = what
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> None:
        """Use one token of ``key``'s bucket, or raise ``TooManyRequests`` saying when to come back."""
        now = time.monotonic()
        with self._lock:
            tokens, at = self._buckets.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - at) * self.rate)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                wait = (1.0 - tokens) / self.rate
                raise TooManyRequests(
                    f"{self.what}过于频繁，请 {_human(wait)}后再试 (rate limit exceeded)", retry_after_s=wait
                )
            self._buckets[key] = (tokens - 1.0, now)
            if len(self._buckets) > MAX_KEYS:
                self._forget_idle(now)

    def _forget_idle(self, now: float) -> None:
        full = [k for k, (t, at) in self._buckets.items() if t + (now - at) * self.rate >= self.capacity]
        for k in full:
            del self._buckets[k]


def _human(seconds: float) -> str:
    if seconds < 60:
        return f"{max(1, round(seconds))} 秒"
    if seconds < 3600:
        return f"{round(seconds / 60)} 分钟"
    return f"{seconds / 3600:.1f} 小时"


@dataclass(frozen=True)
class PublicLimits:
    """Limits of the public complaint endpoints (defaults suit a city-level deployment).

    Attributes:
        requests_per_minute: any public request, per client IP.
        submissions_per_hour: complaints submitted per client IP per hour.
        submissions_per_contact_per_day: complaints submitted per reporter contact (phone or email) per day.
        lookups_per_minute: receipt-code look-ups per client IP per minute (guessing codes is hopeless anyway:
            60 bits).
        uploads_per_hour: attachments uploaded per client IP per hour.
        max_attachments: attachments per complaint.
        max_attachment_bytes: size of one attachment; the API's request body limit (``SMOKEINDEX_MAX_BODY_BYTES``)
            must be at least this plus a few KB of form overhead, or large files are answered 413 by the body limit.
        upload_window_days: days after submission during which attachments can still be added.
        duplicate_window_h: hours within which the same content submitted again is refused as a duplicate.
    """

    requests_per_minute: int = 60
    submissions_per_hour: int = 10
    submissions_per_contact_per_day: int = 5
    lookups_per_minute: int = 20
    uploads_per_hour: int = 60
    max_attachments: int = 9
    max_attachment_bytes: int = 10 * 1024 * 1024
    upload_window_days: int = 7
    duplicate_window_h: int = 24


class PublicGuard:
    """The buckets of one API process for the public endpoints."""

    def __init__(self, limits: PublicLimits) -> None:
        self.limits = limits
        self.requests = Throttle(limits.requests_per_minute, 60, what="请求")
        self.submissions = Throttle(limits.submissions_per_hour, 3600, what="提交举报")
        self.contacts = Throttle(limits.submissions_per_contact_per_day, 86400, what="同一联系方式提交举报")
        self.lookups = Throttle(limits.lookups_per_minute, 60, what="查询办理进度")
        self.uploads = Throttle(limits.uploads_per_hour, 3600, what="上传附件")
