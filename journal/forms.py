from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from journal.choices import AttemptOutcome, EntryKind
from journal.models import JournalEntry
from nsp.uploads import ProtectedFileField


class EntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EntryKind.choices)
    entry_date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    text = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4}))
    outcome = forms.ChoiceField(
        label=_("Outcome of the attempt"),
        choices=[("", "—"), *AttemptOutcome.choices],
        required=False,
        help_text=_("Only for an attempt to reach public support."),
    )
    attachment = ProtectedFileField(label=_("Attachment (optional)"), required=False)

    @classmethod
    def initial_from(cls, entry: JournalEntry) -> dict[str, object]:
        return {
            "kind": entry.kind,
            "entry_date": entry.entry_date,
            "text": entry.text,
            "outcome": entry.outcome,
        }


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}))
