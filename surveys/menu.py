"""Menu entries of the survey app (see nsp.menu)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from nsp.menu import MenuEntry
from surveys.permissions import can_answer_surveys, can_read_survey_answers

CERTIFICATION = _("Certification")

ENTRIES = [
    MenuEntry(
        _("Evaluation survey"), "surveys:overview", can_read_survey_answers, CERTIFICATION, 330
    ),
    MenuEntry(_("Evaluation survey"), "surveys:mine", can_answer_surveys, CERTIFICATION, 330),
]
