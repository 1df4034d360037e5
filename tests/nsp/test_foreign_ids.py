"""Actor B and the outsider post actor A's ids in their own forms and API writes (issue 17,
"the project's own tests"): a fixed test beside the random fuzzing.

What takes an id is discovered, so a new form or API write cannot be forgotten:

* **web forms**: every registry URL whose view takes a POST and that an actor may open
  (``FORM_URLS``). Actor A's own pages are rebuilt for the poster's organisation (the
  registry's sample builders run on a *mirrored* world where the poster's organisation
  plays actor A), the page is opened, and every field of its forms that chooses a row
  (``ModelChoiceField``/``ModelMultipleChoiceField``, or an input whose value is an id)
  is posted with actor A's object of the field's model;
* **API writes**: every POST/PUT/PATCH operation of the OpenAPI schema; each writable body
  field holding an id (``format: uuid``) is posted with actor A's object, the rest of the
  body being the registry's valid data built on the mirrored world (the path names the
  poster's own object).

Asserted for each (endpoint, field, poster): A's object is not among the field's choices;
the answer is a refusal (4xx, or the form shown again with an error on that field; never a
success, never a 500); and nothing changed: every table's content (history tables
included) hashes as before. The API's refusals are also shown to be caused by A's id: the
same body with the poster's own object is accepted.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.test.utils import ContextList
from django.urls import reverse

from nsp.accounts.models import Organisation, User
from tests.factories import UserFactory
from tests.url_registry import ACTOR_A, OUTSIDER, REGISTRY, World

# Rows written by merely being signed in and reading (the access log, sessions).
IGNORED_TABLES = frozenset({"audit_accesslog", "django_session", "audit_usersession"})
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
POSTERS = ("staff_b", OUTSIDER)
# Id fields known when the test was written: the discovery must find at least these (so a
# change that blinds it, not only a new form, makes the test fail).
KNOWN_FORM_FIELDS = {
    ("funding:application_create", "case"),
    ("funding:application_create", "occasion"),
}
KNOWN_API_FIELDS = {
    ("api:application-rest", "case"),
    ("api:application-integration", "case"),
    ("api:application-intervention", "case"),
    ("api:application-intervention", "occasion"),
    ("api:case-list", "inquiry"),
    ("api:case-assessments", "period"),
    ("api:inquiry-list", "organisation"),
}


# --- actor A's objects, by model --------------------------------------------------------


def _a_object(label: str) -> Callable[[World], Model] | None:
    """The builder of actor A's sample object of the model ``label`` (registry builders)."""
    from tests import url_registry as r

    def inquiry(w: World) -> Model:
        from cases.models import Inquiry

        return Inquiry.objects.get(pk=r._inquiry_kwargs(w)["inquiry_id"])

    def staff_member(w: World) -> Model:
        from certification.staff_models import StaffMember

        return StaffMember.objects.get(pk=r._cert_staff_a(w)["member_id"])

    def action_item(w: World) -> Model:
        from certification.models import ActionItem

        return ActionItem.objects.get(pk=r._cert_action_a(w)["action_id"])

    builders: dict[str, Callable[[World], Model]] = {
        "accounts.organisation": lambda w: w.org_a,
        "accounts.user": lambda w: w.users["staff_a"],
        "cases.case": r._case_a,
        "cases.inquiry": inquiry,
        "cases.casedocument": lambda w: r._document_a(w, True),
        "funding.fundingapplication": lambda w: w.obj(
            "funding_application", r._funding_application
        ),
        "funding.decision": lambda w: w.obj("funding_decision", r._funding_decision),
        "funding.invoice": lambda w: w.obj("funding_invoice", r._funding_invoice),
        "funding.interventionoccasion": lambda w: (
            w.obj("funding_application", r._funding_application).occasion
        ),
        "certification.staffmember": staff_member,
        "certification.actionitem": action_item,
    }
    return builders.get(label)


# Programme data every actor chooses from: not actor A's, so choosing it is no leak.
SHARED = {
    "funding.interventionitem": "the intervention catalogue",
    "funding.budgetstream": "the programme's budget streams",
    "funding.programmephase": "the programme's phases",
    "certification.catalogue": "the requirement catalogues",
}
# The model of an id field that names no model itself (an API UUIDField, a plain input).
FIELD_MODELS = {
    "case": "cases.case",
    "inquiry": "cases.inquiry",
    "period": "funding.decision",
    "occasion": "funding.interventionoccasion",
    "organisation": "accounts.organisation",
    "item": "funding.interventionitem",
    "staff": "certification.staffmember",
    "decision": "funding.decision",
    "application": "funding.fundingapplication",
    "invoice": "funding.invoice",
}


# --- the posters: actor B's staff (and manager), the outsider -----------------------------


