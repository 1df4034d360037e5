"""Case views: lists, forms, bad input, escaping, scoping and the access log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import questionnaire
from cases.choices import DOCUMENT_QUESTIONNAIRE, CaseStatus, DocumentKind, DocumentStatus
from cases.models import Case, CaseDocument, ImplementationPlan, Inquiry
from nsp.accounts.models import User
from nsp.audit.models import AccessLog
from tests.cases.factories import (
    CaseDocumentFactory,
    CaseFactory,
    ChildFactory,
    InquiryFactory,
    PlanItemFactory,
    certify,
)
from tests.conftest import login
from tests.funding.factories import phase

pytestmark = pytest.mark.django_db


def _yes_no_questions() -> list[str]:
    """The exposure and vulnerability questions a submitted initial assessment answers."""
    definition = questionnaire.current(DOCUMENT_QUESTIONNAIRE[DocumentKind.INITIAL]).definition
    required = questionnaire.submit_required(DocumentKind.INITIAL, definition)
    return [k for k in required if k not in questionnaire.INITIAL_SUBMIT_ITEMS]


def _application_post(**overrides: str) -> dict[str, str]:
    data = {
        "date": timezone.localdate().isoformat(),
        "case_officer": "Hanna Holm, socionom",
        "surname_initial": "k",
        "first_name_initial": "L",
        "birth_year": "1990",
        "gender": "female",
        "nationality": "Rumänien",
        "trafficking_type": "begging",
        "case_description": "<script>alert(1)</script>",
        "recommendation": "Tillträde och max 30 dagars vila.",
        **dict.fromkeys(_yes_no_questions(), "no"),
    }
    data.update(overrides)
    return data


def test_it_saves_an_application_draft_and_submits_it(staff_a: User) -> None:
    assert staff_a.organisation is not None
    certify(staff_a.organisation)
    client = login(staff_a)
    response = client.post(reverse("cases:application_create"), _application_post(save="1"))
    doc = CaseDocument.objects.get()
    assert response.status_code == 302
    assert doc.status == DocumentStatus.DRAFT
    assert doc.case.surname_initial == "K"
    response = client.post(
        reverse("cases:document_edit", args=[doc.pk]), _application_post(submit="1")
    )
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.SUBMITTED
    assert doc.case.status == CaseStatus.APPLIED
    page = client.get(reverse("cases:document_detail", args=[doc.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


def test_bad_input_shows_messages_and_saves_nothing(staff_a: User) -> None:
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = login(staff_a).post(
        reverse("cases:application_create"),
        _application_post(
            birth_year="1800", arrival_date=tomorrow, first_name_initial="", save="1"
        ),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert {"birth_year", "arrival_date", "first_name_initial"} <= set(form.errors)
    assert not Case.objects.exists()


def test_submitting_without_the_required_items_is_refused(staff_a: User) -> None:
    response = login(staff_a).post(
        reverse("cases:application_create"), _application_post(case_officer="", submit="1")
    )
    assert response.status_code == 200
    assert "case_officer" in response.context["form"].errors
    assert not Case.objects.exists()


def test_a_locked_document_cannot_be_edited(staff_a: User) -> None:
    doc = CaseDocumentFactory(case__organisation=staff_a.organisation, submitted=True)
    response = login(staff_a).post(
        reverse("cases:document_edit", args=[doc.pk]), {"date": "2026-01-01", "save": "1"}
    )
    assert response.status_code == 403


def test_a_document_submitted_meanwhile_is_refused_with_a_form_error(
    staff_a: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The edit page read a draft, another request submitted it: a message, not a 500."""
    assert staff_a.organisation is not None
    certify(staff_a.organisation)
    client = login(staff_a)
    client.post(reverse("cases:application_create"), _application_post(save="1"))
    doc = CaseDocument.objects.get()
    stale = CaseDocument.objects.select_related("case__organisation", "questionnaire").get()
    response = client.post(
        reverse("cases:document_edit", args=[doc.pk]), _application_post(submit="1")
    )
    assert response.status_code == 302
    monkeypatch.setattr("cases.views.documents._document", lambda request, document_id: stale)
    response = client.post(
        reverse("cases:document_edit", args=[doc.pk]),
        _application_post(save="1", surname_initial="Z"),
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Ett inskickat dokument är låst; gör en rättelse för att ändra det."
    ]
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.SUBMITTED
    assert doc.case.surname_initial == "K"
    assert doc.case.status == CaseStatus.APPLIED


