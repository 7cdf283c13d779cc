"""How the dashboard writes codes and figures for people: categories as words, quantities with thousands
separators and no trailing zeros, and shares and ratios to sensible decimals. Pure functions, used as
Jinja filters (render.py)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

# categories whose words are not their code with spaces
CATEGORY_WORDS = {"long_range_fires": "Long-range fires", "air_defense": "Air defence", "c2": "Command and control",
                  "isr": "ISR (intelligence, surveillance, reconnaissance)", "ew": "Electronic warfare"}


def category(code: str | None) -> str:
    """'air_defense' -> 'Air defence', 'ammunition' -> 'Ammunition'; an unknown code reads as words too."""
    if not code:
        return ""
    return CATEGORY_WORDS.get(code, code.replace("_", " ").capitalize())


def quantity(value: Decimal | float | int | None, places: int = 2) -> str:
    """Units: '20,206' for 20206.0, '1,234.5' for 1234.50; at most `places` decimals, none when whole."""
    if value is None:
        return ""
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = format(number.normalize(), ",f") if number else "0"
    return text


def ratio(value: Decimal | float | int | None, places: int = 2) -> str:
    """A ratio or score to `places` decimals: '0.87'; empty when unknown."""
    if value is None:
        return ""
    return format(Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP), ",f")
