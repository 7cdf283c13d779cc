"""Burden sharing: each nation's contribution against its GDP, its fair share and NATO's targets.

Fair share (SPEC 3.7): what the nations of a stated base gave, split over the base in proportion to
GDP, so that a nation that gave nothing has a fair share (and a gap) too. The base is by default
every NATO ally except the United States, the scheme's supplier, plus every partner that pledged
(`nato-ex-us`); `contributors` takes only the nations with a counted pledge, `all` every nation.
A nation whose counted pledges are all undisclosed is left out of the base and marked so: with
a fair share beside no contribution, its amount could be read off the others'.
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
SUPPLIER = "USA"
BASES = {
    "nato-ex-us": "every NATO ally except the United States, plus every partner with a counted pledge",
    "contributors": "every nation with a counted pledge",
    "all": "every nation in the database except Ukraine",
}
DEFAULT_BASE = "nato-ex-us"


def fair_share_base(nations: dict[str, NationFact], given: dict[str, dict[str, Any]], base: str) -> set[str]:
    """The nations the total is shared over, before undisclosed ones are taken out."""
    if base == "contributors":
        return {c for c in given if c in nations}
    if base == "all":
        return set(nations)
    return {c for c, n in nations.items() if (n.nato and c != SUPPLIER) or c in given}


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
         in_base: bool, flow: Decimal | None, latest: int | None = None) -> dict[str, Any]:
    gdp = figure_for(nation.gdp_usd, year)
    found = figure_for(nation.defence_pct_gdp, year)
    defence = (found[0], published(found[1])) if found else None
    disclosed = given is not None and given["pledges"] > given["undisclosed"]
    contribution = money(given["sum"]) if disclosed else (None if given else Decimal(0))
    share = pct(contribution, gdp[1] if gdp else None)
    # that year's flow against that year's spending, not the cumulative stock (SPEC 3.7, item 7)
    flow_share = pct(flow, gdp[1] if gdp else None) if contribution is not None else None
    with_ukraine = defence[1] + flow_share if defence and flow_share is not None else None
    row: dict[str, Any] = {
        "nation": nation.iso3, "name": nation.name, "nato": nation.nato, "eu": nation.eu,
        "coalition_member": given is not None, "contribution_usd": contribution,
        "pledges": given["pledges"] if given else 0, "undisclosed_pledges": given["undisclosed"] if given else 0,
        "estimated": bool(given and given["estimated"]),
        "gdp_year": gdp[0] if gdp else None, "gdp_usd": gdp[1] if gdp else None, "share_of_gdp_pct": share,
        "in_fair_share_base": in_base and fair is not None,
        "fair_share_usd": fair,
        "gap_usd": contribution - fair if contribution is not None and fair is not None else None,
        "defence_year": defence[0] if defence else None,
        "defence_spending_pct_gdp": defence[1] if defence else None,
        # a year substituted for a missing one (Hungary's 2024 figure in a 2026 view) says so wherever shown
        "defence_year_substituted": bool(substitution(nation.iso3, defence[0] if defence else None, latest)),
        "defence_note": substitution(nation.iso3, defence[0] if defence else None, latest),
        "contribution_in_year_usd": flow if contribution is not None else None,
        "defence_spending_with_ukraine_pct_gdp": with_ukraine,
    }
    for target in NATO_TARGETS:
        row[f"meets_{target.key}"] = defence[1] >= target.pct_gdp if defence else None
        row[f"meets_{target.key}_with_ukraine"] = with_ukraine >= target.pct_gdp if with_ukraine is not None else None
    return row


def allies_section(snapshot: Snapshot, base: str = DEFAULT_BASE) -> dict[str, Any]:
    year = snapshot.as_of.year
    given = _contributions(counted_pledges(snapshot))
    nations = {n.iso3: n for n in snapshot.nations if n.iso3 != RECIPIENT}
    total = money(sum((g["sum"] for g in given.values()), Decimal(0)))
    undisclosed = {c for c, g in given.items() if g["pledges"] == g["undisclosed"]}
    members = fair_share_base(nations, given, base) - undisclosed
    gdp = {c: f[1] for c in members if (f := figure_for(nations[c].gdp_usd, year))}
    shared = money(sum((given[c]["sum"] for c in gdp if c in given), Decimal(0)))
    fair = split_to_cents(shared, gdp)
    in_year = _contributions([p for p in counted_pledges(snapshot) if p.date.year == year])
    # the newest year NATO has published a figure for, up to the view's year: older figures are substitutes
    latest = max((y for n in nations.values() for y in n.defence_pct_gdp if y <= year), default=None)
    rows = [_row(n, year, given.get(c), fair.get(c), c in members,
                 money(in_year[c]["sum"]) if c in in_year else Decimal(0), latest) for c, n in nations.items()]
    for row in rows:
        if row["nation"] in undisclosed:
            row["fair_share_note"] = "left out of the fair-share base: amount undisclosed"
    rows.sort(key=lambda r: (not r["coalition_member"], -(r["contribution_usd"] or 0), r["nation"]))
    contributors = [r for r in rows if r["coalition_member"]]
    return {
        "year": year, "coalition_total_usd": total, "members": len(contributors),
        "members_without_gdp": sorted(c for c in given if c in nations and not figure_for(nations[c].gdp_usd, year)),
        "estimated_usd": money(sum((p.usd_amount for p in counted_pledges(snapshot) if p.summable and p.estimated),
                                   Decimal(0))),
        "undisclosed_pledges": sum(r["undisclosed_pledges"] for r in contributors),
        "defence_year": latest,
        "defence_substitutions": [r["defence_note"] for r in rows if r["defence_note"]],
        "targets": [{"key": t.key, "pct_gdp": t.pct_gdp, "source": t.source} for t in NATO_TARGETS],
        "fair_share_base": {
            "rule": base, "description": BASES[base], "gdp_year": year, "nations": len(gdp),
            "shared_usd": shared, "left_out_undisclosed": sorted(undisclosed & fair_share_base(nations, given, base)),
            "left_out_without_gdp": sorted(members - set(gdp)),
        },
        "definition": (f"fair_share_usd: shared_usd (what the base's nations gave) split in proportion to GDP "
                       f"({year}, or the latest earlier year) over the fair-share base: {BASES[base]}; a nation "
                       "whose counted pledges are all undisclosed is left out of the base; gap_usd = "
                       "contribution_usd - fair_share_usd; share_of_gdp_pct = 100 x contribution_usd / gdp_usd; "
                       "defence_spending_pct_gdp is NATO's figure at the one decimal NATO publishes (flagged "
                       "defence_year_substituted where an earlier year stands in); "
                       f"defence_spending_with_ukraine_pct_gdp adds the {year} contribution "
                       f"(contribution_in_year_usd) as a share of GDP to the {year} defence spending (or the latest "
                       "earlier year, defence_year); NATO may already count some PURL contributions in a nation's "
                       "defence spending, so the sum can count them twice: read it as an upper bound"),
        "nations": rows,
    }
