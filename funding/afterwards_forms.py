"""Forms for records entered after the fact and the register import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.choices import Gender
from funding.choices import ApplicationKind, Outcome
from funding.forms import DATE, TEXT, _Form
from funding.loaders import current_catalogue
from funding.models import InterventionItem
from nsp.accounts.models import Organisation

PAPER_OUTCOMES = [
    (o.value, o.label) for o in (Outcome.GRANTED, Outcome.PARTLY_GRANTED, Outcome.DENIED)
]
PAPER_KINDS = [
    (k.value, k.label)
    for k in (ApplicationKind.REST, ApplicationKind.INTEGRATION, ApplicationKind.INTERVENTION)
]


class PaperDecisionForm(_Form):
    submit_label = _("Register the decision")
    organisation = forms.ModelChoiceField(label=_("Actor"), queryset=Organisation.objects.none())
    case_number = forms.CharField(label=_("Case number"), max_length=12)
    initials = forms.CharField(label=_("Initials (first name, surname)"), max_length=2)
    birth_year = forms.IntegerField(label=_("Birth year"), min_value=1900, max_value=2100)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    admitted_on = forms.DateField(label=_("Admitted on"), widget=DATE)
    kind = forms.ChoiceField(label=_("Kind"), choices=PAPER_KINDS)
    submitted_on = forms.DateField(label=_("Application date"), widget=DATE)
    period_start = forms.DateField(label=_("Period starts"), widget=DATE, required=False)
    period_end = forms.DateField(label=_("Period ends"), widget=DATE, required=False)
    children_count = forms.IntegerField(label=_("Accompanying children"), min_value=0, initial=0)
    item = forms.ModelChoiceField(
        label=_("Intervention"), queryset=InterventionItem.objects.none(), required=False
    )
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, required=False)
    unit_cost = forms.DecimalField(label=_("Cost per unit"), min_value=0, required=False)
    number = forms.IntegerField(
        label=_("Decision number in that year's register"),
        min_value=1,
        required=False,
        help_text=_("Leave empty to take the next number."),
    )
    decided_on = forms.DateField(label=_("Decision date"), widget=DATE)
    outcome = forms.ChoiceField(label=_("Decision"), choices=PAPER_OUTCOMES)
    motivation = forms.CharField(label=_("Motivation"), widget=TEXT)
    granted_amount = forms.DecimalField(
        label=_("Granted amount (interventions)"), min_value=0, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        organisation.queryset = Organisation.objects.order_by("name")
        catalogue = current_catalogue()
        item = self.fields["item"]
        assert isinstance(item, forms.ModelChoiceField)
        item.queryset = catalogue.items.all() if catalogue else InterventionItem.objects.none()


class PaperPaymentForm(_Form):
    submit_label = _("Register the payment")
    amount = forms.DecimalField(label=_("Amount (SEK)"), min_value=0, decimal_places=2)
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    reference = forms.CharField(label=_("Payment reference"), max_length=100)


class RegisterFileForm(_Form):
    submit_label = _("Check the file")
    file = forms.FileField(label=_("Register (.xlsx)"))
    dry_run = forms.BooleanField(
        label=_("Only check (dry run): write nothing"), required=False, initial=True
    )
