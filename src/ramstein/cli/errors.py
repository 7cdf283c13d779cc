"""Domain errors to exit codes and one readable line each (GUIDE rule 8)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console

from ramstein.errors import (
    Conflict,
    Forbidden,
    ImportRejected,
    InvalidTransition,
    NotFound,
    PortInUse,
    RamsteinError,
    ValidationError,
)

EXIT_CODES: list[tuple[type[RamsteinError], int]] = [
    (ImportRejected, 1),
    (ValidationError, 2),
    (NotFound, 3),
    (Conflict, 4),
    (Forbidden, 5),
    (InvalidTransition, 6),
    (PortInUse, 7),
    (RamsteinError, 1),
]

err = Console(stderr=True, highlight=False, soft_wrap=True)


def exit_code(exc: RamsteinError) -> int:
    return next(code for kind, code in EXIT_CODES if isinstance(exc, kind))


@contextmanager
def reported() -> Iterator[None]:
    """Turn a domain error into its message on stderr and an exit code, never a traceback."""
    try:
        yield
    except ImportRejected as exc:
        for problem in exc.problems:
            err.print(f"[red]error[/red] {problem}", markup=True)
        err.print(f"{len(exc.problems)} bad row(s); nothing was imported")
        raise typer.Exit(exit_code(exc)) from None
    except RamsteinError as exc:
        where = f" ({exc.field})" if exc.field else ""
        err.print(f"[red]error[/red]{where}: {exc.message}", markup=True)
        raise typer.Exit(exit_code(exc)) from None
