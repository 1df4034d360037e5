"""Questionnaires as data: loading, a Django form built from a definition, summaries.

A definition is the JSON of ``cases/questionnaires/*.json`` (docs/DATA_FORMATS.md). Answers
are stored flat, one key per item (``group`` items contribute their inner items), plus
``<key>__detail`` for the free text of yes/no, ypnm and yndw items.
"""

from __future__ import annotations

import functools
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TextIO

from django import forms
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from cases.choices import DocumentKind
from cases.models import Case, Questionnaire
from cases.questionnaire_children import (
    CHILD_PARTS,
    CHILDREN_QUESTION,
    MAX_CHILDREN,
    child_field,
    child_fields,
    children_label,
    clean_children,
    spread_children,
)
from cases.scales import ScaleSummary as ScaleSummary
from cases.scales import scale_summaries as scale_summaries

QUESTIONNAIRE_DIR = Path(__file__).resolve().parent / "questionnaires"

DETAIL = "__detail"

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
SCALE4 = [
    ("0", "Inte alls"),
    ("1", "I liten utsträckning"),
    ("2", "I hög utsträckning"),
    ("3", "I mycket hög utsträckning"),
]
YPNM = [("yes", "Ja"), ("partly", "Delvis"), ("no", "Nej"), ("missing", "Uppgift saknas")]
YNDW = [("yes", "Ja"), ("no", "Nej"), ("dont_know", "Vet ej"), ("wont_answer", "Vill ej svara")]
# Severity order for comparisons: a lower rank is better. "Uppgift saknas" is not ranked.
YPNM_RANK = {"no": 0, "partly": 1, "yes": 2}
MIN_BIRTH_YEAR = 1900
INITIAL_RE = re.compile(r"^[A-ZÅÄÖÆØÜÉ]$")
# Items the initial assessment needs even in a draft: they identify the case.
IDENTIFYING_ITEMS = ("surname_initial", "first_name_initial", "birth_year", "gender")
# Submitting the initial assessment (NSP/IB/Dok.01) needs what the coordinator decides on,
# whatever the edition says (docs/RULES.md, "Initial assessment"): the identifying items,
# the nationality, the actor's recommendation, and every yes/no question of these sections.
INITIAL_SUBMIT_ITEMS = (*IDENTIFYING_ITEMS, "nationality", "recommendation")
INITIAL_SUBMIT_SECTIONS = ("exposure", "vulnerability")


# --- Loading -------------------------------------------------------------------------


def load(stdout: TextIO) -> None:
    """Load every questionnaire file; an edition already loaded is left untouched."""
    for path in sorted(QUESTIONNAIRE_DIR.glob("*.json")):
        definition = json.loads(path.read_text(encoding="utf-8"))
        _obj, created = Questionnaire.objects.get_or_create(
            code=definition["code"],
            edition=definition["edition"],
            defaults={"title": definition["title"], "definition": definition},
        )
        if created:
            stdout.write(f"Loaded questionnaire {definition['code']} {definition['edition']}")


@functools.cache
def _newest_file_definitions() -> dict[str, dict[str, Any]]:
    """Per code, the definition of its last file (file names sort by edition)."""
    newest: dict[str, dict[str, Any]] = {}
    for path in sorted(QUESTIONNAIRE_DIR.glob("*.json")):
        definition = json.loads(path.read_text(encoding="utf-8"))
        newest[definition["code"]] = definition
    return newest


def current(code: str) -> Questionnaire:
    """The edition of ``code`` that new documents use: the newest in the files (loaded on
    demand, so a new edition file takes effect without a manual load)."""
    definition = _newest_file_definitions().get(code)
    if definition is not None:
        newest, _created = Questionnaire.objects.get_or_create(
            code=code,
            edition=definition["edition"],
            defaults={"title": definition["title"], "definition": definition},
        )
        return newest
    found = Questionnaire.objects.filter(code=code).order_by("-created_at").first()
    if found is None:
        load(io.StringIO())
        found = Questionnaire.objects.filter(code=code).order_by("-created_at").first()
    if found is None:
        raise LookupError(code)
    return found


# --- Walking a definition ------------------------------------------------------------


