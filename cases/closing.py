"""Closing a case with its exit report (NSP/UR Dok.03) while funding is open (issue 15).

Submitting the exit report does not close a case silently while a granted period runs past
the exit date or an application waits for a decision: the submit is refused with what is
open until the actor confirms (``confirmed``); then the app that keeps the money
(``settings.NSP_CASE_EXIT``: ``open_at_exit(case, day)`` and ``close_funding(case=, day=,
by=)``) ends the periods on the exit date and withdraws the waiting applications, in the
exit report's transaction and under its case row lock. ``cases`` does not import
``funding``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from cases.models import Case, CaseDocument
from nsp.accounts.models import User

EXIT_OPEN = "exit_open"


def exit_day(document: CaseDocument) -> date:
    """The day an exit report closes its case: its own date, else the day it is submitted
    (the confirm page shows what ends on this same day)."""
    return document.document_date or timezone.localdate()


def open_at_exit(case: Case, day: date) -> Any:
    """What is still open for ``case`` at an exit on ``day`` (truthy when something is);
    ``.lines()`` describes each item."""
    return import_string(f"{settings.NSP_CASE_EXIT}.open_at_exit")(case, day)


def close_at_exit(*, case: Case, day: date, by: User, confirmed: bool) -> None:
    """Called by ``document_submit`` for an exit report, with the case row locked."""
    found = open_at_exit(case, day)
    if not found:
        return
    if not confirmed:
        raise ValidationError(
            _("The case still has open funding; confirm to close it: %(items)s")
            % {"items": " ".join(found.lines())},
            code=EXIT_OPEN,
        )
    import_string(f"{settings.NSP_CASE_EXIT}.close_funding")(case=case, day=day, by=by)
