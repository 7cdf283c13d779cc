"""What every command shares: settings from --db / RAMSTEIN_DATABASE_URL, and a database made ready on first use."""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field

from sqlalchemy import Engine

from ramstein.auth.actor import Actor
from ramstein.config import Settings
from ramstein.db.uow import UnitOfWork


@dataclass
class CliContext:
    settings: Settings
    _engine: Engine | None = field(default=None, repr=False)

    def engine(self) -> Engine:
        """The engine, with the schema migrated and reference data loaded the first time."""
        if self._engine is None:
            from ramstein.bootstrap import prepare_database
            from ramstein.db.engine import make_engine

            self._engine = make_engine(self.settings.database_url)
            prepare_database(self._engine, load_reference=self.settings.load_reference_data)
        return self._engine

    def unit_of_work(self, *, write: bool = False) -> UnitOfWork:
        """A unit of work on the ready database; the command commits it (GUIDE rule 3)."""
        from ramstein.db.engine import make_session_factory

        return UnitOfWork(make_session_factory(self.engine()), write=write)

    def actor(self) -> Actor:
        """Whoever runs the CLI holds the database itself: the operator role, logged under the OS user."""
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = "unknown"
        return Actor(f"cli:{user}", "operator")
