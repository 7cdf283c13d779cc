"""The Frictionless data package, validated by `frictionless validate` (types, keys, missing values, hashes)."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from ramstein.exports.datapackage import SCHEMAS, write_datapackage
from ramstein.exports.public import load_public_data
from tests.open_data.conftest import assert_nothing_revealed


def frictionless_validate(descriptor: Path) -> dict:
    exe = shutil.which("frictionless")
    if exe is None:
        pytest.skip("frictionless is not installed (pip install -e '.[test]')")
    result = subprocess.run([exe, "validate", "--json", str(descriptor)], capture_output=True, timeout=300,
                            check=False)
    report = json.loads(result.stdout)
    problems = [(t.get("name") or t.get("place"), e["type"], e["message"])
                for t in report.get("tasks", []) for e in t.get("errors", [])]
    problems += [(None, e["type"], e["message"]) for e in report.get("errors", [])]
    assert report["valid"] and result.returncode == 0, problems[:20]
    return report


def test_frictionless_validates_the_package_of_every_public_table(ledger_uow, tmp_path):
    written = write_datapackage(load_public_data(ledger_uow.session), tmp_path / "out")
    report = frictionless_validate(written[0])
    assert sorted(t["name"] for t in report["tasks"]) == sorted(SCHEMAS)
    descriptor = json.loads(written[0].read_text())
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0" and descriptor["created"].endswith("Z")
    orders = {r["name"]: r for r in descriptor["resources"]}["package_orders"]["schema"]
    assert {"fields": ["package"], "reference": {"resource": "packages", "fields": ["ref"]}} in orders["foreignKeys"]


def test_the_validation_catches_a_broken_table(ledger_uow, tmp_path):
    """A key that points nowhere is reported (frictionless really checks what the descriptor claims)."""
    folder = tmp_path / "out"
    write_datapackage(load_public_data(ledger_uow.session), folder)
    orders = folder / "package_orders.csv"
    text = orders.read_text().replace("TST-OPEN-5", "PURL-77", 1)
    orders.write_text(text)
    descriptor = json.loads((folder / "datapackage.json").read_text())
    for resource in descriptor["resources"]:
        resource.pop("hash")
    (folder / "datapackage.json").write_text(json.dumps(descriptor))
    with pytest.raises(AssertionError, match="foreign-key"):
        frictionless_validate(folder / "datapackage.json")


def test_public_tables_hold_released_records_with_withheld_figures_empty(ledger_uow, tmp_path):
    folder = tmp_path / "out"
    write_datapackage(load_public_data(ledger_uow.session), folder)

    def rows(name):
        with (folder / f"{name}.csv").open(newline="") as handle:
            return list(csv.DictReader(handle))

    packages = {r["ref"]: r for r in rows("packages")}
    assert {"TST-OPEN-5", "TST-OPEN-6", "TST-OPEN-9"} <= set(packages) and "TST-OPEN-8" not in packages
    assert packages["TST-OPEN-9"]["withheld"] == "true" and packages["TST-OPEN-9"]["target_usd"] == ""
    assert {r["cost_usd"] for r in rows("package_orders") if r["package"] == "TST-OPEN-9"} == {""}
    assert {r["amount_usd"] for r in rows("package_funders") if r["package"] == "TST-OPEN-9"} == {""}
    hidden = [r for r in rows("pledges") if r["disclosed"] == "false"]
    assert hidden and all(r["amount"] == r["usd_amount"] == r["eur_amount"] == "" for r in hidden)
    for path in folder.iterdir():
        assert_nothing_revealed(path.read_text(), path.name)
