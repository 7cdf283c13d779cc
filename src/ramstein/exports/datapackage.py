"""Every public table as CSV with a Frictionless `datapackage.json` (Data Package v1, Table Schema per table).

The descriptor is written with the standard library; `frictionless validate DIR/datapackage.json` checks
the files against it in the tests (types, primary and foreign keys, missing values). An empty cell is a
missing value: an undisclosed amount, a figure withheld, an offer not released.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from ramstein.exports.kiel_tracker import KIEL_FIELDS, kiel_tracker_rows
from ramstein.exports.records import LICENCE, PUBLISHER, PublicData
from ramstein.spreadsheets import neutralize

Rows = list[dict[str, Any]]
# (name, type, description); a type left out is "string"
Field = tuple[str, str, str]
SOURCES_DOC = "sources of the row, separated by ' | ', titles and URLs paired by position"


def _fields(*spec: tuple[str, str] | tuple[str, str, str]) -> list[Field]:
    return [(s[0], s[1], s[2] if len(s) > 2 else "") for s in spec]  # type: ignore[misc]


SCHEMAS: dict[str, dict[str, Any]] = {
    "nations": {"fields": _fields(("iso3", "string", "ISO 3166-1 alpha-3"), ("name", "string"),
                                  ("nato", "boolean"), ("eu", "boolean"), ("currency", "string", "ISO 4217"),
                                  ("note", "string")), "primaryKey": ["iso3"]},
    "nation_figures": {"fields": _fields(
        ("nation", "string"), ("year", "integer"), ("measure", "string", "gdp_usd or defence_pct_gdp"),
        ("value", "number"), ("basis", "string"), ("confidence", "string"), ("source_title", "string"),
        ("source_url", "string")), "primaryKey": ["nation", "year", "measure"],
        "foreignKeys": [("nation", "nations", "iso3")]},
    "pledges": {"fields": _fields(
        ("id", "integer"), ("nation", "string"), ("date", "date"),
        ("amount", "number", "in `currency`; empty when undisclosed"), ("currency", "string"),
        ("disclosed", "boolean"), ("estimated", "boolean", "a GDP split of a joint pledge, not a reported figure"),
        ("status", "string"), ("confidence", "string"), ("categories", "string", "';'-separated"),
        ("package", "string", "the package it funds as reported (a ref, not always a released package)"),
        ("joint_group", "string"), ("usd_amount", "number"), ("usd_rate", "number"), ("usd_rate_date", "date"),
        ("eur_amount", "number"), ("eur_rate", "number"), ("eur_rate_date", "date"),
        ("rate_provisional", "boolean"), ("paid_at", "datetime", "first recorded as disbursed"),
        ("note", "string"), ("source_title", "string", SOURCES_DOC), ("source_url", "string", SOURCES_DOC)),
        "primaryKey": ["id"], "foreignKeys": [("nation", "nations", "iso3")]},
    "offers": {"fields": _fields(
        ("id", "string"), ("item", "string"), ("category", "string"), ("supplier", "string"), ("origin", "string"),
        ("region", "string"), ("site", "string"), ("unit_price", "number"), ("currency", "string"),
        ("price_date", "date"), ("lead_time_months", "integer"), ("capacity_per_month", "number"),
        ("min_order", "number"), ("integer", "boolean"), ("confidence", "string"), ("illustrative", "boolean"),
        ("source_title", "string", SOURCES_DOC), ("source_url", "string", SOURCES_DOC), ("note", "string")),
        "primaryKey": ["id"]},
    "requirements": {"fields": _fields(
        ("ref", "string"), ("item", "string"), ("category", "string"), ("quantity", "number"),
        ("priority", "integer", "1 = most urgent"), ("need_by", "yearmonth"), ("illustrative", "boolean"),
        ("note", "string"), ("version", "integer", "the released list version")), "primaryKey": ["ref"]},
    "packages": {"fields": _fields(
        ("ref", "string"), ("status", "string"), ("target_usd", "number", "empty when withheld"),
        ("contract_refs", "string", "';'-separated (e.g. FMS cases/LOAs)"),
        ("withheld", "boolean", "money figures withheld: an undisclosed pledge funds this package"),
        ("released_at", "datetime"), ("note", "string")), "primaryKey": ["ref"]},
    "package_orders": {"fields": _fields(
        ("id", "integer"), ("package", "string"), ("offer", "string", "empty when the offer is not released"),
        ("requirement", "string"), ("quantity", "number"), ("cost_usd", "number", "empty when withheld"),
        ("month", "integer", "months from the plan's start")),
        "primaryKey": ["id"], "foreignKeys": [("package", "packages", "ref"), ("offer", "offers", "id")]},
    "package_funders": {"fields": _fields(
        ("package", "string"), ("nation", "string"), ("amount_usd", "number", "empty when withheld")),
        "primaryKey": ["package", "nation"],
        "foreignKeys": [("package", "packages", "ref"), ("nation", "nations", "iso3")]},
    "deliveries": {"fields": _fields(
        ("id", "integer"), ("order_id", "integer"), ("package", "string"), ("quantity", "number"), ("date", "date"),
        ("confidence", "string"), ("note", "string"), ("source_title", "string", SOURCES_DOC),
        ("source_url", "string", SOURCES_DOC)),
        "primaryKey": ["id"], "foreignKeys": [("order_id", "package_orders", "id"), ("package", "packages", "ref")]},
    "kiel_tracker": {"fields": KIEL_FIELDS, "primaryKey": ["ID"]},
}


def _sources(sources: Any) -> dict[str, str]:
    return {"source_title": " | ".join(s.title for s in sources),
            "source_url": " | ".join(s.url for s in sources)}


def table_rows(data: PublicData) -> dict[str, Rows]:
    """Each public table's rows, in the order of SCHEMAS."""
    pledge_rows = [{
        "id": p.id, "nation": p.nation, "date": p.date, "amount": p.amount, "currency": p.currency,
        "disclosed": p.disclosed, "estimated": p.estimated, "status": p.status, "confidence": p.confidence,
        "categories": ";".join(p.categories), "package": p.package, "joint_group": p.joint_group,
        "usd_amount": p.usd_amount, "usd_rate": p.usd_rate, "usd_rate_date": p.usd_rate_date,
        "eur_amount": p.eur_amount, "eur_rate": p.eur_rate, "eur_rate_date": p.eur_rate_date,
        "rate_provisional": p.rate_provisional, "paid_at": p.paid_at, "note": p.note, **_sources(p.sources),
    } for p in data.pledges]
    return {
        "nations": data.nation_rows, "nation_figures": data.figure_rows, "pledges": pledge_rows,
        "offers": data.offer_rows, "requirements": data.requirement_rows,
        "packages": [{"ref": p.ref, "status": p.status, "target_usd": p.target_usd,
                      "contract_refs": ";".join(p.contract_refs), "withheld": p.withheld,
                      "released_at": p.released_at, "note": p.note} for p in data.packages],
        "package_orders": [{"id": o.id, "package": o.package, "offer": o.offer, "requirement": o.requirement,
                            "quantity": o.quantity, "cost_usd": o.cost_usd, "month": o.month}
                           for p in data.packages for o in p.orders],
        "package_funders": [{"package": p.ref, "nation": nation, "amount_usd": amount}
                            for p in data.packages for nation, amount in p.funders],
        "deliveries": [{"id": d.id, "order_id": d.order_id, "package": d.package, "quantity": d.quantity,
                        "date": d.date, "confidence": d.confidence, "note": d.note, **_sources(d.sources)}
                       for d in data.deliveries],
        "kiel_tracker": kiel_tracker_rows(data),
    }


