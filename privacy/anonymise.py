"""What anonymising a case changes, field by field, for live and historical rows alike.

The same rules are applied to a live row and to every one of its simple-history rows
(historical tables are updated *in place*; no extra history row is written — the
``ErasureRecord`` is the trace of the event). What Table 3 and Table 1 count is kept:
status, dates, gender, nationality, trafficking types, countries of exploitation, police
report, children's ages and locations, amounts, outcomes, choice answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cases.models import Case, CaseDocument, Child, Inquiry, PlanItem, Questionnaire
from cases.questionnaire import DETAIL, iter_items
from funding.models import Decision, FundingApplication, Invoice
from journal.models import JournalComment, JournalEntry

PLACEHOLDER = "[anonymiserad]"
ANONYMOUS_INITIAL = "X"

# Answer types whose values are fixed choices or counts — nothing a person wrote.
KEPT_ANSWER_TYPES = frozenset(
    {"choice", "multichoice", "yes_no", "yes_no_detail", "scale4", "ypnm", "yndw", "integer"}
)

# Free text: required fields get the placeholder (they cannot be empty), optional ones "".
REQUIRED_TEXT: dict[type[Any], tuple[str, ...]] = {
    Inquiry: ("from_whom", "description"),
    PlanItem: ("goal", "activities", "responsible"),
    FundingApplication: ("public_funding_sought", "withdrawal_reason"),
    Decision: ("motivation",),
    JournalEntry: ("text",),
    JournalComment: ("text",),
}
OPTIONAL_TEXT: dict[type[Any], tuple[str, ...]] = {
    Case: ("refusal_reason",),
    Child: ("needs_notes",),
    Inquiry: ("outcome",),
    PlanItem: ("follow_up_how", "outcome"),
    FundingApplication: (
        "omitted_part_reason",
        "description",
        "legal_status",
        "needs_and_expectations",
        "other_information",
        "grounds",
        "requested_change",
        "additional_information",
    ),
    Decision: ("special_circumstances", "retroactive_motivation", "actor_override_reason"),
    JournalEntry: ("attachment_name",),
}
FILE_FIELDS: dict[type[Any], tuple[str, ...]] = {
    FundingApplication: ("cost_document",),
    Invoice: ("invoice_file", "receipt_file"),
    JournalEntry: ("attachment",),
}
SNAPSHOT_TEXT = {
    "motivation": PLACEHOLDER,
    "special_circumstances": "",
    "retroactive_motivation": "",
    "actor_override_reason": "",
    "public_funding_sought": PLACEHOLDER,
}


@dataclass
class Context:
    """What the rules need about one case, computed once."""

    coarse_birth_year: int
    definitions: dict[Any, dict[str, Any]] = field(default_factory=dict)

    def definition(self, questionnaire_id: Any) -> dict[str, Any]:
        if questionnaire_id not in self.definitions:
            self.definitions[questionnaire_id] = Questionnaire.objects.get(
                pk=questionnaire_id
            ).definition
        return self.definitions[questionnaire_id]


def anonymise_answers(definition: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """Keep choice and count answers; year answers coarsened to five years; drop the rest
    (text, textarea, every detail/comment, dates, times and keys the edition lacks)."""
    types = {item["key"]: item["type"] for _section, item in iter_items(definition)}
    kept: dict[str, Any] = {}
    for key, value in answers.items():
        kind = types.get(key)
        if key.endswith(DETAIL) or kind is None:
            continue
        if kind in KEPT_ANSWER_TYPES:
            kept[key] = value
        elif kind == "year" and isinstance(value, int):
            kept[key] = value - value % 5
    return kept


def _answers(row: Any, ctx: Context) -> dict[str, Any]:
    return anonymise_answers(ctx.definition(row.questionnaire_id), row.answers or {})


def _snapshot(row: Any, ctx: Context) -> dict[str, Any]:
    snapshot = dict(row.snapshot or {})
    for key, value in SNAPSHOT_TEXT.items():
        if snapshot.get(key):
            snapshot[key] = value
    return snapshot


COMPUTED: dict[type[Any], dict[str, Callable[[Any, Context], Any]]] = {
    Case: {
        "surname_initial": lambda row, ctx: ANONYMOUS_INITIAL,
        "first_name_initial": lambda row, ctx: ANONYMOUS_INITIAL,
        "birth_year": lambda row, ctx: ctx.coarse_birth_year,
    },
    CaseDocument: {"answers": _answers},
    Decision: {"snapshot": _snapshot},
}


def changes(model: type[Any], row: Any, ctx: Context) -> dict[str, Any]:
    """{field: new value} for the fields of ``row`` (live or historical) that change."""
    new: dict[str, Any] = {}
    for name in REQUIRED_TEXT.get(model, ()):
        if getattr(row, name) not in ("", PLACEHOLDER):
            new[name] = PLACEHOLDER
    for name in OPTIONAL_TEXT.get(model, ()):
        if getattr(row, name):
            new[name] = ""
    for name in FILE_FIELDS.get(model, ()):
        if getattr(row, name):
            new[name] = ""
    for name, rule in COMPUTED.get(model, {}).items():
        value = rule(row, ctx)
        if value != getattr(row, name):
            new[name] = value
    return new


def file_names(model: type[Any], row: Any) -> list[str]:
    return [str(getattr(row, name)) for name in FILE_FIELDS.get(model, ()) if getattr(row, name)]
