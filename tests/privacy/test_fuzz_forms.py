"""Hostile input on every form-posting URL of the registry and every writable /api/v1/.

For each URL whose view accepts POST, the fuzzer logs in as a persona allowed there,
reads the field names of the page's own POST form (plus ``POST_DATA`` hints and the
registry's ``data``), and posts values drawn from hostile strategies: huge and unicode
strings, NUL bytes, HTML/JS, SQL fragments, huge numbers, bad dates, stray files, missing
fields. Asserted for every input: no server error (the test client re-raises any
exception), and when the answer is not a redirect (success), no row was added to or
removed from any table — nothing is saved half-way.
"""

from __future__ import annotations

import inspect
import json
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import get_resolver, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nsp.accounts.models import Organisation, User
from tests.url_registry import ANONYMOUS, POST_DATA, REGISTRY, World

MAX_EXAMPLES = 6
# The persona that posts: an actor where actors may, else the programme's people.
PREFERENCE = ("staff_a", "manager_a", "coordinator", "programme_manager", "administrator")
# Rows written by merely opening a page (access log) or logging in.
IGNORED_TABLES = frozenset({"audit.accesslog", "sessions.session"})
# Views whose success is a 200 page, not a redirect: creating an API token shows the secret
# once. Only "no server error" is asserted there.
SUCCESS_WITHOUT_REDIRECT = frozenset({"api_tokens:list"})
# Field names per URL, read once (a successful post may change the page's form later).
_FIELDS: dict[str, dict[str, str]] = {}

HOSTILE_STRINGS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE cases_case; --",
    "' OR '1'='1",
    "%s%s%n",
    "../../../../etc/passwd",
    "A" * 100_000,
    "Ω≈ç√∫˜µ≤≥÷ å ä ö \u202e\ufeff 𝕏 😀 ﷽",
    "-1",
    "0",
    "99999999999999999999999999999999",
    "-99999999999999999999",
    "1e309",
    "NaN",
    "1.5",
    "2026-02-30",
    "0000-00-00",
    "9999-12-31",
    "31/12/2026",
    "00000000-0000-0000-0000-000000000000",
    "true",
    "None",
]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE_STRINGS),
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.dates().map(str),
)


def _accepts_post(name: str) -> bool:
    """The view's source reads POST data (function views) — decided without a request."""
    spec = REGISTRY[name]
    if spec.method == "POST":
        return True
    if spec.api or spec.public:
        return False
    pattern = _patterns().get(name)
    if pattern is None:
        return False
    view = inspect.unwrap(pattern)
    try:
        source = inspect.getsource(view)
    except (OSError, TypeError):
        return False
    return "request.POST" in source or '"POST"' in source or "request.FILES" in source


def _patterns() -> dict[str, Any]:
    from django.urls import URLPattern, URLResolver

    found: dict[str, Any] = {}

    def walk(patterns: list[Any], ns: str = "") -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, f"{ns}{entry.namespace}:" if entry.namespace else ns)
            elif isinstance(entry, URLPattern) and entry.name:
                found[f"{ns}{entry.name}"] = entry.callback

    walk(get_resolver().url_patterns)
    return found


FORM_URLS = sorted(name for name in REGISTRY if name in _patterns() and _accepts_post(name))
API_URLS = sorted(name for name, spec in REGISTRY.items() if spec.api and name in _patterns())


class _FormFields(HTMLParser):
    """Names (and kinds) of the fields of the POST forms that post back to the page."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self.inside = False
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            action = a.get("action") or ""
            self.inside = (a.get("method") or "").lower() == "post" and action in ("", self.path)
        elif self.inside and tag in ("input", "select", "textarea") and a.get("name"):
            kind = a.get("type") or tag
            if kind not in ("submit", "button", "hidden") or a["name"] != "csrfmiddlewaretoken":
                self.fields[str(a["name"])] = kind

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label_lower not in IGNORED_TABLES and model._meta.managed
    }


@pytest.fixture
def world(
    org_a: Organisation,
    org_b: Organisation,
    coordinator: User,
    programme_manager: User,
    administrator: User,
    staff_a: User,
    manager_a: User,
    staff_b: User,
) -> World:
    users = {
        "coordinator": coordinator,
        "programme_manager": programme_manager,
        "administrator": administrator,
        "staff_a": staff_a,
        "manager_a": manager_a,
        "staff_b": staff_b,
    }
    return World(users=users, org_a=org_a, org_b=org_b)


def _value(kind: str, text: str, data: st.DataObject) -> Any:
    if kind == "file":
        name = data.draw(st.sampled_from(["a.pdf", "x.exe", "../../e.pdf", "ä ö.png", "\x00.pdf"]))
        content = data.draw(st.sampled_from([b"", b"%PDF-1.4 x", b"MZ\x90\x00", b"\x00" * 2048]))
        return SimpleUploadedFile(name.replace("\x00", ""), content)
    return text


def _fields(name: str, spec: Any, world: World, client: Client, url: str) -> dict[str, str]:
    fields: dict[str, str] = dict.fromkeys(spec.data(world), "text")
    hint = POST_DATA.get(name)
    if hint is not None:
        fields.update(dict.fromkeys(hint(world), "text"))
    if spec.method != "POST":
        page = client.get(url)
        if page.status_code == 200 and "html" in page.get("Content-Type", ""):
            parser = _FormFields(url.split("?")[0])
            parser.feed(page.content.decode())
            fields.update(parser.fields)
    fields.pop("csrfmiddlewaretoken", None)
    return fields


@pytest.mark.parametrize("name", FORM_URLS)
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_forms_survive_hostile_input(
    name: str, world: World, record_property: Any, data: st.DataObject
) -> None:
    spec = REGISTRY[name]
    persona = next(p for p in PREFERENCE if p in spec.allowed and p != ANONYMOUS)
    client = Client()
    client.force_login(world.users[persona])
    url = reverse(name, kwargs=spec.kwargs(world)) + spec.query
    if name not in _FIELDS:
        _FIELDS[name] = _fields(name, spec, world, client, url)
    fields = _FIELDS[name]

    payload: dict[str, Any] = {}
    for field, kind in sorted(fields.items()):
        if data.draw(st.booleans(), label=f"send {field}"):
            payload[field] = _value(kind, data.draw(hostile_text, label=field), data)
    before = _row_counts()
    response = client.post(url, payload)
    assert response.status_code < 500, (name, payload)
    # A rejected post: an error status, or an HTML form shown again (its success is a
    # redirect). A JSON endpoint succeeds with 200/201 and may then create rows.
    status = response.status_code
    rejected = status >= 400 or (
        not spec.api and status not in (301, 302, 303) and name not in SUCCESS_WITHOUT_REDIRECT
    )
    if rejected:
        assert _row_counts() == before, f"{name}: rows changed on a rejected post"
    record_property("fuzz_inputs", 1)


@pytest.mark.parametrize("name", API_URLS)
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    body=st.dictionaries(st.sampled_from(["name", "id", "region", "x", ""]), hostile_text),
    method=st.sampled_from(["post", "patch", "put"]),
)
def test_api_writes_survive_hostile_input(
    name: str, world: World, record_property: Any, body: dict[str, str], method: str
) -> None:
    spec = REGISTRY[name]
    client = Client()
    client.force_login(world.users["coordinator"])
    url = reverse(name, kwargs=spec.kwargs(world))
    assert resolve(url)
    before = _row_counts()
    response = getattr(client, method)(url, json.dumps(body), content_type="application/json")
    assert response.status_code < 500
    if response.status_code >= 300:
        assert _row_counts() == before
    record_property("fuzz_inputs", 1)
