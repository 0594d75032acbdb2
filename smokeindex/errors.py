"""The SmokeIndex exception tree.

Every error a user can meet is a ``SmokeIndexError`` carrying an HTTP status, a readable (Chinese-first) message and,
where it helps, a list of structured ``errors``. The API maps them with one handler table; the CLI prints the message.

    SmokeIndexError (500)
    ├── ConfigError (500)            settings missing or refused (placeholder secret in production …)
    ├── SchemaError (500)            a schema YAML file is wrong: names the file, the key and the problem
    ├── ValidationFailed (422)       a value breaks the schema (wrong type, unknown property, bad identifier)
    ├── NotFound (404)
    ├── Forbidden (403)
    ├── Conflict (409)
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


class NotFound(SmokeIndexError):
    status_code = 404


class Forbidden(SmokeIndexError):
    status_code = 403


class Conflict(SmokeIndexError):
    status_code = 409


class StoreError(SmokeIndexError):
    """The graph store rejected or failed a query."""

    def __init__(self, detail: str, *, retryable: bool = False, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(detail, errors=errors)
        self.retryable = retryable


class StoreUnavailable(StoreError):
    """The graph store cannot be reached, authenticated against, or started."""

    status_code = 503
