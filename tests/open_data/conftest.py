"""A reference ledger with packages at every stage, one of them funded by an undisclosed pledge.

- TST-OPEN-5: released, two suppliers, delivering: a delivery recorded, NLD's pledge paid;
- TST-OPEN-6: released, delivered;
- TST-OPEN-9: released and delivering, funded by an undisclosed pledge (amount SENTINEL), with a funder
  share and an order cost that would reveal it (REVEALING) and units ordered and delivered that a
  released unit price would turn into money: none of them may ever be exported;
- TST-OPEN-8: never released (its ref must never be exported).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest

from ramstein.db.engine import make_engine, make_session_factory
from ramstein.db.uow import UnitOfWork
from ramstein.deliveries.service import record_delivery
from ramstein.packages.schemas import PackageCreate
from ramstein.packages.service import create_package, transition_package
from ramstein.pledges.service import transition_pledge
from ramstein.releases.service import ReleaseCreate, release
from ramstein.schemas import SourceIn
from tests.builders import COORDINATOR, OPERATOR, make_pledge

SENTINEL = "987654321.12"
REVEALING = "876543219.87"
# units of the withheld package: with a released unit price they would be money, so they are withheld too
WITHHELD_UNITS = "4321987"
WITHHELD_DELIVERED = "1234987"
SOURCE = [SourceIn(title="NSPA contract notice", url="https://example.org/loa")]
STAGES = ("approved", "contracted", "delivering", "delivered")


def _package(session, ref, orders, funders, status, contract_refs=(), pledges=()):
    data = {"ref": ref, "target_usd": sum((Decimal(o["cost_usd"]) for o in orders), Decimal(0)) or None,
            "orders": orders, "funders": funders, "contract_refs": list(contract_refs)}
    if "funding_pledges" in PackageCreate.model_fields:  # the pledges a coordinator records as funding it
        data["funding_pledges"] = [p.id for p in pledges]
    package = create_package(session, COORDINATOR, PackageCreate.model_validate(data))
    for stage in STAGES[:STAGES.index(status) + 1] if status != "draft" else ():
        transition_package(session, COORDINATOR, ref, stage)
    return package


def _order(offer, requirement, quantity, cost):
    return {"offer": offer, "requirement": requirement, "quantity": quantity, "cost_usd": cost, "month": 0}


def build_ledger(session) -> None:
    s = session
    nld = make_pledge(s, nation="NLD", amount=Decimal("150000000"), currency="EUR", package_ref="TST-OPEN-5",
                      status="disbursed", date=dt.date(2025, 9, 1))[0]
    hidden = make_pledge(s, nation="NLD", amount=Decimal(SENTINEL), currency="USD", disclosed=False,
                         package_ref="TST-OPEN-9", status="committed", date=dt.date(2025, 10, 1))[0]
    transition_pledge(s, OPERATOR, hidden.id, "disbursed")
    five = _package(s, "TST-OPEN-5", [_order("OF-PAC3-LM", "R01", "20", "110000000"),
                                  _order("OF-GEMT-COMLOG", "R02", "10", "55000000.5")],
                    [{"nation": "NLD", "amount_usd": "165000000.5"}], "contracted", ["UA-D-ABC", "UA-D-ABD"],
                    [nld])
    transition_package(s, COORDINATOR, "TST-OPEN-5", "delivering")
    record_delivery(s, COORDINATOR, five.orders[0].id, Decimal("8"), dt.date(2026, 2, 1), "official", SOURCE)
    six = _package(s, "TST-OPEN-6", [_order("OF-GMLRS-LM", "R07", "100", "17700000")],
                   [{"nation": "DEU", "amount_usd": "17700000"}], "delivering", ["UA-B-XYZ"])
    record_delivery(s, COORDINATOR, six.orders[0].id, Decimal("100"), dt.date(2026, 3, 1), "reported", SOURCE)
    transition_package(s, COORDINATOR, "TST-OPEN-6", "delivered")
    nine = _package(s, "TST-OPEN-9", [_order("OF-PAC3-LM", "R01", WITHHELD_UNITS, REVEALING)],
                    [{"nation": "NLD", "amount_usd": REVEALING}], "contracted", (), [hidden])
    transition_package(s, COORDINATOR, "TST-OPEN-9", "delivering")
    record_delivery(s, COORDINATOR, nine.orders[0].id, Decimal(WITHHELD_DELIVERED), dt.date(2026, 4, 1),
                    "official", SOURCE)
    _package(s, "TST-OPEN-8", [_order("OF-PAC3-LM", "R01", "3", "16500000")],
             [{"nation": "DEU", "amount_usd": "16500000"}], "approved")
    release(s, COORDINATOR, ReleaseCreate(pledges=[nld.id, hidden.id],
                                          packages=["TST-OPEN-5", "TST-OPEN-6", "TST-OPEN-9"]))


@pytest.fixture
def ledger_url(ref_db_url):
    """The reference database with build_ledger's packages, committed."""
    engine = make_engine(ref_db_url)
    with UnitOfWork(make_session_factory(engine), write=True) as uow:
        build_ledger(uow.session)
        uow.commit()
    engine.dispose()
    return ref_db_url


@pytest.fixture
def ledger_uow(ledger_url):
    engine = make_engine(ledger_url)
    with UnitOfWork(make_session_factory(engine)) as uow:
        yield uow
    engine.dispose()


def assert_nothing_revealed(text: str, where: object = "") -> None:
    """Neither the undisclosed amount nor the figures that would reveal it, in any spelling; nor TST-OPEN-8."""
    squeezed = text.replace(".", "").replace(",", "")
    for secret in (SENTINEL, REVEALING, WITHHELD_UNITS, WITHHELD_DELIVERED):
        digits = secret.replace(".", "")
        assert secret not in text and digits not in squeezed, (where, secret)
        assert secret.split(".")[0] not in text, (where, secret)
    assert "TST-OPEN-8" not in text, where


def readable(content: bytes) -> str:
    """A body as text; a zip's members (the data package), uncompressed."""
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist())
    return content.decode("utf-8")
