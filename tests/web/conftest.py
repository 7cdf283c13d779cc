"""Dashboard fixtures: an app with the pages on a reference database, users of every role, form helpers."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from ramstein.api.app import create_app
from ramstein.auth.actor import SYSTEM
from ramstein.auth.service import add_user
from ramstein.config import Settings
from ramstein.db.engine import make_session_factory
from ramstein.db.uow import UnitOfWork
from ramstein.web import install_web

ROLES = {"coordinator": None, "nation": "NLD", "ukraine": None, "auditor": None}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def build_app(url: str) -> FastAPI:
    app = create_app(Settings(database_url=url, session_secret="test-secret"))
    install_web(app)  # a no-op once create_app installs the dashboard itself
    return app


def add_users(url: str) -> dict[str, str]:
    """One user per role (the nation user for NLD); their tokens by role."""
    app = create_app(Settings(database_url=url))
    tokens = {}
    with UnitOfWork(make_session_factory(app.state.engine)) as uow:
        for role, nation in ROLES.items():
            tokens[role] = add_user(uow.session, SYSTEM, f"{role}-user", role, nation)[1]
        uow.commit()
    app.state.engine.dispose()
    return tokens


@pytest.fixture
def web(ref_db_url: str) -> Iterator[TestClient]:
    app = build_app(ref_db_url)
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


@pytest.fixture
def tokens(ref_db_url: str) -> dict[str, str]:
    return add_users(ref_db_url)


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def log_in(client: TestClient, token: str) -> None:
    form = client.get("/login").text
    answer = client.post("/login", data={"csrf_token": csrf_of(form), "token": token}, follow_redirects=False)
    assert answer.status_code == 303, answer.text


def post_form(client: TestClient, page: str, action: str, data: dict[str, object]):  # type: ignore[no-untyped-def]
    """Submit a form the way a browser does: with the CSRF token of the page that holds it."""
    token = csrf_of(client.get(page).text)
    return client.post(action, data={"csrf_token": token, **data}, follow_redirects=False)


# packages with deliveries on a plan that starts in January 2025: an order of 155mm shells (lead time 6)
# was due 2025-07 and is late with 60 of 100 outstanding; drones (lead time 2) were delivered in full;
# a Patriot battery (lead time 36) is due 2028-01. P-HIDDEN is never released.
PLAN_START = "2025-01-01"
LATE_ORDER = {"offer": "OF-155-US", "requirement": "R10", "quantity": "100", "cost_usd": "500000", "month": 0}
FULL_ORDER = {"offer": "OF-FPV-UA", "requirement": "R20", "quantity": "5000", "cost_usd": "2890000", "month": 1}
DUE_ORDER = {"offer": "OF-PATRIOT-RTX", "requirement": "R01", "quantity": "1", "cost_usd": "1050000000", "month": 0}
HIDDEN_UNITS = "4321"


def add_packages(url: str) -> int:
    """Two packages (P-1 released, P-HIDDEN not) on a stored plan, with deliveries; the plan's id."""
    import datetime as dt
    from decimal import Decimal

    from ramstein.allocation import SolveOptions
    from ramstein.auth.actor import Actor
    from ramstein.db.engine import make_engine
    from ramstein.deliveries.service import record_delivery
    from ramstein.packages.schemas import PackageCreate
    from ramstein.packages.service import create_package, transition_package
    from ramstein.planning.service import run_plan
    from ramstein.releases.service import ReleaseCreate, release
    from ramstein.schemas import SourceIn

    coordinator, engine = Actor("coordinator-user", "coordinator"), make_engine(url)
    source = [SourceIn(title="Delivery notice", url="https://example.org/delivered")]
    with UnitOfWork(make_session_factory(engine), write=True) as uow:
        s = uow.session
        plan = run_plan(s, coordinator, start=dt.date.fromisoformat(PLAN_START), options=SolveOptions(time_limit=60))
        p1 = create_package(s, coordinator, PackageCreate(ref="P-1", plan_id=plan.id,
                                                          orders=[LATE_ORDER, FULL_ORDER, DUE_ORDER],
                                                          funders=[{"nation": "DEU", "amount_usd": "500000000"}]))
        hidden = create_package(s, coordinator, PackageCreate(ref="P-HIDDEN", plan_id=plan.id, orders=[
            {**LATE_ORDER, "quantity": "5000", "requirement": "R11"}]))
        for ref in ("P-1", "P-HIDDEN"):
            for status in ("approved", "contracted"):
                transition_package(s, coordinator, ref, status)
        late, full, _ = p1.orders
        record_delivery(s, coordinator, late.id, Decimal(40), dt.date(2025, 8, 14), "official", source)
        record_delivery(s, coordinator, full.id, Decimal(3000), dt.date(2025, 3, 2), "reported", source)
        record_delivery(s, coordinator, full.id, Decimal(2000), dt.date(2025, 5, 20), "official", source)
        record_delivery(s, coordinator, hidden.orders[0].id, Decimal(HIDDEN_UNITS), dt.date(2025, 9, 1), "official",
                        source)
        release(s, coordinator, ReleaseCreate(packages=["P-1"]))
        uow.commit()
        plan_id = plan.id
    engine.dispose()
    return plan_id
