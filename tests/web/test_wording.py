"""How the dashboard writes figures and codes for people (web/wording.py, charts' scale, form messages)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ramstein.web.charts import Chart, Series
from ramstein.web.forms import plain_message
from ramstein.web.wording import category, quantity, ratio


@pytest.mark.parametrize(("value", "text"), [(20206.0, "20,206"), (Decimal("60000.000000"), "60,000"), (0, "0"),
                                             (Decimal("1234.5"), "1,234.5"), (Decimal("0.125"), "0.13"),
                                             (None, "")])
def test_quantities_have_thousands_separators_and_no_trailing_zeros(value, text):
    assert quantity(value) == text


def test_categories_read_as_words():
    assert category("air_defense") == "Air defence"
    assert category("long_range_fires") == "Long-range fires"
    assert category("engineering_equipment") == "Engineering equipment"
    assert category(None) == ""


def test_ratios_have_two_decimals():
    assert ratio(0.8666) == "0.87" and ratio(None) == ""


def test_money_charts_switch_to_billions_when_millions_would_read_six_digits():
    small = Chart("a", "t", "bar", ["x"], [Series("s", [Decimal(5_000_000)])], "USD", ())
    large = Chart("b", "t", "bar", ["x"], [Series("s", [Decimal(1_200_000) * 1_000_000])], "USD", ())
    assert small.config()["axis"] == "USD million" and small.config()["series"][0]["values"] == [5.0]
    assert large.config()["axis"] == "USD billion" and large.config()["series"][0]["values"] == [1200.0]


def test_a_series_carries_its_tone_to_the_chart_script():
    chart = Chart("c", "t", "hstacked", ["x"], [Series("Late or short", [Decimal(1)], tone="bad")], "%", (),
                  in_millions=False)
    assert chart.config()["series"][0]["tone"] == "bad"


def test_form_messages_drop_pydantics_prefix_and_name_the_expected_form():
    assert plain_message({"type": "value_error", "msg": "Value error, a source URL must start with http"}) == \
        "a source URL must start with http"
    assert plain_message({"type": "date_from_datetime_parsing", "msg": "Input should be a valid date"}).startswith(
        "not a date: use YYYY-MM-DD")