def iter_items(definition: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(section, item) for every answerable item, groups flattened."""
    for section in definition["sections"]:
        for item in section["items"]:
            if item["type"] == "group":
                for inner in item.get("items", []):
                    yield section, inner
            else:
                yield section, item


def item_choices(item: dict[str, Any]) -> list[tuple[str, Any]]:
    """An item's own choices win over its type's default (the alcohol/drug scale4 items)."""
    if item.get("choices"):
        return [(str(v), label) for v, label in item["choices"]]
    defaults: dict[str, list[tuple[str, Any]]] = {
        "scale4": SCALE4,
        "ypnm": YPNM,
        "yndw": YNDW,
        "yes_no": YES_NO,
    }
    return defaults.get(item["type"], YES_NO)


def submit_required(kind: str, definition: dict[str, Any]) -> tuple[str, ...]:
    """Item keys a document of ``kind`` must answer to be submitted, beyond the items its
    edition marks required (the initial assessment's rule holds for every edition)."""
    if kind != DocumentKind.INITIAL:
        return ()
    keys = list(INITIAL_SUBMIT_ITEMS)
    for section in definition["sections"]:
        if section["key"] in INITIAL_SUBMIT_SECTIONS:
            keys.extend(item["key"] for item in section["items"] if item["type"] == "yes_no_detail")
    return tuple(keys)


def always_required(kind: str, definition: dict[str, Any], *, strict: bool) -> tuple[str, ...]:
    """The items a form of ``kind`` requires beyond its edition's: the identifying items of
    an initial assessment always, and when submitting (``strict``) ``submit_required``."""
    if kind != DocumentKind.INITIAL:
        return ()
    return submit_required(kind, definition) if strict else IDENTIFYING_ITEMS


# --- The dynamic form ----------------------------------------------------------------


@dataclass
class FormSection:
    key: str
    title: str
    help: str
    fields: list[forms.BoundField] = field(default_factory=list)
    # A "children" item: its rows of (age, gender, where) fields, shown as a table.
    children: list[list[forms.BoundField]] = field(default_factory=list)
    children_label: str = ""
    children_help: str = ""


def _help_html(text: str) -> str:
    """The seed's guidance bullets, one per line (escaped: crispy renders help as HTML)."""
    if not text:
        return ""
    return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in text.splitlines()))


# One factory per item type, given the item and the arguments every field takes (label,
# required, help_text). Any other type (choice, yes_no, yes_no_detail, scale4, ypnm,
# yndw) is a set of radio buttons.
FieldFactory = Callable[[dict[str, Any], dict[str, Any]], forms.Field]

FIELD_FACTORIES: dict[str, FieldFactory] = {
    "text": lambda item, common: forms.CharField(
        **common, max_length=item.get("max_length") or 500
    ),
    "textarea": lambda item, common: forms.CharField(
        **common, widget=forms.Textarea(attrs={"rows": 3}), max_length=20000
    ),
    "integer": lambda item, common: forms.IntegerField(**common, min_value=0),
    "year": lambda item, common: forms.IntegerField(
        **common, min_value=MIN_BIRTH_YEAR, max_value=timezone.localdate().year
    ),
    "date": lambda item, common: forms.DateField(
        **common, widget=forms.DateInput(attrs={"type": "date"})
    ),
    "time": lambda item, common: forms.TimeField(
        **common, widget=forms.TimeInput(attrs={"type": "time"})
    ),
    "multichoice": lambda item, common: forms.MultipleChoiceField(
        **common, choices=item_choices(item), widget=forms.CheckboxSelectMultiple
    ),
}


def _radio_field(item: dict[str, Any], common: dict[str, Any]) -> forms.Field:
    return forms.ChoiceField(
        **common,
        choices=item_choices(item),
        widget=forms.RadioSelect(attrs={"class": "nsp-inline-radio"}),
    )


# The radio types that carry a free-text detail field beside the answer.
DETAIL_LABELS: dict[str, StrOrPromise] = {
    "yes_no_detail": _("If yes: describe"),
    "ypnm": _("Comment"),
    "yndw": _("Type / details"),
    "scale4": _("Comment"),
}


