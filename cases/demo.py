"""Demo cases (``NSP_DEMO_SEEDERS``) and ``seed_demo --cases N`` for benchmarks."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any, TextIO

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from cases import questionnaire
from cases.choices import (
    DOCUMENT_QUESTIONNAIRE,
    CaseStatus,
    ChildLocation,
    DocumentKind,
    DocumentStatus,
    Gender,
    TraffickingType,
)
from cases.models import Case, CaseDocument, Child, Inquiry, PlanItem
from cases.services import admission_decide, format_case_number
from nsp import demo
from nsp.accounts.models import Organisation, User

BATCH = 1000
NATIONALITIES = ["Nigeria", "Rumänien", "Bulgarien", "Thailand", "Ukraina", "Albanien", "Vietnam"]
LETTERS = "ABDEFGHIJKLMNOPRSTUVÅÄÖ"


def fake_answers(
    definition: dict[str, Any], rnd: random.Random, **overrides: Any
) -> dict[str, Any]:
    """Plausible answers to every item of a questionnaire (for demo data and tests)."""
    today = timezone.localdate()
    answers: dict[str, Any] = {}
    for _section, item in questionnaire.iter_items(definition):
        key, kind = item["key"], item["type"]
        if kind == "children" or key == "police_report":
            continue  # statistical facts the demo sets on the case itself
        choices = [v for v, _label in questionnaire.item_choices(item)]
        if kind in ("text",):
            answers[key] = "Demo" if not item.get("max_length") else rnd.choice(LETTERS)
        elif kind == "textarea":
            answers[key] = "Demotext."
        elif kind == "date":
            answers[key] = (today - timedelta(days=rnd.randint(1, 300))).isoformat()
        elif kind == "time":
            answers[key] = "10:00:00"
        elif kind == "year":
            answers[key] = rnd.randint(1975, 2004)
        elif kind == "integer":
            answers[key] = rnd.randint(0, 3)
        elif kind == "multichoice":
            answers[key] = rnd.sample(choices, 1)
        else:
            answers[key] = rnd.choice(choices)
            if kind == "yes_no_detail" and answers[key] == "yes":
                answers[key + questionnaire.DETAIL] = "Beskrivning."
    answers["date"] = today.isoformat()
    answers.update(overrides)
    return answers


def _document(
    case: Case, kind: DocumentKind, by: User, answers: dict[str, Any], when: datetime
) -> CaseDocument:
    q = questionnaire.current(DOCUMENT_QUESTIONNAIRE[kind])
    return CaseDocument.objects.create(
        case=case,
        kind=kind,
        questionnaire=q,
        answers=answers,
        status=DocumentStatus.SUBMITTED,
        document_date=date.fromisoformat(answers["date"]),
        created_by=by,
        submitted_by=by,
        submitted_at=when,
    )


def _applied_case(
    org: Organisation, staff: User, rnd: random.Random, *, surname: str, first: str, year: int
) -> Case:
    q = questionnaire.current(DOCUMENT_QUESTIONNAIRE[DocumentKind.INITIAL])
    answers = fake_answers(
        q.definition,
        rnd,
        surname_initial=surname,
        first_name_initial=first,
        birth_year=year,
        gender="female",
        nationality=rnd.choice(NATIONALITIES),
        trafficking_type=["sexual_exploitation"],
        arrival_date=(timezone.localdate() - timedelta(days=60)).isoformat(),
        date=(timezone.localdate() - timedelta(days=40)).isoformat(),
    )
    today = timezone.localdate()
    case = Case.objects.create(
        organisation=org,
        status=CaseStatus.APPLIED,
        surname_initial=surname,
        first_name_initial=first,
        birth_year=year,
        gender=Gender.WOMAN,
        nationality=answers["nationality"],
        arrival_date=date.fromisoformat(answers["arrival_date"]),
        trafficking_types=answers["trafficking_type"],
        exploitation_countries=["Sverige"],
        police_report_made=False,
        applied_on=today - timedelta(days=40),
    )
    _document(case, DocumentKind.INITIAL, staff, answers, timezone.now() - timedelta(days=40))
    return case


def _admit(case: Case, coordinator: User, day: date) -> None:
    """Admission is a decision (NSP/IB/Dok.01, "Beslut och motivering"): entered as the
    paper decision of ``day``, numbered, with its document (docs/RULES.md)."""
    admission_decide(
        case=case,
        by=coordinator,
        outcome="granted",
        motivation="Faller inom NSPs målgrupp; aktören bedömer att skydd och stöd behövs.",
        decided_on=day,
    )


def _scale(definition: dict[str, Any], rnd: random.Random, level: int) -> dict[str, Any]:
    """Answers to the mental-health scales around ``level`` (0–3)."""
    result = {}
    for _s, item in questionnaire.iter_items(definition):
        if item["type"] == "scale4" and not item.get("choices"):
            result[item["key"]] = str(max(0, min(3, level + rnd.choice((-1, 0, 0, 1)))))
    return result


def seed(stdout: TextIO, cases: int | None = None) -> None:
    questionnaire.load(stdout)
    _seed_demo_cases(stdout)
    if cases:
        seed_synthetic(stdout, cases)


@transaction.atomic
def _seed_demo_cases(stdout: TextIO) -> None:
    orgs = {o.key: Organisation.objects.get(name=o.name) for o in demo.ORGANISATIONS}
    if Case.objects.filter(organisation__in=[orgs["a"], orgs["b"]]).exists():
        return
    staff_a = User.objects.get(username="handlaggare.a")
    staff_b = User.objects.get(username="handlaggare.b")
    coordinator = User.objects.get(username="samordnare")
    rnd = random.Random(2026)  # noqa: S311 (demo data)
    today = timezone.localdate()
    now = timezone.now()

    # Actor A: an admitted case with two in-depth assessments, a plan and a child.
    inquiry = Inquiry.objects.create(
        organisation=orgs["a"],
        received_on=today - timedelta(days=45),
        from_whom="Polisen, gränspolisen",
        description="Kvinna som påträffats vid en insats; behöver skyddat boende.",
        outcome="Ansökan om tillträde skickas.",
        recorded_by=staff_a,
    )
    first = _applied_case(orgs["a"], staff_a, rnd, surname="M", first="A", year=1994)
    inquiry.case = first
    inquiry.save(update_fields=["case"])
    _admit(first, coordinator, today - timedelta(days=38))
    fb = questionnaire.current(DOCUMENT_QUESTIONNAIRE[DocumentKind.IN_DEPTH]).definition
    for days, level in ((30, 2), (3, 1)):
        answers = fake_answers(
            fb, rnd, **_scale(fb, rnd, level), **questionnaire.identity_answers(first)
        )
        answers["date"] = (today - timedelta(days=days)).isoformat()
        answers["suicidal_thoughts"] = "1" if level == 2 else "0"
        _document(first, DocumentKind.IN_DEPTH, staff_a, answers, now - timedelta(days=days))
    Child.objects.create(
        case=first,
        age=4,
        gender=Gender.WOMAN,
        location=ChildLocation.WITH_PARENT,
        needs_notes="Förskoleplats behövs.",
    )
    Child.objects.create(case=first, age=9, gender=Gender.MAN, location=ChildLocation.HOME_COUNTRY)
    PlanItem.objects.create(
        case=first,
        goal="Tillgång till vård",
        activities="Boka läkarbesök och tandläkare",
        responsible="Handläggare",
        follow_up_on=today - timedelta(days=2),
        follow_up_how="Samtal med den sökande",
    )
    PlanItem.objects.create(
        case=first,
        goal="Juridisk rådgivning",
        activities="Kontakt med advokat",
        responsible="Handläggare",
        follow_up_on=today + timedelta(days=10),
    )

    # Actor A: a closed case with its exit report.
    closed = _applied_case(orgs["a"], staff_a, rnd, surname="K", first="L", year=1988)
    _admit(closed, coordinator, today - timedelta(days=35))
    ur = questionnaire.current(DOCUMENT_QUESTIONNAIRE[DocumentKind.EXIT_REPORT]).definition
    _document(closed, DocumentKind.EXIT_REPORT, staff_a, fake_answers(ur, rnd), now)
    closed.refresh_from_db()
    closed.status, closed.closed_on = CaseStatus.CLOSED, today
    closed._history_user = staff_a  # type: ignore[attr-defined]
    closed.save(update_fields=["status", "closed_on", "updated_at"])

    # Actor A: an application waiting for the coordinator.
    _applied_case(orgs["a"], staff_a, rnd, surname="P", first="R", year=1999)

    # Actor B: an admitted case with a period report, and an inquiry that led nowhere.
    b_case = _applied_case(orgs["b"], staff_b, rnd, surname="T", first="N", year=2001)
    _admit(b_case, coordinator, today - timedelta(days=31))
    rs = questionnaire.current(DOCUMENT_QUESTIONNAIRE[DocumentKind.PERIOD_REPORT]).definition
    _document(
        b_case,
        DocumentKind.PERIOD_REPORT,
        staff_b,
        fake_answers(
            rs,
            rnd,
            support_type="max_30_days",
            period_start=(today - timedelta(days=31)).isoformat(),
            period_end=(today - timedelta(days=1)).isoformat(),
        ),
        now,
    )
    Inquiry.objects.create(
        organisation=orgs["b"],
        received_on=today - timedelta(days=10),
        from_whom="Socialtjänsten",
        description="Fråga om stöd för en man utsatt för tvångsarbete.",
        outcome="Personen fick stöd av kommunen; ingen ansökan.",
        recorded_by=staff_b,
    )
    stdout.write("Demo cases created (actors A and B).")


def seed_synthetic(stdout: TextIO, total: int) -> None:
    """Top the database up to ``total`` cases with synthetic admitted cases.

    Fast path for benchmarks: rows go in with ``bulk_create_with_history`` in batches of
    1 000 (each with its history row, as if written through the services), numbered after
    the highest case number.
    """
    missing = total - Case.objects.count()
    if missing <= 0:
        return
    orgs = list(Organisation.objects.order_by("name"))
    rnd = random.Random(total)  # noqa: S311 (demo data)
    today = timezone.localdate()
    genders = [Gender.WOMAN, Gender.WOMAN, Gender.MAN, Gender.OTHER]
    types = list(TraffickingType.values)
    created = 0
    while created < missing:
        with transaction.atomic():
            number = Case.objects.aggregate(m=Max("number"))["m"] or 0
            size = min(BATCH, missing - created)
            batch = []
            for i in range(size):
                n = number + i + 1
                admitted = today - timedelta(days=rnd.randint(0, 3 * 365))
                batch.append(
                    Case(
                        organisation=orgs[n % len(orgs)],
                        status=CaseStatus.ADMITTED if n % 5 else CaseStatus.CLOSED,
                        number=n,
                        case_number=format_case_number(n),
                        surname_initial=rnd.choice(LETTERS),
                        first_name_initial=rnd.choice(LETTERS),
                        birth_year=rnd.randint(1965, 2006),
                        gender=rnd.choice(genders),
                        nationality=rnd.choice(NATIONALITIES),
                        applied_on=admitted - timedelta(days=2),
                        admitted_on=admitted,
                        closed_on=None if n % 5 else admitted + timedelta(days=30),
                        arrival_date=admitted - timedelta(days=rnd.randint(10, 400)),
                        trafficking_types=rnd.sample(types, rnd.choice((1, 1, 2))),
                        exploitation_countries=rnd.sample(["Sverige", "Spanien", "Italien"], 1),
                        police_report_made=rnd.random() < 0.4,
                    )
                )
            bulk_create_with_history(batch, Case, default_date=timezone.now())
            children = [
                Child(
                    case=c,
                    age=rnd.randint(0, 17),
                    gender=rnd.choice(genders[:2]),
                    location=ChildLocation.WITH_PARENT
                    if rnd.random() < 0.6
                    else ChildLocation.HOME_COUNTRY,
                )
                for c in batch
                if rnd.random() < 0.3
            ]
            bulk_create_with_history(children, Child, default_date=timezone.now())
            plans = [
                PlanItem(
                    case=c,
                    goal="Uppföljning",
                    activities="Samtal",
                    responsible="Handläggare",
                    follow_up_on=today + timedelta(days=rnd.randint(-20, 60)),
                )
                for c in batch
                if c.status == CaseStatus.ADMITTED
            ]
            bulk_create_with_history(plans, PlanItem, default_date=timezone.now())
        created += size
        if created % BATCH == 0 or created == missing:
            stdout.write(f"Synthetic cases: {created}/{missing}")
