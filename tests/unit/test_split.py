from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ramstein.pledges.service import split_by_gdp


def test_joint_pledge_splits_in_proportion_to_gdp():
    parts = split_by_gdp(Decimal("300"), {"AAA": Decimal("1"), "BBB": Decimal("2")})
    assert parts == {"AAA": Decimal("100.00"), "BBB": Decimal("200.00")}


@given(total=st.integers(min_value=1, max_value=10**14).map(lambda c: Decimal(c) / 100),
       gdps=st.lists(st.integers(min_value=10**6, max_value=10**14), min_size=2, max_size=8))
def test_split_parts_always_sum_exactly_to_the_total(total, gdps):
    shares = {f"N{i:02d}": Decimal(g) for i, g in enumerate(gdps)}
    parts = split_by_gdp(total, shares)
    assert sum(parts.values()) == total
    assert all(p >= 0 for p in parts.values())
    # no part is off its proportional share by more than the cents handed to the largest
    weight = sum(shares.values())
    for code, part in parts.items():
        assert abs(part - total * shares[code] / weight) <= Decimal("0.01") * len(shares)
