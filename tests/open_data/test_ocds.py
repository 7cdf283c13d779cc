"""The OCDS export, validated by the standard's own schema (1.1.5, vendored here with its licence) and compiled
by the Open Contracting Partnership's own tool (ocdskit), offline."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from ramstein.exports import ocds
from ramstein.exports.public import load_public_data
from tests.open_data.conftest import assert_nothing_revealed

SCHEMAS = Path(__file__).parent / "ocds-1.1.5"
RELEASE_URL = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"


def validator() -> jsonschema.Draft4Validator:
    """Draft 4, the package schema with its reference to the release schema resolved to the vendored file."""
    package = json.loads((SCHEMAS / "release-package-schema.json").read_text())
    release = json.loads((SCHEMAS / "release-schema.json").read_text())
    registry = Registry().with_resource(RELEASE_URL, Resource.from_contents(release, default_specification=DRAFT4))
    return jsonschema.Draft4Validator(package, registry=registry,
                                      format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def errors_of(document: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator().iter_errors(document)]


def test_the_validator_refuses_what_the_standard_refuses():
    """The vendored schema is really applied (a bad tag, a missing ocid, a non-number amount are errors)."""
    bad = {"uri": "urn:x", "version": "1.1", "publishedDate": "yesterday", "publisher": {"name": "x"},
           "releases": [{"id": "1", "date": "2026-01-01T00:00:00Z", "tag": ["bogus"], "initiationType": "tender",
                         "planning": {"budget": {"amount": {"amount": "12", "currency": "USD"}}}}]}
    found = "\n".join(errors_of(bad))
    assert "'ocid' is a required property" in found and "'bogus' is not one of" in found
    assert "'12' is not of type 'number'" in found and "'yesterday' is not a 'date-time'" in found


def test_the_release_package_is_valid_ocds(ledger_uow):
    document = json.loads(ocds.dumps(ocds.release_package(load_public_data(ledger_uow.session))))
    assert errors_of(document) == []
    ocids = {r["ocid"] for r in document["releases"]}
    assert {"ocds-r4mstn-TST-OPEN-5", "ocds-r4mstn-TST-OPEN-6", "ocds-r4mstn-TST-OPEN-9"} <= ocids
    assert "ocds-r4mstn-TST-OPEN-8" not in ocids


def test_one_release_per_change_tagged_as_ocds_expects(ledger_uow):
    document = ocds.release_package(load_public_data(ledger_uow.session))
    five = [r for r in document["releases"] if r["ocid"].endswith("TST-OPEN-5")]
    assert [r["tag"] for r in five] == [["planning"], ["award"], ["contract"], ["implementation"],
                                        ["implementation"]]
    assert [r["date"] for r in five] == sorted(r["date"] for r in five)
    planning = five[0]
    assert {p["id"]: p["roles"] for p in planning["parties"]} == {"ramstein-purl": ["buyer"],
                                                                   "nation-NLD": ["funder"]}
    assert [i["id"] for i in planning["tender"]["items"]] == ["R01", "R02"]
    awards = five[1]["awards"]
    assert [a["suppliers"][0]["name"] for a in awards] == ["COMLOG (Raytheon and MBDA Deutschland)",
                                                          "Lockheed Martin"]
    assert "UA-D-ABC, UA-D-ABD" in five[2]["contracts"][0]["title"]
    kinds = [next(iter(r["contracts"][0]["implementation"])) for r in five[3:]]
    assert sorted(kinds) == ["milestones", "transactions"]
    six = [r for r in document["releases"] if r["ocid"].endswith("TST-OPEN-6")]
    assert six[-1]["tag"] == ["contractUpdate"] and six[-1]["contracts"][0]["status"] == "terminated"


def test_amounts_are_exact_json_numbers(ledger_uow):
    text = ocds.dumps(ocds.release_package(load_public_data(ledger_uow.session)))
    document = json.loads(text, parse_float=Decimal)
    award = next(r for r in document["releases"] if r["id"] == "ocds-r4mstn-TST-OPEN-5-award")
    assert [a["value"]["amount"] for a in award["awards"]] == [Decimal("55000000.5"), 110000000]
    assert '"amount":55000000.5' in text


def test_a_withheld_package_carries_no_money_figure(ledger_uow):
    document = ocds.release_package(load_public_data(ledger_uow.session))
    nine = [r for r in document["releases"] if r["ocid"].endswith("TST-OPEN-9")]
    text = json.dumps(nine)
    assert '"value"' not in text and "budget" in text and '"amount"' not in text
    assert "withheld" in text
    assert_nothing_revealed(ocds.dumps(document), "ocds")


def test_a_bad_ocid_prefix_is_refused(ledger_uow):
    from ramstein.errors import ValidationError

    with pytest.raises(ValidationError, match="ocds-"):
        ocds.release_package(load_public_data(ledger_uow.session), prefix="my prefix")


def test_ocdskit_compiles_the_releases_into_records_offline(ledger_uow, tmp_path):
    """`ocdskit compile` with the vendored schema: one compiled release per package, in its latest state."""
    pytest.importorskip("ocdskit")
    package = tmp_path / "package.json"
    package.write_text(ocds.dumps(ocds.release_package(load_public_data(ledger_uow.session))))
    result = subprocess.run(
        [sys.executable, "-m", "ocdskit", "compile", "--schema", str(SCHEMAS / "release-schema.json")],
        stdin=package.open("rb"), capture_output=True, timeout=120, check=False,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "no_proxy": "*", "https_proxy": "http://127.0.0.1:9",
             "http_proxy": "http://127.0.0.1:9"})  # offline: any network access would fail
    assert result.returncode == 0, result.stderr.decode()
    compiled = {r["ocid"]: r for r in map(json.loads, result.stdout.decode().splitlines())}
    assert {"ocds-r4mstn-TST-OPEN-5", "ocds-r4mstn-TST-OPEN-6", "ocds-r4mstn-TST-OPEN-9"} <= set(compiled)
    five = compiled["ocds-r4mstn-TST-OPEN-5"]
    assert five["tag"] == ["compiled"]
    contract = next(c for c in five["contracts"] if "implementation" in c)
    assert {m["type"] for m in contract["implementation"].get("milestones", [])} <= {"delivery"}
    milestones = [m for c in five["contracts"] for m in c.get("implementation", {}).get("milestones", [])]
    transactions = [t for c in five["contracts"] for t in c.get("implementation", {}).get("transactions", [])]
    assert len(milestones) == 1 and len(transactions) == 1
    assert {p["id"]: p["roles"] for p in five["parties"]}["nation-NLD"] == ["funder", "payer"]
    assert compiled["ocds-r4mstn-TST-OPEN-6"]["contracts"][0]["status"] == "terminated"
    assert_nothing_revealed(result.stdout.decode(), "ocdskit compile")


def test_the_ocid_prefix_comes_from_the_settings_and_a_bad_one_is_refused_naming_its_variable(ledger_url, tmp_path,
                                                                                               monkeypatch):
    from typer.testing import CliRunner

    from ramstein.cli.app import app

    monkeypatch.setenv("RAMSTEIN_OCID_PREFIX", "ocds-a1b2c3")
    out = tmp_path / "ocds.json"
    result = CliRunner().invoke(app, ["--db", ledger_url, "export", "ocds", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert {r["ocid"] for r in json.loads(out.read_text())["releases"]} >= {"ocds-a1b2c3-TST-OPEN-5"}
    monkeypatch.setenv("RAMSTEIN_OCID_PREFIX", "my prefix")
    result = CliRunner().invoke(app, ["--db", ledger_url, "export", "ocds", "--out", str(out)])
    assert result.exit_code == 2 and "RAMSTEIN_OCID_PREFIX" in result.output
