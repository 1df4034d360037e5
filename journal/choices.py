from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryKind(models.TextChoices):
    """What a journal entry records (002, Exempel beslutshandling: the actor's attempts to
    reach public support are documented and kept available to NSP)."""

    PUBLIC_BODY_CONTACT = "public_body", _("Contact with a public body")
    SUPPORT_ATTEMPT = "support_attempt", _("Attempt to reach public support")
    POLICE_REPORT = "police_report", _("Police report made")
    ASYLUM = "asylum", _("Asylum")
    TAKEOVER = "takeover", _("A public body took over")
    OTHER = "other", _("Other")


# Entries of these kinds are sent to the coordinator and offer the takeover action.
NOTIFIED_KINDS = frozenset({EntryKind.TAKEOVER, EntryKind.POLICE_REPORT})


class AttemptOutcome(models.TextChoices):
    """The outcome of an attempt to reach public support."""

    GRANTED = "granted", _("Support granted")
    REFUSED = "refused", _("Support refused")
    PENDING = "pending", _("Waiting for an answer")
    NO_CONTACT = "no_contact", _("No contact made")