def _mirror(world: World, poster: str) -> World:
    """A world where the poster's organisation plays actor A: the registry's builders then
    make the poster's own objects (its case, application, decision, staff member…)."""
    user = world.users[poster]
    if poster == OUTSIDER:
        staff = manager = user
    else:
        manager = world.users.get("manager_b") or UserFactory(
            username="manager_b", organisation=user.organisation, manager=True
        )
        world.users["manager_b"] = manager
        staff = user
    organisation = user.organisation
    assert isinstance(organisation, Organisation)
    users: dict[str, User] = {**world.users, "staff_a": staff, "manager_a": manager}
    return World(users=users, org_a=organisation, org_b=world.org_b)


def _acting(spec: Any, mirror: World, poster: str, world: World) -> User:
    if "staff_a" in spec.allowed:
        return mirror.users["staff_a"]
    if "manager_a" in spec.allowed:
        return mirror.users["manager_a"]
    return world.users[poster]


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- nothing changed ------------------------------------------------------------------------

_SNAPSHOT_SQL: list[str] = []


def _snapshot() -> list[tuple[str, str, int]]:
    """Every table's content as (table, md5 of all its rows, row count), in one query."""
    if not _SNAPSHOT_SQL:
        tables = sorted(
            {
                model._meta.db_table
                for model in apps.get_models(include_auto_created=True)
                if model._meta.managed and model._meta.db_table not in IGNORED_TABLES
            }
        )
        _SNAPSHOT_SQL.append(
            " UNION ALL ".join(
                f"SELECT '{t}', md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')),"  # noqa: S608
                f' count(*) FROM "{t}" x'  # table names from the models
                for t in tables
            )
        )
    with connection.cursor() as cursor:
        cursor.execute(_SNAPSHOT_SQL[0])
        return sorted(cursor.fetchall())


def _changed(before: list[tuple[str, str, int]]) -> list[str]:
    after = {t: (h, n) for t, h, n in _snapshot()}
    return [t for t, h, n in before if after.get(t) != (h, n)]


# --- web forms ----------------------------------------------------------------------------


