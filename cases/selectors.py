"""Reads for cases: scoped lists, the case timeline, next due dates, dashboard data."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection
from django.db.models import Model, OuterRef, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from cases.choices import CaseStatus, ChildLocation, DocumentKind, DocumentStatus
from cases.models import Case, CaseDocument, Child, Inquiry, PlanItem
from nsp.permissions import AnyUser, is_programme, scope_to_user
from nsp.urls_fast import object_url

M = TypeVar("M", bound=Model)


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
    open_follow_ups = PlanItem.objects.filter(case=OuterRef("pk"), done_on__isnull=True)
    return qs.annotate(
        next_due=Subquery(open_follow_ups.order_by("follow_up_on").values("follow_up_on")[:1])
    ).order_by("-created_at")


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


TimelineProvider = Callable[[Case], list[TimelineEntry]]


def case_timeline(
    case: Case,
    *,
    documents: list[CaseDocument] | None = None,
    plan_items: list[PlanItem] | None = None,
    inquiries: list[Inquiry] | None = None,
) -> list[TimelineEntry]:
    """Everything that happened in the case, newest first.

    Entries from this app plus those of every provider listed in
    ``settings.NSP_CASE_TIMELINE_PROVIDERS`` (``provider(case) -> list[TimelineEntry]``),
    so that funding can add its applications and decisions without editing this app.
    Lists the caller has already read (the case page has) are reused, not read again.
    """
    entries: list[TimelineEntry] = []
    for inquiry in case.inquiries.all() if inquiries is None else inquiries:
        entries.append(
            TimelineEntry(inquiry.received_on, _("Inquiry"), inquiry.description, kind="inquiry")
        )
    for doc in page_documents(case) if documents is None else documents:
        when = (doc.submitted_at and timezone.localdate(doc.submitted_at)) or doc.created_at.date()
        title = f"{doc.get_kind_display()} (v{doc.version}) – {doc.get_status_display()}"
        url = object_url("cases:document_detail", doc.pk)
        entries.append(TimelineEntry(when, title, url=url, kind="document"))
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
    for item in case.plan_items.all() if plan_items is None else plan_items:
        if item.done_on:
            entries.append(
                TimelineEntry(item.done_on, _("Plan followed up"), item.goal, kind="plan")
            )
    if case.closed_on:
        entries.append(TimelineEntry(case.closed_on, _("Case closed"), kind="decision"))
    read = getattr(case, "page_lists", {}).get("providers", {})
    for dotted in getattr(settings, "NSP_CASE_TIMELINE_PROVIDERS", []):
        provider: TimelineProvider = import_string(dotted)
        if dotted in read:  # its rows came with the case (``case_with_lists``)
            entries.extend(provider.from_rows(read[dotted]))  # type: ignore[attr-defined]
        else:
            entries.extend(provider(case))
    return sorted(entries, key=lambda e: e.when, reverse=True)


# --- The case page -------------------------------------------------------------------


def page_documents(case: Case) -> QuerySet[CaseDocument]:
    """The case's documents for lists: without their answers (the bulk of a row)."""
    return case.documents.only(*_LIST_FIELDS[CaseDocument]).order_by("created_at")


# The columns the case page shows of each list, and the order it shows them in.
_LIST_FIELDS: dict[type[Model], tuple[str, ...]] = {
    CaseDocument: (
        "id",
        "case_id",
        "kind",
        "status",
        "version",
        "document_date",
        "submitted_at",
        "created_at",
    ),
    Child: ("id", "case_id", "created_at", "age", "gender", "location", "needs_notes"),
    PlanItem: (
        "id",
        "case_id",
        "created_at",
        "goal",
        "activities",
        "responsible",
        "when_how",
        "follow_up_on",
        "follow_up_how",
        "done_on",
        "outcome",
    ),
    Inquiry: ("id", "case_id", "created_at", "received_on", "description"),
}
_LIST_ORDER: dict[type[Model], str] = {
    CaseDocument: "created_at",
    Child: "created_at",
    PlanItem: "follow_up_on, created_at",
    Inquiry: "received_on DESC, created_at DESC",
}


_LIST_KEYS: dict[type[Model], str] = {
    CaseDocument: "documents",
    Child: "children",
    PlanItem: "plan",
    Inquiry: "inquiries",
}


def _case_lists_sql() -> str:
    return _case_lists_sql_for(tuple(getattr(settings, "NSP_CASE_TIMELINE_PROVIDERS", [])))