def _field_for(item: dict[str, Any], strict: bool) -> list[tuple[str, forms.Field]]:
    key, kind = item["key"], item["type"]
    if kind == "children":
        return child_fields(item)
    common = {
        "label": item["label"],
        "required": strict and bool(item.get("required")),
        "help_text": _help_html(item.get("help") or ""),
    }
    result = [(key, FIELD_FACTORIES.get(kind, _radio_field)(item, common))]
    detail_label = None if kind in FIELD_FACTORIES else DETAIL_LABELS.get(kind)
    if detail_label is not None:
        widget: forms.Widget = (
            forms.TextInput() if kind == "scale4" else forms.Textarea(attrs={"rows": 2})
        )
        detail = forms.CharField(label=detail_label, required=False, max_length=5000, widget=widget)
        result.append((key + DETAIL, detail))
    return result


class QuestionnaireForm(forms.Form):
    """One Django field per item of a questionnaire definition.

    ``strict`` (used when submitting) enforces the items marked required; plausibility
    rules (birth year, arrival in the past, period end after start, detail for a yes)
    apply to drafts too, so nothing implausible is ever stored.
    """

    def __init__(
        self,
        *args: Any,
        definition: dict[str, Any],
        strict: bool = False,
        always_required: tuple[str, ...] = (),
        fixed: tuple[str, ...] = (),
        **kwargs: Any,
    ) -> None:
        children_keys = [i["key"] for _s, i in iter_items(definition) if i["type"] == "children"]
        # The children as a list (stored answers, the API) are spread over the row fields.
        if args and isinstance(args[0], dict) and not hasattr(args[0], "getlist"):
            args = (spread_children(args[0], children_keys), *args[1:])
        if kwargs.get("initial"):
            kwargs["initial"] = spread_children(kwargs["initial"], children_keys)
        super().__init__(*args, **kwargs)
        self.children_keys = children_keys
        self.definition = definition
        self.strict = strict
        self.item_types: dict[str, str] = {}
        for _section, item in iter_items(definition):
            self.item_types[item["key"]] = item["type"]
            for name, form_field in _field_for(item, strict):
                self.fields[name] = form_field
        for key in always_required:
            if key in self.fields:
                self.fields[key].required = True
        # Answers that come from elsewhere (a period report's dates from its decision):
        # shown, not typed; the service sets them again whatever is posted.
        for key in fixed:
            if key in self.fields:
                self.fields[key].disabled = True
                self.fields[key].required = False

    def sections(self) -> list[FormSection]:
        result = []
        for section in self.definition["sections"]:
            fs = FormSection(section["key"], section["title"], section.get("help") or "")
            for item in section["items"]:
                inner = item.get("items", []) if item["type"] == "group" else [item]
                for it in inner:
                    if it["type"] == "children":
                        fs.children_label = it["label"]
                        fs.children_help = it.get("help") or ""
                        fs.children = [
                            [self[child_field(it["key"], row, part)] for part in CHILD_PARTS]
                            for row in range(1, MAX_CHILDREN + 1)
                        ]
                        continue
                    fs.fields.append(self[it["key"]])
                    if it["key"] + DETAIL in self.fields:
                        fs.fields.append(self[it["key"] + DETAIL])
            result.append(fs)
        return result

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        clean_children(self, data)
        today = timezone.localdate()
        for key in ("surname_initial", "first_name_initial"):
            value = (data.get(key) or "").strip().upper()
            if key in data:
                data[key] = value
            if value and not INITIAL_RE.match(value):
                self.add_error(key, gettext("One capital letter (an initial, never a name)."))
        for key, kind in self.item_types.items():
            if (
                kind == "yes_no_detail"
                and data.get(key) == "yes"
                and not (data.get(key + DETAIL) or "").strip()
                # Listed children describe the "yes" of the children question.
                and not (key == CHILDREN_QUESTION and any(data.get(k) for k in self.children_keys))
            ):
                self.add_error(key + DETAIL, gettext("Describe the answer when it is yes."))
        arrival = data.get("arrival_date")
        if isinstance(arrival, date) and arrival > today:
            self.add_error("arrival_date", gettext("The arrival date cannot be in the future."))
        start, end = data.get("period_start"), data.get("period_end")
        if isinstance(start, date) and isinstance(end, date) and end < start:
            self.add_error("period_end", gettext("The period cannot end before it starts."))
        return data

    def answers(self) -> dict[str, Any]:
        """cleaned_data as JSON-safe values (dates and times as ISO strings)."""
        return to_json(self.cleaned_data)


