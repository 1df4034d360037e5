"""The WSGI module prepares a worker before its first request."""

from __future__ import annotations

from django.template import engines
from django.urls import get_resolver


def test_the_wsgi_module_warms_the_url_tables_and_templates() -> None:
    import nsp.wsgi

    nsp.wsgi._warm_up()
    resolver = get_resolver()
    assert {"sv", "en"} <= set(resolver._reverse_dict)
    loader = engines["django"].engine.template_loaders[0]
    cached = getattr(loader, "get_template_cache", {})
    assert "base.html" in cached
    assert "cases/case_detail.html" in cached
