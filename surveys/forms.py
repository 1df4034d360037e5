"""Forms of the evaluation survey."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from surveys.models import FIRST_YEAR, SurveyResponse
from surveys.questions import QUESTIONS

_BOOL = {"yes": True, "no": False}


def _yes_no(value: str) -> bool | None:
    return _BOOL.get(value)


class AnswersForm(forms.Form):
    """One field per question of the seed, labelled with the question."""

    def __init__(self, *args: Any, response: SurveyResponse | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            saved = getattr(response, question.field) if response is not None else None
            field: forms.Field
            if question.yes_no:
                field = forms.TypedChoiceField(
                    label=question.label,
                    choices=[("yes", _("Yes")), ("no", _("No"))],
                    coerce=_yes_no,
                    empty_value=None,
                    required=False,
                    widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                    initial={True: "yes", False: "no"}.get(saved) if saved is not None else None,
                )
            else:
                field = forms.CharField(
                    label=question.label,
                    required=False,
                    max_length=10000,
                    widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
                    initial=saved or "",
                )
            self.fields[question.field] = field

    def rows(self) -> list[tuple[Any, bool]]:
        """(bound field, is a follow-up) in the seed's order, for the template."""
        return [(self[q.field], q.follows is not None) for q in QUESTIONS]


class OpenForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=FIRST_YEAR,
        max_value=2100,
        initial=lambda: timezone.localdate().year,
    )
