"""Reads for cases: scoped lists, the case timeline, next due dates, dashboard data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from cases.choices import CaseStatus, ChildLocation, DocumentKind, DocumentStatus
from cases.models import Case, CaseDocument, Child, Inquiry, PersonLink, PlanItem, reference_fields
from cases.persons import linked_case_ids, possible_same_person
from nsp.permissions import AnyUser, is_programme, scope_to_user

# Cases that still have follow-ups ahead (a closed or refused case shows none).
OPEN_STATUSES = (CaseStatus.DRAFT, CaseStatus.APPLIED, CaseStatus.ADMITTED)


def cases_for_user(
    user: AnyUser,
    *,
    organisation_id: Any = None,
    status: str = "",
    period_from: date | None = None,
    period_to: date | None = None,
) -> QuerySet[Case]:
    """The cases ``user`` may read, filtered; each with ``next_due`` (open plan follow-ups).

    A constant number of queries for a page whatever the number of cases (organisation
    is joined, the next due date is a subquery).
    """
    qs = scope_to_user(user, Case.objects.all()).select_related("organisation")
    if is_programme(user):
        # An application being written is the actor's own business until it is submitted.
        qs = qs.exclude(status=CaseStatus.DRAFT)
    if organisation_id:
        qs = qs.filter(organisation_id=organisation_id)
    if status:
        qs = qs.filter(status=status)
    if period_from:
        qs = qs.filter(created_at__date__gte=period_from)
    if period_to:
        qs = qs.filter(created_at__date__lte=period_to)
    # A correlated subquery (not a join + GROUP BY): the database reads the plan only
    # for the rows of the page, and the paginator's count ignores it.
    # A closed (or refused) case has no next follow-up (issue 15, "Closing a case").
    open_follow_ups = PlanItem.objects.filter(
        case=OuterRef("pk"), case__status__in=OPEN_STATUSES, done_on__isnull=True
    )
    return qs.annotate(
        next_due=Subquery(open_follow_ups.order_by("follow_up_on").values("follow_up_on")[:1])
    ).order_by("-created_at")


def same_person_cases(case: Case) -> QuerySet[Case]:
    """The case(s) that are the same person as ``case``, ``case`` itself included.

    Every per-person rule (30 days' rest per person, the intervention cap per person and
    occasion, no funding after integration) reads the person's records through this one
    selector. Cases the coordinator linked as the same person (``cases.persons``), through
    any chain of links, count together.
    """
    return Case.objects.filter(pk__in=linked_case_ids(case.pk))


def inquiries_for_user(user: AnyUser) -> QuerySet[Inquiry]:
    return scope_to_user(user, Inquiry.objects.all()).select_related("organisation", "case")


def documents_of(case: Case) -> QuerySet[CaseDocument]:
    return case.documents.select_related("questionnaire", "created_by", "submitted_by").order_by(
        "created_at"
    )


def in_depth_assessments(case: Case) -> QuerySet[CaseDocument]:
    """Submitted (current) in-depth assessments, oldest first — the ones worth comparing."""
    return documents_of(case).filter(kind=DocumentKind.IN_DEPTH, status=DocumentStatus.SUBMITTED)


def next_due(case: Case) -> PlanItem | None:
    return case.plan_items.filter(done_on__isnull=True).order_by("follow_up_on").first()


def applications_waiting() -> QuerySet[Case]:
    return (
        Case.objects.filter(status=CaseStatus.APPLIED)
        .select_related("organisation")
        .order_by("applied_on", "created_at")
    )


# --- Timeline ------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    """One event of a case. Other apps return these from their timeline providers."""

    when: date
    title: str
    detail: str = ""
    url: str = ""
    kind: str = "event"
    # The moment, when known: orders two events of the same day and is shown beside it.
    at: datetime | None = None

    def sort_key(self) -> tuple[date, float]:
        return (self.when, self.at.timestamp() if self.at else 0.0)


TimelineProvider = Callable[[Case], list[TimelineEntry]]


def case_timeline(case: Case) -> list[TimelineEntry]:
    """Everything that happened in the case, newest first.

    Entries from this app (inquiries, documents, the admission, plan follow-ups, closing)
    plus those of every provider listed in ``settings.NSP_CASE_TIMELINE_PROVIDERS``
    (``provider(case) -> list[TimelineEntry]``), so that funding and the journal add their
    entries without editing this app. One query per list and per provider, whatever the
    size of the case: the case page loads it as a fragment of its own
    (``cases.views.case_timeline``), so the page itself does not wait for these reads.
    """
    entries: list[TimelineEntry] = []
    inquiries = case.inquiries.only("case_id", "created_at", "received_on", "description")
    for inquiry in inquiries.order_by("-received_on", "-created_at"):
        entries.append(
            TimelineEntry(inquiry.received_on, _("Inquiry"), inquiry.description, kind="inquiry")
        )
    for doc in page_documents(case):
        when = (doc.submitted_at and timezone.localdate(doc.submitted_at)) or doc.created_at.date()
        title = f"{doc.get_kind_display()} (v{doc.version}) – {doc.get_status_display()}"
        url = reverse("cases:document_detail", args=[doc.pk])
        at = timezone.localtime(doc.submitted_at or doc.created_at)
        entries.append(TimelineEntry(when, title, url=url, kind="document", at=at))
    if case.applied_on:
        entries.append(TimelineEntry(case.applied_on, _("Admission applied for"), kind="decision"))
    if case.admitted_on:
        entries.append(
            TimelineEntry(
                case.admitted_on,
                _("Admitted as %(number)s") % {"number": case.case_number},
                kind="decision",
            )
        )
    if case.refused_on:
        entries.append(
            TimelineEntry(
                case.refused_on, _("Admission refused"), case.refusal_reason, kind="decision"
            )
        )
    followed_up = case.plan_items.filter(done_on__isnull=False).only("case_id", "done_on", "goal")
    for item in followed_up.order_by("follow_up_on", "created_at"):
        if item.done_on:  # always, by the filter; narrows the type
            entries.append(
                TimelineEntry(item.done_on, _("Plan followed up"), item.goal, kind="plan")
            )
    if case.closed_on:
        entries.append(TimelineEntry(case.closed_on, _("Case closed"), kind="decision"))
    for dotted in getattr(settings, "NSP_CASE_TIMELINE_PROVIDERS", []):
        provider: TimelineProvider = import_string(dotted)
        entries.extend(provider(case))
    return sorted(entries, key=TimelineEntry.sort_key, reverse=True)


# --- The case page -------------------------------------------------------------------


def page_documents(case: Case) -> QuerySet[CaseDocument]:
    """The case's documents for lists: without their answers (the bulk of a row)."""
    return case.documents.only(*_DOCUMENT_FIELDS).order_by("created_at")


