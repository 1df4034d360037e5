from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path

from nsp import views

# Django admin logs in through allauth (and so through MFA), never its own form.
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]

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
    path("django-admin/", admin.site.urls),
    path("jobb/", include("nsp.jobs.urls")),
    path("", include("certification.urls")),
    path("arenden/", include("cases.urls")),
    path("finansiering/", include("funding.urls")),
    path("rapporter/", include("reports.urls")),
    path("integritet/", include("privacy.urls")),
]
