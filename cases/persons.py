"""The same person twice (issue 19): possible earlier cases of a person, and the
coordinator's decision whether they are the same person.

Seed 002 speaks of "samma individ" (the 30 days of rest and the intervention cap are per
person) and of no further funding after the 90 days' integration without "särskilda
omständigheter". A person may come to a second actor, or back after the case closed: the
coordinator sees the possible earlier cases — same initials and birth year, and gender or
nationality agreeing — and decides. Linked cases count together in every per-person rule
(``cases.selectors.same_person_cases``). Only the programme roles see this; an actor never
sees another actor's case through it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.choices import CaseStatus
from cases.models import Case, PersonLink
from nsp.accounts.models import User
from nsp.cache import bump_statistics_version
from nsp.permissions import can_decide


def possible_same_person(case: Case) -> QuerySet[Case]:
    """Earlier cases that may be the same person as ``case``: same initials and birth
    year, and the same gender or the same (non-empty) nationality. Drafts are no cases yet."""
    agreeing = Q(gender=case.gender)
    if case.nationality.strip():
        agreeing |= Q(nationality__iexact=case.nationality.strip())
    return (
        Case.objects.filter(
            surname_initial=case.surname_initial,
            first_name_initial=case.first_name_initial,
            birth_year=case.birth_year,
            created_at__lt=case.created_at,
        )
        .filter(agreeing)
        .exclude(pk=case.pk)
        .exclude(status=CaseStatus.DRAFT)
        .select_related("organisation")
        .order_by("-created_at")
    )


def link_between(case: Case, other: Case) -> PersonLink | None:
    """The decision about the pair, whichever way round it was recorded."""
    return (
        PersonLink.objects.filter(Q(case=case, earlier=other) | Q(case=other, earlier=case))
        .select_related("decided_by")
        .first()
    )


def undecided_count(case: Case) -> int:
    """Possible earlier cases not yet decided on (one query)."""
    return (
        possible_same_person(case)
        .exclude(pk__in=PersonLink.objects.filter(case=case).values("earlier_id"))
        .exclude(pk__in=PersonLink.objects.filter(earlier=case).values("case_id"))
        .count()
    )


@transaction.atomic
def person_link_decide(
    *, case: Case, earlier: Case, same_person: bool, by: User, on: date | None = None
) -> PersonLink:
    """The coordinator decides whether ``earlier`` is the same person as ``case``."""
    if not can_decide(by):
        raise ValidationError(_("Only the coordinator decides whether it is the same person."))
    if case.pk == earlier.pk:
        raise ValidationError(_("A case is not compared with itself."))
    bump_statistics_version()
    # Lock both cases in key order (the per-person rules lock the person's cases too).
    locked = {
        c.pk: c
        for c in Case.objects.select_for_update()
        .filter(pk__in=[case.pk, earlier.pk])
        .order_by("pk")
    }
    if not possible_same_person(locked[case.pk]).filter(pk=earlier.pk).exists() and not (
        possible_same_person(locked[earlier.pk]).filter(pk=case.pk).exists()
    ):
        raise ValidationError(
            _(
                "Only cases with the same initials and birth year, and the same gender or "
                "nationality, can be linked."
            )
        )
    link = link_between(case, earlier) or PersonLink(case=case, earlier=earlier)
    link.same_person = same_person
    link.decided_by = by
    link.decided_on = on or timezone.localdate()
    link._history_user = by  # type: ignore[attr-defined]
    link.full_clean()
    link.save()
    return link


def linked_case_ids(case_pk: Any) -> set[Any]:
    """Every case linked to ``case_pk`` as the same person, through any chain of links
    (A–B and B–C make A, B and C one person), ``case_pk`` included."""
    seen = {case_pk}
    frontier = {case_pk}
    while frontier:
        pairs = PersonLink.objects.filter(same_person=True).filter(
            Q(case_id__in=frontier) | Q(earlier_id__in=frontier)
        )
        found = {pk for pair in pairs.values_list("case_id", "earlier_id") for pk in pair}
        frontier = found - seen
        seen |= frontier
    return seen
