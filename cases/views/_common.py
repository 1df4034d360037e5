"""What the views of the cases app share: fetching a case the user may read, paging."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from cases.choices import DocumentKind
from cases.models import Case
from certification.selectors import can_file_applications
from nsp.pagination import paginate
from nsp.permissions import get_for_user_or_404

DOC_KINDS_AFTER_ADMISSION = (
    DocumentKind.IN_DEPTH,
    DocumentKind.PERIOD_REPORT,
    DocumentKind.EXIT_REPORT,
)


def case_or_404(request: HttpRequest, case_id: Any) -> Case:
    return get_for_user_or_404(
        request.user, Case.objects.select_related("organisation"), pk=case_id
    )


def page_of(request: HttpRequest, items: Any) -> Any:
    return paginate(request, items)


def filing_decision(user: Any) -> Any:
    """For an actor: may its organisation file applications, and if not, why (shown on the
    buttons and forms before anything is filled in, issue 18)."""
    organisation = getattr(user, "organisation", None)
    return can_file_applications(organisation) if organisation is not None else None
