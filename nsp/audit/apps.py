from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "nsp.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from nsp.sessions import on_user_logged_in, on_user_logged_out

        user_logged_in.connect(on_user_logged_in, dispatch_uid="nsp_track_session_login")
        user_logged_out.connect(on_user_logged_out, dispatch_uid="nsp_track_session_logout")
