from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeesConfig(AppConfig):
    name = "asiointi.fees"
    verbose_name = _("Client fees")

    def ready(self) -> None:
        # The e-services folder shows the person's income reviews without the core importing this
        # app (asiointi/cases/hooks.py).
        from asiointi.fees import case_hooks

        case_hooks.register()
