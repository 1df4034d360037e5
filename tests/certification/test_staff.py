"""Minimum requirement 1 and the staff register (issue 19, certification/staff.py).

Seed 000, minimikrav 1: "Personal verksam på boendet ska ha genomgått Stödprogrammets
grundutbildning Människohandel."
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from certification import records, staff
from certification.models import EventAttendance, StaffMember, StaffTraining, TrainingEvent
from nsp.accounts.models import Organisation, User
from nsp.audit.models import AccessLog
from tests.conftest import login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 1)


def _person(org: Organisation, by: User, name: str, **extra: object) -> StaffMember:
    fields: dict[str, object] = {"role": "Boendepersonal", "started_on": DAY, **extra}
    return staff.staff_member_save(organisation=org, by=by, name=name, **fields)  # type: ignore[arg-type]


def _basic(on: datetime.date = DAY) -> TrainingEvent:
    return records.event_create(
        title="Grundutbildning Människohandel", held_on=on, basic_training=True
    )


@pytest.fixture
def manager_b(org_b: Organisation) -> User:
    user: User = UserFactory(username="manager_b", organisation=org_b, manager=True)
    return user


# --- The rule -------------------------------------------------------------------------


def test_requirement_one_is_met_when_every_working_person_attended_the_basic_training(
    org_a: Organisation, manager_a: User
) -> None:
    """000, minimikrav 1: "Personal verksam på boendet ska ha genomgått Stödprogrammets
    grundutbildning Människohandel." """
    anna = _person(org_a, manager_a, "Anna Andersson")
    bertil = _person(org_a, manager_a, "Bertil Berg")
    later = DAY + datetime.timedelta(days=30)

    status = staff.requirement_one(org_a, on=later)
    assert not status.met and [m.name for m in status.lacking] == ["Anna Andersson", "Bertil Berg"]

    event = _basic()
    staff.event_staff_set(event=event, members=[anna])
    status = staff.requirement_one(org_a, on=later)
    assert not status.met and status.lacking == [bertil] and status.active == 2

    # An exchange event that is not the basic training does not count.
    exchange = records.event_create(title="Erfarenhetsutbyte", held_on=DAY)
    staff.event_staff_set(event=exchange, members=[bertil])
    assert staff.requirement_one(org_a, on=later).lacking == [bertil]

    # Bertil leaves: the people working at the actor are all trained.
    staff.staff_member_save(
        organisation=org_a,
        by=manager_a,
        member=bertil,
        name=bertil.name,
        role=bertil.role,
        started_on=DAY,
        ended_on=DAY + datetime.timedelta(days=10),
    )
    status = staff.requirement_one(org_a, on=later)
    assert status.met and status.active == 1


def test_an_empty_register_does_not_meet_requirement_one(org_a: Organisation) -> None:
    status = staff.requirement_one(org_a)
    assert status.empty and not status.met


def test_a_training_held_after_the_day_does_not_count_yet(
    org_a: Organisation, manager_a: User
) -> None:
    anna = _person(org_a, manager_a, "Anna Andersson")
    staff.event_staff_set(event=_basic(DAY + datetime.timedelta(days=5)), members=[anna])
    assert staff.requirement_one(org_a, on=DAY + datetime.timedelta(days=4)).lacking == [anna]
    assert staff.requirement_one(org_a, on=DAY + datetime.timedelta(days=5)).met


def test_person_attendance_sets_the_organisations_attendance(
    org_a: Organisation, org_b: Organisation, manager_a: User, manager_b: User
) -> None:
    anna = _person(org_a, manager_a, "Anna Andersson")
    bertil = _person(org_a, manager_a, "Bertil Berg")
    cecilia = _person(org_b, manager_b, "Cecilia Ceder")
    event = _basic()
    staff.event_staff_set(event=event, members=[anna, bertil, cecilia])
    counts = dict(EventAttendance.objects.values_list("organisation__name", "participants"))
    assert counts == {org_a.name: 2, org_b.name: 1}

    staff.event_staff_set(event=event, members=[anna])
    counts = dict(EventAttendance.objects.values_list("organisation__name", "participants"))
    assert counts == {org_a.name: 1}
    assert list(StaffTraining.objects.values_list("staff_member__name", flat=True)) == [
        "Anna Andersson"
    ]


def test_the_register_refuses_an_end_before_the_start(org_a: Organisation, manager_a: User) -> None:
    with pytest.raises(ValidationError):
        _person(org_a, manager_a, "Anna Andersson", ended_on=DAY - datetime.timedelta(days=1))
    anna = _person(org_a, manager_a, "Anna Andersson")
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffMember.objects.filter(pk=anna.pk).update(ended_on=DAY - datetime.timedelta(days=1))


def test_a_person_is_recorded_once_per_event(org_a: Organisation, manager_a: User) -> None:
    anna = _person(org_a, manager_a, "Anna Andersson")
    event = _basic()
    StaffTraining.objects.create(event=event, staff_member=anna)
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffTraining.objects.create(event=event, staff_member=anna)


def test_another_organisations_person_cannot_be_changed_through_mine(
    org_a: Organisation, org_b: Organisation, manager_a: User
) -> None:
    anna = _person(org_a, manager_a, "Anna Andersson")
    with pytest.raises(ValidationError):
        staff.staff_member_save(
            organisation=org_b, by=manager_a, member=anna, name="X", role="Y", started_on=DAY
        )


# --- The pages ------------------------------------------------------------------------


