"""Serializers of the funding API: what is read (applications with their decisions,
invoices, budget streams, the intervention list) and what is written (input only; the
funding services decide)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from rest_framework import serializers

from funding.choices import Outcome, PublicFundingOutcome, ResidenceStatus
from funding.models import (
    BudgetStream,
    Decision,
    FundingApplication,
    InterventionCatalogue,
    InterventionItem,
    InterventionOccasion,
    Invoice,
)
from nsp.permissions import scope_to_user

# --- Read serializers ------------------------------------------------------------------


class DecisionSerializer(serializers.ModelSerializer[Decision]):
    reference = serializers.CharField(read_only=True)
    case = serializers.UUIDField(source="application.case_id", read_only=True)
    organisation = serializers.UUIDField(source="application.organisation_id", read_only=True)
    is_final = serializers.BooleanField(read_only=True)
    has_pdf = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "id",
            "reference",
            "number",
            "application",
            "case",
            "organisation",
            "outcome",
            "motivation",
            "decided_on",
            "signed_at",
            "is_final",
            "stream",
            "granted_start",
            "granted_end",
            "granted_days",
            "granted_amount",
            "draw",
            "spent",
            "taken_over_on",
            "taken_over_by",
            "rest_days_before",
            "actor_override_reason",
            "has_pdf",
        ]

    def get_has_pdf(self, obj: Decision) -> bool:
        return bool(obj.pdf_sha256)


class ApplicationSerializer(serializers.ModelSerializer[FundingApplication]):
    case_number = serializers.CharField(source="case.case_number", read_only=True, allow_null=True)
    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta:
        model = FundingApplication
        fields = [
            "id",
            "kind",
            "status",
            "case",
            "case_number",
            "organisation",
            "submitted_on",
            "public_funding_sought",
            "public_funding_outcome",
            "period_start",
            "period_end",
            "include_housing",
            "include_support",
            "omitted_part_reason",
            "children_count",
            "with_admission",
            "item",
            "occasion",
            "quantity",
            "unit_cost",
            "needed_by",
            "description",
            "days_applied",
            "had_nsp_30_days",
            "had_formal_reflection_period",
            "municipal_support_days",
            "initial_assessment_done",
            "needs_assessment_done",
            "support_plan_done",
            "residence_status",
            "legal_status",
            "nsp_days_enjoyed",
            "needs_and_expectations",
            "other_information",
            "contested_decision",
            "grounds",
            "requested_change",
            "additional_information",
            "withdrawn_on",
            "withdrawal_reason",
            "decisions",
        ]


# --- Write serializers (input only; the services decide) -------------------------------


class _FilingInput(serializers.Serializer[Any]):
    case = serializers.UUIDField(help_text="An admitted case of the actor's organisation.")
    public_funding_sought = serializers.CharField()
    public_funding_outcome = serializers.ChoiceField(choices=PublicFundingOutcome.choices)


class RestApplicationInput(_FilingInput):
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    include_housing = serializers.BooleanField(default=True)
    include_support = serializers.BooleanField(default=True)
    omitted_part_reason = serializers.CharField(required=False, allow_blank=True, default="")


class IntegrationApplicationInput(_FilingInput):
    period_start = serializers.DateField()
    days_applied = serializers.IntegerField(min_value=1, max_value=90)
    had_nsp_30_days = serializers.BooleanField(default=False)
    had_formal_reflection_period = serializers.BooleanField(default=False)
    municipal_support_days = serializers.IntegerField(
        min_value=0, max_value=32767, required=False, allow_null=True, default=None
    )
    initial_assessment_done = serializers.BooleanField(default=False)
    needs_assessment_done = serializers.BooleanField(default=False)
    support_plan_done = serializers.BooleanField(default=False)
    residence_status = serializers.ChoiceField(
        choices=ResidenceStatus.choices,
        help_text="NSP/AI/Dok.07 “Rättslig status” as a structured answer.",
    )
    legal_status = serializers.CharField(required=False, allow_blank=True, default="")
    needs_and_expectations = serializers.CharField(required=False, allow_blank=True, default="")
    other_information = serializers.CharField(required=False, allow_blank=True, default="")


class _OccasionField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """An occasion the requesting user may read: another organisation's occasion answers
    as if it did not exist (the request is in the serializer's context)."""

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        user = request.user if request is not None else AnonymousUser()
        return scope_to_user(user, InterventionOccasion.objects.all(), "case__organisation")


class InterventionApplicationInput(_FilingInput):
    item = serializers.PrimaryKeyRelatedField(queryset=InterventionItem.objects.all())
    quantity = serializers.IntegerField(min_value=1, max_value=32767)
    unit_cost = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0"), max_value=Decimal("9999999999")
    )
    needed_by = serializers.DateField()
    description = serializers.CharField(required=False, allow_blank=True, default="")
    cost_document = serializers.FileField(
        required=False, allow_null=True, default=None, help_text="A quote or receipt (PDF/image)."
    )
    occasion = _OccasionField(
        queryset=InterventionOccasion.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="An earlier occasion of the person (the cap is per person and occasion); "
        "empty = a new occasion.",
    )
    occasion_description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )


