import csv
from decimal import Decimal

from sqlalchemy import func, select

from ramstein.models import Nation, NationFigure, Offer, Pledge, RequirementLine
from ramstein.reference import data_file, load_reference_data


def test_reference_data_holds_the_coalition_with_sourced_figures(ref_uow):
    s = ref_uow.session
    codes = set(s.execute(select(Nation.iso3)).scalars())
    assert len(codes) == 36 and {"USA", "TUR", "AUS", "NZL", "JPN", "UKR"} <= codes
    assert s.execute(select(func.count()).select_from(Nation).where(Nation.nato)).scalar_one() == 32
    nld = s.execute(select(NationFigure).where(NationFigure.nation_iso3 == "NLD",
                                               NationFigure.measure == "gdp_usd",
                                               NationFigure.year == 2024)).scalar_one()
    assert nld.value == Decimal("1214562000000") and "IMF" in nld.source.title


def test_reported_pledges_keep_sources_published_shares_and_undisclosed_amounts(ref_uow):
    s = ref_uow.session
    pledges = s.execute(select(Pledge)).scalars().all()
    assert all(p.sources for p in pledges)
    nld = next(p for p in pledges if p.nation_iso3 == "NLD" and p.package_ref == "PURL-1")
    assert nld.status == "committed" and nld.amount == Decimal("500000000") and nld.currency == "EUR"
    second = {p.nation_iso3: p for p in pledges if p.package_ref == "PURL-2"}
    assert set(second) == {"DNK", "NOR", "SWE"}  # the shares as published, not a GDP split
    assert second["DNK"].amount == Decimal("580000000") and second["DNK"].currency == "DKK"
    assert second["SWE"].amount == Decimal("275000000") and not any(p.estimated for p in second.values())
    undisclosed = {p.nation_iso3 for p in pledges if p.amount is None}
    assert {"MKD", "MNE"} <= undisclosed and all(not p.disclosed for p in pledges if p.amount is None)


def test_estimated_parts_never_carry_the_confidence_of_the_figures_they_rest_on(ref_uow):
    pledges = ref_uow.session.execute(select(Pledge)).scalars().all()
    estimated = [p for p in pledges if p.estimated or p.confidence == "estimated"]
    assert {p.nation_iso3 for p in estimated} == {"DNK", "LVA", "NOR"}
    for p in estimated:
        assert p.confidence == "estimated" and p.estimated
        assert {src.confidence for src in p.sources} == {"reported"}  # the joint total's sources
    split = [p for p in estimated if p.joint_group]
    assert sum(p.amount for p in split) == split[0].joint_total


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


def test_joint_totals_equal_the_sum_of_their_parts(ref_uow):
    """A package with an estimated remainder: published shares plus the estimate make the reported total."""
    pledges = ref_uow.session.execute(select(Pledge)).scalars().all()
    by_key: dict[str, list[Pledge]] = {}
    for p in pledges:
        by_key.setdefault(f"{p.nation_iso3}@{p.date.isoformat()}", []).append(p)
    with data_file("packages.csv").open(encoding="utf-8") as handle:
        packages = list(csv.DictReader(handle))
    checked = 0
    for package in packages:
        parts = [p for key in package["funded_by"].split()
                 for nation in key.split("@")[0].split(";")
                 for p in by_key[f"{nation}@{key.split('@')[1]}"]]
        if any(p.confidence == "estimated" for p in parts):
            assert package["currency"] == "USD"
            assert sum(p.usd_amount for p in parts) == Decimal(package["value"]), package["ref"]
            checked += 1
    assert checked == 2


def test_the_package_register_is_loaded_with_its_funding_pledges(ref_uow):
    from ramstein.models import Package
    from ramstein.packages.repository import list_funding_pledge_ids

    s = ref_uow.session
    packages = {p.ref: p for p in s.execute(select(Package)).scalars()}
    assert {"PURL-1", "PURL-2", "PURL-3", "PURL-4", "PURL-5", "PURL-NB8"} <= set(packages)
    assert packages["PURL-1"].status == "delivering" and packages["PURL-1"].released_at
    assert "Patriot" in packages["PURL-1"].note and "https://" in packages["PURL-1"].note
    second = {s.get(Pledge, i).nation_iso3 for i in list_funding_pledge_ids(s, packages["PURL-2"].id)}
    assert second == {"DNK", "NOR", "SWE"}
    nb8 = [s.get(Pledge, i) for i in list_funding_pledge_ids(s, packages["PURL-NB8"].id)]
    assert sum(p.usd_amount for p in nb8) == packages["PURL-NB8"].target_usd
    assert list_funding_pledge_ids(s, packages["PURL-5"].id) == [] and packages["PURL-5"].target_usd is None
