""" "Beslutad av": a decider without first or last name is shown by the username, on the
decision page, the administrator's document page and in the decision PDF (one helper,
``User.display_name``)."""

from __future__ import annotations

from django.urls import reverse

from cases.models import Case
from nsp.accounts.models import User
from tests.conftest import login
from tests.factories import UserFactory
from tests.funding.factories import grant, rest_application
from tests.pdftext import pdf_text


def test_display_name_is_the_full_name_else_the_username() -> None:
    assert User(username="kim", first_name="Kim", last_name="Berg").display_name == "Kim Berg"
    assert User(username="kim", first_name="", last_name="").display_name == "kim"


def test_a_decider_without_a_name_is_shown_by_username(
    admitted_case: Case, staff_a: User, coordinator: User, administrator: User
) -> None:
    nameless = UserFactory(username="samordnare7", first_name="", last_name="", coordinator=True)
    decision = grant(rest_application(admitted_case, staff_a), nameless)

    page = login(coordinator).get(reverse("funding:decision_detail", args=[decision.pk]))
    assert page.status_code == 200
    assert "samordnare7 · " in page.content.decode()

    document = login(administrator).get(reverse("funding:decision_document", args=[decision.pk]))
    assert document.status_code == 200
    assert ">samordnare7<" in document.content.decode()

    text = " ".join(pdf_text(bytes(decision.pdf)).split())
    assert "samordnare7 (" in text


def test_a_decider_with_a_name_is_shown_by_name(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    named = UserFactory(
        username="samordnare8", first_name="Kim", last_name="Berg", coordinator=True
    )
    decision = grant(rest_application(admitted_case, staff_a), named)
    page = login(coordinator).get(reverse("funding:decision_detail", args=[decision.pk]))
    assert "Kim Berg · " in page.content.decode()
    assert "Kim Berg (" in " ".join(pdf_text(bytes(decision.pdf)).split())
