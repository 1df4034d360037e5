"""The case journal through its services.

Seed 002, Exempel beslutshandling: "Dessa försök ska dokumenteras och informationen göras
tillgänglig för NSP vid behov. … Aktören ska hålla NSPs samordnare informerad".
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from journal import services
from journal.choices import AttemptOutcome, EntryKind
from journal.models import JournalComment, JournalEntry
from nsp.accounts.models import Organisation, User
from nsp.audit.models import AccessLog
from reports.models import Notification
from tests.cases.factories import CaseFactory
from tests.conftest import login
from tests.journal.factories import PDF, JournalEntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(org_a: Organisation) -> Case:
    return CaseFactory(organisation=org_a, admitted=True)


def _add(case: Case, by: User, **overrides: Any) -> JournalEntry:
    fields: dict[str, Any] = {
        "kind": EntryKind.PUBLIC_BODY_CONTACT,
        "entry_date": timezone.localdate(),
        "text": "Ringde Migrationsverket om ärendet.",
        **overrides,
    }
    return services.entry_add(case=case, by=by, **fields)


def _age(entry: JournalEntry, hours: float) -> None:
    JournalEntry.objects.filter(pk=entry.pk).update(
        created_at=timezone.now() - timedelta(hours=hours)
    )


def test_the_cases_actor_writes_dated_entries_with_an_attachment(case: Case, staff_a: User) -> None:
    entry = _add(case, staff_a, attachment=SimpleUploadedFile("intyg.pdf", PDF))
    assert entry.author == staff_a and entry.kind == EntryKind.PUBLIC_BODY_CONTACT
    assert entry.attachment.name.startswith("journal/") and entry.attachment_name == "intyg.pdf"
    assert "intyg" not in entry.attachment.name  # stored under a random name
    assert entry.history.count() == 1


@pytest.mark.parametrize("who", ["staff_b", "coordinator"])
def test_only_the_cases_own_actor_writes(case: Case, who: str, request: Any) -> None:
    with pytest.raises(ValidationError):
        _add(case, request.getfixturevalue(who))
    assert not JournalEntry.objects.exists()


def test_an_attempt_to_reach_public_support_needs_its_outcome(case: Case, staff_a: User) -> None:
    with pytest.raises(ValidationError):
        _add(case, staff_a, kind=EntryKind.SUPPORT_ATTEMPT)
    entry = _add(case, staff_a, kind=EntryKind.SUPPORT_ATTEMPT, outcome=AttemptOutcome.REFUSED)
    assert entry.get_outcome_display() == AttemptOutcome.REFUSED.label


def test_an_entry_cannot_be_dated_in_the_future(case: Case, staff_a: User) -> None:
    with pytest.raises(ValidationError):
        _add(case, staff_a, entry_date=timezone.localdate() + timedelta(days=1))


def test_a_closed_case_takes_no_entries(org_a: Organisation, staff_a: User) -> None:
    closed = CaseFactory(organisation=org_a, closed=True)
    with pytest.raises(ValidationError):
        _add(closed, staff_a)


def test_entries_are_editable_for_24_hours_then_locked(case: Case, staff_a: User) -> None:
    entry = _add(case, staff_a)
    _age(entry, 23)
    edited = services.entry_update(
        entry=entry,
        by=staff_a,
        kind=EntryKind.ASYLUM,
        entry_date=entry.entry_date,
        text="Asylansökan lämnad.",
    )
    assert edited.kind == EntryKind.ASYLUM and edited.history.count() == 2
    _age(entry, 24.01)
    with pytest.raises(ValidationError, match="24"):
        services.entry_update(
            entry=entry, by=staff_a, kind=EntryKind.OTHER, entry_date=entry.entry_date, text="x"
        )
    entry.refresh_from_db()
    assert entry.kind == EntryKind.ASYLUM


def test_the_lock_is_checked_on_the_row_not_on_a_stale_copy(case: Case, staff_a: User) -> None:
    """The service re-reads the entry under select_for_update: an object read while the
    entry was still open does not let an edit through after the 24 hours."""
    entry = _add(case, staff_a)
    stale = JournalEntry.objects.get(pk=entry.pk)  # read while open
    _age(entry, 25)
    assert not stale.is_locked(timezone.now())
    with pytest.raises(ValidationError):
        services.entry_update(
            entry=stale, by=staff_a, kind=EntryKind.OTHER, entry_date=entry.entry_date, text="x"
        )


def test_a_correction_is_a_new_entry_pointing_at_the_old(case: Case, staff_a: User) -> None:
    entry = _add(case, staff_a)
    _age(entry, 48)
    correction = _add(case, staff_a, text="Rättelse: det var Polisen.", corrects=entry)
    assert correction.corrects == entry and JournalEntry.objects.count() == 2
    entry.refresh_from_db()
    assert entry.text == "Ringde Migrationsverket om ärendet."


def test_a_correction_stays_within_its_case(case: Case, org_a: Organisation, staff_a: User) -> None:
    other = JournalEntryFactory(case=CaseFactory(organisation=org_a, admitted=True))
    with pytest.raises(ValidationError):
        _add(case, staff_a, corrects=other)


@pytest.mark.parametrize("kind", [EntryKind.TAKEOVER, EntryKind.POLICE_REPORT])
def test_the_coordinator_is_notified_of_takeover_and_police_report(
    case: Case,
    staff_a: User,
    coordinator: User,
    kind: str,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        entry = _add(case, staff_a, kind=kind)
    notice = Notification.objects.get(user=coordinator)
    assert notice.kind == "journal" and case.case_number in notice.text
    assert notice.link.endswith(f"#entry-{entry.pk}")
    assert "Migrationsverket" not in notice.text  # case number only, never the text


def test_other_kinds_notify_nobody(
    case: Case, staff_a: User, coordinator: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _add(case, staff_a, kind=EntryKind.ASYLUM)
    assert not Notification.objects.exists()


def test_the_coordinator_comments_and_the_author_is_told(
    case: Case, staff_a: User, coordinator: User, django_capture_on_commit_callbacks: Any
) -> None:
    entry = _add(case, staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.comment_add(
            entry=entry, by=coordinator, text="Bra, håll mig informerad."
        )
    assert comment.author == coordinator and comment.history.count() == 1
    assert Notification.objects.get(user=staff_a).kind == "journal"


def test_actors_do_not_comment(case: Case, staff_a: User) -> None:
    entry = _add(case, staff_a)
    with pytest.raises(ValidationError):
        services.comment_add(entry=entry, by=staff_a, text="Själv")
    assert not JournalComment.objects.exists()


def test_reading_the_journal_is_logged(case: Case, staff_a: User, coordinator: User) -> None:
    _add(case, staff_a)
    response = login(coordinator).get(reverse("journal:case_journal", args=[case.pk]))
    assert response.status_code == 200
    assert b"Migrationsverket" in response.content
    log = AccessLog.objects.get(user=coordinator)
    assert log.case_id == case.pk and log.path.startswith("/journal/")


def test_another_actor_cannot_open_the_journal(case: Case, staff_b: User) -> None:
    JournalEntryFactory(case=case)
    response = login(staff_b).get(reverse("journal:case_journal", args=[case.pk]))
    assert response.status_code == 404


def test_the_takeover_action_is_offered_on_takeover_entries(
    org_a: Organisation, staff_a: User, coordinator: User
) -> None:
    from tests.funding.factories import budget, certify, grant, phase, rest_application

    certify(org_a)
    phase()
    budget()
    case = CaseFactory(organisation=org_a, admitted=True)
    decision = grant(rest_application(case, staff_a), coordinator)
    _add(case, staff_a, kind=EntryKind.TAKEOVER, text="Kommunen tog över boendet.")
    _add(case, staff_a, kind=EntryKind.ASYLUM, text="Asyl sökt.")
    page = login(coordinator).get(reverse("journal:case_journal", args=[case.pk]))
    takeover = reverse("funding:decision_takeover", args=[decision.pk])
    assert page.content.decode().count(takeover) == 1
    staff_page = login(staff_a).get(reverse("journal:case_journal", args=[case.pk]))
    assert takeover not in staff_page.content.decode()


def test_the_takeover_offered_is_the_period_in_force_not_a_replaced_one(
    org_a: Organisation, staff_a: User, coordinator: User
) -> None:
    """A partly granted rest period replaced by a granted reconsideration starting the same
    day: the journal offers the takeover on the reconsideration's decision (the period in
    force, ``funding.selectors.in_force``), which the takeover service accepts; the replaced
    decision it refuses."""
    from funding.models import Decision
    from funding.services import decision_record_takeover, reconsideration_submit
    from journal.selectors import takeover_decision
    from tests.funding.factories import budget, certify, grant, phase, rest_application

    certify(org_a)
    phase()
    budget()
    case = CaseFactory(organisation=org_a, admitted=True)
    start = timezone.localdate() - timedelta(days=2)
    partly = grant(
        rest_application(case, staff_a, period_start=start),
        coordinator,
        outcome="partly_granted",
        granted_start=start,
        granted_end=start + timedelta(days=10),
    )
    request = reconsideration_submit(
        decision=partly,
        by=staff_a,
        grounds="Hela perioden behövs.",
        requested_change="Bevilja 30 dagar.",
        other_information="",
    )
    in_force = grant(
        request, coordinator, granted_start=start, granted_end=start + timedelta(days=30)
    )
    assert takeover_decision(case) == in_force
    with pytest.raises(ValidationError, match="omprövning"):
        decision_record_takeover(
            decision=partly,
            taken_over_on=timezone.localdate(),
            taken_over_by="social_services",
            by=coordinator,
        )
    decision_record_takeover(
        decision=in_force,
        taken_over_on=timezone.localdate(),
        taken_over_by="social_services",
        by=coordinator,
    )
    assert Decision.objects.get(pk=in_force.pk).taken_over_on == timezone.localdate()
