"""Keyset page cursors for staff lists (complaints, rewards, inspection plans).

A cursor carries the sort values of the last row of a page and a hash of the query's filters and the viewer's
jurisdiction, so a cursor used with other filters is refused instead of silently skipping or repeating rows.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from typing import Any

from smokeindex.errors import BadRequest

PAGE_MAX = 200


def fingerprint(filters: dict[str, Any], prefix: str) -> str:
    """A short hash of the filters and the jurisdiction prefix."""
    body = json.dumps({"f": filters, "j": prefix}, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(body.encode()).hexdigest()[:16]


def encode_cursor(values: list[Any], fp: str) -> str:
    raw = json.dumps({"v": values, "h": fp}, ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, fp: str, size: int) -> list[Any]:
    """The sort values in ``cursor`` (``size`` of them); ``BadRequest`` when it is malformed or from another query."""
    try:
        body = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(body, dict) or not isinstance(body.get("v"), list) or len(body["v"]) != size:
            raise ValueError("shape")
    except (binascii.Error, ValueError, UnicodeDecodeError) as e:
        raise BadRequest("翻页游标无效 (invalid page cursor)") from e
    if body.get("h") != fp:
        raise BadRequest("翻页游标与本次查询条件不符，请从第一页重新查询 (the cursor belongs to another query)")
    return list(body["v"])
