"""Released packages as an OCDS 1.1 release package (Open Contracting Data Standard, 1.1.5 schema).

One contracting process per package, `ocid` = prefix + "-" + the package's ref, and one release per
change, dated when the change was recorded, so that `ocdskit compile` merges them into the package's
record in order:

- `planning` (the package was created): the buyer (the coalition), the funders (role `funder`), the
  budget (the package's target, USD), and the requirement lines it serves as `tender.items`
  (id = the line's ref, quantity = what the package orders for it, classification = its capability);
- `award` (approved): one award per supplier of its orders (items = orders, value = their cost);
- `contract` (contracted): one contract per award, titled with the package's contract references
  (e.g. FMS cases/LOAs);
- `implementation`: one release per recorded delivery (a `delivery` milestone of the contract of that
  order's supplier) and per pledge recorded as paid (a transaction from the funding nation);
- `contractUpdate` (delivered): the contracts close (`terminated`).

Withheld packages (an undisclosed pledge funds them) carry no money figure at all, and an undisclosed
pledge's payment carries none either: `public.py` has already emptied them; this module only omits what
is None. Amounts are JSON numbers written exactly from their decimals.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ramstein.errors import ValidationError
from ramstein.exports.records import (
    LICENCE,
    PUBLISHER,
    PublicData,
    PublicDelivery,
    PublicOrder,
    PublicPackage,
    PublicPledge,
)

OCDS_VERSION = "1.1"
# a registered-style prefix ("ocds-" + 6 characters); register your own with the Open Contracting
# Partnership and set RAMSTEIN_OCID_PREFIX
DEFAULT_OCID_PREFIX = "ocds-r4mstn"
PREFIX = re.compile(r"ocds-[a-z0-9]{6}")
BUYER_ID = "ramstein-purl"
BUYER = {"id": BUYER_ID, "name": "PURL coalition (NATO-coordinated purchases for Ukraine)"}
CURRENCY = "USD"
WITHHELD = "money figures withheld: an undisclosed pledge funds this package"
# exact decimals pass through json.dumps as marked strings and are unquoted afterwards
_MARK = "\ue000"
_MARKED = re.compile('"' + _MARK + r'(-?\d+(?:\.\d+)?)"')


def _when(at: dt.datetime | dt.date) -> str:
    if not isinstance(at, dt.datetime):
        at = dt.datetime(at.year, at.month, at.day, tzinfo=dt.UTC)
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _number(value: Decimal) -> str:
    text = format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return _MARK + text


def _value(amount: Decimal | None) -> dict[str, Any]:
    return {} if amount is None else {"value": {"amount": _number(amount), "currency": CURRENCY}}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "unnamed"


def _nation_party(data: PublicData, iso3: str, roles: list[str]) -> dict[str, Any]:
    return {"id": f"nation-{iso3}", "name": data.nations.get(iso3, iso3),
            "identifier": {"scheme": "ISO 3166-1 alpha-3", "id": iso3}, "roles": roles}


def _supplier_groups(package: PublicPackage) -> dict[str, list[PublicOrder]]:
    """Orders by supplier (orders whose offer is not released: one group, supplier not named)."""
    groups: dict[str, list[PublicOrder]] = defaultdict(list)
    for order in package.orders:
        groups[order.supplier or ""].append(order)
    return dict(sorted(groups.items())) or {"": []}  # no order yet: one award, supplier not published


def _award_ids(package: PublicPackage) -> dict[str, str]:
    return {supplier: f"{package.ref}-award-{n}" for n, supplier in enumerate(_supplier_groups(package), 1)}


def _sum(values: list[Decimal | None]) -> Decimal | None:
    if not values or any(v is None for v in values):
        return None
    return sum((v for v in values if v is not None), Decimal(0))


def _tender_items(package: PublicPackage, lines: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    quantities: dict[str, Decimal | None] = {}
    for order in package.orders:
        known = quantities.get(order.requirement, Decimal(0))
        quantities[order.requirement] = None if known is None or order.quantity is None else known + order.quantity
    items = []
    for ref, quantity in sorted(quantities.items()):
        line = lines.get(ref)
        item: dict[str, Any] = {"id": ref}
        if quantity is not None:
            item["quantity"] = _number(quantity)
        if line:
            item["description"] = line["item"]
            item["classification"] = {"scheme": "x_ramstein_capability", "id": line["category"]}
        items.append(item)
    return items


def _planning(data: PublicData, package: PublicPackage, ocid: str, lines: dict[str, dict[str, Any]],
              pledges: list[PublicPledge]) -> dict[str, Any]:
    funders = sorted({n for n, _ in package.funders} | {p.nation for p in pledges})
    budget: dict[str, Any] = {"id": f"{package.ref}-budget", "description": (
        f"Funded by {', '.join(funders) or 'no nation yet'}" + (f"; {WITHHELD}" if package.withheld else ""))}
    if package.target_usd is not None:
        budget["amount"] = {"amount": _number(package.target_usd), "currency": CURRENCY}
    served = sorted({o.requirement for o in package.orders})
    return {
        "ocid": ocid, "id": f"{ocid}-planning", "date": _when(package.stage_dates.get("created",
                                                                                       package.released_at)),
        "tag": ["planning"], "initiationType": "tender",
        "parties": [{**BUYER, "roles": ["buyer"]}] + [_nation_party(data, n, ["funder"]) for n in funders],
        "buyer": dict(BUYER),
        "planning": {"rationale": f"Package {package.ref} serves Ukraine's requirement lines "
                                  f"{', '.join(served) or '(none ordered yet)'}" + (
                                      f"; {package.note}" if package.note else ""), "budget": budget},
        "tender": {"id": f"{package.ref}-tender", "title": f"PURL package {package.ref}", "status": "planned",
                   "procurementMethod": "direct", "mainProcurementCategory": "goods",
                   "procurementMethodDetails": "Coordinated purchase under NATO's Prioritised Ukraine "
                                               "Requirements List (PURL)",
                   "items": _tender_items(package, lines)},
    }


def _order_item(order: PublicOrder) -> dict[str, Any]:
    item: dict[str, Any] = {"id": str(order.id),
                            "description": order.item or f"order for requirement {order.requirement}"}
    if order.quantity is not None:
        item["quantity"] = _number(order.quantity)
    if order.category:
        item["classification"] = {"scheme": "x_ramstein_capability", "id": order.category}
    return item


def _items(orders: list[PublicOrder]) -> dict[str, Any]:
    return {"items": [_order_item(o) for o in orders]} if orders else {}  # the schema wants one at least


def _supplier_ref(supplier: str) -> dict[str, str]:
    return {"id": f"supplier-{_slug(supplier)}", "name": supplier}


def _awards(package: PublicPackage, ocid: str, at: dt.datetime) -> dict[str, Any]:
    awards, parties = [], []
    ids = _award_ids(package)
    for supplier, orders in _supplier_groups(package).items():
        award: dict[str, Any] = {"id": ids[supplier], "status": "active", "date": _when(at),
                                 "title": f"{package.ref}: {supplier or 'supplier not published'}",
                                 **_items(orders), **_value(_sum([o.cost_usd for o in orders]))}
        if supplier:
            award["suppliers"] = [_supplier_ref(supplier)]
            parties.append({**_supplier_ref(supplier), "roles": ["supplier"]})
        if package.withheld:
            award["description"] = WITHHELD
        awards.append(award)
    return {"ocid": ocid, "id": f"{ocid}-award", "date": _when(at), "tag": ["award"], "initiationType": "tender",
            "parties": parties, "awards": awards}


def _contract_id(award_id: str) -> str:
    return award_id.replace("-award-", "-contract-")


def _contracts(package: PublicPackage, ocid: str, at: dt.datetime) -> dict[str, Any]:
    refs = ", ".join(package.contract_refs) or "not published"
    contracts = []
    for supplier, orders in _supplier_groups(package).items():
        award_id = _award_ids(package)[supplier]
        contract: dict[str, Any] = {
            "id": _contract_id(award_id), "awardID": award_id, "status": "active",
            "title": f"{package.ref}: contract references {refs}",
            **_items(orders), **_value(_sum([o.cost_usd for o in orders]))}
        if package.withheld:
            contract["description"] = WITHHELD
        contracts.append(contract)
    return {"ocid": ocid, "id": f"{ocid}-contract", "date": _when(at), "tag": ["contract"],
            "initiationType": "tender", "contracts": contracts}


def _delivery_releases(package: PublicPackage, ocid: str, deliveries: list[PublicDelivery]) -> list[dict[str, Any]]:
    orders = {o.id: o for o in package.orders}
    award_ids = _award_ids(package)
    releases = []
    for d in deliveries:
        order = orders[d.order_id]
        milestone = {"id": f"delivery-{d.id}", "type": "delivery", "status": "met", "dateMet": _when(d.date),
                     "title": f"{_plain(d.quantity) + ' x ' if d.quantity is not None else ''}"
                              f"{order.item or 'ordered item'} delivered",
                     "description": f"Against order {order.id} (requirement {order.requirement}); "
                                    f"confidence {d.confidence}" + (f"; {d.note}" if d.note else "")}
        # events are stamped at their commit, a record's own time before it: never before the contract
        at = max(d.recorded_at, package.stage_dates.get("contracted", d.recorded_at))
        releases.append({"ocid": ocid, "id": f"{ocid}-delivery-{d.id}", "date": _when(at),
                         "tag": ["implementation"], "initiationType": "tender",
                         "contracts": [{"id": _contract_id(award_ids[order.supplier or ""]),
                                        "awardID": award_ids[order.supplier or ""],
                                        "implementation": {"milestones": [milestone]}}]})
    return releases


def _plain(value: Decimal) -> str:
    return _number(value)[len(_MARK):]


def _payment_releases(data: PublicData, package: PublicPackage, ocid: str,
                      pledges: list[PublicPledge]) -> list[dict[str, Any]]:
    award_ids = list(_award_ids(package).values())  # a payment is a transaction of the package's first contract
    releases = []
    for p in pledges:
        if p.status != "disbursed" or p.paid_at is None:
            continue
        transaction: dict[str, Any] = {
            "id": f"pledge-{p.id}", "date": _when(p.paid_at),
            "payer": {"id": f"nation-{p.nation}", "name": data.nations.get(p.nation, p.nation)},
            "payee": dict(BUYER)}
        if p.usd_amount is not None and not package.withheld:
            transaction["value"] = {"amount": _number(p.usd_amount), "currency": CURRENCY}
        at = max(p.paid_at, package.stage_dates.get("contracted", p.paid_at))
        releases.append({"ocid": ocid, "id": f"{ocid}-payment-{p.id}", "date": _when(at),
                         "tag": ["implementation"], "initiationType": "tender",
                         "parties": [_nation_party(data, p.nation, ["funder", "payer"])],
                         "contracts": [{"id": _contract_id(award_ids[0]), "awardID": award_ids[0],
                                        "implementation": {"transactions": [transaction]}}]})
    return releases


@dataclass(frozen=True)
class _Index:
    """What a package's releases look up, grouped once for all packages."""

    lines: dict[str, dict[str, Any]]
    pledges: dict[str, list[PublicPledge]]
    deliveries: dict[str, list[PublicDelivery]]

    @classmethod
    def of(cls, data: PublicData) -> _Index:
        pledges: dict[str, list[PublicPledge]] = defaultdict(list)
        for p in data.pledges:
            if p.package and p.status != "withdrawn":
                pledges[p.package].append(p)
        deliveries: dict[str, list[PublicDelivery]] = defaultdict(list)
        for d in data.deliveries:
            deliveries[d.package].append(d)
        return cls({row["ref"]: row for row in data.requirement_rows}, pledges, deliveries)


