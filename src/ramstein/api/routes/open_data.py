"""Open data for everyone: what the public sees, in OCDS, the Kiel tracker's layout and a Frictionless package.

The files are the public's view whoever asks (a token changes nothing), made once per state of the
ledger (exports/open_data.OpenDataCache) and served with their SHA-256 as ETag.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ramstein.api.deps import run_read
from ramstein.api.schemas import ERROR_RESPONSES
from ramstein.auth.actor import Actor
from ramstein.exports.open_data import EXPORTS, OpenDataCache, OpenDataFile
from ramstein.exports.records import LICENCE

router = APIRouter(tags=["open data"], responses=ERROR_RESPONSES)


def open_data_cache(request: Request) -> OpenDataCache:
    state = request.app.state
    if getattr(state, "open_data", None) is None:
        state.open_data = OpenDataCache(state.settings.ocid_prefix)
    return state.open_data  # type: ignore[no-any-return]


async def _file(request: Request, name: str) -> Response:
    cache = open_data_cache(request)
    made: OpenDataFile = await run_read(request, None, lambda session, _: cache.get(session, name))
    return Response(made.content, media_type=made.media_type, headers={
        "ETag": f'"{made.sha256}"', "Content-Disposition": f'attachment; filename="{made.filename}"',
        "Last-Modified": made.as_of.strftime("%a, %d %b %Y %H:%M:%S GMT")})


def describe(made: OpenDataFile, url: str) -> dict[str, Any]:
    return {"name": made.name, "url": url, "filename": made.filename, "media_type": made.media_type,
            "description": EXPORTS[made.name][2], "as_of": made.as_of.isoformat(), "sha256": made.sha256,
            "bytes": len(made.content), "log_seq": made.log_seq, "log_hash": made.log_hash,
            "checkpoint": made.checkpoint,
            "licence": dict(LICENCE)}


@router.get("/open-data")
async def list_open_data(request: Request) -> dict[str, Any]:
    """Each export with its as-of time, the log head it was made from, its licence and SHA-256."""
    cache = open_data_cache(request)

    def read(session: Session, _: Actor) -> dict[str, Any]:
        return {"items": [describe(f, f"/api/v1/open-data/{f.name}") for f in cache.all(session)]}
    return await run_read(request, None, read)


@router.get("/open-data/ocds", response_class=Response,
            responses={200: {"content": {"application/json": {}}, "description": "OCDS 1.1 release package"}})
async def get_ocds(request: Request) -> Response:
    """Released packages as an OCDS 1.1 release package (one contracting process per package)."""
    return await _file(request, "ocds")


@router.get("/open-data/kiel-tracker", response_class=Response,
            responses={200: {"content": {"text/csv": {}}, "description": "CSV"}})
async def get_kiel_tracker(request: Request) -> Response:
    """Released pledges in the Kiel Ukraine Support Tracker's column layout (CSV)."""
    return await _file(request, "kiel-tracker")


@router.get("/open-data/datapackage", response_class=Response,
            responses={200: {"content": {"application/zip": {}}, "description": "zip"}})
async def get_datapackage(request: Request) -> Response:
    """Every public table as CSV with its Frictionless datapackage.json, zipped."""
    return await _file(request, "datapackage")
