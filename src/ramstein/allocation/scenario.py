"""What-if scenarios: a CHANGES document applied to an instance, and two plans compared.

A CHANGES document is `{"name": "...", "changes": [ {"op": ...}, ... ]}` with these operations:
  add_pool      {"pool": {...a pool as in the instance schema...}}
  scale_pool    {"pool": ID, "factor": F}                       amount times F
  scale_offer   {"offer": ID, "capacity": F, "price": F}        either factor optional
  delay_offer   {"offer": ID, "months": N}                      lead time plus N (a late supplier)
  set_priority  {"requirement": ID, "priority": P}              weight follows as weight * old / new
                                                                unless "weight" is given too
  set_weight    {"requirement": ID, "weight": W}
  set_share     {"kind": "min"|"max", "region": R, "share": S}  S null removes the policy
  set_mode      {"priority_mode": "weighted"|"lexicographic"}  how priorities count (SPEC section 4)
Changes apply in order to the instance document, and the result is validated like any instance.
A document of more than MAX_CHANGES changes, or nested deeper than MAX_DEPTH, is refused first.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ramstein.errors import ValidationError

from .instance import problem_from_dict, problem_to_dict
from .plan import Plan
from .problem import Problem

# a what-if is a handful of changes; 2,500 add_pool changes held 3.5 GiB and 13 s of a server (issue 12)
MAX_CHANGES = 100
# a CHANGES document is 5 levels deep (document, changes, a change, its pool, the pool's categories)
MAX_DEPTH = 8


def load_changes(path: str | Path) -> dict[str, Any]:
    try:
        doc = json.loads(Path(path).read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise ValidationError(f"{path}: cannot read scenario ({exc})", field="$") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("changes"), list):
        raise ValidationError("changes: must be a list of changes", field="changes")
    return doc


def check_changes(changes: object) -> None:
    """Refuse a document too deep or too long to be a what-if, before anything walks it recursively."""
    if nesting(changes) > MAX_DEPTH:
        raise ValidationError(f"a scenario is at most {MAX_DEPTH} levels deep", field="scenario")
    if not isinstance(changes, dict):
        raise ValidationError("a scenario is an object with a list of changes", field="scenario")
    listed = changes.get("changes", [])
    if not isinstance(listed, list):
        raise ValidationError("changes: must be a list of changes", field="changes")
    if len(listed) > MAX_CHANGES:
        raise ValidationError(f"changes: at most {MAX_CHANGES} changes in one scenario, not {len(listed)}",
                              field="changes")


def nesting(value: object) -> int:
    """How many levels of lists and objects `value` has (0 for a scalar), without recursion."""
    deepest, level = 0, [(value, 1)]
    while level:
        item, depth = level.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            level.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def apply_changes(problem: Problem, changes: dict[str, Any]) -> Problem:
    """The problem with every change applied, validated again as a whole."""
    check_changes(changes)
    doc = copy.deepcopy(problem_to_dict(problem))
    for i, change in enumerate(changes.get("changes", [])):
        where = f"changes[{i}]"
        if not isinstance(change, dict) or change.get("op") not in _OPS:
            raise ValidationError(f"{where}.op: must be one of {', '.join(_OPS)}", field=f"{where}.op")
        try:
            _OPS[change["op"]](doc, change, where)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError(f"{where}: malformed change ({exc})", field=where) from None
    if changes.get("name"):
        doc["name"] = f"{doc.get('name') or 'instance'} + {changes['name']}"
    return problem_from_dict(doc)


def _find(entries: list[dict], key: str, ident: Any, where: str) -> dict:
    for entry in entries:
        if entry["id"] == ident:
            return entry
    raise ValidationError(f"{where}.{key}: unknown {key} {ident!r}", field=f"{where}.{key}")


def _factor(change: dict, key: str, where: str) -> float:
    value = float(change[key])
    if value < 0:
        raise ValidationError(f"{where}.{key}: must be >= 0", field=f"{where}.{key}")
    return value


def _add_pool(doc, change, where):
    doc["pools"].append(dict(change["pool"]))


def _scale_pool(doc, change, where):
    pool = _find(doc["pools"], "pool", change["pool"], where)
    amount = Decimal(pool["amount"]) * Decimal(repr(_factor(change, "factor", where)))
    pool["amount"] = format(amount.quantize(Decimal("0.01")), "f")


def _scale_offer(doc, change, where):
    offer = _find(doc["offers"], "offer", change["offer"], where)
    if "capacity" in change:
        f = _factor(change, "capacity", where)
        cap = offer["capacity"]
        offer["capacity"] = [c * f for c in cap] if isinstance(cap, list) else cap * f
    if "price" in change:
        price = Decimal(offer["unit_price"]) * Decimal(repr(_factor(change, "price", where)))
        offer["unit_price"] = format(price.quantize(Decimal("0.01")), "f")


def _delay_offer(doc, change, where):
    offer = _find(doc["offers"], "offer", change["offer"], where)
    offer["lead_time"] = max(0, offer["lead_time"] + int(change["months"]))


def _set_priority(doc, change, where):
    line = _find(doc["requirements"], "requirement", change["requirement"], where)
    new = int(change["priority"])
    if new < 1:
        raise ValidationError(f"{where}.priority: must be >= 1", field=f"{where}.priority")
    if "weight" in change:
        line["weight"] = float(change["weight"])
    elif line.get("priority"):
        line["weight"] = line["weight"] * line["priority"] / new
    line["priority"] = new


def _set_weight(doc, change, where):
    _find(doc["requirements"], "requirement", change["requirement"], where)["weight"] = float(change["weight"])


def _set_share(doc, change, where):
    kind = change["kind"]
    if kind not in ("min", "max"):
        raise ValidationError(f"{where}.kind: must be min or max", field=f"{where}.kind")
    shares = doc.setdefault("policy", {}).setdefault(f"{kind}_spend_share", {})
    if change.get("share") is None:
        shares.pop(change["region"], None)
    else:
        shares[change["region"]] = float(change["share"])


def _set_mode(doc, change, where):
    if change.get("priority_mode") not in ("weighted", "lexicographic"):
        raise ValidationError(f"{where}.priority_mode: must be weighted or lexicographic",
                              field=f"{where}.priority_mode")
    doc["priority_mode"] = change["priority_mode"]


_OPS = {"add_pool": _add_pool, "scale_pool": _scale_pool, "scale_offer": _scale_offer, "delay_offer": _delay_offer,
        "set_priority": _set_priority, "set_weight": _set_weight, "set_share": _set_share, "set_mode": _set_mode}


@dataclass(frozen=True)
class Comparison:
    value: tuple[float, float]
    cost: tuple[Decimal, Decimal]
    lines_met: tuple[int, int]
    categories: tuple[tuple[str, float, float], ...]  # category, weighted share met before, after
    changed_lines: tuple[tuple[str, float, float], ...]  # line, ordered before, after


def category_fulfilment(problem: Problem, plan: Plan) -> dict[str, float]:
    """Per category, the weight-weighted share of the quantity ordered (1.0: every line in full)."""
    r = problem.requirements
    met, total = {}, {}
    for i, f in enumerate(plan.fulfilment):
        c = r.categories[i]
        met[c] = met.get(c, 0.0) + r.weight[i] * f.fraction
        total[c] = total.get(c, 0.0) + r.weight[i]
    return {c: met[c] / total[c] for c in sorted(total)}


def compare(base: Problem, base_plan: Plan, other: Problem, other_plan: Plan) -> Comparison:
    """Side by side: value, cost, lines met, fulfilment per category, and the lines whose orders moved."""
    cats_a, cats_b = category_fulfilment(base, base_plan), category_fulfilment(other, other_plan)
    ordered_a = {f.requirement: f.ordered for f in base_plan.fulfilment}
    ordered_b = {f.requirement: f.ordered for f in other_plan.fulfilment}
    changed = tuple((rid, ordered_a.get(rid, 0.0), ordered_b.get(rid, 0.0))
                    for rid in sorted(set(ordered_a) | set(ordered_b))
                    if abs(ordered_a.get(rid, 0.0) - ordered_b.get(rid, 0.0))
                    > 1e-6 * max(1.0, abs(ordered_a.get(rid, 0.0))))
    return Comparison(
        value=(base_plan.objective, other_plan.objective), cost=(base_plan.total_cost, other_plan.total_cost),
        lines_met=(base_plan.lines_fully_met, other_plan.lines_fully_met),
        categories=tuple((c, cats_a.get(c, 0.0), cats_b.get(c, 0.0)) for c in sorted(set(cats_a) | set(cats_b))),
        changed_lines=changed)
