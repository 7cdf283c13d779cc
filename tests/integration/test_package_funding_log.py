"""Funding links are part of the ledger the event log replays to: a link set through the application
replays exactly, and one added or removed behind its back (which would un-withhold a package's figures
or withhold another's) is named by `audit verify`."""

from sqlalchemy import text

from ramstein.packages.service import set_funding, transition_package
from tests.builders import COORDINATOR, make_pledge
from tests.integration.test_packages import contracted_package
from tests.integration.test_state_replay import differences


def test_funding_links_replay_to_the_table_and_a_change_behind_the_log_is_named(uow):
    session = uow.session
    contracted_package(session)
    first = make_pledge(session, nation="NLD", amount=None, disclosed=False)[0]
    second = make_pledge(session, nation="NLD")[0]
    set_funding(session, COORDINATOR, "PURL-5", [first.id], 3)
    set_funding(session, COORDINATOR, "PURL-5", [first.id, second.id], 4)
    transition_package(session, COORDINATOR, "PURL-5", "delivering")  # a later image without the links
    uow.commit()
    assert differences(session) == []
    session.execute(text("DELETE FROM package_funding_links WHERE pledge_id = :i"), {"i": first.id})
    found = "\n".join(differences(session))
    assert f"packages ref=PURL-5 field funding_pledges: the table links [{second.id}], " \
           f"the log [{first.id}, {second.id}]" in found