class DecideInput(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    motivation = serializers.CharField()
    granted_start = serializers.DateField(required=False, allow_null=True, default=None)
    granted_end = serializers.DateField(required=False, allow_null=True, default=None)
    granted_amount = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=Decimal("9999999999"),
        required=False,
        allow_null=True,
        default=None,
    )
    guideline_work_done = serializers.BooleanField(required=False, allow_null=True, default=None)
    guideline_need_established = serializers.BooleanField(
        required=False, allow_null=True, default=None
    )
    guideline_real_chance = serializers.BooleanField(required=False, allow_null=True, default=None)
    guideline_complements = serializers.BooleanField(required=False, allow_null=True, default=None)
    special_circumstances = serializers.CharField(required=False, allow_blank=True, default="")
    retroactive_motivation = serializers.CharField(required=False, allow_blank=True, default="")
    actor_override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Required when the actor may no longer file applications (suspended).",
    )


class WithdrawInput(serializers.Serializer[Any]):
    reason = serializers.CharField(help_text="Why the actor withdraws the application.")


class InformationInput(serializers.Serializer[Any]):
    information = serializers.CharField()


class ReconsiderationInput(serializers.Serializer[Any]):
    grounds = serializers.CharField()
    requested_change = serializers.CharField()
    other_information = serializers.CharField(required=False, allow_blank=True, default="")


class SentForPaymentInput(serializers.Serializer[Any]):
    sent_on = serializers.DateField(help_text="The day the invoice was sent for payment.")


class PaidInput(serializers.Serializer[Any]):
    paid_on = serializers.DateField(help_text="The day of the payment.")
    reference = serializers.CharField(
        max_length=100, help_text="The payment's reference (the bookkeeping's voucher)."
    )


class InvoiceSerializer(serializers.ModelSerializer[Invoice]):
    decision_reference = serializers.CharField(source="decision.reference", read_only=True)

    class Meta:
        model = Invoice
        fields = [
            "id",
            "decision",
            "decision_reference",
            "organisation",
            "real_cost",
            "status",
            "attested_on",
            "sent_for_payment_on",
            "paid_on",
            "payment_reference",
            "created_at",
        ]


class BudgetStreamSerializer(serializers.ModelSerializer[BudgetStream]):
    period_name = serializers.CharField(source="period.name", read_only=True)
    period_starts_on = serializers.DateField(source="period.starts_on", read_only=True)
    period_ends_on = serializers.DateField(source="period.ends_on", read_only=True)
    transfers_in = serializers.DecimalField(
        source="in_total", max_digits=12, decimal_places=2, read_only=True
    )
    transfers_out = serializers.DecimalField(
        source="out_total", max_digits=12, decimal_places=2, read_only=True
    )
    drawn = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    spent = serializers.DecimalField(
        source="spent_total", max_digits=12, decimal_places=2, read_only=True
    )
    remaining = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)

    class Meta:
        model = BudgetStream
        fields = [
            "id",
            "period",
            "period_name",
            "period_starts_on",
            "period_ends_on",
            "stream",
            "allocation",
            "transfers_in",
            "transfers_out",
            "drawn",
            "spent",
            "remaining",
        ]


class InterventionItemSerializer(serializers.ModelSerializer[InterventionItem]):
    class Meta:
        model = InterventionItem
        fields = ["id", "key", "name", "unit", "max_unit_cost", "category", "requires_motivation"]


class InterventionCatalogueSerializer(serializers.ModelSerializer[InterventionCatalogue]):
    items = InterventionItemSerializer(many=True, read_only=True)

    class Meta:
        model = InterventionCatalogue
        fields = ["id", "code", "edition", "title", "occasion_cap", "items"]
