"""The demo seeder: A certified with a closed plan, B certified with open items, C at step 1."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from certification.choices import ActionStatus, CertificationStatus
from certification.models import ActionItem, Assessment
from certification.selectors import can_file_applications, certification_status
from nsp import demo
from nsp.accounts.models import Organisation

pytestmark = pytest.mark.django_db


def test_the_demo_data_covers_the_three_situations_and_is_idempotent() -> None:
    call_command("seed_demo", quiet=True, stdout=io.StringIO())
    call_command("seed_demo", quiet=True, stdout=io.StringIO())
    orgs = {o.key: Organisation.objects.get(name=o.name) for o in demo.ORGANISATIONS}
    assert certification_status(orgs["a"]) == CertificationStatus.CERTIFIED
    assert certification_status(orgs["c"]) == CertificationStatus.STEP_1
    assert can_file_applications(orgs["a"]) and can_file_applications(orgs["b"])
    assert not can_file_applications(orgs["c"])
    a_items = ActionItem.objects.filter(organisation=orgs["a"])
    assert a_items and all(i.status == ActionStatus.CLOSED for i in a_items)
    b_items = list(ActionItem.objects.filter(organisation=orgs["b"]))
    assert any(i.status == ActionStatus.OPEN for i in b_items)
    assert any(i.is_overdue for i in b_items)
    assert Assessment.objects.count() == 2  # nothing duplicated by the second run
