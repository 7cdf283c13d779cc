"""Save a screenshot of every dashboard page to docs/screenshots/: `python -m tests.web.screenshots [DIR]`.

Builds a fresh reference database, runs and adopts one plan (so plans, forecast and the overview have
figures), then photographs each page as the role that would use it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from ramstein.auth.actor import Actor
from ramstein.bootstrap import prepare_database
from ramstein.db.engine import make_engine, make_session_factory
from ramstein.db.uow import UnitOfWork
from ramstein.planning.service import adopt_plan, run_plan
from tests.web.conftest import add_users
from tests.web.server import chromium, serving

PAGES = [("overview", "/", None), ("overview-coordinator", "/", "coordinator"), ("pledges", "/pledges", None),
         ("requirements", "/requirements", None),
         ("plans", "/plans", "coordinator"), ("forecast", "/forecast", "coordinator"),
         ("packages", "/packages", None), ("audit", "/audit", "auditor"), ("nation", "/nations/NLD", None),
         ("pledge-form", "/pledges/new", "nation"), ("login", "/login", None)]


def prepare(url: str) -> dict[str, str]:
    engine = make_engine(url)
    prepare_database(engine)
    tokens = add_users(url)
    with UnitOfWork(make_session_factory(engine), write=True) as uow:
        coordinator = Actor("coordinator-user", "coordinator")
        adopt_plan(uow.session, coordinator, run_plan(uow.session, coordinator).id)
        uow.commit()
    engine.dispose()
    return tokens


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/screens.db"
        tokens = prepare(url)
        with serving(url) as base, chromium() as browser:
            for name, path, role in PAGES:
                page = browser.new_page(viewport={"width": 1366, "height": 900})
                if role:
                    page.goto(f"{base}/login?next={path}")
                    page.get_by_label("API token").fill(tokens[role])
                    page.get_by_role("button", name="Log in").click()
                page.goto(f"{base}{path}")
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(out / f"{name}.png"), full_page=True)
                page.close()
                print(out / f"{name}.png")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots"))
