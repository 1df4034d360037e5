"""Forms of the staff register (minimum requirement 1)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from certification.forms import DATE, _Crispy
from certification.staff_models import StaffMember


class StaffMemberForm(_Crispy):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.CharField(label=_("Role"), max_length=200)
    started_on = forms.DateField(label=_("Start date"), widget=DATE)
    ended_on = forms.DateField(label=_("End date"), widget=DATE, required=False)


class EventStaffForm(forms.Form):
    """The staff who attended an event, ticked per actor (rendered by the template)."""

    staff = forms.ModelMultipleChoiceField(
        queryset=StaffMember.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["staff"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = candidates