def test_the_manager_keeps_the_register_and_sees_the_requirement(
    org_a: Organisation, manager_a: User
) -> None:
    client = login(manager_a)
    response = client.post(
        "/certifiering/personal/",
        {"name": "Anna Andersson", "role": "Kurator", "started_on": "2026-01-10"},
    )
    assert response.status_code == 302
    anna = StaffMember.objects.get(organisation=org_a)
    assert (anna.name, anna.role, anna.started_on) == (
        "Anna Andersson",
        "Kurator",
        datetime.date(2026, 1, 10),
    )
    page = client.get("/certifiering/personal/").content.decode()
    assert "Anna Andersson" in page and "grundutbildning" in page
    assert AccessLog.objects.filter(user=manager_a).exists()

    response = client.post(
        f"/certifiering/personal/{anna.pk}/",
        {
            "name": "Anna Andersson",
            "role": "Kurator",
            "started_on": "2026-01-10",
            "ended_on": "2026-02-01",
        },
    )
    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.ended_on == datetime.date(2026, 2, 1)


def test_the_folder_shows_requirement_one_with_names_to_the_coordinator_only(
    org_a: Organisation, manager_a: User, staff_a: User, coordinator: User
) -> None:
    _person(org_a, manager_a, "Anna Andersson")
    folder = f"/certifiering/aktor/{org_a.pk}/"
    shown = login(coordinator).get(folder).content.decode()
    assert "Anna Andersson" in shown and "/personal/" in shown
    hidden = login(staff_a).get(folder).content.decode()
    assert "Anna Andersson" not in hidden and "1 person saknar" in hidden


def test_it_checks_ownership_of_the_register(
    org_a: Organisation, manager_a: User, manager_b: User, staff_a: User, coordinator: User
) -> None:
    anna = _person(org_a, manager_a, "Anna Andersson")
    outsider = login(manager_b)
    assert outsider.get(f"/certifiering/aktor/{org_a.pk}/personal/").status_code == 404
    assert outsider.get(f"/certifiering/personal/{anna.pk}/").status_code == 404
    assert "Anna Andersson" not in outsider.get("/certifiering/personal/").content.decode()
    # The actor's caseworker and the coordinator do not keep the register.
    assert login(staff_a).get(f"/certifiering/aktor/{org_a.pk}/personal/").status_code == 403
    coordinator_client = login(coordinator)
    assert coordinator_client.get(f"/certifiering/aktor/{org_a.pk}/personal/").status_code == 200
    response = coordinator_client.post(
        f"/certifiering/aktor/{org_a.pk}/personal/",
        {"name": "Bo", "role": "X", "started_on": "2026-01-10"},
    )
    assert response.status_code == 403
    assert StaffMember.objects.count() == 1


def test_the_coordinator_records_attendance_per_person(
    org_a: Organisation, manager_a: User, coordinator: User, programme_manager: User
) -> None:
    anna = _person(org_a, manager_a, "Anna Andersson")
    event = _basic(DAY + datetime.timedelta(days=1))
    url = f"/certifiering/utbildningar/{event.pk}/deltagare/"
    assert "Anna Andersson" in login(coordinator).get(url).content.decode()
    assert AccessLog.objects.filter(user=coordinator, object_id=str(event.pk)).exists()
    assert login(programme_manager).post(url, {"staff": [str(anna.pk)]}).status_code == 403
    assert login(coordinator).post(url, {"staff": [str(anna.pk)]}).status_code == 302
    assert list(event.staff_attendance.values_list("staff_member", flat=True)) == [anna.pk]
    assert EventAttendance.objects.get(event=event).participants == 1
    assert staff.requirement_one(org_a, on=DAY + datetime.timedelta(days=1)).met


def test_the_event_list_records_the_basic_training(coordinator: User) -> None:
    response = login(coordinator).post(
        "/certifiering/utbildningar/",
        {"title": "Grundutbildning", "held_on": "2026-02-02", "basic_training": "on"},
    )
    assert response.status_code == 302
    assert TrainingEvent.objects.get().basic_training


def test_the_visit_shows_requirement_one_from_the_register_beside_requirement_1(
    org_a: Organisation, manager_a: User, coordinator: User
) -> None:
    from tests.certification import factories as cf

    _person(org_a, manager_a, "Anna Andersson")
    assessment = cf.open_assessment(org_a)
    page = login(coordinator).get(f"/certifiering/bedomning/{assessment.pk}/svar/").content
    text = page.decode()
    assert "Från personalregistret" in text and "Anna Andersson" in text


def test_the_demo_has_a_register_meeting_and_one_missing_requirement_one() -> None:
    import io

    from django.core.management import call_command

    from nsp import demo

    call_command("seed_demo", quiet=True, stdout=io.StringIO())
    call_command("seed_demo", quiet=True, stdout=io.StringIO())
    orgs = {o.key: Organisation.objects.get(name=o.name) for o in demo.ORGANISATIONS}
    assert staff.requirement_one(orgs["a"]).met
    assert [m.name for m in staff.requirement_one(orgs["b"]).lacking] == ["Bo Berglund"]
    assert StaffMember.objects.count() == 4  # not duplicated by the second run


def test_the_managers_dashboard_shows_requirement_one_until_it_is_met(
    org_a: Organisation, manager_a: User, staff_a: User
) -> None:
    anna = _person(org_a, manager_a, "Anna Andersson")
    page = login(manager_a).get("/").content.decode()
    assert "Anna Andersson" in page and "/certifiering/personal/" in page
    assert "Anna Andersson" not in login(staff_a).get("/").content.decode()
    staff.event_staff_set(event=_basic(datetime.date(2026, 1, 1)), members=[anna])
    assert "Anna Andersson" not in login(manager_a).get("/").content.decode()
