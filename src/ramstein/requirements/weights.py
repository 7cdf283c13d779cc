"""How a line's value follows from its priority when Ukraine sets no weight.

Priority 1 is worth 100, priority p is worth 100/p: urgent lines dominate, later ones still count.
"""

from __future__ import annotations

from decimal import Decimal


def effective_weight(priority: int, weight: Decimal | None) -> Decimal:
    if weight is not None:
        return weight
    return (Decimal(100) / Decimal(priority)).quantize(Decimal("0.000001"))
