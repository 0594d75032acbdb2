"""Property-based tests of the complaints, rewards and inspections routes against their own OpenAPI spec
(Schemathesis), as the lead's whole-API test will run them once the routers are mounted: no 5xx, and every response
matches the documented schema, status codes and content types."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from smokeindex.graph import GraphStore
from tests.complaints.conftest import make_api

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]
MINE = ("/api/v1/complaints", "/api/v1/rewards", "/api/v1/inspections")


def _fuzz(operation: Any, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    def check(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()


def test_every_operation_conforms_to_the_spec(world: GraphStore, tmp_path: Path) -> None:
    api = make_api(world, tmp_path)
    with api.client:
        schema = schemathesis.openapi.from_asgi("/openapi.json", api.client.app)
        operations = [r.ok() for r in schema.get_all_operations()]
        operations = [op for op in operations if op.path.startswith(MINE)]
        assert len(operations) >= 25
        for who in ("police_hz", "reg_hz"):  # police see the reporter; regulators write rewards
            for operation in operations:
                _fuzz(operation, {"X-API-Key": api.keys[who]})
