"""Charts as data: what a chart shows, which confidence levels it includes, and the table behind it.

Routes build a Chart; the `chart` macro renders a titled <figure> with a canvas for Chart.js and the
same figures as a table, so the page reads without JavaScript and screen readers get the numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

MILLION = Decimal(1_000_000)
BILLION = Decimal(1_000_000_000)


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Decimal | int | None]
    # a colour that means something: "bad" (late, short), "good" (delivered), "pending"; else the palette's
    tone: str = ""


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    kind: str  # "bar", "hbar", "line", "stacked", "hstacked" (horizontal stacked), "band"
    labels: Sequence[str]
    series: Sequence[Series]
    unit: str  # what the table's figures are, e.g. "USD"
    confidence: Sequence[str]  # the confidence levels the figures include; empty: not applicable
    note: str = ""
    label_name: str = ""  # the table's first column heading, e.g. "Nation"
    missing: str = "undisclosed"  # what a table cell says where a figure is None
    # shown in millions on the axis when the figures are money
    in_millions: bool = True
    links: Sequence[str | None] = field(default_factory=tuple)

    @property
    def rows(self) -> list[tuple[str, str | None, list[Decimal | None]]]:
        links = list(self.links) or [None] * len(self.labels)
        return [(label, links[i], [s.values[i] for s in self.series]) for i, label in enumerate(self.labels)]

    @property
    def is_empty(self) -> bool:
        return not self.labels or all(v is None for s in self.series for v in s.values)

    def scale(self) -> tuple[Decimal, str]:
        """Money in millions, or in billions when the axis would read 100,000 million and more."""
        if not self.in_millions:
            return Decimal(1), self.unit
        top = max((abs(Decimal(v)) for s in self.series for v in s.values if v is not None), default=Decimal(0))
        return (BILLION, f"{self.unit} billion") if top >= 100_000 * MILLION else (MILLION, f"{self.unit} million")

    def config(self) -> dict[str, Any]:
        """What static/charts.js hands to Chart.js: numbers as floats are fine for drawing only; `axis` is
        the unit of the drawn numbers (tooltips say it too)."""
        scale, axis = self.scale()
        return {
            "kind": self.kind, "labels": list(self.labels), "axis": axis,
            "series": [{"name": s.name, "tone": s.tone,
                        "values": [None if v is None else float(Decimal(v) / scale) for v in s.values]}
                       for s in self.series],
        }


def confidence_text(levels: Sequence[str]) -> str:
    return ", ".join(levels) if levels else "all levels"
