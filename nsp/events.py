"""Domain events: a service says what happened; the apps that care act on it after commit.

``publish("decision_recorded", decision_id=...)`` calls, once the transaction commits,
every handler that ``settings.NSP_EVENT_HANDLERS[event]`` names (dotted paths), with the
payload as keyword arguments. A rolled-back change publishes nothing. This is how the
funding and certification services have notifications sent (``reports.events``) without
importing the reports app, which reads them. Nothing here imports an app.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


def _run(dotted: str, payload: dict[str, Any]) -> None:
    try:
        import_string(dotted)(**payload)
    except Exception:  # a failed notice must never undo or break the committed change
        log.exception("event handler %s failed", dotted)


def publish(event: str, **payload: Any) -> None:
    """Have every handler of ``event`` called with ``payload`` after the commit."""
    for dotted in getattr(settings, "NSP_EVENT_HANDLERS", {}).get(event, []):
        transaction.on_commit(partial(_run, dotted, payload))
