"""Applications, decisions (with their documents) and invoices."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from funding import rates
from funding.choices import (
    ApplicationKind,
    ApplicationStatus,
    InvoiceStatus,
    Outcome,
    PublicBody,
    PublicFundingOutcome,
    ResidenceStatus,
)
from funding.models.catalogues import (
    InterventionItem,
    ProgrammePhase,
    private_name,
    private_storage,
)
from funding.uploads import validate_upload
from nsp.accounts.models import Organisation
from nsp.models import DomainModel


class InterventionOccasion(DomainModel):
    """An occasion (tillfälle) of a person for which point interventions are applied for:
    seed 002's cap "max 5000 per person och tillfälle" holds over all the applications of
    one occasion, not per application."""

    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="intervention_occasions",
    )
    description = models.CharField(_("occasion"), max_length=200)
    occurred_on = models.DateField(_("date of the occasion"))

    class Meta:
        ordering = ["-occurred_on", "-created_at"]
        verbose_name = _("intervention occasion")
        verbose_name_plural = _("intervention occasions")
        constraints = [
            models.CheckConstraint(name="occasion_has_description", condition=~Q(description="")),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on:%Y-%m-%d} {self.description}"


class FundingApplication(DomainModel):
    """One application by an actor: 30 days' rest, an intervention, 90 days' integration,
    or a reconsideration of an earlier decision. Fields of the other kinds stay empty."""

    kind = models.CharField(_("kind"), max_length=20, choices=ApplicationKind.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="funding_applications"
    )
    # Denormalised from the case so that scoping is one indexed filter.
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("actor"), on_delete=models.PROTECT, related_name="+"
    )
    phase = models.ForeignKey(
        ProgrammePhase, verbose_name=_("programme phase"), on_delete=models.PROTECT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_on = models.DateField(_("date"))
    # Complementarity: public funding sought first, and what came of it.
    public_funding_sought = models.TextField(_("public funding sought first"))
    public_funding_outcome = models.CharField(
        _("outcome of the public funding application"),
        max_length=16,
        choices=PublicFundingOutcome.choices,
    )
    # Periods (30 / 90 days).
    period_start = models.DateField(_("period starts"), null=True, blank=True)
    period_end = models.DateField(_("period ends"), null=True, blank=True)
    # 30 days' rest.
    include_housing = models.BooleanField(_("housing and food"), default=True)
    include_support = models.BooleanField(_("protection and support"), default=True)
    omitted_part_reason = models.TextField(_("why a part is paid by the public system"), blank=True)
    children_count = models.PositiveSmallIntegerField(_("accompanying children"), default=0)
    with_admission = models.BooleanField(_("applied for together with admission"), default=False)
    # Point interventions (NSP/IA/Dok.06).
    item = models.ForeignKey(
        InterventionItem,
        verbose_name=_("intervention"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    occasion = models.ForeignKey(
        InterventionOccasion,
        verbose_name=_("occasion"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    quantity = models.PositiveSmallIntegerField(_("quantity"), null=True, blank=True)
    unit_cost = models.DecimalField(
        _("cost per unit"), null=True, blank=True, max_digits=12, decimal_places=2
    )
    needed_by = models.DateField(_("needed by"), null=True, blank=True)
    description = models.TextField(_("description and motivation"), blank=True)
    cost_document = models.FileField(
        _("cost documentation (quote or receipt)"),
        storage=private_storage,
        upload_to=private_name,
        validators=[validate_upload],
        blank=True,
    )
    # 90 days' integration (NSP/AI/Dok.07).
    days_applied = models.PositiveSmallIntegerField(
        _("days applied for"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    had_nsp_30_days = models.BooleanField(_("had NSP 30 days' rest"), default=False)
    had_formal_reflection_period = models.BooleanField(
        _("had a formal reflection period"), default=False
    )
    municipal_support_days = models.PositiveSmallIntegerField(
        _("days of municipal support"), null=True, blank=True
    )
    initial_assessment_done = models.BooleanField(_("initial assessment done"), default=False)
    needs_assessment_done = models.BooleanField(_("needs assessment done"), default=False)
    support_plan_done = models.BooleanField(_("individual support plan made"), default=False)
    residence_status = models.CharField(
        _("residence status"), max_length=24, choices=ResidenceStatus.choices, blank=True
    )
    legal_status = models.TextField(_("legal status"), blank=True)
    # "Klienten har sammanlagt åtnjutit … dagar": NSP's days (rest + integration) granted to
    # the person before this application, computed from the records when it was filed.
    nsp_days_enjoyed = models.PositiveSmallIntegerField(
        _("days of NSP support enjoyed"), null=True, blank=True
    )
    needs_and_expectations = models.TextField(_("needs and expectations"), blank=True)
    other_information = models.TextField(_("other information"), blank=True)
    # Reconsideration (NSP/OB/Dok.08).
    contested_decision = models.ForeignKey(
        "Decision",
        verbose_name=_("contested decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reconsiderations",
    )
    grounds = models.TextField(_("grounds for reconsideration"), blank=True)
    requested_change = models.TextField(_("requested change"), blank=True)
    # The actor's answer when more information was requested.
    additional_information = models.TextField(_("additional information"), blank=True)
    # Entered after the fact (from paper): who entered it; ``created_at`` says when.
    recorded_afterwards_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Withdrawn by the actor before a decision (status "withdrawn").
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("funding application")
        verbose_name_plural = _("funding applications")
        indexes = [
            models.Index(fields=["status", "created_at"]),
            # The application list, newest first, is read a page at a time.
            models.Index(fields=["created_at"], name="application_created"),
        ]
        constraints = [
            models.CheckConstraint(
                name="rest_has_a_paid_part",
                condition=~Q(kind="rest_30") | Q(include_housing=True) | Q(include_support=True),
            ),
            models.CheckConstraint(
                name="period_in_order",
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
            ),
            models.CheckConstraint(
                name="intervention_has_item",
                condition=~Q(kind="intervention")
                | (
                    Q(item__isnull=False)
                    & Q(quantity__gte=1)
                    & Q(unit_cost__gte=0)
                    & Q(occasion__isnull=False)
                ),
            ),
            models.CheckConstraint(
                name="integration_days_max_90",
                condition=~Q(kind="integration_90") | Q(days_applied__lte=90),
            ),
            models.CheckConstraint(
                name="withdrawal_has_date_and_reason",
                condition=(
                    Q(status="withdrawn") & Q(withdrawn_on__isnull=False) & ~Q(withdrawal_reason="")
                )
                | (~Q(status="withdrawn") & Q(withdrawn_on__isnull=True)),
            ),
            models.CheckConstraint(
                name="reconsideration_has_decision",
                condition=~Q(kind="reconsideration") | Q(contested_decision__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.case}"

    @property
    def effective_kind(self) -> str:
        """The kind of support at stake (a reconsideration inherits the contested one)."""
        if self.kind == ApplicationKind.RECONSIDERATION and self.contested_decision:
            return self.contested_decision.application.effective_kind
        return self.kind

    @property
    def is_retroactive(self) -> bool:
        """Applied for a period that had already ended when it was submitted."""
        end = self.period_end or self.needed_by
        return end is not None and end < self.submitted_on

    def day_rate(self) -> rates.DayRate | None:
        """The day rate of the support at stake (a reconsideration takes the contested
        application's); None for an intervention."""
        kind = self.effective_kind
        target = self
        if self.kind == ApplicationKind.RECONSIDERATION and self.contested_decision:
            target = self.contested_decision.application
        if kind == ApplicationKind.REST:
            return target.phase.rest_day_rate(
                include_housing=target.include_housing,
                include_support=target.include_support,
                children=target.children_count,
            )
        if kind == ApplicationKind.INTEGRATION:
            return target.phase.integration_day_rate()
        return None

    @property
    def support_days_total(self) -> int | None:
        """NSP/AI/Dok.07 "Klienten har sammanlagt åtnjutit … dagar": NSP's days from the
        records plus the municipal support days the actor gives."""
        if self.nsp_days_enjoyed is None:
            return None
        return self.nsp_days_enjoyed + (self.municipal_support_days or 0)

    @property
    def days_requested(self) -> int | None:
        if self.period_start and self.period_end:
            return rates.nights_in(self.period_start, self.period_end)
        return self.days_applied

    @property
    def requested_amount(self) -> Decimal | None:
        """What the application asks for, computed from the phase's rates."""
        if self.kind == ApplicationKind.INTERVENTION:
            if self.quantity is None or self.unit_cost is None:
                return None
            return rates.intervention_total(self.quantity, self.unit_cost)
        return rates.period_amount(self.day_rate(), self.days_requested)


class Decision(DomainModel):
    """A signed decision on an application, with its numbered PDF document.

    ``draw`` is what the decision currently takes from its budget stream: the granted
    amount, reduced when a public body takes over, or the attested real cost.
    """

    application = models.ForeignKey(
        FundingApplication, on_delete=models.PROTECT, related_name="decisions"
    )
    # Gapless per year of the decision date (constraint ``decision_number_per_year``).
    number = models.PositiveIntegerField(_("decision number"))
    outcome = models.CharField(_("decision"), max_length=16, choices=Outcome.choices)
    motivation = models.TextField(_("motivation"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField(_("decision date"))
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    stream = models.ForeignKey(
        "BudgetStream", on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    granted_start = models.DateField(_("granted from"), null=True, blank=True)
    granted_end = models.DateField(_("granted until"), null=True, blank=True)
    granted_days = models.PositiveSmallIntegerField(_("granted days"), null=True, blank=True)
    granted_amount = models.DecimalField(
        _("granted amount"), default=Decimal("0"), max_digits=12, decimal_places=2
    )
    draw = models.DecimalField(
        _("drawn from the budget"), default=Decimal("0"), max_digits=12, decimal_places=2
    )
    spent = models.BooleanField(_("spent"), default=False)
    # The four guidelines of NSP/AI/Dok.07 (integration only).
    guideline_work_done = models.BooleanField(null=True, blank=True)
    guideline_need_established = models.BooleanField(null=True, blank=True)
    guideline_real_chance = models.BooleanField(null=True, blank=True)
    guideline_complements = models.BooleanField(null=True, blank=True)
    special_circumstances = models.TextField(_("special circumstances"), blank=True)
    # 30 days' rest: the nights the person had been granted before this decision.
    rest_days_before = models.PositiveSmallIntegerField(
        _("rest days already used by the person"), null=True, blank=True
    )
    retroactive_motivation = models.TextField(
        _("why a retroactive application is accepted"), blank=True
    )
    # The actor could not file applications (suspended, withdrawn) when this was decided:
    # the decider's explicit override and its reason.
    actor_override_reason = models.TextField(
        _("override: why the decision is made although the actor is not certified"), blank=True
    )
    # A public body took over: NSP's period (and its amount) ends that day.
    taken_over_on = models.DateField(_("public body took over on"), null=True, blank=True)
    taken_over_by = models.CharField(
        _("public body"), max_length=24, choices=PublicBody.choices, blank=True
    )
    # The document.
    template_version = models.CharField(max_length=10, default="v1", editable=False)
    snapshot = models.JSONField(default=dict, blank=True, editable=False)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    # Entered after the fact (from paper): who entered it; ``created_at`` says when.
    recorded_afterwards_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        indexes = [
            # Dashboards and reminders walk granted periods by end date (periods ending,
            # reports overdue): an ordered index scan instead of sorting every decision.
            models.Index(
                fields=["granted_end"],
                name="decision_granted_period_end",
                condition=Q(outcome__in=["granted", "partly_granted"], granted_end__isnull=False),
            ),
            # "More information requested" decisions are few: the queues find them directly.
            models.Index(
                fields=["application"], name="decision_more_info", condition=Q(outcome="more_info")
            ),
            # The decision register, newest first (``register_decisions``), a page at a time.
            models.Index(fields=["-decided_on", "-number"], name="decision_register"),
            # The dashboards' "granted interventions unused for three months"
            # (funding.unused), oldest first: granted decisions not spent or taken over, in
            # decision-date order, so the first ten are found without reading them all.
            models.Index(
                fields=["decided_on", "number"],
                name="decision_granted_open",
                condition=Q(
                    outcome__in=["granted", "partly_granted"],
                    spent=False,
                    taken_over_on__isnull=True,
                ),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="decision_amounts_not_negative",
                condition=Q(granted_amount__gte=0)
                & Q(draw__gte=0)
                & Q(draw__lte=F("granted_amount")),
            ),
            models.CheckConstraint(
                name="granted_period_in_order",
                condition=Q(granted_start__isnull=True)
                | Q(granted_end__isnull=True)
                | Q(granted_end__gte=F("granted_start")),
            ),
            models.CheckConstraint(name="decision_has_motivation", condition=~Q(motivation="")),
            models.UniqueConstraint(
                ExtractYear("decided_on"), "number", name="decision_number_per_year"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"B{self.decided_on:%Y}-{self.number:04d}"

    @property
    def is_final(self) -> bool:
        return self.signed_at is not None


class Invoice(DomainModel):
    """The actor's invoice against a decision, attested by the coordinator, then sent for
    payment and paid (each step with its date; the payment with its reference).

    For an intervention ``real_cost`` is the documented cost (with its receipt); for a
    flat-rate period (30 or 90 days) it is the amount due computed from the granted days.
    """

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="invoice")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    real_cost = models.DecimalField(
        _("real cost"),
        validators=[MinValueValidator(Decimal("0"))],
        max_digits=12,
        decimal_places=2,
    )
    # Blank only for a payment entered after the fact from paper (no file kept).
    invoice_file = models.FileField(
        _("invoice"),
        storage=private_storage,
        upload_to=private_name,
        validators=[validate_upload],
        blank=True,
    )
    receipt_file = models.FileField(
        _("receipt"),
        storage=private_storage,
        upload_to=private_name,
        validators=[validate_upload],
        blank=True,
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=InvoiceStatus.choices, default=InvoiceStatus.SUBMITTED
    )
    attested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    attested_on = models.DateField(_("attested on"), null=True, blank=True)
    sent_for_payment_on = models.DateField(_("sent for payment on"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Entered after the fact (from paper): who entered it; ``created_at`` says when.
    recorded_afterwards_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            models.CheckConstraint(name="invoice_cost_not_negative", condition=Q(real_cost__gte=0)),
            models.CheckConstraint(
                name="invoice_attested_has_date",
                condition=Q(status="submitted") | Q(attested_on__isnull=False),
            ),
            models.CheckConstraint(
                name="invoice_sent_has_date",
                condition=Q(status__in=["submitted", "attested"])
                | Q(sent_for_payment_on__isnull=False),
            ),
            models.CheckConstraint(
                name="invoice_paid_has_date_and_reference",
                condition=~Q(status="paid") | (Q(paid_on__isnull=False) & ~Q(payment_reference="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision} – {self.real_cost}"
