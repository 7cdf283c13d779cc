"""Every open-data format, by every route (API, dashboard page, CLI), holds the redaction rules: the undisclosed
amount (SENTINEL) and the figures that would reveal it (REVEALING) never appear, nor an unreleased package."""

from __future__ import annotations

import hashlib
import json

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from typer.testing import CliRunner

from ramstein.api.app import create_app
from ramstein.auth.service import add_user
from ramstein.cli.app import app as cli_app
from ramstein.config import Settings
from ramstein.db.uow import UnitOfWork
from tests.builders import OPERATOR
from tests.open_data.conftest import assert_nothing_revealed, readable

ROUTES = ("/api/v1/open-data", "/api/v1/open-data/ocds", "/api/v1/open-data/kiel-tracker",
          "/api/v1/open-data/datapackage", "/open-data")


@pytest.fixture
def site(ledger_url):
    app = create_app(Settings(database_url=ledger_url))
    with UnitOfWork(app.state.sessions) as uow:
        _, nld = add_user(uow.session, OPERATOR, "nld-od", "nation", "NLD")
        _, coordinator = add_user(uow.session, OPERATOR, "coord-od", "coordinator", None)
        uow.commit()
    with TestClient(app) as client:
        yield client, {"public": {}, "nld": {"Authorization": f"Bearer {nld}"},
                       "coordinator": {"Authorization": f"Bearer {coordinator}"}}
    app.state.engine.dispose()


def test_open_data_routes_serve_the_public_view_to_everyone(site):
    """Even NLD (whose undisclosed pledge it is) and a coordinator get the public files: open data is one file."""
    client, headers = site
    bodies = {}
    for who, given in headers.items():
        for route in ROUTES:
            response = client.get(route, headers=given)
            assert response.status_code == 200, (who, route, response.text[:200])
            assert_nothing_revealed(readable(response.content), (who, route))
            bodies.setdefault(route, set()).add(response.content if route != "/open-data" else b"")
    for route in ROUTES[1:4]:
        assert len(bodies[route]) == 1, route  # the same bytes whoever asks


def test_the_listing_gives_each_files_checksum_licence_and_as_of(site):
    client, _ = site
    listing = client.get("/api/v1/open-data").json()["items"]
    assert [f["name"] for f in listing] == ["ocds", "kiel-tracker", "datapackage"]
    for item in listing:
        body = client.get(item["url"])
        assert hashlib.sha256(body.content).hexdigest() == item["sha256"] == body.headers["etag"].strip('"')
        assert item["licence"]["name"] == "CC-BY-4.0" and item["as_of"] and item["log_seq"] > 0
    page = client.get("/open-data").text
    assert all(item["sha256"] in page for item in listing) and "CC-BY-4.0" in page


def test_a_change_in_the_ledger_makes_new_files(site, ledger_url):
    from ramstein.auth.actor import SYSTEM
    from ramstein.packages.service import transition_package

    client, _ = site
    before = client.get("/api/v1/open-data/ocds").content
    with UnitOfWork(client.app.state.sessions, write=True) as uow:  # type: ignore[attr-defined]
        transition_package(uow.session, SYSTEM, "TST-OPEN-5", "delivered")
        uow.commit()
    after = client.get("/api/v1/open-data/ocds").content
    assert after != before and b"ocds-r4mstn-TST-OPEN-5-delivered" in after


def test_cli_exports_hold_the_redaction_in_every_format(ledger_url, tmp_path):
    runner = CliRunner()

    def export(*args):
        result = runner.invoke(cli_app, ["--db", ledger_url, "export", *args])
        assert result.exit_code == 0, result.output
        return result

    export("ocds", "--out", str(tmp_path / "ocds.json"))
    export("datapackage", "--out", str(tmp_path / "dp"))
    for fmt in ("csv", "json", "xlsx"):
        export("kiel-tracker", "--format", fmt, "--out", str(tmp_path / f"kiel-tracker.{fmt}"))
        export("kiel", "--format", fmt, "--out", str(tmp_path / f"kiel.{fmt}"))
    texts = {p.name: p.read_text() for p in [*tmp_path.glob("*.json"), *tmp_path.glob("*.csv"),
                                              *(tmp_path / "dp").iterdir()]}
    for name in ("kiel-tracker.xlsx", "kiel.xlsx"):
        sheet = load_workbook(tmp_path / name).active
        texts[name] = "\n".join(",".join(str(c.value) for c in row if c.value is not None)
                                for row in sheet.iter_rows())
    assert len(texts) == 18  # 3 x 2 Kiel files, the OCDS package, 10 tables and datapackage.json
    for name, text in texts.items():
        assert_nothing_revealed(text, name)
    assert json.loads(texts["ocds.json"])["version"] == "1.1"
    assert texts["ocds.json"] == (tmp_path / "ocds.json").read_text()


def test_each_file_names_the_signed_checkpoint_of_the_head_it_was_made_from(site):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from ramstein.audit.checkpoints import sign_head

    client, _ = site
    assert client.get("/api/v1/open-data").json()["items"][0]["checkpoint"] is None
    with UnitOfWork(client.app.state.sessions, write=True) as uow:  # type: ignore[attr-defined]
        signed = sign_head(uow.session, Ed25519PrivateKey.generate(), "test")
        seq, key_id = signed.seq, signed.key_id
        uow.commit()
    items = client.get("/api/v1/open-data").json()["items"]
    assert {i["checkpoint"]["seq"] for i in items} == {seq} == {i["log_seq"] for i in items}
    page = client.get("/open-data").text
    assert f"event {seq} (this head), signed" in page and key_id in page
