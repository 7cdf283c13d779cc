"""The ledger's commitments beside the publicly reported PURL running totals, with the reasons they differ.

A public total (NATO, the Ukrainian presidency or foreign ministry, the U.S. ambassador to NATO) is
set beside the ledger's commitments for the same date and scope: every disclosed `official` or
`reported` pledge, not withdrawn, dated from the total's `since` (the programme's start when empty)
to its `as_of` day, at the ECB rate of each pledge's date, as the report's headline counts them.
What the ledger holds but does not count (estimates, unconfirmed claims, undisclosed amounts) and
how it converts other currencies are the reasons given for the difference.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ramstein.reports.figures import money, pct
from ramstein.reports.snapshot import PledgeFact, PublicTotal
from ramstein.states import DEFAULT_CONFIDENCES, POOLED_PLEDGE_STATUSES

SCOPE_PREFIX = "PURL, all"  # the coalition-wide running totals, not one nation's or an aim


def _sum(pledges: list[PledgeFact]) -> Decimal:
    return money(sum((p.usd_amount for p in pledges if p.summable), Decimal(0)))


def is_commitment(p: PledgeFact) -> bool:
    """What the report's headline counts: a disclosed official or reported pledge, not withdrawn."""
    return p.summable and p.confidence in DEFAULT_CONFIDENCES and p.status != "withdrawn"


def _verdict(total: PublicTotal, diff: Decimal) -> str:
    if total.comparison == "at_least":
        verdict = "consistent" if diff >= 0 else "below it"
        return f"the public figure is a lower bound ('at least'); the ledger is {verdict}"
    return f"the public figure is approximate ('{total.comparison}'); the ledger differs by {pct(diff, total.amount)}%"


def _reasons(total: PublicTotal, diff: Decimal, upto: list[PledgeFact]) -> list[str]:
    reasons = [_verdict(total, diff)]
    estimated = [p for p in upto if p.summable and p.confidence == "estimated"]
    if estimated:
        nations = ", ".join(sorted({p.nation for p in estimated}))
        reasons.append(f"USD {_sum(estimated):,} of estimated shares ({nations}: the unpublished parts of joint "
                       "packages) is held but not counted")
    unconfirmed = [p for p in upto if p.summable and p.confidence == "unconfirmed"]
    if unconfirmed:
        reasons.append(f"USD {_sum(unconfirmed):,} resting on unconfirmed sources is held but not counted")
    hidden = sorted({p.nation for p in upto if not p.summable})
    if hidden:
        count = sum(1 for p in upto if not p.summable)
        reasons.append(f"{count} pledge(s) with undisclosed amounts ({', '.join(hidden)}) are counted but not summed")
    foreign = [p for p in upto if is_commitment(p) and p.currency != total.currency]
    if foreign:
        reasons.append(f"USD {_sum(foreign):,} of the ledger was pledged in other currencies and converted at the "
                       "ECB rate of each pledge's date; public figures convert at other dates or not at all")
    same_day = [p for p in upto if is_commitment(p) and p.date == total.as_of]
    if same_day:
        reasons.append(f"USD {_sum(same_day):,} of the ledger was announced on {total.as_of} itself and may "
                       "postdate the public statement")
    if total.note:
        reasons.append(f"source note: {total.note}")
    return reasons


def check_public_totals(pledges: tuple[PledgeFact, ...], totals: tuple[PublicTotal, ...]) -> list[dict[str, Any]]:
    rows = []
    for total in sorted(totals, key=lambda t: (t.as_of, t.scope)):
        if not total.scope.startswith(SCOPE_PREFIX) or total.currency != "USD":
            continue
        since = total.since
        upto = [p for p in pledges if p.date <= total.as_of and p.status != "withdrawn"
                and (since is None or p.date >= since)]
        counted = [p for p in upto if is_commitment(p)]
        ours = _sum(counted)
        diff = ours - total.amount
        rows.append({
            "as_of": total.as_of, "since": since, "scope": total.scope, "public_usd": total.amount,
            "comparison": total.comparison, "public_confidence": total.confidence, "ours_usd": ours,
            "ours_confirmed_usd": _sum([p for p in counted if p.status in POOLED_PLEDGE_STATUSES]),
            "ours_with_estimates_usd": _sum([p for p in upto if p.confidence in (*DEFAULT_CONFIDENCES, "estimated")]),
            "difference_usd": diff, "difference_pct": pct(diff, total.amount),
            "pledges": len(upto), "undisclosed_pledges": sum(1 for p in upto if not p.summable),
            "reasons": _reasons(total, diff, upto), "source_title": total.source_title,
            "source_url": total.source_url,
        })
    return rows
