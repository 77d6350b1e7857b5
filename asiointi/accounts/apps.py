from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "asiointi.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from asiointi.accounts.middleware import start_activity_clock

        user_logged_in.connect(start_activity_clock, dispatch_uid="asiointi_activity_clock")
