"""Small exact helpers every section shares: which pledges count, percentages, dated figures, splits."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal

from ramstein.reports.snapshot import PledgeFact, Snapshot

CENT = Decimal("0.01")
PCT_PLACES = Decimal("0.000001")  # six places: a USD 5M pledge of a USD 4.7tn GDP still shows


def pct(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """100 x part / whole to six places, or None where either is unknown or the whole is zero."""
    if part is None or whole is None or whole == 0:
        return None
    return (Decimal(100) * part / whole).quantize(PCT_PLACES, rounding=ROUND_HALF_EVEN)


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_EVEN)


def counted_pledges(snapshot: Snapshot) -> list[PledgeFact]:
    """Pledges the totals are about: chosen statuses and confidences, dated on or before `as_of`."""
    return [p for p in snapshot.pledges if p.status in snapshot.statuses
            and p.confidence in snapshot.confidences and p.date <= snapshot.as_of]


def figure_for(values: dict[int, Decimal], year: int) -> tuple[int, Decimal] | None:
    """The figure for `year`, else the latest earlier one, else the earliest later one (as pledge splits do)."""
    if not values:
        return None
    earlier = [y for y in values if y <= year]
    chosen = max(earlier) if earlier else min(values)
    return chosen, values[chosen]


def split_to_cents(total: Decimal, weights: dict[str, Decimal]) -> dict[str, Decimal]:
    """`total` in proportion to `weights`, to the cent, summing exactly to `total` (largest remainders)."""
    weight = sum(weights.values())
    if not weights or weight <= 0:
        return {}
    exact = {k: total * w / weight for k, w in weights.items()}
    parts = {k: v.quantize(CENT, rounding=ROUND_DOWN) for k, v in exact.items()}
    left = int(((total - sum(parts.values())) / CENT).to_integral_value())
    for key in sorted(exact, key=lambda k: (-(exact[k] - parts[k]), k))[:max(left, 0)]:
        parts[key] += CENT
    return parts
