"""The same person twice in a real browser: the coordinator sees a possible earlier case
on the new case's page, compares, and links them."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from cases.choices import Gender
from cases.selectors import same_person_cases
from nsp.accounts.models import Organisation, User
from tests.browser.conftest import log_in_with_code
from tests.cases.factories import CaseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_links_an_earlier_case_of_the_same_person(
    page: Any, coordinator: User, org_a: Organisation, org_b: Organisation
) -> None:
    person = {
        "surname_initial": "K",
        "first_name_initial": "L",
        "birth_year": 1990,
        "gender": Gender.WOMAN,
        "nationality": "Rumänien",
    }
    earlier = CaseFactory(organisation=org_a, closed=True, **person)
    new = CaseFactory(organisation=org_b, **person)
    log_in_with_code(page, "coordinator")
    page.goto(f"/arenden/{new.pk}/")
    # The count comes after the page is shown (htmx): wait for it.
    expect(page.locator("#same-person")).to_contain_text("1 tidigare ärende kan vara samma person.")
    page.get_by_role("link", name="Samma person?").click()
    page.wait_for_url(f"**/arenden/{new.pk}/samma-person/")
    section = page.locator(f"section[data-case='{earlier.pk}']")
    assert earlier.case_number in section.inner_text()
    section.get_by_role("button", name="Samma person: koppla").click()
    page.wait_for_url(f"**/arenden/{new.pk}/samma-person/")
    assert (
        "Kopplat: samma person" in page.locator(f"section[data-case='{earlier.pk}']").inner_text()
    )
    assert set(same_person_cases(new)) == {new, earlier}
