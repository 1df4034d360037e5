"""Writes of invoices against granted interventions: the actor sends the invoice and
the receipt, the coordinator attests (the payment steps after it: ``payments``)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from funding.choices import (
    GRANTING_OUTCOMES,
    ApplicationKind,
    InvoiceStatus,
)
from funding.models import (
    Decision,
    Invoice,
)
from nsp.accounts.models import User
from nsp.cache import bump_statistics_version
from nsp.events import publish
from nsp.permissions import can_file_for
from nsp.uploads import files_removed_on_error


@transaction.atomic
def invoice_submit(
    *,
    decision: Decision,
    by: User,
    real_cost: Decimal,
    invoice_file: File[bytes],
    receipt_file: File[bytes],
) -> Invoice:
    """After a granted intervention the actor sends the invoice and the receipt."""
    bump_statistics_version()  # the statistics count what this changes
    # Concurrent submissions queue on the decision's row: the second one then sees the
    # first invoice and gets the message below (never the unique constraint's error).
    decision = (
        Decision.objects.select_for_update().select_related("application").get(pk=decision.pk)
    )
    application = decision.application
    if not can_file_for(by, application.organisation):
        raise ValidationError(_("You can only file for your own organisation."))
    if (
        application.effective_kind != ApplicationKind.INTERVENTION
        or decision.outcome not in GRANTING_OUTCOMES
    ):
        raise ValidationError(_("Invoices are sent for granted interventions only."))
    if Invoice.objects.filter(decision=decision).exists():
        raise ValidationError(_("The invoice for this intervention has already been sent."))
    invoice = Invoice(
        decision=decision,
        organisation=application.organisation,
        real_cost=real_cost,
        invoice_file=invoice_file,
        receipt_file=receipt_file,
        uploaded_by=by,
    )
    invoice._history_user = by  # type: ignore[attr-defined]
    invoice.full_clean()
    with files_removed_on_error(invoice):  # no file stays behind a row that fails
        try:
            with transaction.atomic():
                invoice.save()
        except IntegrityError as exc:  # a duplicate that slipped past the lock
            raise ValidationError(
                _("The invoice for this intervention has already been sent.")
            ) from exc
    # The service is the request's outermost transaction (no ATOMIC_REQUESTS), so nothing
    # after this save can roll the row back; the retention sweep removes any file that
    # still lost its row (privacy.services.orphaned_uploads).
    return invoice


@transaction.atomic
def invoice_attest(*, invoice: Invoice, by: User) -> Invoice:
    """The coordinator attests the invoice for payment: only the real, documented cost is
    paid, never more than granted. The decision's draw on the budget becomes the real cost."""
    bump_statistics_version()  # the statistics count what this changes
    from funding.permissions import can_attest

    if not can_attest(by):
        raise ValidationError(_("Only the coordinator attests invoices."))
    from funding.services.payments import flat_rate_amount_due, is_flat_rate

    locked = Invoice.objects.select_for_update().select_related("decision").get(pk=invoice.pk)
    if locked.status != InvoiceStatus.SUBMITTED:
        raise ValidationError(_("The invoice is already attested."))
    decision = (
        Decision.objects.select_for_update()
        .select_related("application__case", "application__phase")
        .get(pk=locked.decision_id)
    )
    if is_flat_rate(decision):
        # A public body may have taken over, or the case closed, since it was sent.
        locked.real_cost = flat_rate_amount_due(decision)
    if locked.real_cost > decision.granted_amount:
        raise ValidationError(
            _("The real cost %(cost)s SEK exceeds the granted %(granted)s SEK.")
            % {"cost": f"{locked.real_cost:.0f}", "granted": f"{decision.granted_amount:.0f}"}
        )
    locked.status = InvoiceStatus.ATTESTED
    locked.attested_by = by
    locked.attested_on = timezone.localdate()
    locked._history_user = by  # type: ignore[attr-defined]
    locked.full_clean()
    locked.save()
    publish("invoice_attested", invoice_id=locked.pk)
    decision.draw = locked.real_cost
    decision.spent = True
    decision._history_user = by  # type: ignore[attr-defined]
    decision.save(update_fields=["draw", "spent", "updated_at"])
    return locked
