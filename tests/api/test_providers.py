"""The API's router is filled by the apps (``NSP_API_PROVIDERS``), not by the project."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import Resolver404, URLResolver, reverse
from django.urls.resolvers import RegexPattern
from django.utils.module_loading import import_string
from rest_framework.routers import DefaultRouter

from nsp.api.urls import v1_urlpatterns

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_APPS = {"certification", "cases", "funding", "reports", "privacy"}


def _own_paths(dotted: str) -> list[str]:
    """The paths under ``/api/v1/`` that the provider alone adds (a list URL per viewset)."""
    router = DefaultRouter()
    extra = import_string(dotted)(router)
    return [f"{prefix}/" for prefix, _viewset, _basename in router.registry] + [
        str(pattern.pattern) for pattern in extra
    ]


def _resolves(path: str) -> bool:
    resolver = URLResolver(RegexPattern(r"^/"), v1_urlpatterns())
    try:
        resolver.resolve(f"/{path}")
    except Resolver404:
        return False
    return True


def test_the_apps_provide_the_api() -> None:
    assert settings.NSP_API_PROVIDERS == [
        "certification.api.routes",
        "cases.api.routes",
        "funding.api.routes",
        "reports.api.routes",
    ]


@pytest.mark.parametrize("dotted", settings.NSP_API_PROVIDERS)
def test_every_provider_is_importable_and_registers_its_routes(dotted: str) -> None:
    paths = _own_paths(dotted)
    assert paths, f"{dotted} registers nothing"
    for path in paths:
        assert _resolves(path), path


def test_the_live_urls_are_the_providers() -> None:
    assert reverse("api:case-list") == "/api/v1/cases/"
    assert reverse("api:intervention-catalogue-list") == "/api/v1/catalogues/interventions/"
    assert reverse("api:organisation-list") == "/api/v1/organisations/"
    assert reverse("api:statistics") == "/api/v1/statistics/"
    assert reverse("api:me") == "/api/v1/me/"


@pytest.mark.parametrize("removed", settings.NSP_API_PROVIDERS)
def test_removing_a_provider_removes_its_urls_only(removed: str) -> None:
    others = [dotted for dotted in settings.NSP_API_PROVIDERS if dotted != removed]
    with override_settings(NSP_API_PROVIDERS=others):
        for path in _own_paths(removed):
            assert not _resolves(path), path
        for dotted in others:
            for path in _own_paths(dotted):
                assert _resolves(path), path
        assert _resolves("me/")


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_project_api_package_imports_no_domain_app() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in sorted((ROOT / "nsp" / "api").rglob("*.py"))
        if "migrations" not in path.parts
        for name in sorted(_imported_modules(path))
        if name.split(".")[0] in DOMAIN_APPS
    ]
    assert not offenders
