"""Reads about certification."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification.catalogues_data import services_of
from certification.choices import (
    MAY_FILE_APPLICATIONS,
    ActionStatus,
    AssessmentStatus,
    CatalogueKind,
    CertificationStatus,
    FollowUpStatus,
    ProfileStatus,
)
from certification.models import (
    ActionItem,
    ActivityProfile,
    Assessment,
    Catalogue,
    Certification,
    FollowUp,
    ProfileRequest,
)
from nsp.accounts.choices import Role
from nsp.accounts.models import Organisation, User
from nsp.permissions import ALLOW, AnyUser, Decision, deny, scope_to_user


def certification_status(organisation: Organisation) -> str:
    cert = Certification.objects.filter(organisation=organisation).only("status").first()
    return cert.status if cert else CertificationStatus.NOT_STARTED


def can_file_applications(organisation: Organisation, status: str | None = None) -> Decision:
    """Only a certified actor (not suspended or withdrawn) may apply for funding.

    Every service that creates a funding or admission application calls this. ``status``:
    the organisation's ``certification_status`` when the caller has just read it.
    """
    if status is None:
        status = certification_status(organisation)
    if status in MAY_FILE_APPLICATIONS:
        return ALLOW
    return deny(
        _("%(name)s is not certified, so it cannot file applications.")
        % {"name": organisation.name}
    )


def accepted_profile(organisation: Organisation) -> ActivityProfile | None:
    return (
        ActivityProfile.objects.filter(organisation=organisation, status=ProfileStatus.ACCEPTED)
        .select_related("catalogue")
        .order_by("-reviewed_at")
        .first()
    )


def requirement_catalogues() -> QuerySet[Catalogue]:
    return Catalogue.objects.exclude(kind=CatalogueKind.ACTIVITY_PROFILE).order_by(
        "kind", "code", "-created_at"
    )


def action_items_for(user: AnyUser) -> QuerySet[ActionItem]:
    return scope_to_user(user, ActionItem.objects.all()).select_related(
        "organisation", "answer__item", "assessment__catalogue"
    )


def open_action_items(user: AnyUser) -> QuerySet[ActionItem]:
    return action_items_for(user).exclude(status=ActionStatus.CLOSED)


def overdue_action_items(user: AnyUser) -> QuerySet[ActionItem]:
    return open_action_items(user).filter(deadline__lt=timezone.localdate())


def followups_due(user: AnyUser, days: int = 30) -> QuerySet[FollowUp]:
    horizon = timezone.localdate() + datetime.timedelta(days=days)
    return (
        scope_to_user(user, FollowUp.objects.all())
        .filter(status=FollowUpStatus.SCHEDULED, due_on__lte=horizon)
        .select_related("organisation")
    )


@dataclass
class PilotRow:
    organisation: Organisation
    status: str
    step1: bool
    step2: bool
    step3: bool
    # Step 1 not yet accepted: a profile waits for review, or the coordinator's request
    # for it is open since this time (issue 18: the coordinator sees what was asked).
    step1_waiting: bool = False
    step1_requested: datetime.datetime | None = None

    @property
    def status_label(self) -> str:
        return str(CertificationStatus(self.status).label)


@dataclass
class PilotTable:
    rows: list[PilotRow] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, int]:
        return {
            "step1": sum(r.step1 for r in self.rows),
            "step2": sum(r.step2 for r in self.rows),
            "step3": sum(r.step3 for r in self.rows),
        }


def pilot_table() -> PilotTable:
    """The pilot's progress table: per actor, step 1 ✓ / step 2 ✓ / step 3 ✓ (one query:
    the status and the three steps are subqueries of the organisation list)."""
    step1 = ActivityProfile.objects.filter(
        organisation=OuterRef("pk"), status=ProfileStatus.ACCEPTED
    )
    step2 = Assessment.objects.filter(
        organisation=OuterRef("pk"),
        status=AssessmentStatus.COMPLETED,
        catalogue__kind=CatalogueKind.MINIMUM_REQUIREMENTS,
    )
    step3 = FollowUp.objects.filter(organisation=OuterRef("pk"), status=FollowUpStatus.COMPLETED)
    waiting = ActivityProfile.objects.filter(
        organisation=OuterRef("pk"), status=ProfileStatus.SUBMITTED
    )
    requested = ProfileRequest.objects.filter(organisation=OuterRef("pk"), closed_at__isnull=True)
    status = Certification.objects.filter(organisation=OuterRef("pk")).order_by("pk")
    organisations = (
        Organisation.objects.filter(is_active=True)
        .annotate(
            cert_status=Subquery(status.values("status")[:1]),
            step1=Exists(step1),
            step2=Exists(step2),
            step3=Exists(step3),
            step1_waiting=Exists(waiting),
            step1_requested=Subquery(requested.values("created_at")[:1]),
        )
        .order_by("name")
    )
    table = PilotTable()
    for org in organisations:
        table.rows.append(
            PilotRow(
                organisation=org,
                status=org.cert_status or CertificationStatus.NOT_STARTED,
                step1=org.step1,
                step2=org.step2,
                step3=org.step3,
                step1_waiting=org.step1_waiting,
                step1_requested=org.step1_requested,
            )
        )
    return table


# --- Public directory ---------------------------------------------------------------


@dataclass
class DirectoryEntry:
    """What the public may know about a certified actor — nothing else."""

    organisation_id: Any
    name: str
    region: str
    target_groups: list[str]
    services: list[dict[str, Any]]
    housing_places: int | None


def _target_group_labels(values: list[str]) -> list[str]:
    from certification.choices import TargetGroup

    return [str(TargetGroup(v).label) for v in values if v in TargetGroup.values]


def directory_entries(
    *, service: str = "", target_group: str = "", region: str = ""
) -> list[DirectoryEntry]:
    certified = Organisation.objects.filter(
        is_active=True, certification__status__in=sorted(MAY_FILE_APPLICATIONS)
    ).order_by("name")
    if region:
        certified = certified.filter(region=region)
    profiles: dict[Any, ActivityProfile] = {}
    for profile in (
        ActivityProfile.objects.filter(organisation__in=certified, status=ProfileStatus.ACCEPTED)
        .select_related("catalogue")
        .order_by("reviewed_at")
    ):
        profiles[profile.organisation_id] = profile  # the newest accepted wins
    entries = []
    for org in certified:
        found = profiles.get(org.pk)
        offered = []
        groups: set[str] = set()
        if found:
            for svc in services_of(found.catalogue.definition):
                answer = found.services.get(svc["key"], {})
                if answer.get("offers"):
                    offered.append({"key": svc["key"], "title": svc["title"], "area": svc["area"]})
                    groups.update(answer.get("target_group", []))
        if service and service not in {s["key"] for s in offered}:
            continue
        if target_group and target_group not in groups:
            continue
        places = found.housing.get("places") if found else None
        entries.append(
            DirectoryEntry(
                organisation_id=org.pk,
                name=org.name,
                region=org.region,
                target_groups=_target_group_labels(sorted(groups)),
                services=offered,
                housing_places=places or None,
            )
        )
    return entries


def directory_service_choices() -> list[tuple[str, str]]:
    catalogue = (
        Catalogue.objects.filter(kind=CatalogueKind.ACTIVITY_PROFILE)
        .order_by("-created_at")
        .first()
    )
    if catalogue is None:
        return []
    return [(s["key"], f"{s['key']} {s['title']}") for s in services_of(catalogue.definition)]


def directory_regions() -> list[str]:
    return sorted(
        set(
            Organisation.objects.filter(
                is_active=True, certification__status__in=sorted(MAY_FILE_APPLICATIONS)
            )
            .exclude(region="")
            .values_list("region", flat=True)
        )
    )


# --- Step 1 on request (issue 18) ---------------------------------------------------


def organisation_managers(organisation_id: Any) -> QuerySet[User]:
    """The organisation's active manager accounts: who fills in step 1 and receives the
    coordinator's request."""
    return User.objects.filter(
        organisation_id=organisation_id, role=Role.ACTOR_MANAGER, is_active=True
    ).order_by("pk")


def open_profile_request(organisation_id: Any) -> ProfileRequest | None:
    """The coordinator's request for step 1 still waiting for a submitted profile."""
    return (
        ProfileRequest.objects.filter(organisation_id=organisation_id, closed_at__isnull=True)
        .select_related("requested_by")
        .first()
    )
