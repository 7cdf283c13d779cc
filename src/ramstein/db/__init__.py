"""Engine, session factory and unit of work. Nothing is built at import time."""

from ramstein.db.base import Base
from ramstein.db.engine import make_engine, make_session_factory
from ramstein.db.uow import UnitOfWork

__all__ = ["Base", "UnitOfWork", "make_engine", "make_session_factory"]
