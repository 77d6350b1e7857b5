from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "asiointi.grants"
    verbose_name = _("Grants")

    def ready(self) -> None:
        # The handler's case page shows the overlaps without importing this app
        # (asiointi/cases/hooks.py).
        from asiointi.grants import case_hooks

        case_hooks.register()