def test_a_correction_opens_a_new_draft(staff_a: User) -> None:
    doc = CaseDocumentFactory(case__organisation=staff_a.organisation, submitted=True)
    response = login(staff_a).post(reverse("cases:document_correct", args=[doc.pk]))
    correction = CaseDocument.objects.get(previous=doc)
    assert response["Location"] == reverse("cases:document_edit", args=[correction.pk])


def test_the_coordinator_admits_an_application(coordinator: User) -> None:
    phase()
    case = CaseFactory()
    certify(case.organisation)  # the actor may file applications (not a certification test)
    response = login(coordinator).post(
        reverse("cases:case_decide", args=[case.pk]),
        {"outcome": "granted", "motivation": "Faller inom målgruppen."},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.case_number == "NSP001"
    assert case.funding_applications.get().decisions.get().motivation == "Faller inom målgruppen."


def test_admitting_for_an_uncertified_actor_needs_a_recorded_override(coordinator: User) -> None:
    """002: "Det är endast certifierade aktörer som kan ansöka om medel via det Nationella
    Stödprogrammet" — re-checked when admission is decided: the decider is shown why, and
    an override is explicit and kept on the decision."""
    phase()
    case = CaseFactory()  # its actor has no certification
    url = reverse("cases:case_decide", args=[case.pk])
    client = login(coordinator)
    response = client.post(url, {"outcome": "granted", "motivation": "Faller inom målgruppen."})
    assert response.status_code == 200
    assert "undantag" in " ".join(response.context["form"].non_field_errors())
    case.refresh_from_db()
    assert case.status == CaseStatus.APPLIED
    response = client.post(
        url,
        {
            "outcome": "granted",
            "motivation": "Faller inom målgruppen.",
            "actor_override_reason": "Certifieringen förnyas; klienten behöver plats nu.",
        },
    )
    assert response.status_code == 302
    decision = case.funding_applications.get().decisions.get()
    assert decision.actor_override_reason == "Certifieringen förnyas; klienten behöver plats nu."


def test_refusing_needs_a_motivation(coordinator: User) -> None:
    phase()
    case = CaseFactory()
    response = login(coordinator).post(
        reverse("cases:case_decide", args=[case.pk]), {"outcome": "denied", "motivation": ""}
    )
    assert response.status_code == 200
    assert "motivation" in response.context["form"].errors
    case.refresh_from_db()
    assert case.status == CaseStatus.APPLIED


def test_actors_cannot_decide(staff_a: User) -> None:
    case = CaseFactory(organisation=staff_a.organisation)
    response = login(staff_a).get(reverse("cases:case_decide", args=[case.pk]))
    assert response.status_code == 403


def test_a_period_report_starts_from_a_granted_period(staff_a: User) -> None:
    """Issue 19: without a chosen period the page lists the case's granted periods."""
    case = CaseFactory(organisation=staff_a.organisation, admitted=True)
    response = login(staff_a).get(reverse("cases:document_create", args=[case.pk, "period_report"]))
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert not CaseDocument.objects.exists()


def _timeline(client: Client, case: Case, *, htmx: bool = True) -> HttpResponse:
    """The case page's timeline as the page loads it (htmx), or opened directly."""
    url = reverse("cases:case_timeline", args=[case.pk])
    return client.get(url, headers={"HX-Request": "true"} if htmx else {})  # type: ignore[return-value]


def test_the_case_page_shows_the_timeline_and_overdue_follow_ups(staff_a: User) -> None:
    case = CaseFactory(organisation=staff_a.organisation, admitted=True)
    PlanItemFactory(case=case, overdue=True, goal="Läkarbesök")
    InquiryFactory(organisation=staff_a.organisation, case=case, description="Förfrågan X")
    client = login(staff_a)
    response = client.get(reverse("cases:case_detail", args=[case.pk]))
    assert response.context["page"].next_due.goal == "Läkarbesök"
    assert AccessLog.objects.filter(case_id=case.pk, path=response.request["PATH_INFO"]).exists()
    # The page loads its timeline after it is shown (htmx), with a plain link as fallback.
    timeline_url = reverse("cases:case_timeline", args=[case.pk])
    html = response.content.decode()
    assert f'hx-get="{timeline_url}" hx-trigger="load"' in html
    assert f'href="{timeline_url}"' in html
    fragment = _timeline(client, case)
    titles = [e.title for e in fragment.context["timeline"]]
    assert any(case.case_number in t for t in titles)
    body = fragment.content.decode()
    assert "Förfrågan X" in body and "<html" not in body
    assert AccessLog.objects.filter(case_id=case.pk, path=timeline_url).exists()


def test_the_timeline_opened_directly_is_a_page_of_its_own(staff_a: User) -> None:
    """Without JavaScript the case page's link opens the timeline as a whole page."""
    case = CaseFactory(organisation=staff_a.organisation, admitted=True)
    InquiryFactory(organisation=staff_a.organisation, case=case, description="Förfrågan Y")
    response = _timeline(login(staff_a), case, htmx=False)
    body = response.content.decode()
    assert "<html" in body and "Förfrågan Y" in body
    assert reverse("cases:case_detail", args=[case.pk]) in body
    assert "HX-Request" in response["Vary"]


def test_timeline_providers_add_entries(staff_a: User, settings: object) -> None:
    settings.NSP_CASE_TIMELINE_PROVIDERS = ["tests.cases.timeline_provider.entries"]  # type: ignore[attr-defined]
    case = CaseFactory(organisation=staff_a.organisation, admitted=True)
    response = _timeline(login(staff_a), case)
    assert "Beslut om 30 dagar" in [e.title for e in response.context["timeline"]]


def test_the_comparison_shows_two_in_depth_assessments(staff_a: User) -> None:
    case = CaseFactory(organisation=staff_a.organisation, admitted=True)
    CaseDocumentFactory(case=case, submitted=True, answers={"date": "2026-01-01", "panic": "3"})
    CaseDocumentFactory(case=case, submitted=True, answers={"date": "2026-02-01", "panic": "1"})
    response = login(staff_a).get(reverse("cases:assessment_compare", args=[case.pk]))
    assert response.context["better"] == 1
    assert response.context["worse"] == 0


def test_the_case_list_uses_a_constant_number_of_queries(coordinator: User, org_a: object) -> None:
    client = login(coordinator)
    url = reverse("cases:case_list")
    CaseFactory(organisation=org_a, admitted=True)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(8):
        case = CaseFactory(organisation=org_a, admitted=True)
        PlanItemFactory(case=case)
        ChildFactory(case=case)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["page"].object_list) == 9
    assert len(many) == len(few)


