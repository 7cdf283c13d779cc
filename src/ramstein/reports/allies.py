"""Burden sharing: each nation's contribution against its GDP, its fair share and NATO's targets.

Fair share: the coalition total (the summed disclosed contributions of the members) split in
proportion to GDP over the coalition's members, the nations with at least one counted pledge.
A member whose pledges are all undisclosed takes part in the split but shows no contribution or gap,
so no undisclosed amount can be derived from the figures shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ramstein.reports.figures import counted_pledges, figure_for, money, pct, split_to_cents
from ramstein.reports.snapshot import NationFact, PledgeFact, Snapshot


@dataclass(frozen=True)
class Target:
    key: str
    pct_gdp: Decimal
    source: str


NATO_PLACES = Decimal("0.1")

# dated rules as data: the 2% guideline (Wales, 2014) and the 3.5% core target (The Hague, 2025, for 2035)
NATO_TARGETS = (
    Target("2pct", Decimal(2), "NATO Wales Summit Declaration, 5 September 2014, paragraph 14"),
    Target("3_5pct", Decimal("3.5"), "NATO The Hague Summit Declaration, 25 June 2025: 3.5% of GDP on core "
           "defence requirements by 2035"),
)
RECIPIENT = "UKR"


def _contributions(pledges: list[PledgeFact]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for p in pledges:
        row = found.setdefault(p.nation, {"sum": Decimal(0), "pledges": 0, "undisclosed": 0, "estimated": False})
        row["pledges"] += 1
        if p.summable:
            row["sum"] += p.usd_amount
            row["estimated"] = row["estimated"] or p.estimated
        else:
            row["undisclosed"] += 1
    return found


def published(pct_gdp: Decimal) -> Decimal:
    """Defence spending at the precision NATO publishes it: one decimal (e.g. 2.1, not 2.1234)."""
    return pct_gdp.quantize(NATO_PLACES, rounding=ROUND_HALF_UP)


def substitution(iso3: str, used: int | None, latest: int | None) -> str:
    """Why an older year's figure stands in for the one the view needs ('' when it does not)."""
    if used is None or latest is None or used >= latest:
        return ""
    return f"{iso3}: defence spending of {used} shown, no {latest} figure published"


def _row(nation: NationFact, year: int, given: dict[str, Any] | None, fair: Decimal | None,
         latest: int | None) -> dict[str, Any]:
    gdp = figure_for(nation.gdp_usd, year)
    found = figure_for(nation.defence_pct_gdp, year)
    defence = (found[0], published(found[1])) if found else None
    disclosed = given is not None and given["pledges"] > given["undisclosed"]
    contribution = money(given["sum"]) if disclosed else (None if given else Decimal(0))
    share = pct(contribution, gdp[1] if gdp else None)
    with_ukraine = defence[1] + share if defence and share is not None else None
    row: dict[str, Any] = {
        "nation": nation.iso3, "name": nation.name, "nato": nation.nato, "eu": nation.eu,
        "coalition_member": given is not None, "contribution_usd": contribution,
        "pledges": given["pledges"] if given else 0, "undisclosed_pledges": given["undisclosed"] if given else 0,
        "estimated": bool(given and given["estimated"]),
        "gdp_year": gdp[0] if gdp else None, "gdp_usd": gdp[1] if gdp else None, "share_of_gdp_pct": share,
        "fair_share_usd": fair,
        "gap_usd": contribution - fair if contribution is not None and fair is not None else None,
        "defence_year": defence[0] if defence else None,
        "defence_spending_pct_gdp": defence[1] if defence else None,
        # a year substituted for a missing one (Hungary's 2024 figure in a 2026 view) says so wherever shown
        "defence_year_substituted": bool(substitution(nation.iso3, defence[0] if defence else None, latest)),
        "defence_note": substitution(nation.iso3, defence[0] if defence else None, latest),
        "defence_spending_with_ukraine_pct_gdp": with_ukraine,
    }
    for target in NATO_TARGETS:
        row[f"meets_{target.key}"] = defence[1] >= target.pct_gdp if defence else None
        row[f"meets_{target.key}_with_ukraine"] = with_ukraine >= target.pct_gdp if with_ukraine is not None else None
    return row


def allies_section(snapshot: Snapshot) -> dict[str, Any]:
    year = snapshot.as_of.year
    given = _contributions(counted_pledges(snapshot))
    nations = {n.iso3: n for n in snapshot.nations if n.iso3 != RECIPIENT}
    total = money(sum((g["sum"] for g in given.values()), Decimal(0)))
    gdp = {c: f[1] for c in given if c in nations and (f := figure_for(nations[c].gdp_usd, year))}
    fair = split_to_cents(total, gdp)
    # the newest year NATO has published a figure for, up to the view's year: older figures are substitutes
    latest = max((y for n in nations.values() for y in n.defence_pct_gdp if y <= year), default=None)
    rows = [_row(n, year, given.get(c), fair.get(c), latest) for c, n in nations.items()]
    rows.sort(key=lambda r: (not r["coalition_member"], -(r["contribution_usd"] or 0), r["nation"]))
    members = [r for r in rows if r["coalition_member"]]
    return {
        "year": year, "coalition_total_usd": total, "members": len(members),
        "members_without_gdp": sorted(c for c in given if c not in gdp),
        "estimated_usd": money(sum((p.usd_amount for p in counted_pledges(snapshot) if p.summable and p.estimated),
                                   Decimal(0))),
        "undisclosed_pledges": sum(r["undisclosed_pledges"] for r in members),
        "defence_year": latest,
        "defence_substitutions": [r["defence_note"] for r in rows if r["defence_note"]],
        "targets": [{"key": t.key, "pct_gdp": t.pct_gdp, "source": t.source} for t in NATO_TARGETS],
        "definition": (f"fair_share_usd: the coalition total split in proportion to GDP ({year}, or the latest "
                       "earlier year) over the coalition's members, the nations with at least one counted pledge; "
                       "gap_usd = contribution_usd - fair_share_usd; share_of_gdp_pct = 100 x contribution_usd / "
                       "gdp_usd; defence_spending_pct_gdp is NATO's figure at the one decimal NATO publishes, "
                       f"for {latest or year} or, flagged defence_year_substituted, the latest earlier year; "
                       "defence_spending_with_ukraine_pct_gdp adds share_of_gdp_pct to it"),
        "nations": rows,
    }
