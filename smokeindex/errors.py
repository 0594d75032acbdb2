"""The SmokeIndex exception tree.

Every error a user can meet is a ``SmokeIndexError`` carrying an HTTP status, a readable (Chinese-first) message and,
where it helps, a list of structured ``errors``. The API maps them with one handler table; the CLI prints the message.

    SmokeIndexError (500)
    ├── ConfigError (500)            settings missing or refused (placeholder secret in production …)
    ├── SchemaError (500)            a schema YAML file is wrong: names the file, the key and the problem
    ├── ValidationFailed (422)       a value breaks the schema (wrong type, unknown property, bad identifier)
    ├── BadRequest (400)             a well-formed request that cannot be answered (cursor from another query …)
    ├── Unauthorized (401)           no credentials, or a token/key that is unknown, expired or disabled
    ├── Forbidden (403)              the role may not do this
    ├── NotFound (404)               unknown id, or a party outside the user's jurisdiction (never a leak)
    ├── Conflict (409)
    ├── PayloadTooLarge (413)
    ├── TooManyRequests (429)        the user's rate limit; ``retry_after_s`` says when to come back
    └── StoreError (500)             the graph store refused or failed a query
        └── StoreUnavailable (503)   the store cannot be reached or started; ``retryable`` says whether a retry can help
"""

from __future__ import annotations

from typing import Any


class SmokeIndexError(Exception):
    """Base of every error SmokeIndex raises on purpose."""

    status_code = 500

    def __init__(self, detail: str, *, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []

    def to_dict(self) -> dict[str, Any]:
        """The response body shape shared by the API and the CLI's JSON output."""
        return {"detail": self.detail, "errors": self.errors}


class ConfigError(SmokeIndexError):
    """Settings are missing, inconsistent, or refused for this environment."""


class SchemaError(SmokeIndexError):
    """A schema file is invalid; the message names the file, the key and the problem."""


class ValidationFailed(SmokeIndexError):
    """Input does not satisfy the schema; ``errors`` lists each problem with its location."""

    status_code = 422


class BadRequest(SmokeIndexError):
    status_code = 400


class Unauthorized(SmokeIndexError):
    status_code = 401


class NotFound(SmokeIndexError):
    status_code = 404


class Forbidden(SmokeIndexError):
    status_code = 403


class Conflict(SmokeIndexError):
    status_code = 409


class PayloadTooLarge(SmokeIndexError):
    status_code = 413


class TooManyRequests(SmokeIndexError):
    status_code = 429

    def __init__(self, detail: str, *, retry_after_s: float = 1.0) -> None:
        super().__init__(detail)
        self.retry_after_s = retry_after_s


class StoreError(SmokeIndexError):
    """The graph store rejected or failed a query."""

    def __init__(self, detail: str, *, retryable: bool = False, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(detail, errors=errors)
        self.retryable = retryable


class StoreUnavailable(StoreError):
    """The graph store cannot be reached, authenticated against, or started."""

    status_code = 503
