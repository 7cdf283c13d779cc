import pytest

from ramstein.errors import InvalidTransition
from ramstein.states import PACKAGE_MOVES, PLEDGE_MOVES, best_confidence, check_move, statuses_reached


@pytest.mark.parametrize("current,target", [
    ("announced", "confirmed"), ("confirmed", "committed"), ("committed", "disbursed"),
    ("announced", "withdrawn"), ("confirmed", "withdrawn"), ("committed", "withdrawn"),
])
def test_pledge_moves_that_the_lifecycle_allows(current, target):
    check_move("pledge", PLEDGE_MOVES, current, target)


@pytest.mark.parametrize("current,target", [
    ("disbursed", "withdrawn"), ("announced", "disbursed"), ("withdrawn", "confirmed"), ("committed", "announced"),
])
def test_pledge_moves_that_are_refused(current, target):
    with pytest.raises(InvalidTransition, match=f"a {current} pledge cannot become {target}"):
        check_move("pledge", PLEDGE_MOVES, current, target)


def test_package_lifecycle_is_linear():
    path = statuses_reached(PACKAGE_MOVES, "draft", "delivered")
    assert path == ["approved", "contracted", "delivering", "delivered"]
    with pytest.raises(InvalidTransition):
        check_move("package", PACKAGE_MOVES, "draft", "contracted")


def test_unknown_status_names_the_allowed_ones():
    with pytest.raises(InvalidTransition, match="unknown pledge status 'paid'"):
        check_move("pledge", PLEDGE_MOVES, "announced", "paid")


def test_confidence_of_a_figure_is_the_best_of_its_sources():
    assert best_confidence(["unconfirmed", "reported"]) == "reported"
    assert best_confidence(["reported", "official"]) == "official"
