from decimal import Decimal

from sqlalchemy import func, select

from ramstein.models import Nation, NationFigure, Offer, Pledge, RequirementLine
from ramstein.reference import load_reference_data


def test_reference_data_holds_the_coalition_with_sourced_figures(ref_uow):
    s = ref_uow.session
    codes = set(s.execute(select(Nation.iso3)).scalars())
    assert len(codes) == 36 and {"USA", "TUR", "AUS", "NZL", "JPN", "UKR"} <= codes
    assert s.execute(select(func.count()).select_from(Nation).where(Nation.nato)).scalar_one() == 32
    nld = s.execute(select(NationFigure).where(NationFigure.nation_iso3 == "NLD",
                                               NationFigure.measure == "gdp_usd",
                                               NationFigure.year == 2024)).scalar_one()
    assert nld.value == Decimal("1214562000000") and "IMF" in nld.source.title


def test_reported_pledges_keep_sources_splits_and_undisclosed_amounts(ref_uow):
    s = ref_uow.session
    pledges = s.execute(select(Pledge)).scalars().all()
    assert all(p.sources for p in pledges)
    nld = next(p for p in pledges if p.nation_iso3 == "NLD" and p.package_ref == "1")
    assert nld.status == "committed" and nld.amount == Decimal("500000000") and nld.currency == "EUR"
    joint = [p for p in pledges if p.package_ref == "2"]
    assert {p.nation_iso3 for p in joint} == {"DNK", "NOR", "SWE"} and all(p.estimated for p in joint)
    assert sum(p.amount for p in joint) == Decimal("495000000")
    lux = [p for p in pledges if p.nation_iso3 == "LUX"]
    assert lux and all(p.amount is None and not p.disclosed for p in lux)


def test_every_requirement_line_and_invented_offer_is_marked_illustrative(ref_uow):
    s = ref_uow.session
    lines = s.execute(select(RequirementLine)).scalars().all()
    assert len(lines) >= 35 and all(x.illustrative for x in lines)
    for offer in s.execute(select(Offer)).scalars():
        assert offer.sources, offer.ref
        assert offer.illustrative or offer.confidence in ("official", "reported"), offer.ref


def test_loading_twice_loads_nothing_more(ref_uow):
    before = ref_uow.session.execute(select(func.count()).select_from(Pledge)).scalar_one()
    assert load_reference_data(ref_uow.session) == {}
    assert ref_uow.session.execute(select(func.count()).select_from(Pledge)).scalar_one() == before
