from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "asiointi.feedback"
    verbose_name = _("Feedback")

    def ready(self) -> None:
        # The e-services folder shows the person's own feedback without the core importing this
        # app (asiointi/cases/hooks.py).
        from asiointi.feedback import case_hooks

        case_hooks.register()
