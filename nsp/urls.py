from django.contrib import admin
from django.urls import include, path

from nsp import views

handler403 = "nsp.views.permission_denied"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("session/keepalive", views.session_keepalive, name="session_keepalive"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", include("nsp.accounts.urls")),
    path("historik/", include("nsp.audit.urls")),
    path("api/", include("nsp.api.urls")),
    path("api-nycklar/", include("nsp.api.token_urls")),
    path("atkomst/", include("nsp.audit.access_urls")),
    # Gated by the role predicates; logs in through allauth (nsp/admin.py).
    path("django-admin/", admin.site.urls),
    path("jobb/", include("nsp.jobs.urls")),
    path("", include("certification.urls")),
    path("arenden/", include("cases.urls")),
    path("finansiering/", include("funding.urls")),
    path("rapporter/", include("reports.urls")),
    path("integritet/", include("privacy.urls")),
]
