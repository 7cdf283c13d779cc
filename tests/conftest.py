"""A real database for every test: SQLite by default, PostgreSQL when RAMSTEIN_TEST_DATABASE_URL is set.

Each test gets its own database copied from a template built once per run through `alembic upgrade
head` (so the migrations are what every test runs on): a file copy on SQLite, CREATE DATABASE ...
TEMPLATE on PostgreSQL. Two templates: empty, and with the bundled reference data.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from ramstein.bootstrap import prepare_database
from ramstein.db.engine import make_engine, make_session_factory, normalize_url
from ramstein.db.uow import UnitOfWork

PG_URL = os.environ.get("RAMSTEIN_TEST_DATABASE_URL")


def _admin(url: str) -> Engine:
    return create_engine(normalize_url(url), isolation_level="AUTOCOMMIT")


def _pg_create(name: str, template: str | None = None) -> str:
    assert PG_URL
    admin = _admin(PG_URL)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        suffix = f' TEMPLATE "{template}"' if template else ""
        conn.execute(text(f'CREATE DATABASE "{name}"{suffix}'))
    admin.dispose()
    return make_url(normalize_url(PG_URL)).set(database=name).render_as_string(hide_password=False)


def _pg_drop(name: str) -> None:
    admin = _admin(PG_URL or "")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


class Templates:
    """Builds each template once, then hands out fresh copies."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.run = uuid.uuid4().hex[:8]
        self.built: dict[str, str] = {}

    def _build(self, kind: str) -> str:
        if PG_URL:
            name = f"ramstein_tpl_{kind}_{self.run}"
            url = _pg_create(name)
        else:
            name = str(self.folder / f"template-{kind}.db")
            url = f"sqlite:///{name}"
        engine = make_engine(url)
        prepare_database(engine, load_reference=(kind == "reference"))
        engine.dispose()
        return name

    def copy(self, kind: str) -> tuple[str, str]:
        if kind not in self.built:
            self.built[kind] = self._build(kind)
        template = self.built[kind]
        if PG_URL:
            name = f"ramstein_t_{uuid.uuid4().hex[:12]}"
            return _pg_create(name, template), name
        target = self.folder / f"{uuid.uuid4().hex[:12]}.db"
        shutil.copyfile(template, target)
        return f"sqlite:///{target}", str(target)

    def drop(self, name: str) -> None:
        if PG_URL:
            _pg_drop(name)
        else:
            Path(name).unlink(missing_ok=True)

    def close(self) -> None:
        if PG_URL:
            for name in self.built.values():
                _pg_drop(name)


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Templates]:
    found = Templates(tmp_path_factory.mktemp("db"))
    yield found
    found.close()


def _database(templates: Templates, kind: str) -> Iterator[str]:
    url, name = templates.copy(kind)
    yield url
    templates.drop(name)


@pytest.fixture
def db_url(templates: Templates) -> Iterator[str]:
    """A migrated, empty database (no reference data)."""
    yield from _database(templates, "empty")


@pytest.fixture
def ref_db_url(templates: Templates) -> Iterator[str]:
    """A migrated database holding the bundled reference data."""
    yield from _database(templates, "reference")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    found = make_engine(db_url)
    yield found
    found.dispose()


@pytest.fixture
def ref_engine(ref_db_url: str) -> Iterator[Engine]:
    found = make_engine(ref_db_url)
    yield found
    found.dispose()


@pytest.fixture
def uow(engine: Engine) -> Iterator[UnitOfWork]:
    with UnitOfWork(make_session_factory(engine)) as found:
        yield found


@pytest.fixture
def ref_uow(ref_engine: Engine) -> Iterator[UnitOfWork]:
    with UnitOfWork(make_session_factory(ref_engine)) as found:
        yield found
