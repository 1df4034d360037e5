"""Cases: one person supported by the programme, known by initials and case number."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils.translation import gettext_lazy as _

from cases.choices import (
    CaseStatus,
    ChildLocation,
    DocumentKind,
    DocumentStatus,
    Gender,
    TraffickingType,
)
from nsp.accounts.models import Organisation, User
from nsp.models import DomainModel, choice_label

initial_validator = RegexValidator(
    r"^[A-ZÅÄÖÆØÜÉ]$", _("One capital letter (an initial, never a name).")
)


class Case(DomainModel):
    """A person in (or applying to) the programme.

    Identified only by initials and birth year; ``case_number`` (NSP001, …) is assigned
    at admission and is the client reference on every later document. URLs use the
    opaque UUID ``id``, never the case number or initials.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("actor"), on_delete=models.PROTECT, related_name="cases"
    )
    case_number = models.CharField(
        _("case number"), max_length=12, unique=True, null=True, blank=True, editable=False
    )
    # The integer behind the case number (NSP001 ↔ 1), assigned by cases.services.case_admit.
    number = models.PositiveIntegerField(unique=True, null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.APPLIED
    )
    surname_initial = models.CharField(
        _("surname initial"), max_length=1, validators=[initial_validator]
    )
    first_name_initial = models.CharField(
        _("first-name initial"), max_length=1, validators=[initial_validator]
    )
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices)
    nationality = models.CharField(_("nationality"), max_length=100, blank=True)
    admitted_on = models.DateField(_("admitted on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Columns for the statistics (Table 3) and identification; the full answers live in
    # the case's documents.
    arrival_date = models.DateField(_("arrival date in Sweden"), null=True, blank=True)
    trafficking_types = ArrayField(
        models.CharField(max_length=32, choices=TraffickingType.choices),
        verbose_name=_("type of trafficking"),
        default=list,
        blank=True,
    )
    exploitation_countries = ArrayField(
        models.CharField(max_length=100),
        verbose_name=_("countries of exploitation"),
        default=list,
        blank=True,
    )
    police_report_made = models.BooleanField(_("police report made"), null=True, blank=True)
    applied_on = models.DateField(_("application submitted on"), null=True, blank=True)
    refused_on = models.DateField(_("admission refused on"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    # The readable reference from the first save (issue 18): the actor's letter and a
    # per-actor serial, "A-0012"; with the initials and birth year it tells cases apart
    # before the case number exists. Assigned by ``save`` (see ``_assign_serial``).
    serial_prefix = models.CharField(_("actor letter"), max_length=3, blank=True, editable=False)
    serial = models.PositiveIntegerField(_("serial"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["organisation", "status"], name="case_org_status"),
            models.Index(fields=["status", "-created_at"], name="case_status_created"),
            models.Index(fields=["-created_at"], name="case_created"),
            models.Index(fields=["organisation", "-created_at"], name="case_org_created"),
            # "Possible earlier cases of the same person" (cases.persons) on every case
            # page: the same initials and birth year.
            models.Index(
                fields=["birth_year", "surname_initial", "first_name_initial"],
                name="case_same_person",
            ),
            # The dashboards' plans to establish (cases.deadlines), oldest admission first.
            models.Index(
                fields=["admitted_on", "number"],
                name="case_admitted_on",
                condition=Q(status=CaseStatus.ADMITTED),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="case_number_format",
                condition=Q(case_number__isnull=True) | Q(case_number__regex=r"^NSP[0-9]{3,}$"),
            ),
            models.CheckConstraint(
                name="case_number_matches_integer",
                condition=(Q(case_number__isnull=True) & Q(number__isnull=True))
                | (Q(case_number__isnull=False) & Q(number__isnull=False)),
            ),
            models.CheckConstraint(
                name="case_admitted_has_number",
                condition=~Q(status__in=["admitted", "closed"]) | Q(case_number__isnull=False),
            ),
            models.CheckConstraint(
                name="case_initials_are_single_letters",
                condition=Q(surname_initial__regex=r"^.$") & Q(first_name_initial__regex=r"^.$"),
            ),
            models.UniqueConstraint(
                fields=["organisation", "serial"], name="case_serial_unique_per_actor"
            ),
        ]

    def __str__(self) -> str:
        # Shown in lists, menus, headings and notifications: "K.M. 1995 · A-0012", and
        # from admission "NSP012 · K.M. 1995 · A-0012". Never in URLs or logs.
        return " · ".join(p for p in (self.case_number, self.person_label, self.serial_label) if p)

    # Labels of the fields every case page shows (nsp.models.choice_label).
    def get_status_display(self) -> str:  # type: ignore[no-redef]
        return choice_label(CaseStatus, self.status)

    def get_gender_display(self) -> str:  # type: ignore[no-redef]
        return choice_label(Gender, self.gender)

    @property
    def reference(self) -> str:
        return str(self)

    @property
    def person_label(self) -> str:
        initials = "".join(f"{i}." for i in (self.first_name_initial, self.surname_initial) if i)
        return f"{initials} {self.birth_year or ''}".strip()

    @property
    def notice_label(self) -> str:
        """The case in a notification ("NSP012 · A-0012"): readable, but without initials
        and birth year, since notifications also leave the system by e-mail."""
        return " · ".join(p for p in (self.case_number, self.serial_label) if p)

    @property
    def serial_label(self) -> str:
        return f"{self.serial_prefix}-{self.serial:04d}" if self.serial else ""

    def save(self, *args: object, **kwargs: object) -> None:
        if self.serial is None and self.organisation_id is not None:
            with transaction.atomic():
                self._assign_serial()
                super().save(*args, **kwargs)  # type: ignore[arg-type]
            return
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def _assign_serial(self) -> None:
        """The next serial of the actor, under a lock on the actor's row (two cases saved
        at once never get the same serial); the letter is the actor's place in the order
        organisations were created (A, B, …, Z, AA, …)."""
        org = Organisation.objects.select_for_update().get(pk=self.organisation_id)
        self.serial_prefix = actor_letter(org)
        last = Case.objects.filter(organisation_id=org.pk).aggregate(m=Max("serial"))["m"]
        self.serial = (last or 0) + 1

    @property
    def accompanying_children_count(self) -> int:
        return self.children.filter(location=ChildLocation.WITH_PARENT).count()


# The columns ``str(case)`` reads: lists that read a case with ``only()`` take these.
REFERENCE_FIELDS = (
    "case_number",
    "first_name_initial",
    "surname_initial",
    "birth_year",
    "serial_prefix",
    "serial",
)


def reference_fields(prefix: str = "") -> list[str]:
    return [prefix + name for name in REFERENCE_FIELDS]


def actor_letter(org: Organisation) -> str:
    earlier = Organisation.objects.filter(
        Q(created_at__lt=org.created_at) | Q(created_at=org.created_at, pk__lt=org.pk)
    ).count()
    letters = ""
    n = earlier
    while True:
        letters = chr(ord("A") + n % 26) + letters
        n = n // 26 - 1
        if n < 0:
            return letters


class Child(DomainModel):
    """A minor child of the person; accompanying children are part of the support."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="children"
    )
    age = models.PositiveSmallIntegerField(_("age"), validators=[MaxValueValidator(17)])
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices)
    location = models.CharField(
        _("where the child is"), max_length=16, choices=ChildLocation.choices
    )
    needs_notes = models.TextField(_("the child's needs"), blank=True)
    # The row of the initial assessment's children list this child came from (issue 19):
    # submitting the assessment again updates the same child; a child added on the case
    # page has none and is never touched by the assessment.
    assessment_row = models.PositiveSmallIntegerField(
        _("row in the initial assessment"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("child")
        verbose_name_plural = _("children")
        constraints = [
            models.CheckConstraint(name="child_age_minor", condition=Q(age__lte=17)),
            models.UniqueConstraint(
                fields=["case", "assessment_row"],
                condition=Q(assessment_row__isnull=False),
                name="child_once_per_assessment_row",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Child, %(age)s years") % {"age": self.age})

    def get_gender_display(self) -> str:  # type: ignore[no-redef]
        return choice_label(Gender, self.gender)

    def get_location_display(self) -> str:  # type: ignore[no-redef]
        return choice_label(ChildLocation, self.location)


class Questionnaire(DomainModel):
    """One edition of a form from seed 002's appendix, as loaded from ``questionnaires/``.

    An edition once loaded never changes; each document keeps the edition it was made on.
    """

    code = models.CharField(_("code"), max_length=40)
    edition = models.CharField(_("edition"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    definition = models.JSONField(_("definition"))

    class Meta:
        ordering = ["code", "-created_at"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [
            models.UniqueConstraint(fields=["code", "edition"], name="questionnaire_code_edition")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.code}, {self.edition})"


class Inquiry(DomainModel):
    """A question about a specific individual; counted even when no application follows."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        related_name="inquiries",
        null=True,
        blank=True,
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.SET_NULL,
        related_name="inquiries",
        null=True,
        blank=True,
    )
    received_on = models.DateField(_("date"))
    from_whom = models.CharField(_("from whom"), max_length=200)
    description = models.TextField(_("short description"))
    outcome = models.TextField(_("outcome"), blank=True)
    recorded_by = models.ForeignKey(
        User, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-received_on", "-created_at"]
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")

    def __str__(self) -> str:
        return str(_("Inquiry of %(date)s") % {"date": self.received_on})


class CaseDocument(DomainModel):
    """An assessment or report of a case: answers to one questionnaire edition.

    Drafts can be edited; a submitted document is locked. A correction creates a new
    draft version (``previous`` points at the one it replaces, which becomes superseded
    when the correction is submitted), so every version stays readable.
    """

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.PROTECT, related_name="+"
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("previous version"),
        on_delete=models.PROTECT,
        related_name="correction",
        null=True,
        blank=True,
    )
    document_date = models.DateField(_("date"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        User,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    # A support period report belongs to one granted period (issue 19): the granting
    # decision of the funding app, named lazily so that this app imports nothing of it
    # (the periods themselves are read through ``cases.periods``).
    period = models.ForeignKey(
        "funding.Decision",
        verbose_name=_("granted period"),
        on_delete=models.PROTECT,
        related_name="period_reports",
        null=True,
        blank=True,
    )
    # "Mottaget av / Datum" (002, Rapport stödperiod and Utslussningsrapport): recorded when
    # the coordinator marks the submitted report as received, never typed by the actor.
    received_by = models.ForeignKey(
        User,
        verbose_name=_("received by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    received_on = models.DateField(_("received on"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")
        indexes = [
            # "Reports overdue" (reports.selectors.reports_overdue) asks, period by period,
            # whether the case has a submitted report since the period began: answered
            # from this index alone instead of reading every document of the case.
            models.Index(
                fields=["case", "submitted_at"],
                name="casedocument_report_submitted",
                condition=Q(
                    kind__in=[DocumentKind.PERIOD_REPORT, DocumentKind.EXIT_REPORT],
                    status__in=[DocumentStatus.SUBMITTED, DocumentStatus.SUPERSEDED],
                ),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="casedocument_submitted_has_time",
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
            ),
            models.CheckConstraint(
                name="casedocument_version_positive", condition=Q(version__gte=1)
            ),
            models.CheckConstraint(
                name="casedocument_period_only_on_period_report",
                condition=Q(period__isnull=True) | Q(kind="period_report"),
            ),
            # One report per granted period: its corrections are later versions of it.
            models.UniqueConstraint(
                fields=["period"],
                condition=Q(previous__isnull=True),
                name="casedocument_one_report_per_period",
            ),
            models.CheckConstraint(
                name="casedocument_received_when_submitted",
                condition=(Q(received_on__isnull=True) & Q(received_by__isnull=True))
                | (
                    Q(received_on__isnull=False)
                    & Q(received_by__isnull=False)
                    & ~Q(status="draft")
                    & Q(kind__in=["period_report", "exit_report"])
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"

    def get_kind_display(self) -> str:  # type: ignore[no-redef]
        return choice_label(DocumentKind, self.kind)

    def get_status_display(self) -> str:  # type: ignore[no-redef]
        return choice_label(DocumentStatus, self.status)

    @property
    def is_locked(self) -> bool:
        return self.status != DocumentStatus.DRAFT


class PersonLink(DomainModel):
    """The coordinator's decision whether ``case`` (a new application) is the same person
    as an ``earlier`` case: once linked (``same_person``), the per-person rules count
    across both (``cases.selectors.same_person_cases``). A "not the same person" decision
    is kept too, so the question is not asked again; a changed mind is a change of this
    row (with history)."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="person_links"
    )
    earlier = models.ForeignKey(
        Case, verbose_name=_("earlier case"), on_delete=models.CASCADE, related_name="+"
    )
    same_person = models.BooleanField(_("the same person"))
    decided_by = models.ForeignKey(
        User, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("decided on"))

    class Meta:
        ordering = ["-decided_on", "-created_at"]
        verbose_name = _("same-person decision")
        verbose_name_plural = _("same-person decisions")
        constraints = [
            models.UniqueConstraint(fields=["case", "earlier"], name="personlink_once_per_pair"),
            models.CheckConstraint(
                name="personlink_two_cases", condition=~Q(case=models.F("earlier"))
            ),
        ]

    def __str__(self) -> str:
        return str(_("Same-person decision"))


# The implementation plan lives in its own module (size); imported here so that Django and
# ``from cases.models import …`` find it.
from cases.plan_models import ImplementationPlan as ImplementationPlan  # noqa: E402
from cases.plan_models import PlanItem as PlanItem  # noqa: E402
