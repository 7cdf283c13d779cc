"""The dashboard says how old its reference data is and sets public PURL totals beside the ledger."""

from ramstein.dataset import DATA_AS_OF, DATASET


def test_every_page_footer_names_the_reference_data_version_and_its_vintage(web):
    for path in ("/", "/pledges", "/nations"):
        page = web.get(path)
        assert page.status_code == 200
        assert f"Reference data {DATASET}, checked against public reporting on {DATA_AS_OF}" in page.text


def test_the_overview_reconciles_public_totals_with_the_ledger_and_says_why_they_differ(web):
    page = web.get("/").text
    assert "Check: public PURL totals beside the ledger" in page
    assert "2025-12-31" in page and "4,300.0" in page  # the presidency's USD 4.3bn for 2025
    assert "estimated shares (DNK, LVA" in page and "undisclosed amounts (MKD, MNE)" in page