class _PostForms(HTMLParser):
    """The POST forms of a page: action, each field's current values and its choices."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            if a.get("method", "").lower() == "post":
                self._form = {"action": a.get("action", ""), "values": {}, "choices": {}}
                self.forms.append(self._form)
            return
        form, name = self._form, a.get("name", "")
        if form is None:
            return
        values, choices = form["values"], form["choices"]
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                choices.setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    values.setdefault(name, []).append(a.get("value", "on"))
            else:
                values.setdefault(name, []).append(a.get("value", ""))
                if UUID.match(a.get("value", "")):
                    choices.setdefault(name, []).append(a["value"])
        elif tag == "select" and name:
            self._select = name
            choices.setdefault(name, [])
        elif tag == "option" and self._select:
            choices[self._select].append(a.get("value", ""))
            if "selected" in a:
                values.setdefault(self._select, []).append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            values[name] = [""]

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form["values"][self._textarea][0] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _contexts(response: Any) -> list[Any]:
    """The contexts the page rendered: Django's test client gives one ``Context`` when the
    page rendered one template (the menu's HTML is kept, nsp.menu), a list when more."""
    contexts = response.context
    if contexts is None:
        return []
    return list(contexts) if isinstance(contexts, ContextList) else [contexts]


def _context_fields(response: Any) -> dict[str, forms.Field]:
    """The fields of the Django forms the page rendered, by name."""
    found: dict[str, forms.Field] = {}
    for context in _contexts(response):
        for value in context.flatten().values():
            for form in getattr(value, "forms", None) or [value]:
                if isinstance(form, forms.BaseForm):
                    for name, field in form.fields.items():
                        found.setdefault(form.add_prefix(name), field)
    return found


def _field_errors(response: Any, name: str) -> bool:
    """A bound form of the page has an error on the field ``name``."""
    for context in _contexts(response):
        for value in context.flatten().values():
            for form in getattr(value, "forms", None) or [value]:
                if not isinstance(form, forms.BaseForm) or not form.is_bound:
                    continue
                if form.errors.get(name.removeprefix(f"{form.prefix}-") if form.prefix else name):
                    return True
    return False


def _id_fields(form: dict[str, Any], fields: dict[str, forms.Field]) -> Iterator[tuple[str, str]]:
    """(field name, model label) of every field of ``form`` that chooses a row."""
    names = set(form["values"]) | set(form["choices"])
    for name in sorted(names):
        field = fields.get(name)
        if isinstance(field, forms.ModelChoiceField):
            queryset = field.queryset
            assert queryset is not None
            yield name, queryset.model._meta.label_lower
        elif any(UUID.match(v) for v in form["choices"].get(name, [])):
            yield (
                name,
                FIELD_MODELS.get(name.rsplit("-", 1)[-1], f"? (add {name!r} to FIELD_MODELS)"),
            )


def _form_pages(world: World, poster: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(URL name, kwargs variant) of every page an actor opens that may hold a form."""
    from funding.views import APPLICATION_FORMS

    variants: dict[str, list[dict[str, Any]]] = {
        "funding:application_create": [{"kind": kind} for kind in APPLICATION_FORMS],
    }
    for name in sorted(REGISTRY):
        spec = REGISTRY[name]
        actor = spec.allowed & (ACTOR_A | {"staff_b"}) or spec.own_organisation
        if spec.method != "GET" or spec.api or not actor or name.startswith("admin:"):
            continue
        for kwargs in variants.get(name, [{}]):
            yield name, kwargs


@pytest.mark.parametrize("poster", POSTERS)
def test_forms_refuse_actor_a_ids(poster: str, registry_world: World, record_property: Any) -> None:
    world = registry_world
    mirror = _mirror(world, poster)
    failures: list[str] = []
    posts = fields_seen = 0
    found: set[tuple[str, str]] = set()
    for name, variant in _form_pages(world, poster):
        spec = REGISTRY[name]
        client = _client(_acting(spec, mirror, poster, world))
        url = reverse(name, kwargs=variant or spec.kwargs(mirror)) + spec.query
        page = client.get(url)
        if page.status_code in (301, 302, 303):  # not open now (a submitted profile)
            print(f"{name}: the poster's own page redirects (no form now)")
            continue
        if page.status_code != 200:
            failures.append(f"{name} ({url}): the poster's own page answers {page.status_code}")
        if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
            continue
        parser = _PostForms()
        parser.feed(page.content.decode())
        context_fields = _context_fields(page)
        for form in parser.forms:
            action = form["action"] or url
            for field, label in _id_fields(form, context_fields):
                if label in SHARED:
                    continue
                build = _a_object(label)
                if build is None:
                    failures.append(f"{name}: {field} chooses {label}: add actor A's to _a_object")
                    continue
                fields_seen += 1
                found.add((name, field))
                a_id = str(build(world).pk)
                if a_id in form["choices"].get(field, []):
                    failures.append(f"{name}: {field} offers actor A's {label}")
                data = {k: v for k, v in form["values"].items() if k != field}
                data[field] = [a_id]
                before = _snapshot()
                response = client.post(action, data)
                posts += 1
                status = response.status_code
                where = f"{name} ({action}) {field}={label} as {poster}"
                if status >= 500 or status in (301, 302, 303) or status < 200:
                    failures.append(f"{where}: {status}, not a refusal")
                elif status == 200 and not _field_errors(response, field):
                    failures.append(f"{where}: 200 without an error on {field}")
                changed = _changed(before)
                if changed:
                    failures.append(f"{where}: refused ({status}) but changed {changed}")
    print(f"foreign ids in forms as {poster}: {fields_seen} fields, {posts} posts: {found}")
    # The discovery itself is checked: the fields known today must be among those found.
    missing = KNOWN_FORM_FIELDS - found
    assert not missing, f"the discovery missed {missing}"
    record_property("foreign_id_fields", fields_seen)
    record_property("foreign_id_posts", posts)
    print("\n".join(failures))
    assert not failures, failures


# --- API writes --------------------------------------------------------------------------


# Valid bodies of the API's creating routes that the registry walks with a GET (its list).
def _initial_answers(w: World) -> dict[str, Any]:
    import io
    import random

    from cases import questionnaire
    from cases.demo import fake_answers

    questionnaire.load(io.StringIO())
    definition = questionnaire.current("NSP/IB/Dok.01").definition
    return {"answers": fake_answers(definition, random.Random(1), gender="female")}


CREATE_BODIES: dict[str, Callable[[World], dict[str, Any]]] = {
    "api:case-list": _initial_answers,
    "api:inquiry-list": lambda w: {
        "received_on": _today(),
        "from_whom": "Polisen",
        "description": "En kvinna behöver skydd.",
    },
}
# A field that matters only with another value of the body: a period belongs to a support
# period report (so the refusal is about the period, not about the kind of document).
FIELD_BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("api:case-assessments", "period"): {"kind": "period_report"},
}


def _today() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()


def _api_id_fields(client: Client) -> Iterator[tuple[str, str, str]]:
    """(method, URL name, field) of every writable id field of every API write."""
    from django.urls import resolve

    schema = client.get(reverse("api:schema") + "?format=json").json()
    components = schema.get("components", {}).get("schemas", {})
    for path, operations in sorted(schema.get("paths", {}).items()):
        for method in ("post", "put", "patch"):
            operation = operations.get(method)
            if not operation or "requestBody" not in operation:
                continue
            properties: dict[str, Any] = {}
            for content in operation["requestBody"].get("content", {}).values():
                ref = content.get("schema", {}).get("$ref", "")
                body = components.get(ref.rsplit("/", 1)[-1], content.get("schema", {}))
                properties.update(body.get("properties", {}))
            name = resolve(re.sub(r"\{[^}]+\}", str(uuid.uuid4()), path)).view_name
            for field, schema_of in sorted(properties.items()):
                uuid_typed = schema_of.get("format") == "uuid" or any(
                    s.get("format") == "uuid" for s in schema_of.get("oneOf", [])
                )
                if uuid_typed and not schema_of.get("readOnly"):
                    yield method, name, field


def _api_post(client: Client, method: str, url: str, body: dict[str, Any], form: bool) -> Any:
    if form:  # the registry's data is posted as a form, as the walk does (files, answers.x)
        return getattr(client, method)(url, body)
    return getattr(client, method)(
        url, json.dumps(body, default=str), content_type="application/json"
    )


@pytest.mark.parametrize("poster", POSTERS)
def test_api_writes_refuse_actor_a_ids(
    poster: str, registry_world: World, record_property: Any
) -> None:
    world = registry_world
    mirror = _mirror(world, poster)
    failures: list[str] = []
    posts = fields_seen = 0
    found: set[tuple[str, str]] = set()
    for method, name, field in _api_id_fields(_client(world.users["coordinator"])):
        label = FIELD_MODELS.get(field)
        if label is None:
            failures.append(f"{name}: body field {field!r}: add its model to FIELD_MODELS")
            continue
        if label in SHARED:
            continue
        build = _a_object(label)
        if build is None:
            failures.append(f"{name}: {field} names {label}: add actor A's to _a_object")
            continue
        spec = REGISTRY[name]
        valid = CREATE_BODIES.get(name) or (spec.data if spec.method == "POST" else None)
        if valid is None:
            failures.append(f"{name}: add a valid body to CREATE_BODIES")
            continue
        fields_seen += 1
        found.add((name, field))
        client = _client(_acting(spec, mirror, poster, world))
        url = reverse(name, kwargs=spec.kwargs(mirror))
        a_id = str(build(world).pk)
        body = {**valid(mirror), **FIELD_BODIES.get((name, field), {}), field: a_id}
        before = _snapshot()
        response = _api_post(client, method, url, body, name not in CREATE_BODIES)
        posts += 1
        status = response.status_code
        where = f"{method.upper()} {name} {field}={label} as {poster}"
        if not 400 <= status < 500:
            failures.append(f"{where}: {status}, not a refusal ({response.content[:200]!r})")
        changed = _changed(before)
        if changed:
            failures.append(f"{where}: refused ({status}) but changed {changed}")
        # The refusal is A's id's doing: the same body with the poster's own is accepted.
        control = _api_post(client, method, url, valid(mirror), name not in CREATE_BODIES)
        if not 200 <= control.status_code < 300:
            failures.append(
                f"{where}: the poster's own body answers {control.status_code}"
                f" ({control.content[:300]!r})"
            )
    print(f"foreign ids in API writes as {poster}: {fields_seen} fields, {posts} posts")
    missing = KNOWN_API_FIELDS - found
    assert not missing, f"the discovery missed {missing}"
    record_property("foreign_id_fields", fields_seen)
    record_property("foreign_id_posts", posts)
    print("\n".join(failures))
    assert not failures, failures


def test_a_period_report_tells_nothing_of_another_actors_period(
    registry_world: World, staff_b: User
) -> None:
    """Actor B names actor A's decision, whose period report A has started, as the period of
    a report on B's own case: the answer is the one an unknown id gets (it said "already
    started" before, telling that A's decision exists and has a report)."""
    from cases.choices import DocumentKind
    from tests.cases.factories import CaseDocumentFactory, CaseFactory
    from tests.url_registry import _funding_rest_decision

    world = registry_world
    decision = world.obj("funding_rest_decision", _funding_rest_decision)
    CaseDocumentFactory(
        case=decision.application.case,
        kind=DocumentKind.PERIOD_REPORT,
        created_by=world.users["staff_a"],
        period=decision,
    )
    case_b = CaseFactory(organisation=staff_b.organisation, admitted=True)
    url = reverse("api:case-assessments", args=[case_b.pk])
    client = _client(staff_b)

    def post(period: Any) -> Any:
        body = {"kind": "period_report", "answers": {"date": _today()}, "period": str(period)}
        return client.post(url, json.dumps(body), content_type="application/json")

    before = _snapshot()
    named_a, unknown = post(decision.pk), post(uuid.uuid4())
    assert named_a.status_code == unknown.status_code == 400
    assert named_a.json() == unknown.json()
    assert not _changed(before)
