"""The same person twice (issue 19): possible earlier cases, the coordinator's decision,
and the per-person rules counting across linked cases.

Seed 002: the 30 days of rest are "per individ" and "Efter 90 dagars integrationsstöd
beviljas ingen ytterligare finansiering … utan särskilda omständigheter"; a person may come
to a second actor or come back after the case closed.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.choices import Gender
from cases.models import Case, PersonLink
from cases.persons import person_link_decide, possible_same_person, undecided_count
from cases.selectors import candidates, same_person_cases
from nsp.accounts.models import Organisation, User
from tests.cases.factories import CaseFactory
from tests.conftest import login

pytestmark = pytest.mark.django_db


def _person(org: Organisation, **overrides: object) -> Case:
    fields: dict[str, object] = {
        "surname_initial": "K",
        "first_name_initial": "L",
        "birth_year": 1990,
        "gender": Gender.WOMAN,
        "nationality": "Rumänien",
        **overrides,
    }
    return CaseFactory(organisation=org, **fields)


@pytest.fixture
def earlier(org_a: Organisation) -> Case:
    return _person(org_a, closed=True)


@pytest.fixture
def new(org_b: Organisation, earlier: Case) -> Case:
    return _person(org_b)


def test_possible_earlier_cases_match_initials_birth_year_and_gender_or_nationality(
    org_a: Organisation, org_b: Organisation, earlier: Case
) -> None:
    """Same initials and birth year, and gender or nationality agreeing."""
    other_nationality = _person(org_a, nationality="Nigeria", closed=True)
    other_gender = _person(org_a, gender=Gender.MAN, closed=True)
    neither = _person(org_a, gender=Gender.MAN, nationality="Nigeria", closed=True)
    other_year = _person(org_a, birth_year=1991, closed=True)
    other_initial = _person(org_a, first_name_initial="M", closed=True)
    draft = _person(org_a, draft=True)
    new = _person(org_b)
    later = _person(org_a)
    found = set(possible_same_person(new))
    assert {earlier, other_nationality, other_gender} <= found
    assert not found & {neither, other_year, other_initial, draft, later, new}


def test_undecided_counts_each_earlier_candidate_until_decided_either_way_round(
    org_a: Organisation, earlier: Case, new: Case, coordinator: User
) -> None:
    """Two earlier candidates: deciding one leaves one, whichever case the decision was
    recorded on; a decision about another pair does not count; a later case is none."""
    second = _person(org_a, nationality="Nigeria", closed=True)
    Case.objects.filter(pk=second.pk).update(created_at=earlier.created_at - timedelta(seconds=1))
    second.refresh_from_db()
    later = _person(org_a)
    assert undecided_count(new) == 2
    assert undecided_count(second) == 0  # the earliest has no earlier case
    person_link_decide(case=later, earlier=new, same_person=False, by=coordinator)
    assert undecided_count(new) == 2  # a decision about new and a later case
    person_link_decide(case=earlier, earlier=second, same_person=False, by=coordinator)
    assert undecided_count(new) == 2  # a decision between two other cases
    person_link_decide(case=new, earlier=second, same_person=False, by=coordinator)
    assert undecided_count(new) == 1
    PersonLink.objects.create(
        case=earlier,
        earlier=new,
        same_person=True,
        decided_by=coordinator,
        decided_on=new.created_at.date(),
    )  # recorded the other way round
    assert undecided_count(new) == 0


def test_the_coordinator_links_and_the_rules_count_both_cases(
    earlier: Case, new: Case, coordinator: User
) -> None:
    assert list(same_person_cases(new)) == [new]
    assert undecided_count(new) == 1
    link = person_link_decide(case=new, earlier=earlier, same_person=True, by=coordinator)
    assert (link.decided_by, link.same_person) == (coordinator, True) and link.decided_on
    assert set(same_person_cases(new)) == {new, earlier}
    assert set(same_person_cases(earlier)) == {new, earlier}
    assert undecided_count(new) == 0
    assert link.history.count() == 1


def test_not_the_same_person_is_kept_and_can_be_changed_with_history(
    earlier: Case, new: Case, coordinator: User
) -> None:
    person_link_decide(case=new, earlier=earlier, same_person=False, by=coordinator)
    assert list(same_person_cases(new)) == [new] and undecided_count(new) == 0
    link = person_link_decide(case=earlier, earlier=new, same_person=True, by=coordinator)
    assert PersonLink.objects.count() == 1  # the pair's one row, whichever way round
    assert [h.same_person for h in link.history.order_by("history_date")] == [False, True]
    assert set(same_person_cases(new)) == {new, earlier}


def test_links_chain(org_a: Organisation, earlier: Case, new: Case, coordinator: User) -> None:
    third = _person(org_a)
    person_link_decide(case=new, earlier=earlier, same_person=True, by=coordinator)
    person_link_decide(case=third, earlier=new, same_person=True, by=coordinator)
    assert set(same_person_cases(earlier)) == {earlier, new, third}


@pytest.mark.parametrize("who", ["staff_a", "staff_b"])
def test_only_the_programme_decides(earlier: Case, new: Case, who: str, request: object) -> None:
    user = request.getfixturevalue(who)  # type: ignore[attr-defined]
    with pytest.raises(ValidationError):
        person_link_decide(case=new, earlier=earlier, same_person=True, by=user)


def test_only_matching_cases_can_be_linked(
    org_a: Organisation, new: Case, coordinator: User
) -> None:
    stranger = _person(org_a, birth_year=1970, closed=True)
    with pytest.raises(ValidationError):
        person_link_decide(case=new, earlier=stranger, same_person=True, by=coordinator)


def test_the_candidates_show_their_funding_history(
    org_a: Organisation, staff_a: User, coordinator: User
) -> None:
    from tests.funding.factories import budget, certify, grant, phase, rest_application

    certify(org_a)
    phase()
    budget()
    first = _person(org_a, admitted=True)
    grant(rest_application(first, staff_a), coordinator)
    second = _person(org_a)
    (candidate,) = candidates(second)
    assert candidate.case == first and candidate.link is None
    kinds = {e.kind for e in candidate.funding}
    assert kinds == {"funding_application", "funding_decision"}


def test_the_page_is_the_programmes_and_actors_never_see_the_other_case(
    earlier: Case, new: Case, coordinator: User, staff_a: User, staff_b: User
) -> None:
    url = reverse("cases:same_person", args=[new.pk])
    page = login(coordinator).get(url)
    assert page.status_code == 200 and earlier.case_number in page.content.decode()
    for actor in (staff_a, staff_b):
        assert login(actor).get(url).status_code in (403, 404)
    person_link_decide(case=new, earlier=earlier, same_person=True, by=coordinator)
    # Actor B (the new case's actor) sees its own case, never actor A's earlier one.
    client_b = login(staff_b)
    own = client_b.get(reverse("cases:case_detail", args=[new.pk])).content.decode()
    assert earlier.case_number not in own and str(earlier.pk) not in own
    assert client_b.get(reverse("cases:case_detail", args=[earlier.pk])).status_code == 404
    listed = client_b.get(reverse("cases:case_list")).content.decode()
    assert earlier.case_number not in listed


def test_the_case_page_tells_the_coordinator(
    earlier: Case, new: Case, coordinator: User, staff_b: User
) -> None:
    """The case page shows the coordinator the hint's place; the page asks for the count
    after it is shown (htmx), and an actor gets neither."""
    page_url = reverse("cases:case_detail", args=[new.pk])
    hint_url = reverse("cases:same_person", args=[new.pk])
    coordinator_client = login(coordinator)
    page = coordinator_client.get(page_url).content.decode()
    assert f'id="same-person" hx-get="{hint_url}"' in page
    hint = coordinator_client.get(hint_url, headers={"HX-Request": "true"})
    assert hint.status_code == 200 and hint.context["undecided"] == 1
    assert "1 tidigare ärende kan vara samma person." in hint.content.decode()
    assert 'class="nsp-flag mb-3" id="same-person"' in hint.content.decode()
    assert "HX-Request" in hint["Vary"]
    # Decided: the hint keeps the link, without a count.
    person_link_decide(case=new, earlier=earlier, same_person=False, by=coordinator)
    hint = coordinator_client.get(hint_url, headers={"HX-Request": "true"})
    assert hint.context["undecided"] == 0 and "samma person." not in hint.content.decode()
    assert "nsp-flag" not in hint.content.decode() and 'id="same-person"' in hint.content.decode()
    # An actor: no hint on the page, and the fragment is refused like the page.
    actor = login(staff_b)
    assert 'id="same-person"' not in actor.get(page_url).content.decode()
    assert actor.get(hint_url, headers={"HX-Request": "true"}).status_code in (403, 404)


def test_the_coordinator_decides_on_the_page(earlier: Case, new: Case, coordinator: User) -> None:
    url = reverse("cases:same_person", args=[new.pk])
    response = login(coordinator).post(url, {"earlier": earlier.pk, "same_person": "yes"})
    assert response.status_code == 302
    assert set(same_person_cases(new)) == {new, earlier}


def test_no_funding_after_integration_counts_across_linked_cases(
    org_a: Organisation, org_b: Organisation, staff_a: User, staff_b: User, coordinator: User
) -> None:
    """002: "Efter max 90 dagars integration kan man inte längre söka finansiering för
    stödinsats för samma individ om inte väldigt speciella omständigheter föreligger" — also
    when the person comes back as a new case at another actor (the period has ended)."""
    from tests.funding.factories import (
        budget,
        certify,
        grant,
        integration_application,
        intervention_application,
        phase,
    )

    for org in (org_a, org_b):
        certify(org)
    phase()
    budget()
    first = _person(org_a, admitted=True)
    ended = integration_application(
        first, staff_a, days=60, period_start=timezone.localdate() - timedelta(days=70)
    )
    grant(ended, coordinator, retroactive_motivation="Ansökan kom in sent.")
    second = _person(org_b, admitted=True)

    def therapy() -> object:
        return intervention_application(second, staff_b, key="therapy", quantity=1, unit_cost="800")

    assert grant(therapy(), coordinator)  # not known to be the same person: no rule applies
    person_link_decide(case=second, earlier=first, same_person=True, by=coordinator)
    with pytest.raises(ValidationError, match="integration"):
        grant(therapy(), coordinator)


def test_the_thirty_days_of_rest_count_across_linked_cases(
    org_a: Organisation, org_b: Organisation, staff_a: User, coordinator: User
) -> None:
    """002: the 30 days of rest are for "samma individ" — the nights of an earlier case of
    the person count once the coordinator has linked it."""
    from funding.selectors import rest_nights_granted
    from tests.funding.factories import budget, certify, grant, phase, rest_application

    for org in (org_a, org_b):
        certify(org)
    phase()
    budget()
    first = _person(org_a, admitted=True)
    grant(rest_application(first, staff_a, days=10), coordinator)
    second = _person(org_b, admitted=True)
    assert rest_nights_granted(second) == 0
    person_link_decide(case=second, earlier=first, same_person=True, by=coordinator)
    assert rest_nights_granted(second) == rest_nights_granted(first) > 0