def package_releases(data: PublicData, package: PublicPackage, prefix: str,
                     index: _Index | None = None) -> list[dict[str, Any]]:
    """Every release of one package's contracting process, oldest first."""
    index = index or _Index.of(data)
    ocid = f"{prefix}-{package.ref}"
    pledges = index.pledges.get(package.ref, [])
    releases = [_planning(data, package, ocid, index.lines, pledges)]
    stages = package.stage_dates
    fallback = package.released_at
    if package.status != "draft":
        releases.append(_awards(package, ocid, stages.get("approved", fallback)))
    if package.status in ("contracted", "delivering", "delivered"):
        releases.append(_contracts(package, ocid, stages.get("contracted", fallback)))
        releases += _delivery_releases(package, ocid, index.deliveries.get(package.ref, []))
        releases += _payment_releases(data, package, ocid, pledges)
    if package.status == "delivered":
        at = stages.get("delivered", fallback)
        releases.append({"ocid": ocid, "id": f"{ocid}-delivered", "date": _when(at), "tag": ["contractUpdate"],
                         "initiationType": "tender", "contracts": [
                             {"id": _contract_id(a), "awardID": a, "status": "terminated"}
                             for a in _award_ids(package).values()]})
    releases.sort(key=lambda r: r["date"])
    return releases


def release_package(data: PublicData, prefix: str = DEFAULT_OCID_PREFIX, uri: str | None = None) -> dict[str, Any]:
    """The OCDS release package of every released package (see the module's docstring)."""
    if not PREFIX.fullmatch(prefix):
        raise ValidationError(f"an ocid prefix is 'ocds-' and 6 letters or digits, not {prefix!r}",
                              field="ocid_prefix")
    index = _Index.of(data)
    releases = [r for package in data.packages for r in package_releases(data, package, prefix, index)]
    return {
        "uri": uri or f"urn:ramstein:ocds:{prefix}:{data.log_seq}",
        "version": OCDS_VERSION, "publishedDate": _when(data.as_of),
        "publisher": {"name": PUBLISHER},
        "license": LICENCE["path"],
        "releases": releases,
    }


def dumps(document: dict[str, Any]) -> str:
    """JSON text with every amount an exact JSON number (no float rounding)."""
    # compact: json's C encoder serves only calls without indent (4x faster on 100,000 pledges)
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return _MARKED.sub(r"\1", text) + "\n"
