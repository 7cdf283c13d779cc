"""The domain's exceptions. They carry no HTTP codes: api/errors.py and cli/errors.py map them."""

from __future__ import annotations


class RamsteinError(Exception):
    """Base of every error a user can cause; `field` names the offending input where there is one."""

    code = "error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationError(RamsteinError):
    code = "invalid"


class NotFound(RamsteinError):
    code = "not_found"


class Conflict(RamsteinError):
    code = "conflict"


class Unauthenticated(RamsteinError):
    code = "unauthenticated"


class PreconditionRequired(RamsteinError):
    """An update without the version it was based on: it could overwrite a change unseen."""

    code = "version_required"


class TooManyAttempts(RamsteinError):
    code = "too_many_attempts"

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Forbidden(RamsteinError):
    code = "forbidden"


class InvalidTransition(RamsteinError):
    code = "invalid_transition"


class CurrencyError(ValidationError):
    code = "currency"


class ImportRejected(RamsteinError):
    """An import with bad rows: nothing was written; `problems` lists every bad row."""

    code = "import_rejected"

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(f"{len(problems)} bad row(s); nothing imported")
        self.problems = problems


class RowProblem:
    __slots__ = ("file", "row", "column", "reason")

    def __init__(self, file: str, row: int, column: str, reason: str) -> None:
        self.file, self.row, self.column, self.reason = file, row, column, reason

    def __str__(self) -> str:
        return f"{self.file}:{self.row}: {self.column}: {self.reason}"

    def __repr__(self) -> str:
        return f"RowProblem({self!s})"


class Unavailable(RamsteinError):
    """Something outside Ramstein (a network source) could not be reached; nothing changed."""

    code = "unavailable"


class PortInUse(Unavailable):
    """`serve` cannot listen: another process (often an earlier server) holds the address."""

    code = "port_in_use"
