"""The models that define their own ``get_FOO_display()`` (nsp.models.choice_label, for the
case page's speed) answer exactly what Django's generic one does, in each language."""

from __future__ import annotations

import pytest
from django.db.models import Model
from django.utils import translation

from cases.models import Case, CaseDocument, Child
from nsp.accounts.models import User

OWN_LABELS = [
    (Case, "status"),
    (Case, "gender"),
    (Child, "gender"),
    (Child, "location"),
    (CaseDocument, "kind"),
    (CaseDocument, "status"),
    (User, "role"),
]


@pytest.mark.parametrize(("model", "name"), OWN_LABELS)
@pytest.mark.parametrize("language", ["sv", "en"])
def test_own_labels_answer_what_django_does(model: type[Model], name: str, language: str) -> None:
    field = model._meta.get_field(name)
    # The model really defines its own (else this test would compare Django with itself).
    assert f"get_{name}_display" in model.__dict__
    values = [value for value, _label in field.flatchoices] + ["no-such-choice", ""]
    with translation.override(language):
        for value in values:
            instance = model(**{field.attname: value})
            ours = getattr(instance, f"get_{name}_display")()
            assert ours == Model._get_FIELD_display(instance, field), (value, language)
            assert isinstance(ours, str)


def test_labels_follow_the_language() -> None:
    document = CaseDocument(kind="initial", status="submitted")
    with translation.override("sv"):
        swedish = document.get_status_display()
    with translation.override("en"):
        english = document.get_status_display()
    assert (swedish, english) == ("Inskickad", "Submitted")