@functools.cache
def _case_lists_sql_for(providers: tuple[str, ...]) -> str:
    """An expression giving the case's lists as one JSON object of arrays, correlated to
    the outer case row (built from the models' meta: no user input reaches it)."""

    def column(model: type[Model], attname: str) -> str:
        columns = {f.attname: f.column for f in model._meta.concrete_fields}
        return connection.ops.quote_name(str(columns[attname]))

    case_id = (
        f"{connection.ops.quote_name(Case._meta.db_table)}."
        f"{connection.ops.quote_name(str(Case._meta.pk.column))}"
    )
    parts = []
    for model, fields in _LIST_FIELDS.items():
        columns = ", ".join(f"{column(model, f)} AS {connection.ops.quote_name(f)}" for f in fields)
        table = connection.ops.quote_name(model._meta.db_table)
        parts.append(
            f"'{_LIST_KEYS[model]}', (SELECT coalesce(json_agg(r ORDER BY {_LIST_ORDER[model]}), "  # noqa: S608
            f"'[]') FROM (SELECT {columns} FROM {table} WHERE {column(model, 'case_id')} = "
            f"{case_id}) r)"
        )
    # Timeline providers that can say in SQL what they read (``provider.rows_sql(case_id)``,
    # turned into entries by ``provider.from_rows(rows)``) come along in the same query.
    provided = []
    for dotted in providers:
        provider = import_string(dotted)
        if hasattr(provider, "rows_sql") and hasattr(provider, "from_rows"):
            assert "'" not in dotted
            provided.append(f"'{dotted}', {provider.rows_sql(case_id)}")
    if provided:
        parts.append("'providers', json_build_object(" + ", ".join(provided) + ")")
    return "json_build_object(" + ", ".join(parts) + ")"


def case_with_lists() -> QuerySet[Case]:
    """Cases with their organisation, plan and the case page's lists (``page_lists``), all
    in the one query that fetches the case (for ``get_for_user_or_404``)."""
    return Case.objects.select_related("organisation", "plan").annotate(
        page_lists=RawSQL(_case_lists_sql(), ())  # noqa: S611 (no parameters, built from meta)
    )


def _instances(model: type[M], rows: list[dict[str, Any]]) -> list[M]:
    """Model instances as if read by the ORM: the columns not read are deferred."""
    loaded = [f for f in model._meta.concrete_fields if f.attname in _LIST_FIELDS[model]]
    names = [f.attname for f in loaded]
    return [
        model.from_db(connection.alias, names, [f.to_python(row[f.attname]) for f in loaded])
        for row in rows
    ]


@dataclass(frozen=True)
class CasePage:
    """Everything the case page shows besides the case itself."""

    documents: list[CaseDocument]
    children: list[Child]
    plan_items: list[PlanItem]
    timeline: list[TimelineEntry]
    next_due: PlanItem | None
    accompanying_children: int
    in_depth_count: int


def case_page(case: Case) -> CasePage:
    """The case page's reads: the case's documents, children, plan and inquiries in one
    expression, plus one query per timeline provider, whatever the size of the case or
    of the register. The case page is the most read page of the system: a case read with
    ``case_with_lists()`` brings its lists along (no query here)."""
    lists = getattr(case, "page_lists", None)
    if lists is None:
        lists = case_with_lists().get(pk=case.pk).page_lists  # type: ignore[attr-defined]
    documents = _instances(CaseDocument, lists["documents"])
    children = _instances(Child, lists["children"])
    plan_items = _instances(PlanItem, lists["plan"])
    inquiries = _instances(Inquiry, lists["inquiries"])
    return CasePage(
        documents=documents,
        children=children,
        plan_items=plan_items,
        timeline=case_timeline(
            case, documents=documents, plan_items=plan_items, inquiries=inquiries
        ),
        # The plan is ordered by follow-up date: the first open item is the next due.
        next_due=next((item for item in plan_items if item.done_on is None), None),
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
        .only("follow_up_on", "case__case_number", "case__status")
        .order_by("follow_up_on")
    )
    for item in items[: limit * 5]:
        if item.case_id not in result:
            item.case.next_due = item.follow_up_on  # type: ignore[attr-defined]
            result[item.case_id] = item.case
        if len(result) == limit:
            return list(result.values())
    latest = open_cases.only("case_number", "status").order_by("-created_at")
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
