"""Text that a spreadsheet would run as a formula: neutralized in every CSV and XLSX export, restored
on import, so a round trip gives back the text it started from.

Excel, LibreOffice and Google Sheets treat a cell beginning with `=`, `+`, `-` or `@` (and, in some,
a tab or line break before one) as a formula: a note `=HYPERLINK("https://evil.example", "click")`
would become a live link, and worse formulas can run commands or send the sheet's contents away.
Following OWASP's guidance on CSV injection, such text is written with a leading apostrophe, which
every spreadsheet shows as text. Text that already begins with apostrophes before one of those
characters gets one more, so `restore` can always remove exactly the one `neutralize` added.
Numbers and dates are not text and are written as they are.
"""

from __future__ import annotations

# OWASP's list, and a line feed: an XLSX file reads a carriage return back as one, and the apostrophe
# before it must still be recognised on import
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
QUOTE = "'"


def _would_be_formula(text: str) -> bool:
    return text.lstrip(QUOTE).startswith(FORMULA_START)


def neutralize(text: str) -> str:
    """`text` as a cell no spreadsheet runs: an apostrophe before formula-leading text."""
    return QUOTE + text if _would_be_formula(text) else text


def restore(text: str) -> str:
    """The text `neutralize` was given (an imported cell written by an export, or by hand)."""
    return text[1:] if text.startswith(QUOTE) and _would_be_formula(text) else text
