"""An app on a reference database with one user per role, and a client that acts as any of them."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from ramstein.api.app import create_app
from ramstein.auth.service import add_user
from ramstein.config import Settings
from ramstein.db.uow import UnitOfWork
from tests.builders import OPERATOR

ROLES = {"coordinator": ("coord", None), "nld": ("nld-mod", "NLD"), "deu": ("deu-mod", "DEU"),
         "ukraine": ("ua-mod", None), "auditor": ("audit", None)}


@dataclass
class Api:
    client: TestClient
    tokens: dict[str, str]
    app: object

    def as_(self, who: str) -> dict[str, str]:
        return {} if who == "public" else {"Authorization": f"Bearer {self.tokens[who]}"}

    def call(self, who: str, method: str, path: str, **kwargs: object):  # type: ignore[no-untyped-def]
        headers = {**self.as_(who), **kwargs.pop("headers", {})}  # type: ignore[dict-item]
        return self.client.request(method, path, headers=headers, **kwargs)


@pytest.fixture
def api(ref_db_url):
    app = create_app(Settings(database_url=ref_db_url))
    tokens = {}
    with UnitOfWork(app.state.sessions) as uow:
        for who, (name, nation) in ROLES.items():
            role = "nation" if nation else who
            _, tokens[who] = add_user(uow.session, OPERATOR, name, role, nation)
        uow.commit()
    with TestClient(app) as client:
        yield Api(client, tokens, app)
    app.state.engine.dispose()
