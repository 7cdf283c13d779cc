"""A coordinator releases figures to the public: the pledges and list version not yet released."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from ramstein.api.deps import SessionDep, UowDep
from ramstein.auth.policy import CREATE, Target, require
from ramstein.releases.service import ReleaseCreate, release
from ramstein.web.forms import attempt
from ramstein.web.render import page
from ramstein.web.session import Csrf, FormDep, WebActor
from ramstein.web.views.releases import unreleased

router = APIRouter(include_in_schema=False)


@router.get("/releases")
def release_form(request: Request, actor: WebActor, session: SessionDep) -> Response:
    require(actor, CREATE, Target("release"))
    return page(request, actor, "releases/index.html", view=unreleased(session, actor), errors={},
                saved=request.query_params.get("saved"))


@router.post("/releases", dependencies=[Csrf])
def release_chosen(request: Request, form: FormDep, actor: WebActor, uow: UowDep) -> Response:
    chosen = ReleaseCreate(pledges=[int(str(v)) for v in form.getlist("pledge") if str(v).isdigit()],
                           requirement_versions=[int(str(v)) for v in form.getlist("requirement_version")
                                                 if str(v).isdigit()], note=str(form.get("note") or ""))
    done, errors = attempt(lambda: release(uow.session, actor, chosen))
    if not done:
        uow.session.rollback()
        return page(request, actor, "releases/index.html", errors.status, view=unreleased(uow.session, actor),
                    errors=errors)
    uow.commit()
    return RedirectResponse(f"/releases?saved={done.id}", status_code=303)
