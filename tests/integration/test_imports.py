import csv
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import func, select

from ramstein.errors import ImportRejected
from ramstein.imports.service import import_file
from ramstein.models import Event, Pledge, RequirementLine
from tests.builders import OPERATOR, make_nations

HEADER = ["nation", "date", "amount", "currency", "status", "confidence", "source_url", "source_title", "note"]
GOOD = {"nation": "NLD", "date": "2025-08-04", "amount": "1234567.89", "currency": "EUR", "status": "confirmed",
        "confidence": "official", "source_url": "https://www.nato.int/a", "source_title": "NATO", "note": ""}


def write_csv(path: Path, rows: list[dict[str, str]], header=HEADER) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def count(session, model=Pledge):
    return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_good_file_imports_exactly(uow, tmp_path):
    make_nations(uow.session)
    path = write_csv(tmp_path / "pledges.csv", [GOOD, {**GOOD, "nation": "DEU", "amount": "0.01"}])
    assert import_file(uow.session, OPERATOR, "pledges", path) == 2
    uow.commit()
    amounts = sorted(uow.session.execute(select(Pledge.amount)).scalars())
    assert amounts == [Decimal("0.01"), Decimal("1234567.89")]


BAD_CELLS = [
    ("nation", "XYZ", "unknown nation"),
    ("date", "2025-02-30", "not a date"),
    ("date", "04/08/2025", "not a date"),
    ("amount", "-5", "must not be negative"),
    ("amount", "1,000", "not a decimal amount"),
    ("amount", "12.1234567", "more than 6 decimal places"),
    ("amount", "98765432109876.543219", "more significant digits than the ledger keeps"),
    ("currency", "EUROS", "currency"),
    ("currency", "XXY", "unknown ISO 4217"),
    ("status", "paid", "unknown status"),
    ("confidence", "certain", "confidence must be one of"),
]


@pytest.mark.parametrize("column,value,reason", BAD_CELLS)
def test_a_bad_row_is_named_by_file_row_column_and_nothing_is_written(uow, tmp_path, column, value, reason):
    make_nations(uow.session)
    path = write_csv(tmp_path / "in.csv", [GOOD, {**GOOD, column: value}, GOOD])
    with pytest.raises(ImportRejected) as caught:
        import_file(uow.session, OPERATOR, "pledges", path)
    [problem] = caught.value.problems
    assert (problem.file, problem.row, problem.column) == ("in.csv", 3, column)
    assert reason in problem.reason
    uow.session.rollback()
    assert count(uow.session) == 0


def test_missing_and_unknown_columns_refuse_the_file(uow, tmp_path):
    make_nations(uow.session)
    header = [h for h in HEADER if h != "currency"] + ["colour"]
    path = write_csv(tmp_path / "in.csv", [{k: v for k, v in GOOD.items() if k != "currency"} | {"colour": "x"}],
                     header=header)
    with pytest.raises(ImportRejected) as caught:
        import_file(uow.session, OPERATOR, "pledges", path)
    assert {(p.row, p.column) for p in caught.value.problems} == {(1, "currency"), (1, "colour")}


def test_xlsx_imports_like_csv(uow, tmp_path):
    make_nations(uow.session)
    book = Workbook()
    book.active.append(HEADER)
    book.active.append([GOOD[h] for h in HEADER])
    book.save(tmp_path / "p.xlsx")
    assert import_file(uow.session, OPERATOR, "pledges", tmp_path / "p.xlsx") == 1
    assert uow.session.execute(select(Pledge.amount)).scalar_one() == Decimal("1234567.89")


def test_requirements_import_makes_a_new_version(uow, tmp_path):
    header = ["ref", "item", "category", "quantity", "priority", "need_by"]
    rows = [{"ref": "R1", "item": "PAC-3 MSE", "category": "air_defense", "quantity": "300", "priority": "1",
             "need_by": "2026-06"}]
    import_file(uow.session, OPERATOR, "requirements", write_csv(tmp_path / "r.csv", rows, header))
    rows.append({**rows[0], "ref": "R2", "need_by": "2026-13"})
    with pytest.raises(ImportRejected) as caught:
        import_file(uow.session, OPERATOR, "requirements", write_csv(tmp_path / "r2.csv", rows, header))
    assert str(caught.value.problems[0]).startswith("r2.csv:3: need_by: not a month")
    assert count(uow.session, RequirementLine) == 1
    # a quantity the ledger could not keep exactly is refused, not rounded
    rows[1] = {**rows[0], "ref": "R2", "quantity": "9876543210987.65"}
    with pytest.raises(ImportRejected) as caught:
        import_file(uow.session, OPERATOR, "requirements", write_csv(tmp_path / "r3.csv", rows, header))
    assert str(caught.value.problems[0]).startswith("r3.csv:3: quantity:")
    assert "keeps exactly" in str(caught.value.problems[0])
    assert count(uow.session, RequirementLine) == 1


ROW_FIELDS = ["nation", "date", "amount", "currency", "status", "confidence"]
BAD_VALUES = {"nation": ["XYZ", "", "nl"], "date": ["2025-13-01", "yesterday", ""],
              "amount": ["-1", "1e3", "abc", "1.0000001"], "currency": ["", "XX", "ZZZ"],
              "status": ["", "paid"], "confidence": ["", "sure"]}


@st.composite
def files_with_bad_rows(draw):
    size = draw(st.integers(min_value=1, max_value=12))
    bad = draw(st.sets(st.integers(min_value=0, max_value=size - 1), min_size=1))
    rows, expected = [], set()
    for i in range(size):
        row = dict(GOOD)
        if i in bad:
            column = draw(st.sampled_from(ROW_FIELDS))
            row[column] = draw(st.sampled_from(BAD_VALUES[column]))
            expected.add(i + 2)
        rows.append(row)
    return rows, expected


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=files_with_bad_rows())
def test_random_bad_rows_are_always_reported_and_never_written(ref_uow, tmp_path, case):
    rows, expected = case
    before = count(ref_uow.session)
    events_before = count(ref_uow.session, Event)
    path = write_csv(tmp_path / "random.csv", rows)
    with pytest.raises(ImportRejected) as caught:
        import_file(ref_uow.session, OPERATOR, "pledges", path)
    assert {p.row for p in caught.value.problems} == expected
    ref_uow.session.rollback()
    assert count(ref_uow.session) == before
    assert count(ref_uow.session, Event) == events_before
