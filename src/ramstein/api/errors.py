"""One table from domain errors to HTTP status codes; every 4xx is JSON {code, message, field}."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ramstein.errors import (
    Conflict,
    Forbidden,
    ImportRejected,
    InvalidTransition,
    NotFound,
    PreconditionRequired,
    RamsteinError,
    TooManyAttempts,
    Unauthenticated,
    ValidationError,
)

STATUS: list[tuple[type[RamsteinError], int]] = [
    (Unauthenticated, 401),
    (TooManyAttempts, 429),
    (NotFound, 404),
    (Forbidden, 403),
    (Conflict, 409),
    (PreconditionRequired, 428),
    (InvalidTransition, 409),
    (ImportRejected, 422),
    (ValidationError, 422),
    (RamsteinError, 400),
]


def error_body(code: str, message: str, field: str | None) -> dict[str, str | None]:
    return {"code": code, "message": message, "field": field}


async def _domain(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RamsteinError)
    status = next(code for kind, code in STATUS if isinstance(exc, kind))
    headers = {"Retry-After": str(int(exc.retry_after) + 1)} if isinstance(exc, TooManyAttempts) else None
    return JSONResponse(error_body(exc.code, exc.message, exc.field), status_code=status, headers=headers)


async def _request_validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
    loc = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path", "header")]
    return JSONResponse(error_body("invalid", str(first.get("msg", "invalid request")), ".".join(loc) or None),
                        status_code=422)


async def _http(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    return JSONResponse(error_body("http_" + str(exc.status_code), str(exc.detail), None),
                        status_code=exc.status_code, headers=getattr(exc, "headers", None))


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RamsteinError, _domain)
    app.add_exception_handler(RequestValidationError, _request_validation)
    app.add_exception_handler(HTTPException, _http)
