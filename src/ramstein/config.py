"""Settings from the environment (prefix RAMSTEIN_). Built by get_settings(), never at import time."""

from __future__ import annotations

import ipaddress
from pathlib import Path

from pydantic import Field, field_validator
from pydantic import ValidationError as PydanticValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from ramstein.errors import ValidationError

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
    # addresses or networks of the reverse proxies whose X-Forwarded-For is believed, as JSON
    # (RAMSTEIN_TRUSTED_PROXIES='["10.0.0.0/8"]'); none by default: the connection's peer is the client
    trusted_proxies: list[str] = []
    # signs dashboard session cookies; `serve` makes one per start when unset (sessions end on restart)
    session_secret: str | None = None
    # mark the session cookie `Secure` (sent over HTTPS only): set it where the site is served over HTTPS
    secure_cookies: bool = False
    # the Ed25519 private key (PEM, `ramstein keys generate`) that signs checkpoints of the event log
    signing_key: Path | None = None
    # the OCDS open-data export's ocid prefix ("ocds-" and 6 letters or digits, registered with the
    # Open Contracting Partnership); the default is a placeholder (docs/open-data.md)
    ocid_prefix: str = Field(default="ocds-r4mstn", pattern=r"^ocds-[a-z0-9]{6}$")
    # requests served at once on threads (reads and dashboard pages; API writes have their own
    # writer thread). Python runs one thread at a time and the database drivers hand the interpreter
    # over at every call, so more threads add contention, not speed: with 2 instead of 4, one worker
    # under mixed load served 400 writes/s + 125 reads/s instead of 210 + 163 (docs/benchmarks.md)
    request_threads: int = Field(default=2, ge=1, le=200)
    # plans and what-ifs solved at once, on threads of their own: a solve takes seconds to minutes, and
    # on the request threads two of them left public reads waiting (issue 12); the rest wait their turn
    solve_threads: int = Field(default=1, ge=1, le=16)

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for entry in value:
            ipaddress.ip_network(entry.strip(), strict=False)  # a ValueError names the bad entry
        return value


def get_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit overrides (CLI flags) taking precedence.

    A bad value is refused naming its environment variable, not with pydantic's report.
    """
    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**given)  # type: ignore[arg-type]
    except PydanticValidationError as exc:
        problem = exc.errors()[0]
        name = "RAMSTEIN_" + str(problem["loc"][0]).upper() if problem["loc"] else "RAMSTEIN_*"
        message = str(problem["msg"])
        raise ValidationError(f"{message[:1].lower()}{message[1:]}, not {problem.get('input')!r}", field=name) from None
