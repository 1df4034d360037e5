"""Notifications when things happen (issue 16), sent after commit by the services."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from funding.services import invoice_attest
from funding.services.payments import (
    flat_rate_invoice_submit,
    invoice_mark_paid,
    invoice_send_for_payment,
)
from nsp.accounts.models import User
from reports.models import Notification
from reports.services import notification_settings_save
from tests.conftest import login
from tests.funding.factories import grant, pdf_upload, rest_application


def _texts(user: User) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("text", flat=True))


@pytest.mark.django_db(transaction=True)
def test_a_new_application_notifies_the_programme(
    admitted_case: Case, staff_a: User, coordinator: User, programme_manager: User
) -> None:
    rest_application(admitted_case, staff_a)
    for user in (coordinator, programme_manager):
        assert any(str(admitted_case.case_number) in t for t in _texts(user))
    assert _texts(staff_a) == []


@pytest.mark.django_db(transaction=True)
def test_a_decision_and_each_payment_step_notify_the_actor(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    decision = grant(rest_application(admitted_case, staff_a), coordinator)
    invoice = flat_rate_invoice_submit(decision=decision, by=staff_a, invoice_file=pdf_upload())
    invoice = invoice_attest(invoice=invoice, by=coordinator)
    today = timezone.localdate()
    invoice = invoice_send_for_payment(invoice=invoice, by=coordinator, sent_on=today)
    invoice_mark_paid(invoice=invoice, by=coordinator, paid_on=today, reference="V-1")
    kinds = list(Notification.objects.filter(user=staff_a).values_list("kind", flat=True))
    assert sorted(kinds) == ["decision", "invoice", "invoice"]  # decided, attested, paid
    links = Notification.objects.filter(user=staff_a, kind="invoice").values_list("link", flat=True)
    assert set(links) == {reverse("funding:invoice_detail", args=[invoice.pk])}


@pytest.mark.django_db(transaction=True)
def test_no_mail_for_a_user_who_turned_it_off(
    admitted_case: Case, staff_a: User, coordinator: User, programme_manager: User
) -> None:
    notification_settings_save(user=coordinator, by_email=False)
    mail.outbox.clear()
    rest_application(admitted_case, staff_a)
    recipients = {r for m in mail.outbox for r in m.to}
    assert coordinator.email not in recipients
    assert programme_manager.email in recipients
    assert Notification.objects.filter(user=coordinator).exists()  # still shown in the app


@pytest.mark.django_db(transaction=True)
def test_the_menu_count_is_a_polled_fragment(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    rest_application(admitted_case, staff_a)
    client = login(coordinator)
    page = client.get(reverse("dashboard")).content.decode()
    assert f'hx-get="{reverse("reports:notifications_count")}"' in page
    fragment = client.get(reverse("reports:notifications_count")).content.decode()
    assert 'id="notification-count">1' in fragment