def test_the_case_page_reads_a_constant_number_of_queries(coordinator: User, org_a: object) -> None:
    """7 queries (session, user, case, access log, documents, children, plan) whatever the
    case holds; every list still shows. The timeline and the coordinator's same-person hint
    are requests of their own."""
    case = CaseFactory(organisation=org_a, admitted=True)
    client = login(coordinator)
    url = reverse("cases:case_detail", args=[case.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(4):
        PlanItemFactory(case=case, goal=f"Mål {i}")
        ChildFactory(case=case)
        CaseDocumentFactory(case=case, submitted=True)
        InquiryFactory(organisation=case.organisation, case=case, description=f"Förfrågan {i}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few) == 7
    page = response.context["page"]
    assert (len(page.documents), len(page.children), len(page.plan_items)) == (4, 4, 4)
    html = response.content.decode()
    assert all(f"Mål {i}" in html for i in range(4))
    assert page.next_due == min(page.plan_items, key=lambda item: item.follow_up_on)


def test_the_timeline_reads_a_constant_number_of_queries(coordinator: User, org_a: object) -> None:
    """At most 10 queries (session, user, case, access log, inquiries, documents, plan
    follow-ups, and one per timeline provider: funding, journal) whatever the case holds."""
    case = CaseFactory(organisation=org_a, admitted=True)
    client = login(coordinator)
    _timeline(client, case)
    with CaptureQueriesContext(connection) as few:
        _timeline(client, case)
    for i in range(4):
        PlanItemFactory(case=case, goal=f"Mål {i}", done_on=timezone.localdate())
        CaseDocumentFactory(case=case, submitted=True)
        InquiryFactory(organisation=case.organisation, case=case, description=f"Förfrågan {i}")
    with CaptureQueriesContext(connection) as many:
        response = _timeline(client, case)
    assert len(many) == len(few) <= 10
    kinds = [e.kind for e in response.context["timeline"]]
    assert (kinds.count("plan"), kinds.count("document"), kinds.count("inquiry")) == (4, 4, 4)
    html = response.content.decode()
    assert all(f"Mål {i}" in html and f"Förfrågan {i}" in html for i in range(4))


def test_the_case_list_counts_up_to_the_cap_then_says_more_than(
    coordinator: User, org_a: object, settings: object
) -> None:
    settings.NSP_LIST_COUNT_CAP = 3  # type: ignore[attr-defined]
    settings.NSP_PAGE_SIZE = 2  # type: ignore[attr-defined]
    for _ in range(3):
        CaseFactory(organisation=org_a, admitted=True)
    client = login(coordinator)
    page = client.get(reverse("cases:case_list")).content.decode()
    assert "3 ärenden" in page
    assert "Sida 1 av 2" in page
    CaseFactory(organisation=org_a, admitted=True)
    response = client.get(reverse("cases:case_list"))
    assert response.context["page"].paginator.capped
    assert "Fler än 3 ärenden" in response.content.decode()
    assert "Sida 1 av fler än 2" in response.content.decode()
    # The last counted page says how to find the rest.
    last = client.get(reverse("cases:case_list"), {"page": 2}).content.decode()
    assert "använd filtren" in last


def test_the_case_list_shows_filter_errors(coordinator: User) -> None:
    response = login(coordinator).get(reverse("cases:case_list"), {"period_from": "igår"})
    assert response.status_code == 200
    assert 'class="invalid-feedback d-block"' in response.content.decode()


def test_the_case_list_filters_by_status(coordinator: User) -> None:
    CaseFactory(admitted=True)
    applied = CaseFactory()
    response = login(coordinator).get(reverse("cases:case_list"), {"status": "applied"})
    assert [c.pk for c in response.context["page"]] == [applied.pk]


# --- Scoping: actor B cannot list, open or guess actor A's data ---------------------


def test_actor_b_does_not_list_actor_a_cases_or_inquiries(staff_a: User, staff_b: User) -> None:
    CaseFactory(organisation=staff_a.organisation, admitted=True)
    InquiryFactory(organisation=staff_a.organisation)
    client = login(staff_b)
    assert list(client.get(reverse("cases:case_list")).context["page"]) == []
    assert list(client.get(reverse("cases:inquiry_list")).context["page"]) == []


def test_actor_b_cannot_open_actor_a_case_documents_or_children(
    staff_a: User, staff_b: User
) -> None:
    doc = CaseDocumentFactory(case__organisation=staff_a.organisation, submitted=True)
    child = ChildFactory(case=doc.case)
    plan = PlanItemFactory(case=doc.case)
    client = login(staff_b)
    urls = [
        reverse("cases:case_detail", args=[doc.case.pk]),
        reverse("cases:document_detail", args=[doc.pk]),
        reverse("cases:document_correct", args=[doc.pk]),
        reverse("cases:assessment_compare", args=[doc.case.pk]),
        reverse("cases:child_update", args=[child.pk]),
        reverse("cases:plan_item_update", args=[plan.pk]),
        reverse("cases:document_create", args=[doc.case.pk, "in_depth"]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
    assert not AccessLog.objects.filter(user=staff_b).exists()


def test_actor_b_cannot_turn_actor_a_inquiry_into_an_application(
    staff_a: User, staff_b: User
) -> None:
    inquiry = InquiryFactory(organisation=staff_a.organisation)
    response = login(staff_b).get(reverse("cases:application_create") + f"?inquiry={inquiry.pk}")
    assert response.status_code == 404


def test_guessing_ids_gives_404(staff_b: User) -> None:
    client = login(staff_b)
    assert client.get("/arenden/NSP001/").status_code == 404
    assert client.get("/arenden/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_the_administrator_reads_no_cases(administrator: User) -> None:
    case = CaseFactory(admitted=True)
    client = login(administrator)
    assert client.get(reverse("cases:case_list")).status_code == 403
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code in (403, 404)


def test_inquiries_are_recorded_by_the_coordinator_too(coordinator: User, org_b: object) -> None:
    response = login(coordinator).post(
        reverse("cases:inquiry_create"),
        {
            "organisation": str(org_b.pk),  # type: ignore[attr-defined]
            "received_on": timezone.localdate().isoformat(),
            "from_whom": "Migrationsverket",
            "description": "Fråga om en man",
            "outcome": "",
        },
    )
    assert response.status_code == 302
    assert Inquiry.objects.get().organisation == org_b


def test_the_implementation_plan_is_established_and_shown(staff_a: User) -> None:
    case = CaseFactory(organisation=staff_a.organisation, admitted=True)
    client = login(staff_a)
    url = reverse("cases:implementation_plan", args=[case.pk])
    data = {
        "goals": "Trygghet och vård",
        "person_participated": "on",
        "established_on": "2026-03-01",
        "follow_up_on": "2026-02-01",
    }
    response = client.post(url, data)
    assert response.status_code == 200  # follow-up before the plan is established
    assert not ImplementationPlan.objects.exists()
    response = client.post(url, {**data, "follow_up_on": "2026-04-01"})
    assert response.status_code == 302
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Trygghet och vård" in page


def test_an_inquiry_outcome_is_recorded_later(staff_a: User, staff_b: User) -> None:
    inquiry = InquiryFactory(organisation=staff_a.organisation, recorded_by=staff_a)
    url = reverse("cases:inquiry_update", args=[inquiry.pk])
    data = {
        "received_on": inquiry.received_on.isoformat(),
        "from_whom": inquiry.from_whom,
        "description": inquiry.description,
        "outcome": "Ingen ansökan; kommunen tog över.",
    }
    assert login(staff_b).post(url, data).status_code == 404
    assert login(staff_a).post(url, data).status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.outcome == "Ingen ansökan; kommunen tog över."


def test_an_in_depth_assessment_starts_with_the_case_identity(staff_a: User) -> None:
    case = CaseFactory(organisation=staff_a.organisation, admitted=True, surname_initial="Ö")
    response = login(staff_a).get(reverse("cases:document_create", args=[case.pk, "in_depth"]))
    form = response.context["form"]
    assert form["surname_initial"].value() == "Ö"
    assert form["gender"].value() == "female"
    assert form["birth_year"].value() == case.birth_year


def test_the_coordinator_does_not_list_draft_applications(coordinator: User) -> None:
    CaseFactory(draft=True)
    submitted = CaseFactory()
    response = login(coordinator).get(reverse("cases:case_list"))
    assert [c.pk for c in response.context["page"]] == [submitted.pk]
