"""The questions of "BILAGA Utvärdering av piloten" (002), in the seed's order.

Each answer is a field of ``SurveyResponse`` whose label is the seed's question (the
Swedish catalogue holds the seed's wording). A follow-up belongs to the answer of a
yes/no question ("Om ja:" / "Om nej"): it is shown under that answer and cleared when
the other answer is chosen, so that a response never holds both branches.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from surveys.models import SurveyResponse


@dataclass(frozen=True)
class Question:
    field: str
    yes_no: bool = False
    # (yes/no field, the answer under which this follow-up is asked)
    follows: tuple[str, bool] | None = None

    @property
    def label(self) -> str:
        field = SurveyResponse._meta.get_field(self.field)
        assert isinstance(field, models.Field)
        return str(field.verbose_name)


QUESTIONS: tuple[Question, ...] = (
    Question("q1_applied", yes_no=True),
    Question("q1_forms", follows=("q1_applied", True)),
    Question("q1_handling", follows=("q1_applied", True)),
    Question("q1_why_not", follows=("q1_applied", False)),
    Question("q1_more_support", follows=("q1_applied", False)),
    Question("q2_manuals", yes_no=True),
    Question("q2_why_not", follows=("q2_manuals", False)),
    Question("q3_participated", yes_no=True),
    Question("q3_support", follows=("q3_participated", True)),
    Question("q3_effort", follows=("q3_participated", True)),
    Question("q3_why_not", follows=("q3_participated", False)),
    Question("q3_needs", follows=("q3_participated", False)),
    Question("q4_criteria"),
    Question("q5_public_and_voluntary"),
    Question("q6_improve"),
    Question("q7_best"),
    Question("q8_other"),
)
FIELDS = tuple(q.field for q in QUESTIONS)
# Required to submit: the three yes/no questions (the rest may be left blank).
REQUIRED = tuple(q.field for q in QUESTIONS if q.yes_no)

# The seed's heading and the line it opens with ("Namn organisation:" is the actor's name).
TITLE = _("Evaluation of the programme")
INTRO = _("Questions to the working group on support about the National Support Programme.")


def display(question: Question, value: object) -> str:
    """An answer as shown and exported: Ja/Nej for yes/no, the text otherwise."""
    if question.yes_no:
        if value is None:
            return ""
        return str(_("Yes") if value else _("No"))
    return str(value or "")


def cleared_branches(answers: dict[str, object]) -> dict[str, object]:
    """``answers`` with the follow-ups of the answer not chosen emptied."""
    result = dict(answers)
    for question in QUESTIONS:
        if question.follows is None:
            continue
        parent, when = question.follows
        chosen = result.get(parent)
        if chosen is not None and chosen != when:
            result[question.field] = ""
    return result
