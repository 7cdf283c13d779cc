"""`ramstein init` on a database loaded with an older bundled dataset: new rows added, user rows untouched."""

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

import ramstein.reference as reference
from ramstein.dataset import DATASET
from ramstein.models import Event, Pledge
from tests.builders import make_pledge

BUNDLED = reference.data_file


def _older_dataset(folder: Path) -> Path:
    """The current pledges less two 2026 rows, and Canada's December pledge in the wrong currency."""
    with BUNDLED("pledges.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    kept = [r for r in rows if not (r["nation"] in ("BEL", "GBR") and r["date"] >= "2026-01-01")]
    for r in kept:
        if r["nation"] == "CAN" and r["date"] == "2025-12-03":
            r["currency"] = "USD"
    path = folder / "pledges.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(kept)
    return path


def test_init_adds_a_newer_datasets_rows_and_withdraws_what_it_corrected_leaving_user_rows(uow, tmp_path,
                                                                                          monkeypatch):
    s = uow.session
    old = _older_dataset(tmp_path)
    monkeypatch.setattr(reference, "DATASET", "reference-2026.1")
    monkeypatch.setattr(reference, "data_file", lambda name: old if name == "pledges.csv" else BUNDLED(name))
    assert reference.load_reference_data(s)["pledges"] > 30
    [mine] = make_pledge(s, nation="NLD", amount=Decimal("7000000"), currency="EUR", date=dt.date(2026, 3, 2))
    before = (mine.status, mine.version, mine.amount)
    monkeypatch.undo()

    counts = reference.load_reference_data(s)  # what `ramstein init` runs on an existing database
    assert counts["pledges"] == 3 and counts["withdrawn_pledges"] == 1
    pledges = s.execute(select(Pledge)).scalars().all()
    can = {p.currency: p for p in pledges if p.nation_iso3 == "CAN" and p.date == dt.date(2025, 12, 3)}
    assert can["USD"].status == "withdrawn" and can["CAD"].status == "announced" and can["CAD"].released_at
    assert {p.nation_iso3 for p in pledges if p.date >= dt.date(2026, 1, 1) and p.nation_iso3 in ("BEL", "GBR")} \
        == {"BEL", "GBR"}
    stored = s.get(Pledge, mine.id)
    assert (stored.status, stored.version, stored.amount) == before and stored.released_at is None
    upgraded = s.execute(select(Event).where(Event.entity == "reference_data", Event.action == "upgraded")).scalar_one()
    assert upgraded.entity_id == DATASET and upgraded.before == {"version": "reference-2026.1"}
    assert reference.load_reference_data(s) == {}  # once only
