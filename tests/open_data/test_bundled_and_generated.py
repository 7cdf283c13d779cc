"""Every export validated by its standard's own tools on the bundled reference data and on a generated ledger
(bench/exports.py's generator, smaller: thousands of pledges, dozens of packages at every stage)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from ramstein.db.engine import make_engine, make_session_factory
from ramstein.db.uow import UnitOfWork
from ramstein.exports import ocds
from ramstein.exports.datapackage import write_datapackage
from ramstein.exports.public import load_public_data
from tests.open_data.test_datapackage import frictionless_validate
from tests.open_data.test_ocds import errors_of


def _generator():  # bench/ is not a package: load its module by path
    path = Path(__file__).parents[2] / "bench" / "exports.py"
    spec = importlib.util.spec_from_file_location("bench_exports", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _check_all(session, folder: Path) -> dict:
    data = load_public_data(session)
    document = json.loads(ocds.dumps(ocds.release_package(data)))
    if data.packages:
        assert errors_of(document) == []
    else:  # nothing to publish: OCDS asks for one release at least (the CLI says so)
        assert document["releases"] == []
    frictionless_validate(write_datapackage(data, folder)[0])
    return document


def test_the_bundled_data_exports_validate(ref_uow, tmp_path):
    _check_all(ref_uow.session, tmp_path / "bundled")


@pytest.mark.slow
def test_a_generated_ledger_exports_validate(db_url, tmp_path):
    _generator().build_ledger(db_url, pledges=3_000, packages=40)
    engine = make_engine(db_url)
    with UnitOfWork(make_session_factory(engine)) as uow:
        document = _check_all(uow.session, tmp_path / "generated")
    engine.dispose()
    tags = {tag for release in document["releases"] for tag in release["tag"]}
    assert tags == {"planning", "award", "contract", "implementation", "contractUpdate"}
    assert len({r["ocid"] for r in document["releases"] if r["ocid"].startswith("ocds-r4mstn-B-")}) == 40