# The columns the case page shows of each list (``only()``: a document's answers, the
# bulk of its row, stay in the database).
_DOCUMENT_FIELDS = (
    "case_id",
    "kind",
    "status",
    "version",
    "document_date",
    "submitted_at",
    "received_on",
    "created_at",
)


def _page_lists(case: Case) -> tuple[list[CaseDocument], list[Child], list[PlanItem]]:
    """The case page's lists, one query each, with the columns the page shows (``only()``:
    a document's answers, the bulk of its row, stay in the database)."""
    documents = list(
        CaseDocument.objects.filter(case=case).only(*_DOCUMENT_FIELDS).order_by("created_at")
    )
    children = list(
        Child.objects.filter(case=case)
        .only("case_id", "created_at", "age", "gender", "location", "needs_notes")
        .order_by("created_at")
    )
    plan_items = list(PlanItem.objects.filter(case=case).order_by("follow_up_on", "created_at"))
    return documents, children, plan_items


def case_for_page() -> QuerySet[Case]:
    """Cases with their organisation and plan (one query), for ``case_page``."""
    return Case.objects.select_related("organisation", "plan")


@dataclass(frozen=True)
class CasePage:
    """Everything the case page shows besides the case itself."""

    documents: list[CaseDocument]
    children: list[Child]
    plan_items: list[PlanItem]
    next_due: PlanItem | None
    accompanying_children: int
    in_depth_count: int


