from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "asiointi.assistance"
    verbose_name = _("Social assistance")

    def ready(self) -> None:
        # The core's decision letter prints the saved calculation without importing this app.
        from asiointi.assistance.constants import ASSISTANCE_SERVICE
        from asiointi.assistance.letters import calculation_section
        from asiointi.cases.letters import register_letter_section
        from asiointi.cases.review_instructions import ReviewKind, register_service_kind

        register_letter_section(calculation_section)
        # Its letters give the review rules of a social-welfare decision (Administrative
        # Procedure Act), not the Local Government Act's rules for grants.
        register_service_kind(ASSISTANCE_SERVICE, ReviewKind.SOCIAL_ASSISTANCE)
