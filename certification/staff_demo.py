"""Demo data for the staff register: the demo users of actors A and B are its staff; A's
all attended the basic training (requirement 1 met), B's caseworker did not (not met)."""

from __future__ import annotations

import datetime
from typing import TextIO

from django.utils import timezone

from certification import records, staff
from certification.staff_models import StaffMember
from nsp import demo
from nsp.accounts.models import Organisation, User


def seed(stdout: TextIO, cases: int | None = None) -> None:
    if StaffMember.objects.exists() or not User.objects.filter(username="samordnare").exists():
        return
    today = timezone.localdate()
    orgs = {o.key: Organisation.objects.get(name=o.name) for o in demo.ORGANISATIONS}
    managers = {
        u.organisation: User.objects.get(username=u.username)
        for u in demo.USERS
        if u.role == "actor_manager" and u.organisation
    }
    members: dict[str, list[StaffMember]] = {"a": [], "b": []}
    for person in demo.USERS:
        if person.organisation not in members:
            continue
        members[person.organisation].append(
            staff.staff_member_save(
                organisation=orgs[person.organisation],
                by=managers[person.organisation],
                name=f"{person.first_name} {person.last_name}",
                role=person.title,
                started_on=today - datetime.timedelta(days=400),
            )
        )
    event = records.event_create(
        title="Stödprogrammets grundutbildning Människohandel",
        held_on=today - datetime.timedelta(days=200),
        basic_training=True,
    )
    staff.event_staff_set(event=event, members=[*members["a"], members["b"][-1]])
    stdout.write("  certification: demo staff registers and the basic training\n")
