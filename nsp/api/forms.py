from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the system that will use it."),
    )
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1)
    read_only = forms.BooleanField(
        label=_("Read-only"),
        required=False,
        initial=True,
        help_text=_("The token can only read; it cannot file or change anything."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        days = self.fields["days"]
        assert isinstance(days, forms.IntegerField)
        days.initial = settings.NSP_API_TOKEN_DAYS
        days.max_value = settings.NSP_API_TOKEN_MAX_DAYS
        days.validators.append(MaxValueValidator(settings.NSP_API_TOKEN_MAX_DAYS))
        days.widget.attrs["max"] = settings.NSP_API_TOKEN_MAX_DAYS
        days.help_text = _("At most %(max)d days.") % {"max": settings.NSP_API_TOKEN_MAX_DAYS}