def cell(value: Any) -> str:
    """A CSV cell as Table Schema reads it: empty is missing, decimals exact, booleans true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        value = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    if isinstance(value, str):
        return neutralize(value)  # no text a spreadsheet would run as a formula (docs/security.md)
    return str(value)


def write_csv(path: Path, fields: list[Field], rows: Rows) -> None:
    names = [f[0] for f in fields]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        writer.writerows([cell(row.get(n)) for n in names] for row in rows)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _schema(spec: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [{"name": n, "type": t, **({"description": d} if d else {})} for n, t, d in spec["fields"]],
        "missingValues": [""], "primaryKey": spec["primaryKey"]}
    if spec.get("foreignKeys"):
        schema["foreignKeys"] = [{"fields": [f], "reference": {"resource": r, "fields": [k]}}
                                 for f, r, k in spec["foreignKeys"]]
    return schema


def descriptor(data: PublicData, resources: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "profile": "tabular-data-package", "name": "ramstein-purl",
        "title": "PURL coalition ledger: released figures",
        "description": "Pledges, packages, orders, funders and deliveries of NATO's PURL purchases for Ukraine as "
                       "released by the coalition's coordinators, with Ukraine's released requirement list, the "
                       "catalog of released offers and the nations' figures. Undisclosed amounts and figures "
                       "that would reveal them are empty.",
        "created": cell(data.as_of), "version": str(data.log_seq),
        "licenses": [LICENCE],
        "sources": [{"title": f"{PUBLISHER}: event log up to event {data.log_seq} (hash {data.log_hash})"},
                    {"title": "Public reporting cited row by row (source_title, source_url)"}],
        "x_as_of": cell(data.as_of),
        "resources": resources,
    }


def write_datapackage(data: PublicData, folder: Path) -> list[Path]:
    """Write each table's CSV and `datapackage.json` into `folder` (created if missing); the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    resources, written = [], []
    for name, rows in table_rows(data).items():
        path = folder / f"{name}.csv"
        write_csv(path, SCHEMAS[name]["fields"], rows)
        resources.append({"name": name, "path": path.name, "profile": "tabular-data-resource", "format": "csv",
                          "mediatype": "text/csv", "encoding": "utf-8", "hash": f"sha256:{_sha256(path)}",
                          "schema": _schema(SCHEMAS[name])})
        written.append(path)
    index = folder / "datapackage.json"
    index.write_text(json.dumps(descriptor(data, resources), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return [index, *written]
