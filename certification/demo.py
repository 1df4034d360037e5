"""Demo certification data: A certified with a closed action plan, B certified with open
items and a follow-up due soon, C at step 1 (profile submitted). Idempotent."""

from __future__ import annotations

import datetime
import io
from typing import Any, TextIO

from django.utils import timezone

from certification import records, services
from certification.catalogues_data import load
from certification.choices import CatalogueKind, Outcome
from certification.models import ActivityProfile, Catalogue
from certification.refresh import certification_refresh
from nsp import demo
from nsp.accounts.models import Organisation, User

PROFILES: dict[str, dict[str, Any]] = {
    "a": {
        "services": {
            "2.1.1": {"offers": True, "assistance": ["internal"], "target_group": ["women"]},
            "2.3.1": {
                "offers": True,
                "assistance": ["internal"],
                "target_group": ["women", "children"],
            },
            "2.4.1": {"offers": True, "assistance": ["financial"], "target_group": ["women"]},
            "2.8.4": {"offers": True, "assistance": ["external"], "target_group": ["all"]},
            "2.10.1": {"offers": True, "assistance": ["internal"], "target_group": ["children"]},
            "3.2": {"offers": True, "assistance": ["internal"], "target_group": ["women"]},
        },
        "housing": {
            "places": 8,
            "staff_on_site": "Dygnet runt",
            "classification": "Skyddat boende",
            "housing_type": "Kollektivt boende",
            "own_kitchen": "yes",
            "catering": "no",
            "time_limited": "yes",
            "security": "Hög",
        },
    },
    "b": {
        "services": {
            "1.2": {"offers": True, "assistance": ["internal"], "target_group": ["all"]},
            "2.3.1": {"offers": True, "assistance": ["internal"], "target_group": ["men", "women"]},
            "2.5.3": {"offers": True, "assistance": ["external"], "target_group": ["all"]},
            "4.1": {"offers": True, "assistance": ["internal"], "target_group": ["all"]},
            "5.1": {"offers": True, "assistance": ["internal"], "target_group": ["men"]},
            "5.6": {"offers": True, "assistance": ["external"], "target_group": ["men", "women"]},
        },
        "housing": {"places": 4, "staff_on_site": "Dagtid", "security": "Medel"},
    },
    "c": {
        "services": {
            "2.3.1": {"offers": True, "assistance": ["internal"], "target_group": ["women"]},
            "2.4.3": {"offers": True, "assistance": ["internal"], "target_group": ["women"]},
        },
        "housing": {"places": 3, "staff_on_site": "Jour/beredskap"},
    },
}


def _certify(
    org: Organisation, manager: User, coordinator: User, *, days_ago: int, close_items: bool
) -> None:
    today = timezone.localdate()
    visit = today - datetime.timedelta(days=days_ago)
    catalogue = Catalogue.objects.get(code="NSP/MC/Dok.10", edition="1 2015")
    assessment = services.assessment_open(
        organisation=org, catalogue=catalogue, by=coordinator, visit_date=visit
    )
    values = {}
    for answer in assessment.answers.select_related("item"):
        not_met = answer.item.number in ("7", "19") or (
            not close_items and answer.item.number == "23"
        )
        values[str(answer.pk)] = {
            "answer": "Rutin finns och följs." if not not_met else "Rutin saknas delvis.",
            "recommendation": ""
            if not not_met
            else f"Ta fram skriftlig rutin för krav {answer.item.number}.",
            "outcome": Outcome.MET if not not_met else Outcome.PARTLY_MET,
            # One item of B is past its deadline so the overviews show an overdue item.
            "agreed_deadline": None
            if not not_met
            else visit
            + datetime.timedelta(days=30 if answer.item.number == "7" else days_ago + 60),
        }
    services.assessment_record(
        assessment=assessment, answers=values, summary="Besök genomfört på plats."
    )
    services.assessment_complete(assessment=assessment, by=coordinator)
    # Nothing was "not met": completing the visit certified the actor by itself
    # (certification/advance.py), on the visit's date, with the reason written from it.
    for action in assessment.action_items.all():
        if close_items:
            services.action_update(
                action=action, by=manager, note="Rutinen är framtagen och antagen.", mark_done=True
            )
            services.action_verify(action=action, by=coordinator, close=True, note="Verifierat.")
        else:
            services.action_update(action=action, by=manager, note="Arbete pågår.")


def seed(stdout: TextIO, cases: int | None = None) -> None:
    load(io.StringIO())
    if not Catalogue.objects.filter(kind=CatalogueKind.ACTIVITY_PROFILE).exists():
        return
    coordinator = User.objects.get(username="samordnare")
    orgs = {o.key: Organisation.objects.get(name=o.name) for o in demo.ORGANISATIONS}
    managers = {
        u.organisation: User.objects.get(username=u.username)
        for u in demo.USERS
        if u.role == "actor_manager" and u.organisation
    }
    for key, org in orgs.items():
        if ActivityProfile.objects.filter(organisation=org).exists():
            continue
        manager = managers[key]
        profile = services.profile_start(organisation=org, by=manager)
        services.profile_save(
            profile=profile,
            services=PROFILES[key]["services"],
            housing=PROFILES[key]["housing"],
            submit=True,
            by=manager,
        )
        if key == "c":
            continue
        services.profile_review(profile=profile, by=coordinator, accept=True, comment="")
        # A: a year's follow-up is half a year away; B: due within 30 days.
        _certify(
            org, manager, coordinator, days_ago=180 if key == "a" else 340, close_items=key == "a"
        )
        if key == "a":
            event = records.event_create(
                title="Erfarenhetsutbyte om människohandel",
                held_on=timezone.localdate() - datetime.timedelta(days=60),
            )
            records.attendance_record(event=event, organisation=org, participants=2)
    certification_refresh()
    stdout.write("  certification: demo profiles, visits and action plans\n")
