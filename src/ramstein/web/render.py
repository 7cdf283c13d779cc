"""Jinja2 rendering: one `page()` that gives every template the actor, the CSRF token and the menu."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from markupsafe import Markup
from starlette.responses import HTMLResponse

from ramstein.auth.actor import Actor
from ramstein.auth.policy import CREATE, READ, Target, can
from ramstein.dataset import DATA_AS_OF, DATASET
from ramstein.links import source_links
from ramstein.web.session import csrf_token
from ramstein.web.wording import category, quantity, ratio

TEMPLATES = Path(__file__).parent / "templates"
UNDISCLOSED = "undisclosed"


def figure(value: Decimal | None, currency: str = "") -> str:
    """An exact figure with thousands separators ('1,234,567.89'), or 'undisclosed' when withheld."""
    if value is None:
        return UNDISCLOSED
    text = format(Decimal(value).normalize(), ",f")
    return f"{currency} {text}".strip()


def millions(value: Decimal | None) -> str:
    """Chart axes and headline numbers in millions, to one decimal; tables keep the exact figure."""
    if value is None:
        return UNDISCLOSED
    return format((Decimal(value) / Decimal(1_000_000)).quantize(Decimal("0.1")), ",f")


def percent(value: Decimal | None) -> str:
    return "n/a" if value is None else format(Decimal(value).quantize(Decimal("0.1")), "f") + "%"


def as_json(value: Any) -> Markup:
    """JSON safe inside <script type="application/json">: no '</script>' can close the element."""
    text = json.dumps(value, default=str, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def menu(actor: Actor) -> list[tuple[str, str]]:
    """The pages this actor may open: plans and the forecast are internal, the log is for auditors."""
    items = [("/", "Overview"), ("/pledges", "Pledges"), ("/requirements", "Requirements")]
    if can(actor, READ, Target("plan")):
        items += [("/plans", "Plans"), ("/forecast", "Forecast")]
    items += [("/packages", "Packages"), ("/nations", "Nations"), ("/open-data", "Open data")]
    if can(actor, READ, Target("event")):
        items.append(("/audit", "Audit log"))
    if can(actor, CREATE, Target("release")):
        items.append(("/releases", "Release"))
    return items


@pass_context
def url_for(context: dict[str, Any], name: str, /, **path_params: Any) -> str:
    """A site-relative URL (`/static/app.css`). Starlette's own url_for builds an absolute URL from the
    request's Host header, which a client chooses: `Host: evil.example` would load the page's scripts
    from there."""
    return str(context["request"].app.url_path_for(name, **path_params))


@cache
def templates() -> Jinja2Templates:
    found = Jinja2Templates(directory=str(TEMPLATES))
    found.env.globals["url_for"] = url_for
    found.env.filters.update(figure=figure, millions=millions, percent=percent, as_json=as_json, category=category,
                             quantity=quantity, ratio=ratio)
    found.env.globals["UNDISCLOSED"] = UNDISCLOSED
    found.env.globals["source_links"] = source_links  # a stored URL is a link only if http(s) (ramstein/links.py)
    return found


def page(request: Request, actor: Actor, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a whole page (htmx swaps take the part they need with hx-select, so no fragments)."""
    context.update(actor=actor, csrf=csrf_token(request), menu=menu(actor), path=request.url.path,
                   data_version=DATASET, data_as_of=DATA_AS_OF)
    return templates().TemplateResponse(request, name, context, status_code=status_code)
