"""What can go wrong with an offer, as two distributions per offer with documented defaults.

Delay: with probability `delay_probability` the supplier's deliveries slip, by a whole number of
months drawn as ceil(Exponential(mean = delay_mean_months)); otherwise by nothing. Every order from
the offer slips by the same draw in a run (a late line delays all that is made on it).
Shortfall: with probability `shortfall_probability` the offer produces only a fraction of its
capacity, 1 - Beta(2, b) with mean `shortfall_mean` (floored at 5% of capacity), so its orders queue.

The defaults are planning assumptions, not measurements: a third of suppliers slipping by about a
quarter, a quarter of them losing about a fifth of output. Override them per offer with a CSV file
(`offer,delay_probability,delay_mean_months,shortfall_probability,shortfall_mean`; empty cells keep
the default) where a supplier's record says otherwise. Offers from stock have their own defaults
(STOCK_RISK): a hand-over within weeks slips less often, by about a month.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from pathlib import Path

from ramstein.errors import ValidationError

FIELDS = ("delay_probability", "delay_mean_months", "shortfall_probability", "shortfall_mean")


@dataclass(frozen=True)
class OfferRisk:
    delay_probability: float = 0.35
    delay_mean_months: float = 3.0
    shortfall_probability: float = 0.25
    shortfall_mean: float = 0.2
    source: str = "default"

    def __post_init__(self) -> None:
        for name in ("delay_probability", "shortfall_probability"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValidationError(f"{name} must be between 0 and 1", field=name)
        if self.delay_mean_months <= 0:
            raise ValidationError("delay_mean_months must be > 0", field="delay_mean_months")
        if not 0 < self.shortfall_mean < 1:
            raise ValidationError("shortfall_mean must be between 0 and 1 (exclusive)", field="shortfall_mean")


DEFAULT_RISK = OfferRisk()
# a hand-over from stock (weeks, SPEC section 2): slips less often and by about a month, rarely short;
# planning assumptions like the defaults above, not measurements
STOCK_RISK = OfferRisk(delay_probability=0.15, delay_mean_months=0.5, shortfall_probability=0.1,
                       shortfall_mean=0.2, source="default for stock")


def read_risks(path: Path, default: OfferRisk = DEFAULT_RISK) -> dict[str, OfferRisk]:
    """Per-offer overrides from a CSV file; errors name the file, row and column."""
    found: dict[str, OfferRisk] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        unknown = sorted(set(reader.fieldnames or ()) - {"offer", *FIELDS})
        if unknown or "offer" not in (reader.fieldnames or ()):
            raise ValidationError(f"{path.name}:1: columns must be offer and some of {', '.join(FIELDS)}",
                                  field="risks")
        for row_no, row in enumerate(reader, start=2):
            values = {}
            for name in FIELDS:
                text = (row.get(name) or "").strip()
                if text:
                    try:
                        values[name] = float(text)
                    except ValueError:
                        raise ValidationError(f"{path.name}:{row_no}: {name}: not a number: {text!r}",
                                              field=name) from None
            try:
                found[row["offer"].strip()] = replace(default, **values, source=f"{path.name}:{row_no}")
            except ValidationError as exc:
                raise ValidationError(f"{path.name}:{row_no}: {exc.message}", field=exc.field) from None
    return found
