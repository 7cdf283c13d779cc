"""Values remembered for one transaction are forgotten when it, or a savepoint in it, rolls back."""

from __future__ import annotations

from ramstein.audit.chain import verify_chain
from ramstein.audit.log import record
from ramstein.db.memo import memo
from ramstein.nations.repository import nation_codes
from tests.builders import OPERATOR, make_nations


def test_the_memo_lives_for_one_transaction(uow):
    make_nations(uow.session)
    assert "NLD" in nation_codes(uow.session)
    assert "nation_codes" in memo(uow.session)
    uow.commit()
    assert "nation_codes" not in memo(uow.session)


def test_a_rolled_back_savepoint_forgets_the_memo_and_the_chain_stays_whole(uow):
    make_nations(uow.session)
    record(uow.session, OPERATOR, "kept", "test", 1, None, {"n": 1})
    try:
        with uow.session.begin_nested():
            record(uow.session, OPERATOR, "undone", "test", 2, None, {"n": 2})
            raise RuntimeError("undo")
    except RuntimeError:
        pass
    assert memo(uow.session) == {}
    # the next event chains to the last event that exists, not to the rolled-back one
    record(uow.session, OPERATOR, "kept", "test", 3, None, {"n": 3})
    uow.commit()
    assert verify_chain(uow.session).ok


def test_a_released_savepoint_keeps_the_memo(uow):
    make_nations(uow.session)
    with uow.session.begin_nested():
        nation_codes(uow.session)
    assert "nation_codes" in memo(uow.session)
