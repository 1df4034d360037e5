"""The "children" item of a questionnaire (NSP/IB/Dok.01 edition 3 2026, issue 19).

Seed 002's initial assessment asks "Har den sökande minderåriga barn? Ange var
barnet/barnen finns, kön, ålder etc."; the item records each child as a row (age, gender,
where the child is) so that the children become the case's children when the assessment
is submitted (``cases.children``) and Table 3 counts them without a second entry.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext

# A "children" item (NSP/IB/Dok.01 edition 3 2026): one row per child — age, gender and
# where the child is — stored as a list under the item's key; on submit the rows become
# the case's children (``cases.children``). The yes/no question it details:
CHILDREN_QUESTION = "minor_children"
MAX_CHILDREN = 6
CHILD_PARTS = ("age", "gender", "location")
CHILD_GENDERS = [("woman", "Flicka"), ("man", "Pojke"), ("other", "Annat"), ("unknown", "Vet ej")]
CHILD_LOCATIONS = [
    ("with_parent", "Medföljande"),
    ("home_country", "I hemlandet"),
    ("other", "Annan plats"),
]


def child_field(key: str, row: int, part: str) -> str:
    return f"{key}__{row}__{part}"


def child_fields(item: dict[str, Any]) -> list[tuple[str, forms.Field]]:
    """Rows of (age, gender, where) for a "children" item; an empty row is no child."""
    result: list[tuple[str, forms.Field]] = []
    for row in range(1, MAX_CHILDREN + 1):
        label = gettext("Child %(n)s") % {"n": row}
        age, gender, place = (
            f"{label}: {gettext('age')}",
            f"{label}: {gettext('gender')}",
            f"{label}: {gettext('where the child is')}",
        )
        select = {"class": "form-select form-select-sm"}
        result += [
            (
                child_field(item["key"], row, "age"),
                forms.IntegerField(
                    label=age,
                    required=False,
                    min_value=0,
                    max_value=17,
                    widget=forms.NumberInput(
                        attrs={"class": "form-control form-control-sm", "aria-label": age}
                    ),
                ),
            ),
            (
                child_field(item["key"], row, "gender"),
                forms.ChoiceField(
                    label=gender,
                    required=False,
                    choices=[("", "—"), *CHILD_GENDERS],
                    widget=forms.Select(attrs={**select, "aria-label": gender}),
                ),
            ),
            (
                child_field(item["key"], row, "location"),
                forms.ChoiceField(
                    label=place,
                    required=False,
                    choices=[("", "—"), *CHILD_LOCATIONS],
                    widget=forms.Select(attrs={**select, "aria-label": place}),
                ),
            ),
        ]
    return result


def spread_children(values: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    """A copy of ``values`` where each "children" list is spread over its row fields."""
    if not any(isinstance(values.get(k), list) for k in keys):
        return values
    spread = dict(values)
    for key in keys:
        rows = spread.pop(key, None)
        if not isinstance(rows, list):
            continue
        for row, child in enumerate(rows[:MAX_CHILDREN], start=1):
            if isinstance(child, dict):
                for part in CHILD_PARTS:
                    spread[child_field(key, row, part)] = child.get(part)
    return spread


def clean_children(form: forms.Form, data: dict[str, Any]) -> None:
    """Gather each "children" item's rows into a list; a row is all or nothing."""
    keys: list[str] = getattr(form, "children_keys", [])
    for key in keys:
        rows = []
        for row in range(1, MAX_CHILDREN + 1):
            values = {part: data.pop(child_field(key, row, part), None) for part in CHILD_PARTS}
            if all(v in (None, "") for v in values.values()):
                continue
            if any(v in (None, "") for v in values.values()):
                form.add_error(
                    child_field(key, row, "age"),
                    gettext("Give the child's age, gender and where the child is."),
                )
                continue
            rows.append(values)
        data[key] = rows
        if rows and data.get(CHILDREN_QUESTION) == "no":
            form.add_error(
                CHILDREN_QUESTION,
                gettext("Children are listed: answer yes, or remove them from the list."),
            )


def children_label(raw: Any) -> str:
    """The listed children for the read-only page: "3 år, Pojke, Medföljande; …"."""
    genders, places = dict(CHILD_GENDERS), dict(CHILD_LOCATIONS)
    return "; ".join(
        f"{c.get('age')} år, {genders.get(str(c.get('gender')), '')}, "
        f"{places.get(str(c.get('location')), '')}"
        for c in raw
        if isinstance(c, dict)
    )
