from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _


class ExtractRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the data subject's request: when and how it came in)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Record the request and prepare the extract")))


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the erasure"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    decided_by = forms.CharField(
        label=_("Decided by (name and title)"),
        max_length=200,
    )
    confirm = forms.BooleanField(
        label=_("I understand that the personal data of this case cannot be restored."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Erase"), css_class="btn-danger"))
