"""Certification of actors; see docs/ARCHITECTURE.md."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification.choices import (
    PROFILE_IN_WORK,
    ActionStatus,
    AssessmentStatus,
    CatalogueKind,
    CertificationStatus,
    FollowUpStatus,
    Outcome,
    ProfileStatus,
)
from nsp.accounts.models import Organisation
from nsp.models import DomainModel

USER = settings.AUTH_USER_MODEL


class Certification(DomainModel):
    """An actor's certification: its current status (changes kept in history)."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="certification",
    )
    status = models.CharField(
        _("status"),
        max_length=32,
        choices=CertificationStatus.choices,
        default=CertificationStatus.NOT_STARTED,
    )
    certified_on = models.DateField(_("certified on"), null=True, blank=True)

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        constraints = [
            models.CheckConstraint(
                name="certification_status_valid",
                condition=Q(status__in=sorted(CertificationStatus.values)),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.get_status_display()}"


class CertificationEvent(DomainModel):
    """One status change: from, to, when, who and why (the audit trail of a certification)."""

    certification = models.ForeignKey(
        Certification, on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(
        _("from"), max_length=32, choices=CertificationStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=32, choices=CertificationStatus.choices)
    changed_on = models.DateField(_("date"), default=timezone.localdate)
    changed_by = models.ForeignKey(
        USER, verbose_name=_("by"), on_delete=models.PROTECT, null=True, blank=True
    )
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")


# --- Catalogues ---------------------------------------------------------------------


class Catalogue(DomainModel):
    """One edition of a requirement catalogue or of the activity-profile catalogue.

    An edition never changes once loaded; a new edition is a new row, and every
    assessment or profile points at the edition it was made on.
    """

    code = models.CharField(_("document code"), max_length=50)
    edition = models.CharField(_("edition"), max_length=30)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=CatalogueKind.choices)
    source = models.TextField(_("source"), blank=True)
    # The activity-profile catalogue (areas, groups, services, housing specification)
    # is kept as its JSON document; requirement catalogues use sections and items.
    definition = models.JSONField(_("definition"), default=dict, blank=True)

    class Meta:
        ordering = ["code", "-created_at"]
        verbose_name = _("catalogue")
        verbose_name_plural = _("catalogues")
        constraints = [
            models.UniqueConstraint(fields=["code", "edition"], name="catalogue_code_edition"),
            models.CheckConstraint(
                name="catalogue_kind_valid", condition=Q(kind__in=sorted(CatalogueKind.values))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.edition}) {self.title}"


class CatalogueSection(DomainModel):
    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="sections")
    number = models.CharField(_("number"), max_length=10)
    title = models.CharField(_("title"), max_length=300)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class CatalogueItem(DomainModel):
    section = models.ForeignKey(CatalogueSection, on_delete=models.CASCADE, related_name="items")
    number = models.CharField(_("number"), max_length=10)
    requirement = models.TextField(_("requirement"))
    question = models.TextField(_("question"), blank=True)
    guidance = models.TextField(_("guidance"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["section__position", "position"]
        verbose_name = _("catalogue item")
        verbose_name_plural = _("catalogue items")

    def __str__(self) -> str:
        return f"{self.number}. {self.requirement[:60]}"


# --- Step 1: activity profile -------------------------------------------------------


class ActivityProfile(DomainModel):
    """The actor's activity profile (NSP/VP/Dok.09) on one catalogue edition.

    ``services`` maps a service key ("2.3.1") to its answer: ``offers`` (bool),
    ``assistance`` (list of internal/external/financial), ``target_group`` (list),
    ``comment`` and ``geography``. ``housing`` maps the housing-specification keys
    to their values.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="activity_profiles"
    )
    catalogue = models.ForeignKey(Catalogue, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=16, choices=ProfileStatus.choices, default=ProfileStatus.DRAFT
    )
    services = models.JSONField(_("services"), default=dict, blank=True)
    housing = models.JSONField(_("housing specification"), default=dict, blank=True)
    review_comment = models.TextField(_("coordinator's comments"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # Who submitted it: the manager, or the coordinator filling it in for the organisation.
    submitted_by = models.ForeignKey(
        USER,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("activity profile")
        verbose_name_plural = _("activity profiles")
        constraints = [
            models.CheckConstraint(
                name="profile_status_valid", condition=Q(status__in=sorted(ProfileStatus.values))
            ),
            # One profile being worked on (draft, returned or waiting for review) per
            # organisation: the form always opens that one (``services.profile_start``).
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status__in=list(PROFILE_IN_WORK)),
                name="profile_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.catalogue.code}"


# --- Step 2: assessments and action plans -------------------------------------------


class Assessment(DomainModel):
    """A visit or follow-up of an actor against one catalogue edition."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="assessments"
    )
    catalogue = models.ForeignKey(Catalogue, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.OPEN,
    )
    visit_date = models.DateField(_("visit date"), default=timezone.localdate)
    assessor = models.ForeignKey(
        USER, verbose_name=_("assessor"), on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField(_("summary"), blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        ordering = ["-visit_date", "-created_at"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.CheckConstraint(
                name="assessment_status_valid",
                condition=Q(status__in=sorted(AssessmentStatus.values)),
            ),
            models.CheckConstraint(
                name="assessment_completed_has_date",
                condition=Q(status=AssessmentStatus.OPEN) | Q(completed_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.catalogue.code} {self.visit_date}"

    @property
    def is_open(self) -> bool:
        return self.status == AssessmentStatus.OPEN


class AssessmentAnswer(DomainModel):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(CatalogueItem, on_delete=models.PROTECT, related_name="+")
    answer = models.TextField(_("answer"), blank=True)
    recommendation = models.TextField(_("recommendation"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    agreed_deadline = models.DateField(_("agreed deadline"), null=True, blank=True)

    class Meta:
        ordering = ["item__section__position", "item__position"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="answer_once_per_item"),
            models.CheckConstraint(
                name="answer_outcome_valid",
                condition=Q(outcome="") | Q(outcome__in=sorted(Outcome.values)),
            ),
        ]


class ActionItem(DomainModel):
    """One point of the action plan: a requirement not fully met, with an agreed deadline."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="action_items"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="action_items"
    )
    answer = models.OneToOneField(
        AssessmentAnswer, on_delete=models.PROTECT, related_name="action_item"
    )
    description = models.TextField(_("action"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_at = models.DateTimeField(_("marked done"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["deadline", "created_at"]
        verbose_name = _("action-plan item")
        verbose_name_plural = _("action-plan items")
        constraints = [
            models.CheckConstraint(
                name="action_status_valid", condition=Q(status__in=sorted(ActionStatus.values))
            ),
            models.CheckConstraint(
                name="action_closed_has_date",
                condition=~Q(status=ActionStatus.CLOSED) | Q(closed_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_overdue(self) -> bool:
        return self.status != ActionStatus.CLOSED and self.deadline < timezone.localdate()


class ActionNote(DomainModel):
    action_item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("progress note"))

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")


# --- Step 3: annual follow-up -------------------------------------------------------


class TrainingEvent(DomainModel):
    """A training or exchange event; certified actors attend at least one a year."""

    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    description = models.TextField(_("description"), blank=True)
    # Minimum requirement 1: every staff member has attended the programme's basic training.
    basic_training = models.BooleanField(_("the programme's basic training"), default=False)
    attendees = models.ManyToManyField(
        Organisation, through="EventAttendance", related_name="training_events"
    )

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("training/exchange event")
        verbose_name_plural = _("training/exchange events")

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class EventAttendance(DomainModel):
    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="attendance")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    participants = models.PositiveIntegerField(_("participants"), default=1)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation"], name="attendance_once_per_event"
            )
        ]


class FollowUp(DomainModel):
    """The annual follow-up (step 3), due one year after certification and yearly after."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="follow_ups"
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.SCHEDULED,
    )
    year_review = models.TextField(_("review of the year"), blank=True)
    # Derived from the records when the follow-up is recorded (certification.year), not
    # ticked by hand: every period report and every final (exit) report owed in the year in.
    statistics_submitted = models.BooleanField(_("annual statistics submitted"), default=False)
    final_reports_submitted = models.BooleanField(
        _("final reports on individuals submitted"), default=False
    )
    # The re-assessment against the minimum requirements (pre-filled from the last one).
    assessment = models.OneToOneField(
        Assessment,
        verbose_name=_("re-assessment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_up",
    )
    # The year's case handling as the records showed it when the follow-up was recorded.
    case_handling = models.JSONField(_("case handling of the year"), default=dict, blank=True)
    completed_on = models.DateField(_("completed"), null=True, blank=True)
    completed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Counted when the follow-up is recorded: events attended in the twelve months before.
    events_attended = models.PositiveIntegerField(_("events attended in the year"), default=0)

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("annual follow-up")
        verbose_name_plural = _("annual follow-ups")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "due_on"], name="followup_once"),
            models.CheckConstraint(
                name="followup_completed_has_date",
                condition=Q(status=FollowUpStatus.SCHEDULED) | Q(completed_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.due_on}"

    @property
    def is_overdue(self) -> bool:
        return self.status == FollowUpStatus.SCHEDULED and self.due_on < timezone.localdate()

    @property
    def shortcomings(self) -> list[str]:
        """What the year's duties lack (shown to both sides; the coordinator decides)."""
        if self.status != FollowUpStatus.COMPLETED:
            return []
        missing = []
        if self.events_attended < 1:
            missing.append(str(_("no training or exchange event attended")))
        if not self.statistics_submitted:
            missing.append(str(_("annual statistics missing")))
        if not self.final_reports_submitted:
            missing.append(str(_("final reports missing")))
        return missing


# --- The folder: notes and documents ------------------------------------------------


class FolderNote(DomainModel):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="folder_notes"
    )
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")


def _document_path(instance: FolderDocument, filename: str) -> str:
    # Never the uploader's file name on disk: it may carry personal data.
    return f"certification/{instance.organisation_id}/{instance.pk}"


class FolderDocument(DomainModel):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="folder_documents"
    )
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_document_path)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title


# The staff register (minimum requirement 1) lives in its own module.
# The coordinator's request to fill in step 1 lives in its own module.
from certification.request_models import ProfileRequest as ProfileRequest  # noqa: E402
from certification.staff_models import StaffMember as StaffMember  # noqa: E402
from certification.staff_models import StaffTraining as StaffTraining  # noqa: E402
