"""Ukraine's list: everyone reads the released version; Ukraine adds, changes and removes lines."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from ramstein.api.deps import SessionDep, UowDep
from ramstein.auth.policy import CREATE, Target, can, require
from ramstein.requirements.schemas import RequirementLineIn
from ramstein.requirements.service import change_line, remove_line
from ramstein.web.forms import attempt, line_fields, line_values
from ramstein.web.render import page
from ramstein.web.session import Csrf, FormDep, WebActor
from ramstein.web.views.requirements import requirements_page

router = APIRouter(include_in_schema=False)
EDIT = Target("requirement")


@router.get("/requirements")
def requirements(request: Request, actor: WebActor, session: SessionDep, category: str = "") -> Response:
    view = requirements_page(session, actor, category)
    return page(request, actor, "requirements/index.html", view=view, category=category,
                may_edit=can(actor, CREATE, EDIT), saved=request.query_params.get("saved"))


@router.get("/requirements/lines/{ref}")
def line_form(request: Request, actor: WebActor, session: SessionDep, ref: str) -> Response:
    require(actor, CREATE, EDIT)
    view = requirements_page(session, actor, None)
    line = next((x for x in view.lines if x.ref == ref), None)
    return page(request, actor, "requirements/line.html", view=view, values=line_values(line, ref), errors={},
                is_new=line is None)


@router.post("/requirements/lines", dependencies=[Csrf])
def save_line(request: Request, form: FormDep, actor: WebActor, uow: UowDep) -> Response:
    version = int(str(form.get("version") or 0)) or None
    data, errors = attempt(lambda: RequirementLineIn.model_validate(line_fields(form)))
    done, errors = attempt(lambda: change_line(uow.session, actor, data, version)) if data else (None, errors)
    if not done:
        uow.session.rollback()
        view = requirements_page(uow.session, actor, None)
        is_new = not any(x.ref == form.get("ref") for x in view.lines)
        return page(request, actor, "requirements/line.html", errors.status, view=view, values=dict(form),
                    errors=errors, is_new=is_new)
    uow.commit()
    return RedirectResponse(f"/requirements?saved=version+{done.version}", status_code=303)


@router.post("/requirements/lines/{ref}/remove", dependencies=[Csrf])
def drop_line(request: Request, actor: WebActor, uow: UowDep, ref: str,
              version: Annotated[int | None, Form()] = None) -> Response:
    done = remove_line(uow.session, actor, ref, version)
    uow.commit()
    return RedirectResponse(f"/requirements?saved=version+{done.version}", status_code=303)
