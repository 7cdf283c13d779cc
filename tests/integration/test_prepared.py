"""Statements run on the driver (db/statements.Prepared) store and read exactly what Core would."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import bindparam, insert, select

from ramstein.db.statements import Prepared, insert_unless_exists
from ramstein.models import IdempotencyKey, Nation, Pledge
from tests.builders import make_nations

PLEDGES = Pledge.__table__
KEYS = IdempotencyKey.__table__
INSERT_PLEDGE = Prepared(insert(PLEDGES).returning(*PLEDGES.c))
FIND_KEY = Prepared(select(KEYS.c.status_code, KEYS.c.response).where(KEYS.c.key == bindparam("key")))
STORE_KEY = Prepared(lambda dialect: insert_unless_exists(dialect, KEYS))

TEXT = st.characters(exclude_characters="\x00", exclude_categories=("Cs",))  # PostgreSQL refuses NUL
# amounts within what both back ends keep exactly (SQLite stores NUMERIC as a double)
AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999999999.99"), places=2)
COLUMNS = st.fixed_dictionaries({
    "nation_iso3": st.sampled_from(["NLD", "DEU"]),
    "date": st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2030, 12, 31)),
    "amount": st.none() | AMOUNTS,
    "currency": st.sampled_from(["EUR", "NOK", "USD"]),
    "disclosed": st.booleans(),
    "status": st.just("announced"),
    "confidence": st.sampled_from(["official", "reported", "unconfirmed"]),
    "categories": st.none() | st.lists(st.sampled_from(["air_defense", "artillery", "drones"]), max_size=3),
    "note": st.text(TEXT, max_size=40),
    "usd_rate": st.none() | st.decimals(min_value=Decimal("0.000001"), max_value=Decimal("99"), places=12),
    "usd_rate_date": st.none() | st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2030, 12, 31)),
    "withdrawn_at": st.none() | st.datetimes(min_value=dt.datetime(2022, 1, 1), max_value=dt.datetime(2030, 1, 1),
                                             timezones=st.just(dt.UTC)),
    "created_by": st.text(TEXT, min_size=1, max_size=20),
})


def columns_of(session, pledge_id):
    session.expire_all()
    pledge = session.get(Pledge, pledge_id)
    return {c.key: getattr(pledge, c.key) for c in PLEDGES.c if c.key not in ("id", "created_at", "updated_at")}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(columns=COLUMNS)
def test_a_prepared_insert_stores_and_returns_what_a_core_insert_does(uow, columns):
    session = uow.session
    if session.get(Nation, "NLD") is None:
        make_nations(session)
    by_core = session.execute(insert(PLEDGES).returning(*PLEDGES.c), columns).one()
    by_driver = INSERT_PLEDGE.run(session, columns).one()
    # the returned row: same values, same Python types, timestamps aware in UTC
    for key in columns:
        assert getattr(by_driver, key) == getattr(by_core, key), key
        assert type(getattr(by_driver, key)) is type(getattr(by_core, key)), key
    assert by_driver.created_at.tzinfo is not None
    assert by_driver.version == 1 and by_driver.estimated is False  # Python-side defaults applied
    # and what the ORM reads back of each row
    assert columns_of(session, by_driver.id) == columns_of(session, by_core.id)


def test_a_prepared_select_reads_json_and_finds_nothing_as_none(uow):
    session = uow.session
    assert FIND_KEY.run(session, {"key": "k1"}).one_or_none() is None
    row = {"actor": "a", "key": "k1", "method": "POST", "path": "/p", "body_hash": "h", "status_code": 201,
           "response": [{"id": 1, "amount": "1.50"}]}
    assert STORE_KEY.run(session, row).rowcount == 1
    assert STORE_KEY.run(session, {**row, "status_code": 500}).rowcount == 0  # the key exists: nothing written
    found = FIND_KEY.run(session, {"key": "k1"}).one()
    assert (found.status_code, found.response) == (201, [{"id": 1, "amount": "1.50"}])


def test_a_prepared_write_in_a_rolled_back_savepoint_is_gone_and_the_next_one_lands(uow):
    session = uow.session
    make_nations(session)
    base = {"nation_iso3": "NLD", "date": dt.date(2025, 1, 1), "amount": Decimal("5"), "currency": "EUR",
            "status": "announced", "confidence": "official", "created_by": "t"}
    try:
        with session.begin_nested():
            undone = INSERT_PLEDGE.run(session, base).one().id
            raise RuntimeError("undo")
    except RuntimeError:
        pass
    kept = INSERT_PLEDGE.run(session, base).one().id
    uow.commit()
    ids = set(session.execute(select(PLEDGES.c.id)).scalars())
    assert kept in ids and (undone not in ids or undone == kept)


def test_prepared_rows_written_in_one_call_are_what_one_call_each_writes(uow):
    session = uow.session
    rows = [{"actor": "a", "key": f"k{i}", "method": "POST", "path": "/p", "body_hash": "h", "status_code": 200 + i,
             "response": {"i": i, "amount": "1.50"}} for i in range(5)]
    STORE_KEY.run_many(session, rows)
    STORE_KEY.run_many(session, [])  # nothing to write is no call at all
    for i in range(5):
        found = FIND_KEY.run(session, {"key": f"k{i}"}).one()
        assert (found.status_code, found.response) == (200 + i, {"i": i, "amount": "1.50"})