def case_page(case: Case) -> CasePage:
    """The case page's reads: one query per list (documents, children, plan), whatever the
    size of the case or register. The timeline is a fragment of its own (``case_timeline``)."""
    documents, children, plan_items = _page_lists(case)
    return CasePage(
        documents=documents,
        children=children,
        plan_items=plan_items,
        # The plan is ordered by follow-up date: the first open item is the next due; a
        # closed case has none (issue 15, "Closing a case").
        next_due=next((item for item in plan_items if item.done_on is None), None)
        if case.status in OPEN_STATUSES
        else None,
        accompanying_children=sum(1 for c in children if c.location == ChildLocation.WITH_PARENT),
        in_depth_count=sum(
            1
            for d in documents
            if d.kind == DocumentKind.IN_DEPTH and d.status == DocumentStatus.SUBMITTED
        ),
    )


# --- Dashboard panels ----------------------------------------------------------------


def actor_cases_due(user: AnyUser, limit: int = 10) -> list[Case]:
    """The user's open cases with the nearest open follow-ups first (each with next_due).

    Walks the open follow-ups in date order (partial index) instead of computing a
    minimum for every case, so it stays fast with many cases.
    """
    open_cases = scope_to_user(user, Case.objects.all()).exclude(
        status__in=[CaseStatus.CLOSED, CaseStatus.REFUSED]
    )
    result: dict[Any, Case] = {}
    # The panel shows a case's number and status only: read those columns alone.
    items = (
        PlanItem.objects.filter(done_on__isnull=True, case__in=open_cases)
        .select_related("case")
        .only("follow_up_on", "case__status", *reference_fields("case__"))
        .order_by("follow_up_on")
    )
    for item in items[: limit * 5]:
        if item.case_id not in result:
            item.case.next_due = item.follow_up_on  # type: ignore[attr-defined]
            result[item.case_id] = item.case
        if len(result) == limit:
            return list(result.values())
    latest = open_cases.only("status", *reference_fields()).order_by("-created_at")
    for case in latest[: limit * 2]:
        if len(result) == limit:
            break
        if case.pk not in result:
            case.next_due = None  # type: ignore[attr-defined]
            result[case.pk] = case
    return list(result.values())


def panels(user: AnyUser) -> dict[str, Any]:
    """NSP_DASHBOARD_PROVIDERS entry: the actor's open cases, the coordinator's queue."""
    from nsp.permissions import is_actor

    if is_actor(user):
        cases = actor_cases_due(user)
        return {
            "actor_panels": ["cases/panels/actor_cases.html"],
            "cases_panel_cases": cases,
            "cases_panel_today": timezone.localdate(),
        }
    if is_programme(user):
        return {
            "programme_panels": ["cases/panels/programme_cases.html"],
            "cases_panel_waiting": list(applications_waiting()[:10]),
            "cases_panel_inquiries": list(inquiries_for_user(user)[:5]),
        }
    return {}


# The initial assessment's summaries, shown beside the admission decision (issue 18).
SUMMARY_KEYS = ("exposure_summary", "vulnerability_summary", "overall_assessment", "recommendation")


def initial_assessment_summary(case: Case) -> list[tuple[str, str]]:
    """(label, text) of the summary questions of the case's latest initial assessment."""
    document = (
        case.documents.filter(kind=DocumentKind.INITIAL)
        .select_related("questionnaire")
        .order_by("-version", "-created_at")
        .first()
    )
    if document is None:
        return []
    labels = {
        item["key"]: item.get("label", item["key"])
        for section in document.questionnaire.definition.get("sections", [])
        for item in section.get("items", [])
        if isinstance(item, dict) and "key" in item
    }
    return [
        (str(labels.get(key, key)), str(document.answers.get(key) or "—"))
        for key in SUMMARY_KEYS
        if key in labels or document.answers.get(key)
    ]


@dataclass
class Candidate:
    case: Case
    link: PersonLink | None
    funding: list[Any] = field(default_factory=list)  # cases.selectors.TimelineEntry


def candidates(case: Case) -> list[Candidate]:
    """The possible earlier cases with the decision taken on each (if any) and their
    funding history (applications and decisions, from the timeline providers)."""
    links = {
        (link.case_id if link.earlier_id == case.pk else link.earlier_id): link
        for link in PersonLink.objects.filter(Q(case=case) | Q(earlier=case)).select_related(
            "decided_by"
        )
    }
    found = []
    for other in possible_same_person(case):
        funding = [e for e in case_timeline(other) if e.kind.startswith("funding")]
        found.append(Candidate(other, links.get(other.pk), funding))
    return found
