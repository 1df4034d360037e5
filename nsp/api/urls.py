"""The API's URLs: one DRF router under ``/api/v1/`` that the apps fill.

Each entry of ``settings.NSP_API_PROVIDERS`` is the dotted path of a function
``routes(router) -> list[URLPattern]``: it registers the app's viewsets on the shared router
and returns any further patterns, relative to ``/api/v1/``. The project itself adds only
``me/``, the schema and the Swagger UI.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path
from django.utils.module_loading import import_string
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from nsp.api.me import me

app_name = "api"


def v1_urlpatterns() -> list[URLPattern | URLResolver]:
    """``/api/v1/``: the router the providers fill, their own patterns and ``me/``."""
    router = DefaultRouter()
    extra: list[URLPattern] = []
    for dotted in settings.NSP_API_PROVIDERS:
        extra += import_string(dotted)(router)
    return [
        path("", include(router.urls)),
        path("me/", me, name="me"),
        *extra,
    ]


urlpatterns = [
    path("v1/", include(v1_urlpatterns())),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
