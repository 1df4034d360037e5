"""What each role's dashboard shows.

Each app contributes panels through a function listed in ``settings.NSP_DASHBOARD_PROVIDERS``; a
provider gets the user and returns a dict merged into the template context. Apps add
their providers as their features arrive, so this module stays free of domain rules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string


def dashboard_context(user: Any) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for dotted in settings.NSP_DASHBOARD_PROVIDERS:
        provider: Callable[[Any], dict[str, Any]] = import_string(dotted)
        for key, value in provider(user).items():
            # Panel lists (programme_panels, actor_panels, …) from several apps add up.
            if isinstance(value, list) and isinstance(context.get(key), list):
                context[key].extend(value)
            else:
                context[key] = value
    return context
