"""Settings from the environment (prefix RAMSTEIN_). Built by get_settings(), never at import time."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///ramstein.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RAMSTEIN_", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    # the coalition's accounting currency: pools and totals are converted to it
    coalition_currency: str = "USD"
    # load the bundled reference data when a database is created
    load_reference_data: bool = True
    page_limit_max: int = 1000
    # failed logins allowed per client address per minute before 429
    login_failures_per_minute: int = 10
    # signs dashboard session cookies; `serve` makes one per start when unset (sessions end on restart)
    session_secret: str | None = None
    # requests served at once on threads (reads and dashboard pages; API writes have their own
    # writer thread). Python runs one thread at a time, so more threads add contention, not speed
    request_threads: int = Field(default=4, ge=1, le=200)


def get_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit overrides (CLI flags) taking precedence."""
    given = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**given)  # type: ignore[arg-type]
