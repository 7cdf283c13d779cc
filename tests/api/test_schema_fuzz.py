"""Schemathesis drives every operation of /openapi.json: no 5xx, and every response matches the schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ramstein.api.app import create_app
from ramstein.auth.service import add_user
from ramstein.config import Settings
from ramstein.db.uow import UnitOfWork
from tests.builders import OPERATOR

EXAMPLES_PER_OPERATION = 12
# what the API promises: no 5xx, documented status codes and content types, responses that match the
# schema. Not "every schema-valid request is accepted": business rules (unknown nation, lifecycle)
# refuse many requests that are well-formed, with a 4xx that is itself checked here.
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]


@pytest.fixture
def fuzzed(ref_db_url):
    app = create_app(Settings(database_url=ref_db_url, login_failures_per_minute=1_000_000))
    with UnitOfWork(app.state.sessions, write=True) as uow:
        _, token = add_user(uow.session, OPERATOR, "fuzz-nld", "nation", "NLD")
        uow.commit()
    yield schemathesis.openapi.from_asgi("/openapi.json", app), token
    app.state.engine.dispose()


def test_api_never_fails_and_keeps_its_schema(fuzzed):
    schema, token = fuzzed
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 15
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck),
                  database=None)
        def check(case):  # type: ignore[no-untyped-def]
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)

        check()
