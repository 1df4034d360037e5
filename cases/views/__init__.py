"""Views of the cases app: thin — fetch through the permission helpers, validate, call a service.

Split by page family; ``cases/urls.py`` names them through this package.
"""

from cases.views.case import (
    case_decide,
    case_detail,
    case_details_update,
    case_timeline,
    child_edit,
    implementation_plan_edit,
    plan_item_edit,
)
from cases.views.documents import (
    application_create,
    assessment_compare,
    document_correct,
    document_create,
    document_detail,
    document_edit,
    document_receive,
    exit_confirm,
)
from cases.views.lists import case_list, inquiry_create, inquiry_list, inquiry_update
from cases.views.persons import same_person

__all__ = [
    "application_create",
    "assessment_compare",
    "case_decide",
    "case_detail",
    "case_details_update",
    "case_list",
    "case_timeline",
    "child_edit",
    "document_correct",
    "document_create",
    "document_detail",
    "document_edit",
    "document_receive",
    "exit_confirm",
    "implementation_plan_edit",
    "inquiry_create",
    "inquiry_list",
    "inquiry_update",
    "plan_item_edit",
    "same_person",
]
