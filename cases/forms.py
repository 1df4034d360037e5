"""Forms of the cases app (the questionnaires' forms are built in cases/questionnaire.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.choices import CaseStatus
from cases.models import Child, ImplementationPlan, Inquiry, PlanItem
from nsp.accounts.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"})


class InquiryForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Inquiry
        fields = ["received_on", "from_whom", "description", "outcome"]
        widgets = {
            "received_on": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_received_on(self) -> date:
        value: date = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(gettext("The date cannot be in the future."))
        return value


class CoordinatorInquiryForm(InquiryForm):
    organisation = forms.ModelChoiceField(
        Organisation.objects.all(), label=_("Actor"), required=False
    )

    class Meta(InquiryForm.Meta):
        fields = ["organisation", *InquiryForm.Meta.fields]


class ChildForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Child
        fields = ["age", "gender", "location", "needs_notes"]
        widgets = {"needs_notes": forms.Textarea(attrs={"rows": 3})}


class PlanItemForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = PlanItem
        fields = [
            "goal",
            "activities",
            "responsible",
            "when_how",
            "follow_up_on",
            "follow_up_how",
            "done_on",
            "outcome",
        ]
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 2}),
            "activities": forms.Textarea(attrs={"rows": 2}),
            "when_how": forms.Textarea(attrs={"rows": 2}),
            "follow_up_how": forms.Textarea(attrs={"rows": 2}),
            "follow_up_on": DATE,
            "done_on": DATE,
            "outcome": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_done_on(self) -> date | None:
        value: date | None = self.cleaned_data.get("done_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(gettext("The follow-up cannot be done in the future."))
        return value


class ImplementationPlanForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ImplementationPlan
        fields = [
            "goals",
            "collaboration",
            "person_participated",
            "person_views",
            "other_participants",
            "established_on",
            "follow_up_on",
            "follow_up_how",
        ]
        widgets = {
            "goals": forms.Textarea(attrs={"rows": 3}),
            "collaboration": forms.Textarea(attrs={"rows": 2}),
            "person_views": forms.Textarea(attrs={"rows": 2}),
            "other_participants": forms.Textarea(attrs={"rows": 2}),
            "established_on": DATE,
            "follow_up_on": DATE,
            "follow_up_how": forms.Textarea(attrs={"rows": 2}),
        }


class CaseDetailsForm(forms.Form):
    exploitation_countries = forms.CharField(
        label=_("Countries of exploitation"),
        required=False,
        help_text=_("Several countries separated by commas."),
        max_length=1000,
    )

    def countries(self) -> list[str]:
        raw: str = self.cleaned_data.get("exploitation_countries") or ""
        return [c.strip() for c in raw.split(",") if c.strip()]


class AdmissionDecisionForm(forms.Form):
    """NSP/IB/Dok.01, "Beslut och motivering": Tillträde till NSP — Beviljas / Nekas, with the
    decision's motivation (the decision date is the day it is signed)."""

    outcome = forms.ChoiceField(
        label=_("Admission to the programme"),
        choices=[("granted", _("Granted")), ("denied", _("Refused"))],
        widget=forms.RadioSelect,
    )
    motivation = forms.CharField(
        label=_("Motivation"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20000
    )
    # Needed only when the actor may no longer file applications (suspended, withdrawn).
    actor_override_reason = forms.CharField(
        label=_("The actor is not certified now: why the decision is made anyway (override)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=20000,
    )


class CaseFilterForm(forms.Form):
    organisation = forms.ModelChoiceField(
        Organisation.objects.all(), label=_("Actor"), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", "---------"), *CaseStatus.choices]
    )
    period_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    period_to = forms.DateField(label=_("To"), required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Rendered as plain Bootstrap fields in one row (the list page renders them itself:
        # cheaper than crispy on the most visited page).
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select" if select else "form-control"
