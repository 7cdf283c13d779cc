"""Our totals against the publicly reported PURL running totals, with the reasons they differ.

Public figures count every announced pledge (USD amounts as reported, other currencies at the
speaker's rate); ours sum the disclosed, not-withdrawn pledges dated on or before the same day at
the ECB rate of each pledge's date, so undisclosed pledges and rate choices explain most gaps.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ramstein.reports.figures import money, pct
from ramstein.reports.snapshot import PledgeFact, PublicTotal
from ramstein.states import POOLED_PLEDGE_STATUSES

SCOPE_PREFIX = "PURL, all"  # the coalition-wide running totals, not one nation's or an aim


def _sum(pledges: list[PledgeFact]) -> Decimal:
    return money(sum((p.usd_amount for p in pledges if p.summable), Decimal(0)))


def _reasons(total: PublicTotal, ours: Decimal, upto: list[PledgeFact]) -> list[str]:
    diff = ours - total.amount
    reasons = []
    if total.comparison == "at_least":
        verdict = "consistent" if diff >= 0 else "below it"
        reasons.append(f"the public figure is a lower bound ('at least'); ours is {verdict}")
    else:
        reasons.append(f"the public figure is approximate ('{total.comparison}'); ours differs by "
                       f"{pct(diff, total.amount)}%")
    hidden = sorted({p.nation for p in upto if not p.summable})
    if hidden:
        count = sum(1 for p in upto if not p.summable)
        reasons.append(f"{count} pledge(s) with undisclosed amounts ({', '.join(hidden)}) are counted but not summed")
    foreign = [p for p in upto if p.summable and p.currency != total.currency]
    if foreign:
        amount = _sum(foreign)
        reasons.append(f"USD {amount:,} of ours was pledged in other currencies and converted at the ECB rate of "
                       f"each pledge's date; public figures convert at other dates or not at all")
    same_day = [p for p in upto if p.summable and p.date == total.as_of]
    if same_day:
        reasons.append(f"USD {_sum(same_day):,} of ours was announced on {total.as_of} itself and may postdate "
                       f"the public statement")
    unconfirmed = [p for p in upto if p.summable and p.confidence == "unconfirmed"]
    if unconfirmed:
        reasons.append(f"USD {_sum(unconfirmed):,} of ours rests on unconfirmed sources")
    if total.note:
        reasons.append(f"source note: {total.note}")
    return reasons


def check_public_totals(pledges: tuple[PledgeFact, ...], totals: tuple[PublicTotal, ...]) -> list[dict[str, Any]]:
    rows = []
    for total in sorted(totals, key=lambda t: (t.as_of, t.scope)):
        if not total.scope.startswith(SCOPE_PREFIX) or total.currency != "USD":
            continue
        upto = [p for p in pledges if p.date <= total.as_of and p.status != "withdrawn"]
        ours = _sum(upto)
        rows.append({
            "as_of": total.as_of, "scope": total.scope, "public_usd": total.amount, "comparison": total.comparison,
            "public_confidence": total.confidence, "ours_usd": ours,
            "ours_confirmed_usd": _sum([p for p in upto if p.status in POOLED_PLEDGE_STATUSES]),
            "difference_usd": ours - total.amount, "difference_pct": pct(ours - total.amount, total.amount),
            "pledges": len(upto), "undisclosed_pledges": sum(1 for p in upto if not p.summable),
            "reasons": _reasons(total, ours, upto), "source_title": total.source_title,
            "source_url": total.source_url,
        })
    return rows
