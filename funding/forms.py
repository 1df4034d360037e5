"""Forms for funding; the rules themselves live in the services."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cases.choices import CaseStatus
from cases.models import Case
from funding.choices import Outcome, PublicBody, PublicFundingOutcome, ResidenceStatus
from funding.loaders import current_catalogue
from funding.models import BudgetStream, InterventionItem, InterventionOccasion, ProgrammePhase
from funding.selectors import rest_nights
from funding.uploads import validate_upload

DATE = forms.DateInput(attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 3})


class _Form(forms.Form):
    submit_label: Any = _("Submit")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class CaseChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        """The case's reference ("NSP012 · K.M. 1995 · A-0012"): initials, birth year and
        the actor's serial tell apart cases that have no case number yet."""
        return str(obj)


class _ApplicationForm(_Form):
    case_statuses: tuple[str, ...] = (CaseStatus.ADMITTED,)
    case = CaseChoiceField(label=_("Case"), queryset=Case.objects.none())

    def __init__(self, *args: Any, cases: QuerySet[Case], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        case_field = self.fields["case"]
        assert isinstance(case_field, forms.ModelChoiceField)
        case_field.queryset = cases.filter(status__in=self.case_statuses).order_by("number")
        self.fields["public_funding_sought"] = forms.CharField(
            label=_("Public funding sought first (which body, when)"), widget=TEXT
        )
        self.fields["public_funding_outcome"] = forms.ChoiceField(
            label=_("Outcome of the public funding application"),
            choices=PublicFundingOutcome.choices,
        )


class RestApplicationForm(_ApplicationForm):
    case_statuses = (CaseStatus.APPLIED, CaseStatus.ADMITTED)
    period_start = forms.DateField(label=_("Period starts"), widget=DATE)
    period_end = forms.DateField(label=_("Period ends (at most 30 days)"), widget=DATE)
    include_housing = forms.BooleanField(
        label=_("Housing and food (600 SEK per day)"), required=False, initial=True
    )
    include_support = forms.BooleanField(
        label=_("Protection and staff support (600 SEK per day)"), required=False, initial=True
    )
    omitted_part_reason = forms.CharField(
        label=_("If a part is left out: which public body already pays it"),
        widget=TEXT,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """With the case chosen (``?case=`` or the posted form), the person's rest days
        already used are shown under the period (seed 002: "dock max i 30 dygn")."""
        super().__init__(*args, **kwargs)
        case_field = self.fields["case"]
        assert isinstance(case_field, forms.ModelChoiceField)
        chosen = self.data.get("case") if self.is_bound else (self.initial or {}).get("case")
        cases = case_field.queryset
        try:
            case = cases.filter(pk=chosen).first() if chosen and cases is not None else None
        except (ValueError, ValidationError):
            case = None
        phase = ProgrammePhase.objects.filter(is_active=True).first()
        if case is None or phase is None:
            return
        person = rest_nights(case, maximum=phase.rest_max_days)
        self.fields["period_end"].help_text = _(
            "Days are counted as nights (14 March – 13 April is 30 days). This person has "
            "%(granted)s days granted and %(pending)s applied for; %(left)s of %(max)s left."
        ) % {
            "granted": person.granted,
            "pending": person.pending,
            "left": person.left,
            "max": person.maximum,
        }


class OccasionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        """Case number (or "not yet admitted"), date and description — never initials."""
        return f"{obj.case} · {obj}"


class InterventionApplicationForm(_ApplicationForm):
    # Seed 002: "Tillträde och finansiering av punktinsats kan ansökas samtidigt".
    case_statuses = (CaseStatus.APPLIED, CaseStatus.ADMITTED)
    occasion = OccasionChoiceField(
        label=_("Occasion (tillfälle)"),
        queryset=InterventionOccasion.objects.none(),
        required=False,
        empty_label=_("A new occasion"),
        help_text=_(
            "The cap holds per person and occasion, over all applications for the "
            "occasion. Choose the occasion an earlier application was for, or a new one."
        ),
    )
    occasion_description = forms.CharField(
        label=_("New occasion: what it is (e.g. emergency housing while waiting for a place)"),
        max_length=200,
        required=False,
    )
    item = forms.ModelChoiceField(label=_("Intervention"), queryset=InterventionItem.objects.none())
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=1000)
    unit_cost = forms.DecimalField(label=_("Cost per unit (SEK)"), min_value=0, decimal_places=2)
    needed_by = forms.DateField(label=_("Needed by"), widget=DATE)
    description = forms.CharField(
        label=_("Description of the item or service and the need"),
        widget=TEXT,
        required=False,
        help_text=_("Required for “Other” (Övrigt)."),
    )
    cost_document = forms.FileField(
        label=_("Cost documentation (quote or receipt; PDF, PNG or JPEG, at most 10 MB)"),
        validators=[validate_upload],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        catalogue = current_catalogue()
        item_field = self.fields["item"]
        assert isinstance(item_field, forms.ModelChoiceField)
        item_field.queryset = (
            catalogue.items.all() if catalogue else InterventionItem.objects.none()
        )
        occasion_field = self.fields["occasion"]
        assert isinstance(occasion_field, forms.ModelChoiceField)
        case_field = self.fields["case"]
        assert isinstance(case_field, forms.ModelChoiceField)
        cases = case_field.queryset if case_field.queryset is not None else Case.objects.none()
        occasion_field.queryset = InterventionOccasion.objects.filter(
            case__in=cases
        ).select_related("case")


class IntegrationApplicationForm(_ApplicationForm):
    period_start = forms.DateField(label=_("Period starts"), widget=DATE)
    days_applied = forms.IntegerField(
        label=_("Days applied for (at most 3 months = 90 days)"), min_value=1, max_value=90
    )
    had_nsp_30_days = forms.BooleanField(label=_("Has had NSP's 30 days' rest"), required=False)
    had_formal_reflection_period = forms.BooleanField(
        label=_("Has had a formal reflection period"), required=False
    )
    municipal_support_days = forms.IntegerField(
        label=_("Days of support from the municipality"), min_value=0, required=False
    )
    initial_assessment_done = forms.BooleanField(
        label=_("Initial assessment within NSP done"), required=False
    )
    needs_assessment_done = forms.BooleanField(
        label=_("Needs assessment according to NSP done"), required=False
    )
    support_plan_done = forms.BooleanField(
        label=_("An individual support plan has been made and followed"), required=False
    )
    residence_status = forms.ChoiceField(
        label=_("Residence status"), choices=[("", "—"), *ResidenceStatus.choices]
    )
    legal_status = forms.CharField(label=_("Legal status (comment)"), widget=TEXT, required=False)
    needs_and_expectations = forms.CharField(
        label=_("Needs and expectations of an integration period"), widget=TEXT
    )
    other_information = forms.CharField(label=_("Other information"), widget=TEXT, required=False)


class ReconsiderationForm(_Form):
    grounds = forms.CharField(label=_("Grounds for reconsideration"), widget=TEXT)
    requested_change = forms.CharField(label=_("Requested change of the decision"), widget=TEXT)
    other_information = forms.CharField(label=_("Other information"), widget=TEXT, required=False)


class WithdrawForm(_Form):
    submit_label = _("Withdraw the application")
    reason = forms.CharField(label=_("Reason for the withdrawal"), widget=TEXT)


class InformationForm(_Form):
    information = forms.CharField(label=_("The information asked for"), widget=TEXT)


YES_NO = [("", "—"), ("yes", _("Yes")), ("no", _("No"))]


class DecisionForm(_Form):
    submit_label = _("Sign the decision")
    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices)
    granted_start = forms.DateField(label=_("Granted from"), widget=DATE, required=False)
    granted_end = forms.DateField(label=_("Granted until"), widget=DATE, required=False)
    granted_amount = forms.DecimalField(
        label=_("Granted amount (interventions; empty = as applied for)"),
        min_value=0,
        decimal_places=2,
        required=False,
    )
    motivation = forms.CharField(label=_("Motivation"), widget=forms.Textarea(attrs={"rows": 6}))
    guideline_work_done = forms.ChoiceField(
        label=_("1. The support work stated in the application has been done."),
        choices=YES_NO,
        required=False,
    )
    guideline_need_established = forms.ChoiceField(
        label=_("2. The work done has established the need of an integration period."),
        choices=YES_NO,
        required=False,
    )
    guideline_real_chance = forms.ChoiceField(
        label=_("3. There is a real chance of continued integration."),
        choices=YES_NO,
        required=False,
    )
    guideline_complements = forms.ChoiceField(
        label=_("4. The programme only complements other available support."),
        choices=YES_NO,
        required=False,
    )
    special_circumstances = forms.CharField(
        label=_("Special circumstances (särskilda omständigheter), with motivation"),
        widget=TEXT,
        required=False,
    )
    retroactive_motivation = forms.CharField(
        label=_("Why a retroactive application is granted"), widget=TEXT, required=False
    )
    actor_override_reason = forms.CharField(
        label=_("The actor is not certified now: why the decision is made anyway (override)"),
        widget=TEXT,
        required=False,
    )

    admission_outcome = forms.ChoiceField(
        label=_("Admission to the programme (applied for together with this application)"),
        choices=[
            ("", _("Granted with a grant; otherwise left open")),
            (Outcome.GRANTED, _("Granted")),
            (Outcome.DENIED, _("Refused")),
        ],
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        kind: str = "",
        retroactive: bool = False,
        earlier_integration: bool = False,
        admission_pending: bool = False,
        actor_may_file: bool = True,
        **kwargs: Any,
    ) -> None:
        """Only the fields that matter for this application are shown."""
        super().__init__(*args, **kwargs)
        hidden: list[str] = []
        if kind != "integration_90":
            hidden += [name for name in self.fields if name.startswith("guideline_")]
        if kind == "admission":
            outcome = self.fields["outcome"]
            assert isinstance(outcome, forms.ChoiceField)
            outcome.choices = [(Outcome.GRANTED, _("Granted")), (Outcome.DENIED, _("Refused"))]
            hidden += ["granted_start", "granted_end", "granted_amount"]
        elif kind == "intervention":
            hidden += ["granted_start", "granted_end"]
        else:
            hidden.append("granted_amount")
        if not admission_pending:
            hidden.append("admission_outcome")
        if not retroactive:
            hidden.append("retroactive_motivation")
        if not earlier_integration and kind != "integration_90":
            hidden.append("special_circumstances")
        if actor_may_file:
            hidden.append("actor_override_reason")
        for name in hidden:
            del self.fields[name]


class TakeoverForm(_Form):
    submit_label = _("Record the takeover")
    taken_over_on = forms.DateField(label=_("Date the public body took over"), widget=DATE)
    taken_over_by = forms.ChoiceField(
        label=_("Public body"), choices=[c for c in PublicBody.choices if c[0] != PublicBody.EXIT]
    )


class InvoiceForm(_Form):
    real_cost = forms.DecimalField(label=_("Real cost (SEK)"), min_value=0, decimal_places=2)
    invoice_file = forms.FileField(label=_("Invoice"), validators=[validate_upload])
    receipt_file = forms.FileField(label=_("Receipt"), validators=[validate_upload])


class TransferForm(_Form):
    submit_label = _("Record the transfer")
    source = forms.ModelChoiceField(label=_("From stream"), queryset=BudgetStream.objects.none())
    target = forms.ModelChoiceField(label=_("To stream"), queryset=BudgetStream.objects.none())
    amount = forms.DecimalField(label=_("Amount (SEK)"), min_value=1, decimal_places=2)
    made_on = forms.DateField(label=_("Date"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), widget=TEXT)

    def __init__(self, *args: Any, streams: QuerySet[BudgetStream], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("source", "target"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = streams


class FlatRateInvoiceForm(_Form):
    submit_label = _("Send the invoice")
    invoice_file = forms.FileField(label=_("Invoice"), validators=[validate_upload])


class SentForPaymentForm(_Form):
    submit_label = _("Sent for payment")
    sent_on = forms.DateField(label=_("Sent for payment on"), widget=DATE)


class PaidForm(_Form):
    submit_label = _("Record the payment")
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    reference = forms.CharField(label=_("Payment reference"), max_length=100)


class PaymentExportForm(forms.Form):
    date_from = forms.DateField(label=_("Paid from"), widget=DATE)
    date_to = forms.DateField(label=_("Paid until"), widget=DATE)
    format = forms.ChoiceField(choices=[("csv", "CSV"), ("xlsx", "XLSX")], initial="xlsx")


class ExportForm(_Form):
    submit_label = _("Export as zip")
    date_from = forms.DateField(label=_("Decisions from"), widget=DATE)
    date_to = forms.DateField(label=_("Decisions until"), widget=DATE)
