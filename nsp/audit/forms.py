from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from nsp.accounts.models import User


class AccessLogFilterForm(forms.Form):
    """Filters of the access-log page (GET): who, and from/to which day."""

    user = forms.ModelChoiceField(
        label=_("User"), queryset=User.objects.order_by("username"), required=False
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Row(
                Column("user", css_class="col-md-4"),
                Column("date_from", css_class="col-md-3"),
                Column("date_to", css_class="col-md-3"),
                Column(Submit("filter", _("Filter"), css_class="mt-md-4"), css_class="col-md-2"),
            )
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data
