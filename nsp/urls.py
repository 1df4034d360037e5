from allauth.account.views import PasswordChangeView
from django.contrib import admin
from django.urls import include, path

from nsp import views
from nsp.reauth import require_recent_auth

handler403 = "nsp.views.permission_denied"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("session/keepalive", views.session_keepalive, name="session_keepalive"),
    # Changing the password asks for a recent (re-)authentication (issue 17 item 6); allauth
    # guards its e-mail actions itself (ACCOUNT_REAUTHENTICATION_REQUIRED) but not this page.
    path(
        "accounts/password/change/",
        require_recent_auth()(PasswordChangeView.as_view()),
        name="account_change_password",
    ),
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
    path("journal/", include("journal.urls")),
    path("utvardering/", include("surveys.urls")),
]
