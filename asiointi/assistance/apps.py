from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "asiointi.assistance"
    verbose_name = _("Social assistance")

    def ready(self) -> None:
        # The core's case page, decision letter and review instructions show what this app
        # adds without importing it (asiointi/cases/hooks.py).
        from asiointi.assistance import case_hooks

        case_hooks.register()
