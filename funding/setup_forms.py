"""Forms for the programme set-up (phases, budget periods, catalogue files)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from funding.choices import DECISION_STREAMS, Stream
from funding.forms import DATE, _Form

MONEY: dict[str, Any] = {"min_value": Decimal("0"), "decimal_places": 2, "max_digits": 12}
MAX_CATALOGUE_BYTES = 1_000_000


class PhaseForm(_Form):
    submit_label = _("Create the phase")
    name = forms.CharField(label=_("Name"), max_length=100)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    rest_housing_rate = forms.DecimalField(label=_("30 days: housing and food per day"), **MONEY)
    rest_support_rate = forms.DecimalField(
        label=_("30 days: protection and support per day"), **MONEY
    )
    child_supplement_rate = forms.DecimalField(
        label=_("Child supplement per child and day"), **MONEY
    )
    integration_housing_rate = forms.DecimalField(
        label=_("90 days: housing and food per day"), **MONEY
    )
    integration_support_rate = forms.DecimalField(
        label=_("90 days: integration work per day"), **MONEY
    )
    occasion_cap = forms.DecimalField(
        label=_("Interventions: cap per person and occasion"), **MONEY
    )
    rest_max_days = forms.IntegerField(label=_("30 days: maximum days"), min_value=1, initial=30)
    integration_max_days = forms.IntegerField(
        label=_("90 days: maximum days"), min_value=1, initial=90
    )


class ActivateForm(_Form):
    submit_label = _("Activate the phase")
    starts_on = forms.DateField(label=_("In force from"), widget=DATE)


class BudgetPeriodForm(_Form):
    """A period with one allocation field per stream."""

    submit_label = _("Save the budget period")
    name = forms.CharField(label=_("Name"), max_length=100)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in Stream.choices:
            self.fields[f"allocation_{value}"] = forms.DecimalField(
                label=_("Allocation: %(stream)s (SEK)") % {"stream": label},
                required=value in DECISION_STREAMS,
                **MONEY,
            )

    def service_data(self) -> dict[str, Any]:
        """The allocations; a stream no decision draws from is left out when empty."""
        data = dict(self.cleaned_data)
        allocations = {value: data.pop(f"allocation_{value}") for value in Stream.values}
        data["allocations"] = {k: v for k, v in allocations.items() if v is not None}
        return data


class CatalogueFileForm(_Form):
    submit_label = _("Preview")
    file = forms.FileField(label=_("Catalogue file (JSON)"))

    def clean_file(self) -> dict[str, Any]:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CATALOGUE_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        try:
            data = json.loads(upload.read().decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise forms.ValidationError(_("The file is not valid JSON.")) from exc
        if not isinstance(data, dict) or not {"code", "edition", "title"} <= data.keys():
            raise forms.ValidationError(_("The file needs a code, an edition and a title."))
        return data
