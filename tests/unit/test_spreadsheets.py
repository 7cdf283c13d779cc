"""Formula-leading text is neutralized for spreadsheets and restored exactly (issue 12 item 10)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ramstein.spreadsheets import neutralize, restore


def test_formula_leading_text_gets_an_apostrophe_and_other_text_does_not():
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\n=1", "'=1", "''+x"):
        assert neutralize(text) == "'" + text
    for text in ("", "plain", "'quoted", "1-2", " =1", "Ｗ"):
        assert neutralize(text) == text


@given(st.text(alphabet=st.sampled_from("=+-@\t\r\n'ab 1"), max_size=8) | st.text(max_size=8))
def test_restore_undoes_exactly_what_neutralize_did(text):
    assert restore(neutralize(text)) == text
    assert neutralize(text).startswith("'") or not text.lstrip("'").startswith(("=", "+", "-", "@", "\t", "\r"))
