"""The view helpers every app uses (one copy, not one per app).

* ``acting_user(request)`` — the logged-in ``User`` behind a login-guarded view;
* ``ensure(predicate, user, obj=None)`` — ask a ``can_*`` predicate, or 403 with a message
  that says what it checks (its Decision's reason, its ``denial`` or its docstring);
* ``add_service_errors(form, exc)`` — show a service's ``ValidationError`` on the form.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest

from nsp.accounts.models import User
from nsp.permissions import AnyUser, Denied, Predicate, denial_message


def acting_user(request: HttpRequest) -> User:
    """The logged-in user (every caller is behind ``require``/``login_required``)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def ensure(predicate: Predicate, user: AnyUser, obj: Any = None) -> None:
    """``predicate(user)`` or ``predicate(user, obj)`` must allow, else 403 with the reason."""
    result = predicate(user) if obj is None else predicate(user, obj)
    if not result:
        raise Denied(denial_message(predicate, result))


def add_service_errors(form: Form, exc: ValidationError) -> None:
    """A service refused: its messages go to the top of the form (non-field errors)."""
    for message in exc.messages:
        form.add_error(None, message)
