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

    def engine(self, *, create: bool = False, prepare: bool = True) -> Engine:
        """The engine, with the schema migrated and reference data loaded the first time.

        Only `init` and `serve` pass create=True: every other command refuses a database that does
        not exist (a mistyped path must not become a new, empty ledger). prepare=False leaves the
        database exactly as found (`audit verify`, `backup`)."""
        if self._engine is None:
            from ramstein.bootstrap import prepare_database
            from ramstein.db.engine import make_engine, require_existing

            engine = make_engine(self.settings.database_url)
            if not create:
                require_existing(engine)
            if prepare:
                prepare_database(engine, load_reference=self.settings.load_reference_data)
            self._engine = engine
        return self._engine

    def unit_of_work(self, *, write: bool = False, prepare: bool = True) -> UnitOfWork:
        """A unit of work on the ready database; the command commits it (GUIDE rule 3)."""
        from ramstein.db.engine import make_session_factory

        return UnitOfWork(make_session_factory(self.engine(prepare=prepare)), write=write)

    def actor(self) -> Actor:
        """Whoever runs the CLI holds the database itself: the operator role, logged under the OS user."""
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = "unknown"
        return Actor(f"cli:{user}", "operator")
