"""Catalogues are versioned data: loaded field for field, never changed once loaded."""

from __future__ import annotations

import copy
import io
import json

import pytest

from certification.catalogues_data import CATALOGUE_DIR, housing_fields, load, load_catalogue_data
from certification.choices import CatalogueKind
from certification.models import Catalogue, CatalogueItem
from nsp.accounts.models import Organisation, User
from tests.certification import factories as cf
from tests.conftest import login

pytestmark = pytest.mark.django_db


def _json(name: str) -> dict:  # type: ignore[type-arg]
    return json.loads((CATALOGUE_DIR / name).read_text(encoding="utf-8"))


def test_it_loads_the_25_minimum_requirements_in_four_sections() -> None:
    catalogue = cf.minimum_requirements()
    sections = list(catalogue.sections.prefetch_related("items"))
    assert [s.title for s in sections] == [
        "Inskrivning",
        "Vistelsetid",
        "Utslussning",
        "Verksamhetsutövning, personal och administration",
    ]
    assert [next(i.number for i in s.items.all()) for s in sections] == ["1", "6", "15", "18"]
    assert CatalogueItem.objects.filter(section__catalogue=catalogue).count() == 25


@pytest.mark.parametrize(
    "filename", ["nsp_mc_dok10_1-2015.json", "lst_skyddat_boende.json", "region_kvalitetskrav.json"]
)
def test_it_keeps_the_seed_wording_field_for_field(filename: str) -> None:
    cf.catalogues()
    data = _json(filename)
    catalogue = Catalogue.objects.get(code=data["code"], edition=data["edition"])
    assert catalogue.kind == data["kind"]
    loaded = [
        (s.number, s.title, i.number, i.requirement, i.question, i.guidance)
        for s in catalogue.sections.all()
        for i in s.items.all()
    ]
    expected = [
        (
            s["number"],
            s["title"],
            i["number"],
            i["requirement"],
            i.get("question") or "",
            i.get("guidance") or "",
        )
        for s in data["sections"]
        for i in s["items"]
    ]
    assert loaded == expected


def test_it_loads_the_activity_profile_catalogue_with_housing_choices() -> None:
    cf.catalogues()
    catalogue = Catalogue.objects.get(kind=CatalogueKind.ACTIVITY_PROFILE)
    assert next(a["title"] for a in catalogue.definition["areas"]) == "Prevention/Förebyggande"
    fields = {f["key"]: f for f in housing_fields(catalogue.definition)}
    assert fields["security"]["choices"]  # empty in the seed, filled with Swedish options
    assert fields["places"]["type"] == "integer"


def test_loading_twice_changes_nothing() -> None:
    cf.catalogues()
    before = CatalogueItem.objects.count()
    out = io.StringIO()
    load(out)
    assert CatalogueItem.objects.count() == before
    assert out.getvalue() == ""


def test_an_old_assessment_keeps_its_edition_after_a_new_one_is_loaded(
    org_a: Organisation, coordinator: User
) -> None:
    assessment = cf.open_assessment(org_a)
    original = _json("nsp_mc_dok10_1-2015.json")
    new = copy.deepcopy(original)
    new["edition"] = "2 2027"
    new["sections"][0]["items"][0]["requirement"] = "Ny formulering av krav 1."
    _catalogue, created = load_catalogue_data(new)
    assert created

    # Loading the old edition again does not touch it either.
    _same, created_again = load_catalogue_data(original)
    assert not created_again

    response = login(coordinator).get(f"/certifiering/bedomning/{assessment.pk}/")
    text = response.content.decode()
    assert "1 2015" in text and "2 2027" not in text
    assert original["sections"][0]["items"][0]["requirement"] in text
    assert "Ny formulering av krav 1." not in text
    # A new assessment may use the new edition.
    newer = cf.open_assessment(org_a, Catalogue.objects.get(edition="2 2027"))
    assert newer.answers.first().item.requirement == "Ny formulering av krav 1."  # type: ignore[union-attr]


def test_the_admin_freezes_an_edition_in_use_but_accepts_a_new_one(org_a: Organisation) -> None:
    from tests.factories import UserFactory

    admin_user = UserFactory(username="catalogue-admin", administrator=True)
    assessment = cf.open_assessment(org_a)
    client = login(admin_user)
    url = f"/django-admin/certification/catalogue/{assessment.catalogue.pk}/change/"
    response = client.post(url, {"code": "X", "edition": "Y", "title": "Ändrad", "kind": "x"})
    assert response.status_code == 403
    assessment.catalogue.refresh_from_db()
    assert assessment.catalogue.title == "Minimikrav för certifiering"
    add = client.get("/django-admin/certification/catalogue/add/")
    assert add.status_code == 200