def to_json(data: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, date | datetime | time):
            result[key] = value.isoformat()
        elif value in (None, "", []):
            continue
        else:
            result[key] = value
    return result


def identity_answers(case: Case) -> dict[str, Any]:
    """The case's identifying facts as answers, to prefill a later assessment."""
    gender = {"woman": "female", "man": "male"}.get(case.gender)
    answers: dict[str, Any] = {
        "surname_initial": case.surname_initial,
        "first_name_initial": case.first_name_initial,
        "birth_year": case.birth_year,
        "nationality": case.nationality,
        "arrival_date": case.arrival_date.isoformat() if case.arrival_date else None,
        "gender": gender,
    }
    return {k: v for k, v in answers.items() if v}


# --- Reading answers -----------------------------------------------------------------


@dataclass
class AnswerRow:
    key: str
    label: str
    value: str
    detail: str = ""
    flagged: bool = False


@dataclass
class AnswerSection:
    key: str
    title: str
    rows: list[AnswerRow]


def display_answers(definition: dict[str, Any], answers: dict[str, Any]) -> list[AnswerSection]:
    """The answers with their labels, for the read-only page (escaped by the template)."""
    result = []
    for section in definition["sections"]:
        rows = []
        for item in section["items"]:
            inner = item.get("items", []) if item["type"] == "group" else [item]
            for it in inner:
                raw = answers.get(it["key"])
                rows.append(
                    AnswerRow(
                        key=it["key"],
                        label=it["label"],
                        value=_label_of(it, raw),
                        detail=str(answers.get(it["key"] + DETAIL, "")),
                        flagged=bool(it.get("flag")) and raw not in (None, "", "0"),
                    )
                )
        result.append(AnswerSection(section["key"], section["title"], rows))
    return result


def _label_of(item: dict[str, Any], raw: Any) -> str:
    if raw in (None, "", []):
        return ""
    if item["type"] == "children":
        return children_label(raw)
    if item["type"] in ("text", "textarea", "integer", "year", "date", "time"):
        return str(raw)
    labels = {v: str(label) for v, label in item_choices(item)}
    if isinstance(raw, list):
        return ", ".join(labels.get(str(v), str(v)) for v in raw)
    return labels.get(str(raw), str(raw))


# --- Scale summaries and comparison --------------------------------------------------


# Facts about the person and the exit plan are not "better" or "worse" between assessments.
NOT_COMPARED = frozenset({"header", "applicant", "contact_person", "exit_plan"})
COMPARED_TYPES = frozenset({"scale4", "ypnm", "yes_no_detail", "yndw"})


@dataclass
class ComparisonRow:
    section: str
    label: str
    before: str
    after: str
    change: str  # "better", "worse", "same", "" (not comparable)


def _rank(item: dict[str, Any], raw: Any) -> int | None:
    if raw in (None, ""):
        return None
    if item["type"] == "scale4":
        return int(raw)
    if item["type"] == "ypnm":
        return YPNM_RANK.get(str(raw))
    if item["type"] in ("yes_no_detail", "yes_no") and not item.get("choices"):
        return {"no": 0, "yes": 1}.get(str(raw))
    return None


def compare(
    definition: dict[str, Any], before: dict[str, Any], after: dict[str, Any]
) -> list[ComparisonRow]:
    """Item by item: what improved (lower severity) and what got worse."""
    rows = []
    for section, item in iter_items(definition):
        if section["key"] in NOT_COMPARED or item["type"] not in COMPARED_TYPES:
            continue
        a, b = before.get(item["key"]), after.get(item["key"])
        ra, rb = _rank(item, a), _rank(item, b)
        if ra is None or rb is None:
            change = ""
        elif rb < ra:
            change = "better"
        elif rb > ra:
            change = "worse"
        else:
            change = "same"
        rows.append(
            ComparisonRow(
                section["title"], item["label"], _label_of(item, a), _label_of(item, b), change
            )
        )
    return rows
