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
