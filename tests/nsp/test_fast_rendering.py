"""The cached URL and date helpers give exactly what Django's own would."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from nsp.templatetags.nsp import day
from nsp.urls_fast import object_url

OBJECT_VIEWS = [
    "cases:case_detail",
    "cases:document_detail",
    "cases:plan_item_update",
    "cases:child_update",
    "funding:application_detail",
    "funding:decision_detail",
]


@pytest.mark.parametrize("viewname", OBJECT_VIEWS)
def test_object_url_is_reverse(viewname: str) -> None:
    for pk in (uuid.uuid4(), uuid.uuid4()):
        assert object_url(viewname, pk) == reverse(viewname, args=[pk])
        assert object_url(viewname, str(pk)) == reverse(viewname, args=[pk])


def test_object_url_follows_the_script_prefix() -> None:
    pk = uuid.uuid4()
    try:
        set_script_prefix("/nsp/")
        assert object_url("cases:case_detail", pk) == reverse("cases:case_detail", args=[pk])
        assert object_url("cases:case_detail", pk).startswith("/nsp/")
    finally:
        set_script_prefix("/")
    assert object_url("cases:case_detail", pk) == reverse("cases:case_detail", args=[pk])


def test_object_url_refuses_what_is_not_one_uuid() -> None:
    with pytest.raises(ValueError):
        object_url("cases:case_detail", "../../admin")
    with pytest.raises(NoReverseMatch):
        object_url("funding:budget", uuid.uuid4())


@pytest.mark.parametrize("language", ["sv", "en"])
def test_day_renders_a_date_as_the_template_engine_does(language: str) -> None:
    plain = Template("{{ d }}")
    with translation.override(language):
        for d in (date(2026, 1, 5), date(2026, 11, 23), date(2027, 2, 28)):
            assert day(d) == plain.render(Context({"d": d}))
            assert day(d) == day(d)  # the remembered answer is the same
        assert day(None) == ""
    with translation.override("sv"):
        assert day(date(2026, 11, 23)) == "23 november 2026"
    with translation.override("en"):
        assert day(date(2026, 11, 23)) == "Nov. 23, 2026"
