from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "asiointi.assistance"
    verbose_name = _("Social assistance")

    def ready(self) -> None:
        # The core's decision letter prints the saved calculation without importing this app.
        from asiointi.assistance.letters import calculation_section
        from asiointi.cases.letters import register_letter_section

        register_letter_section(calculation_section)
