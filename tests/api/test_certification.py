"""Organisations, certification status and catalogues over the API."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from certification.models import Certification
from nsp.accounts.models import Organisation, User
from tests.api.factories import ids, token_client
from tests.certification.factories import minimum_requirements
from tests.funding.factories import certify, item


def test_organisations_are_public_with_their_certification_status(
    org_a: Organisation, org_b: Organisation
) -> None:
    certify(org_a)
    rows = Client().get(reverse("api:organisation-list")).json()["results"]
    status = {row["id"]: row["certification_status"] for row in rows}
    assert status == {str(org_a.pk): "certified", str(org_b.pk): "not_started"}
    skane = Client().get(reverse("api:organisation-list"), {"region": "skåne"}).json()
    assert [row["id"] for row in skane["results"]] == [str(org_b.pk)]


def test_lists_are_paginated(coordinator: User, org_a: Organisation) -> None:
    body = token_client(coordinator).get(reverse("api:organisation-list"), {"page": 1}).json()
    assert set(body) == {"count", "next", "previous", "results"}


def test_an_actor_sees_only_its_own_certification(
    staff_a: User, staff_b: User, coordinator: User, org_a: Organisation, org_b: Organisation
) -> None:
    certify(org_a)
    certify(org_b)
    own = Certification.objects.get(organisation=org_a)
    url = reverse("api:certification-list")
    assert ids(token_client(staff_a).get(url)) == {str(own.pk)}
    assert token_client(coordinator).get(url).json()["count"] == 2
    detail = token_client(staff_b).get(reverse("api:certification-detail", args=[own.pk]))
    assert detail.status_code == 404
    assert token_client(coordinator).get(url, {"status": "suspended"}).json()["count"] == 0


def test_the_requirement_catalogue_has_sections_and_items(staff_a: User) -> None:
    catalogue = minimum_requirements()
    response = token_client(staff_a).get(
        reverse("api:requirement-catalogue-detail", args=[catalogue.pk])
    )
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == catalogue.code
    assert body["sections"] and body["sections"][0]["items"]


def test_the_intervention_list_has_its_items_and_caps(staff_b: User) -> None:
    therapy = item("therapy")
    rows = token_client(staff_b).get(reverse("api:intervention-catalogue-list")).json()["results"]
    assert len(rows) == 1
    found = {i["key"]: i for i in rows[0]["items"]}["therapy"]
    assert found["max_unit_cost"] == f"{therapy.max_unit_cost:.2f}"


def test_catalogues_need_authentication() -> None:
    assert Client().get(reverse("api:intervention-catalogue-list")).status_code == 401
