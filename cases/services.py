"""Writes for cases."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from cases.choices import CaseStatus
from cases.models import Case
from nsp.accounts.models import User

# Arbitrary constant key for the PostgreSQL advisory lock that serialises numbering.
_CASE_NUMBER_LOCK = 7_301_001


def format_case_number(number: int) -> str:
    return f"NSP{number:03d}"


@transaction.atomic
def case_admit(*, case: Case, admitted_on: date, by: User) -> Case:
    """Admit ``case`` to the programme and give it the next case number.

    1. Lock the case row (a second decider waits, then sees it admitted and is refused).
    2. Take a transaction-scoped advisory lock so that two admissions at the same moment
       are numbered one after the other; the lock is released at commit or rollback, so
       a rolled-back admission leaves no gap.
    3. Next number = highest assigned + 1.
    """
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.case_number is not None:
        raise ValidationError(
            _("The case is already admitted as %(number)s.") % {"number": locked.case_number}
        )
    if locked.status not in (CaseStatus.APPLIED,):
        raise ValidationError(_("Only a case that has applied for admission can be admitted."))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CASE_NUMBER_LOCK])
    highest = Case.objects.aggregate(m=Max("number"))["m"] or 0
    locked.number = highest + 1
    locked.case_number = format_case_number(locked.number)
    locked.status = CaseStatus.ADMITTED
    locked.admitted_on = admitted_on
    locked._history_user = by  # type: ignore[attr-defined]
    locked.full_clean()
    locked.save()
    return locked
