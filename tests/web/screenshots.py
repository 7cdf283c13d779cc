"""Save a screenshot of every dashboard page to docs/screenshots/: `python -m tests.web.screenshots [DIR]`.

Builds a fresh reference database, runs and adopts one plan (so plans, forecast and the overview have
figures), runs a what-if beside it, adds packages with deliveries (tests/web/conftest.py: add_packages, one
order late), then photographs each page as the role that would use it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

from ramstein.auth.actor import Actor
from ramstein.bootstrap import prepare_database
from ramstein.db.engine import make_engine, make_session_factory
from ramstein.db.uow import UnitOfWork
from ramstein.planning.service import adopt_plan, run_plan, run_whatif
from tests.web.conftest import add_packages, add_users
from tests.web.server import chromium, serving

PAGES = [("overview", "/", None), ("overview-coordinator", "/", "coordinator"), ("pledges", "/pledges", None),
         ("requirements", "/requirements", None),
         ("plans", "/plans?base={base}&compare={whatif}", "coordinator"), ("forecast", "/forecast", "coordinator"),
         ("packages", "/packages", None), ("audit", "/audit", "auditor"), ("nation", "/nations/NLD", None),
         ("pledge-form", "/pledges/new", "nation"), ("login", "/login", None)]


WHATIF = {"name": "DEU adds USD 1bn, Patriots 6 months late, 30% in the EU", "changes": [
    {"op": "add_pool", "pool": {"id": "what-if-DEU", "donor": "DEU", "amount": "1000000000", "available_from": 0}},
    {"op": "delay_offer", "offer": "OF-PATRIOT-RTX", "months": 6},
    {"op": "set_share", "kind": "min", "region": "EU", "share": 0.3}]}


def prepare(url: str) -> tuple[dict[str, str], dict[str, int]]:
    """Tokens by role, and the ids of the base plan and the what-if that the plans page shows."""
    engine = make_engine(url)
    prepare_database(engine)
    tokens = add_users(url)
    with UnitOfWork(make_session_factory(engine), write=True) as uow:
        coordinator = Actor("coordinator-user", "coordinator")
        adopt_plan(uow.session, coordinator, run_plan(uow.session, coordinator).id)
        base, whatif = run_whatif(uow.session, coordinator, WHATIF)
        ids = {"base": base.id, "whatif": whatif.id}
        uow.commit()
    engine.dispose()
    add_packages(url)
    return tokens, ids


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/screens.db"
        tokens, ids = prepare(url)
        with serving(url) as base, chromium() as browser:
            for name, template, role in PAGES:
                path = template.format(**ids)
                page = browser.new_page(viewport={"width": 1366, "height": 900})
                if role:
                    page.goto(f"{base}/login?next={quote(path)}")
                    page.get_by_label("API token").fill(tokens[role])
                    page.get_by_role("button", name="Log in").click()
                page.goto(f"{base}{path}")
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(out / f"{name}.png"), full_page=True)
                page.close()
                print(out / f"{name}.png")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots"))
