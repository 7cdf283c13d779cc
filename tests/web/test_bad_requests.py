"""Dashboard requests a probe answered with 500: each now gets a 4xx page saying what was wrong."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import log_in


@pytest.mark.parametrize("query", ["compare=99999999999999999999", "base=99999999999999999999&compare=1"])
def test_plans_page_with_a_plan_id_beyond_any_integer_is_not_found(web, tokens, query):
    client = TestClient(web.app, raise_server_exceptions=False)
    with client:
        log_in(client, tokens["coordinator"])
        page = client.get(f"/plans?{query}")
    assert page.status_code == 404, page.text[:300]
    assert "no plan 99999999999999999999" in page.text
