"""Forms of the certification app (crispy, Bootstrap 5)."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from certification.catalogues_data import groups_of, housing_fields
from certification.choices import (
    ALLOWED_TRANSITIONS,
    Assistance,
    CertificationStatus,
    Outcome,
    TargetGroup,
)
from certification.models import ActivityProfile, Assessment, Catalogue
from certification.selectors import (
    directory_regions,
    directory_service_choices,
    requirement_catalogues,
)
from nsp.accounts.models import Organisation

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"})
SMALL_TEXT = forms.TextInput(attrs={"class": "form-control form-control-sm"})


class _Crispy(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


YES_NO = [("", "—"), ("yes", _("Yes")), ("no", _("No"))]


class ProfileForm(forms.Form):
    """Step 1: one row of fields per service, plus the housing specification."""

    def __init__(self, *args: Any, profile: ActivityProfile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.definition = profile.catalogue.definition
        for group in groups_of(self.definition):
            for svc in group["services"]:
                key = svc["key"]
                saved = profile.services.get(key, {})
                self.fields[f"{key}__offers"] = forms.BooleanField(
                    label=_("Offers"),
                    required=False,
                    initial=saved.get("offers", False),
                    widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
                )
                self.fields[f"{key}__assistance"] = forms.MultipleChoiceField(
                    label=_("Assistance"),
                    choices=Assistance.choices,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    initial=saved.get("assistance", []),
                )
                self.fields[f"{key}__target_group"] = forms.MultipleChoiceField(
                    label=_("Target group"),
                    choices=TargetGroup.choices,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    initial=saved.get("target_group", []),
                )
                self.fields[f"{key}__comment"] = forms.CharField(
                    label=_("Comment"),
                    required=False,
                    max_length=500,
                    initial=saved.get("comment", ""),
                    widget=SMALL_TEXT,
                )
                self.fields[f"{key}__geography"] = forms.CharField(
                    label=_("Geography"),
                    required=False,
                    max_length=200,
                    initial=saved.get("geography", ""),
                    widget=SMALL_TEXT,
                )
                # The row's fields sit under column headings only: name each one after its
                # service, so a screen reader says which row a checkbox or comment belongs to.
                service = f"{key} {svc.get('title', '')}".strip()
                for part in ("offers", "comment", "geography"):
                    field_ = self.fields[f"{key}__{part}"]
                    field_.widget.attrs["aria-label"] = f"{service}: {field_.label}"
        for spec in housing_fields(self.definition):
            name = f"housing__{spec['key']}"
            initial = profile.housing.get(spec["key"])
            field: forms.Field
            select = forms.Select(attrs={"class": "form-select"})
            if spec["type"] == "integer":
                field = forms.IntegerField(
                    min_value=0,
                    required=False,
                    widget=forms.NumberInput(attrs={"class": "form-control"}),
                )
            elif spec["type"] == "yes_no":
                field = forms.ChoiceField(choices=YES_NO, required=False, widget=select)
            else:
                field = forms.ChoiceField(
                    choices=[("", "—"), *[(c, c) for c in spec["choices"]]],
                    required=False,
                    widget=select,
                )
            field.label = spec["label"]
            field.initial = initial
            self.fields[name] = field

    def grouped(self) -> list[dict[str, Any]]:
        """Bound fields by group and service, for the table layout of the template."""
        result = []
        for group in groups_of(self.definition):
            rows = [
                {
                    "service": svc,
                    "fields": {
                        part: self[f"{svc['key']}__{part}"]
                        for part in ("offers", "assistance", "target_group", "comment", "geography")
                    },
                }
                for svc in group["services"]
            ]
            housing = (
                [self[f"housing__{s['key']}"] for s in housing_fields(self.definition)]
                if group["housing"]
                else []
            )
            result.append({**group, "rows": rows, "housing_fields": housing})
        return result

    def services_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for group in groups_of(self.definition):
            for svc in group["services"]:
                key = svc["key"]
                answer = {
                    part: self.cleaned_data[f"{key}__{part}"]
                    for part in ("offers", "assistance", "target_group", "comment", "geography")
                }
                if any(answer.values()):
                    data[key] = answer
        return data

    def housing_data(self) -> dict[str, Any]:
        return {
            spec["key"]: self.cleaned_data[f"housing__{spec['key']}"]
            for spec in housing_fields(self.definition)
            if self.cleaned_data.get(f"housing__{spec['key']}") not in (None, "")
        }


class ProfileReviewForm(_Crispy):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("return", _("Return with comments"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comments"), required=False, widget=forms.Textarea)


class AssessmentOpenForm(_Crispy):
    catalogue = forms.ModelChoiceField(
        label=_("Catalogue and edition"), queryset=Catalogue.objects.none()
    )
    visit_date = forms.DateField(label=_("Visit date"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["catalogue"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = requirement_catalogues()


class AssessmentForm(forms.Form):
    """Per item: answer, recommendation, met / partly met / not met, agreed deadline."""

    summary = forms.CharField(
        label=pgettext_lazy("assessment", "Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.answers = list(assessment.answers.select_related("item__section"))
        self.fields["summary"].initial = assessment.summary
        for a in self.answers:
            p = str(a.pk)
            self.fields[f"{p}__answer"] = forms.CharField(
                label=_("Answer"),
                required=False,
                initial=a.answer,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
            )
            self.fields[f"{p}__recommendation"] = forms.CharField(
                label=_("Recommendation"),
                required=False,
                initial=a.recommendation,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
            )
            self.fields[f"{p}__outcome"] = forms.ChoiceField(
                label=_("Outcome"),
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                required=False,
                initial=a.outcome,
                choices=[("", "—"), *Outcome.choices],
            )
            self.fields[f"{p}__agreed_deadline"] = forms.DateField(
                label=_("Agreed deadline"), required=False, initial=a.agreed_deadline, widget=DATE
            )

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "answer": a,
                "fields": {
                    part: self[f"{a.pk}__{part}"]
                    for part in ("answer", "recommendation", "outcome", "agreed_deadline")
                },
            }
            for a in self.answers
        ]

    def answers_data(self) -> dict[str, dict[str, Any]]:
        return {
            str(a.pk): {
                part: self.cleaned_data[f"{a.pk}__{part}"]
                for part in ("answer", "recommendation", "outcome", "agreed_deadline")
            }
            for a in self.answers
        }


class ActionUpdateForm(_Crispy):
    note = forms.CharField(
        label=_("Progress note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    mark_done = forms.BooleanField(label=_("The item is done"), required=False)


class ActionVerifyForm(_Crispy):
    decision = forms.ChoiceField(
        label=_("Verification"),
        choices=[("close", _("Verified – close the item")), ("reopen", _("Not done – reopen"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=pgettext_lazy("folder", "Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StatusChangeForm(_Crispy):
    to_status = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = ALLOWED_TRANSITIONS.get(current, frozenset())
        field = self.fields["to_status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(v, label) for v, label in CertificationStatus.choices if v in allowed]


class FollowUpForm(_Crispy):
    year_review = forms.CharField(label=_("Review of the year"), widget=forms.Textarea)
    completed_on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)


class EventForm(_Crispy):
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    basic_training = forms.BooleanField(
        label=_("The programme's basic training Human trafficking (minimum requirement 1)"),
        required=False,
    )
    attendees = forms.ModelMultipleChoiceField(
        label=_("Organisations that attended"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class NoteForm(_Crispy):
    text = forms.CharField(
        label=pgettext_lazy("folder", "Note"), widget=forms.Textarea(attrs={"rows": 3})
    )


class DocumentForm(_Crispy):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File (PDF, PNG or JPEG, at most 10 MB)"))


class DirectoryFilterForm(_Crispy):
    service = forms.ChoiceField(label=_("Service"), required=False)
    target_group = forms.ChoiceField(
        label=_("Target group"), required=False, choices=[("", _("All")), *TargetGroup.choices]
    )
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        service = self.fields["service"]
        region = self.fields["region"]
        assert isinstance(service, forms.ChoiceField) and isinstance(region, forms.ChoiceField)
        service.choices = [("", _("All")), *directory_service_choices()]
        region.choices = [("", _("All")), *[(r, r) for r in directory_regions()]]


class ProfileRequestForm(_Crispy):
    """The coordinator's request that the manager fill in step 1 (issue 18)."""

    message = forms.CharField(
        label=_("Message to the manager (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown in the app only; the e-mail says that step 1 is asked for."),
    )
