"""The dashboard says what rests on illustrative material (SPEC 3.7): the reference list is all illustrative."""


def test_overview_names_the_illustrative_material_it_rests_on(web):
    page = web.get("/").text
    assert "ILLUSTRATIVE:" in page and "requirement lines" in page
    assert "from sourced offers" in page
