from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.exports import DEFAULT_THRESHOLD
from reports.statistics import DateRange


def default_range(today: date | None = None) -> DateRange:
    today = today or timezone.localdate()
    return DateRange(date(today.year, 1, 1), today)


class DateRangeForm(forms.Form):
    """The reporting period (both dates included) and the export options."""

    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To (inclusive)"), widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.BooleanField(label=_("Show notes per case"), required=False)
    publish = forms.BooleanField(label=_("For publication (suppress small counts)"), required=False)
    threshold = forms.IntegerField(
        label=_("Suppress counts below"), min_value=2, max_value=20, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError(_("The end date must not be before the start date."))
        if data.get("threshold") is None:
            data["threshold"] = DEFAULT_THRESHOLD
        return data

    @classmethod
    def from_query(cls, query: Any) -> DateRangeForm:
        """Bound to the query string, or to this year so far when it has no dates."""
        if "start" in query or "end" in query:
            return cls(query)
        period = default_range()
        return cls({"start": period.start, "end": period.end, "notes": "on"})

    @property
    def period(self) -> DateRange:
        return DateRange(self.cleaned_data["start"], self.cleaned_data["end"])
