"""The tables hold exactly what the event log replays to, after every kind of change the
application makes; and a change made behind its back is named. Releases sign the chain's head."""

import datetime as dt
from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy import select, text

from ramstein.api.app import create_app
from ramstein.audit.chain import verify_chain
from ramstein.audit.replay import Replay
from ramstein.audit.signing import check, generate_key, load_public_key
from ramstein.auth.service import add_user, revoke_tokens
from ramstein.config import Settings
from ramstein.db.uow import UnitOfWork
from ramstein.deliveries.service import record_delivery
from ramstein.models import Checkpoint
from ramstein.pledges.schemas import PledgeUpdate
from ramstein.pledges.service import transition_pledge, update_pledge
from ramstein.releases.service import ReleaseCreate, release
from ramstein.schemas import SourceIn
from tests.builders import COORDINATOR, OPERATOR, make_pledge
from tests.integration.test_packages import contracted_package


def differences(session) -> list[str]:  # type: ignore[no-untyped-def]
    replay = Replay()
    assert verify_chain(session, each=replay.add).ok
    return replay.compare(session)


def write_key(tmp_path):  # type: ignore[no-untyped-def]
    private, public = generate_key()
    (tmp_path / "k.pem").write_bytes(private)
    (tmp_path / "k.pem.pub").write_bytes(public)
    return tmp_path / "k.pem"


def test_every_change_the_application_makes_replays_to_the_tables(uow, tmp_path):
    session = uow.session
    package = contracted_package(session)
    record_delivery(session, COORDINATOR, package.orders[0].id, Decimal("60"), dt.date(2026, 3, 1), "official",
                    [SourceIn(title="notice", url="https://example.org/d")])
    [pledge] = make_pledge(session, nation="NLD", status="confirmed")
    update_pledge(session, OPERATOR, pledge.id, PledgeUpdate(note="corrected", amount="600000000",
                                                             sources=[{"title": "new", "url": "https://x.org"}]), 2)
    transition_pledge(session, OPERATOR, pledge.id, "committed")
    add_user(session, OPERATOR, "nld-mod", "nation", "NLD")
    revoke_tokens(session, OPERATOR, "nld-mod")
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    key = load_pem_private_key(write_key(tmp_path).read_bytes(), None)
    release(session, COORDINATOR, ReleaseCreate(pledges=[pledge.id], packages=["PURL-5"], offers=["OF-GMLRS"]), key)
    uow.commit()
    assert differences(session) == []
    # the release signed the head it left, with its own event
    [made] = session.execute(select(Checkpoint)).scalars()
    head = session.execute(text("SELECT max(seq) FROM events")).scalar_one()
    anchor = check(load_public_key(tmp_path / "k.pem.pub"), {
        "seq": made.seq, "hash": made.hash, "at": made.at, "signature": made.signature})
    assert anchor.seq == head and made.reason.startswith("release ")
    # now behind the application's back
    session.execute(text("UPDATE deliveries SET quantity = 61"))
    session.execute(text("UPDATE packages SET status = 'delivered'"))
    session.execute(text("UPDATE pledges SET released_at = NULL"))
    found = "\n".join(differences(session))
    assert "deliveries id=" in found and "field quantity" in found
    assert "packages ref=PURL-5 field status" in found
    assert f"pledges id={pledge.id} field released_at: not released in the table, released in the log" in found


def test_checkpoints_and_the_public_key_are_public(ref_db_url, tmp_path):
    app = create_app(Settings(database_url=ref_db_url, signing_key=write_key(tmp_path)))
    with UnitOfWork(app.state.sessions) as uow:
        _, token = add_user(uow.session, OPERATOR, "coord", "coordinator", None)
        uow.commit()
    with TestClient(app) as client:
        pledges = client.get("/api/v1/pledges", params={"limit": 2}).json()["items"]
        made = client.post("/api/v1/releases", json={"pledges": [p["id"] for p in pledges]},
                           headers={"Authorization": f"Bearer {token}"})
        assert made.status_code == 201
        listed = client.get("/api/v1/audit/checkpoints").json()
        pem = client.get("/api/v1/audit/public-key")
    assert listed["total"] == 1 and listed["items"][0]["reason"] == f"release {made.json()['id']}"
    assert pem.status_code == 200 and pem.text == (tmp_path / "k.pem.pub").read_text()
    (tmp_path / "served.pub").write_text(pem.text)
    assert check(load_public_key(tmp_path / "served.pub"), listed["items"][0]).seq == listed["items"][0]["seq"]
    app.state.engine.dispose()


def test_a_server_without_a_key_says_so(ref_db_url):
    app = create_app(Settings(database_url=ref_db_url))
    with TestClient(app) as client:
        response = client.get("/api/v1/audit/public-key")
        assert response.status_code == 404 and "RAMSTEIN_SIGNING_KEY" in response.json()["message"]
        assert client.get("/api/v1/audit/checkpoints").json() == {"items": [], "total": 0}
    app.state.engine.dispose()
