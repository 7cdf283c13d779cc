"""A coordinator releases figures to the public: pledges (chosen on a page, or every one a filter matches)
and the list version not yet released."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse, Response

from ramstein.api.deps import SessionDep, UowDep
from ramstein.auth.actor import Actor
from ramstein.auth.policy import CREATE, Target, require
from ramstein.errors import Conflict
from ramstein.releases.service import ReleaseCreate, release
from ramstein.states import CONFIDENCES, PLEDGE_STATUSES
from ramstein.web.forms import FormErrors, attempt
from ramstein.web.paging import Links, Paging
from ramstein.web.render import page
from ramstein.web.session import Csrf, FormDep, WebActor
from ramstein.web.views.pledges import PLEDGE_SORTS, PledgeFilter
from ramstein.web.views.releases import matching_ids, unreleased

router = APIRouter(include_in_schema=False)
# pledges per release when releasing everything a filter matches (bound parameters stay well under limits)
RELEASE_CHUNK = 10_000


def _filter(values: FormData | dict[str, str], confidence: list[str] | None) -> PledgeFilter:
    # every confidence level unless some are chosen: a coordinator releases estimates too
    return PledgeFilter.parse(str(values.get("nation") or ""), str(values.get("status") or ""),
                              confidence or list(CONFIDENCES), str(values.get("since") or ""),
                              str(values.get("until") or ""))


def _page(request: Request, actor: Actor, session, flt: PledgeFilter, status_code: int = 200,  # type: ignore[no-untyped-def]
          errors: FormErrors | None = None) -> Response:
    q = request.query_params
    paging = Paging.parse(q.get("page", ""), q.get("per_page", ""), q.get("sort", ""), (*PLEDGE_SORTS, "id"), "date")
    view = unreleased(session, actor, flt, paging)
    links = Links.of("/releases", request.query_params.multi_items(), view.paging)
    return page(request, actor, "releases/index.html", status_code, view=view, links=links, errors=errors or {},
                confidences=CONFIDENCES, statuses=PLEDGE_STATUSES, saved=q.get("saved"))


@router.get("/releases")
def release_form(request: Request, actor: WebActor, session: SessionDep,
                 confidence: Annotated[list[str] | None, Query()] = None) -> Response:
    require(actor, CREATE, Target("release"))
    return _page(request, actor, session, _filter(dict(request.query_params), confidence))


@router.post("/releases", dependencies=[Csrf])
def release_chosen(request: Request, form: FormDep, actor: WebActor, uow: UowDep) -> Response:
    """The pledges ticked on the page (and the list version), or with `scope=all` every pledge the
    posted filter matches, provided as many match as the page said (else nothing is released)."""
    require(actor, CREATE, Target("release"))
    flt = _filter(form, [str(v) for v in form.getlist("confidence")] or None)
    note = str(form.get("note") or "")
    if form.get("scope") == "all":
        ids = matching_ids(uow.session, actor, flt)
        expected = str(form.get("expected") or "")
        if expected != str(len(ids)):
            done, errors = attempt(lambda: _refuse(f"{len(ids):,} unreleased pledges match now, not {expected}: "
                                                   "look at them again, then release"))
        else:
            chunks = [ids[i:i + RELEASE_CHUNK] for i in range(0, len(ids), RELEASE_CHUNK)] or [[]]
            done, errors = attempt(lambda: [release(uow.session, actor, ReleaseCreate(
                pledges=chunk, note=note if len(chunks) == 1 else f"{note} (part {n} of {len(chunks)})".strip()))
                for n, chunk in enumerate(chunks, 1)][0])
    else:
        chosen = ReleaseCreate(pledges=[int(str(v)) for v in form.getlist("pledge") if str(v).isdigit()],
                               requirement_versions=[int(str(v)) for v in form.getlist("requirement_version")
                                                     if str(v).isdigit()], note=note)
        done, errors = attempt(lambda: release(uow.session, actor, chosen))
    if not done:
        uow.session.rollback()
        return _page(request, actor, uow.session, flt, errors.status, errors)
    uow.commit()
    return RedirectResponse(f"/releases?saved={done.id}", status_code=303)


def _refuse(message: str) -> None:
    raise Conflict(message, field="form")
