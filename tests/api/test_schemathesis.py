"""Property-based tests of the whole API against its own OpenAPI spec (Schemathesis), on both real stores: for
generated requests to every operation, no 5xx, and every response matches the documented schema, status codes and
content types."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import Api

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]


def test_every_operation_conforms_to_the_spec(api: Api) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", api.client.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    headers = {"X-API-Key": api.keys["police_hz"]}  # police: every operation but the audit log's
    admin = {"X-API-Key": api.keys["admin"]}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
        def check(case: Any) -> None:
            who = admin if case.path.startswith("/api/v1/audit") else headers
            case.call_and_validate(headers=who, checks=CHECKS)

        check()
