from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "nsp.accounts"
    label = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self) -> None:
        from allauth.account.signals import password_changed, password_reset, password_set

        def on_password_changed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
            from nsp.accounts.services import user_password_changed

            user_password_changed(user=user)

        def on_password_reset(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
            from nsp.accounts.lockout import user_unlock

            # Proving control of the account's address by e-mail unlocks it (item 12).
            user_unlock(user=user, reason="password reset")

        for signal in (password_changed, password_set, password_reset):
            signal.connect(
                on_password_changed, weak=False, dispatch_uid=f"nsp-password-{id(signal)}"
            )
        password_reset.connect(
            on_password_reset, weak=False, dispatch_uid="nsp-password-reset-unlock"
        )
