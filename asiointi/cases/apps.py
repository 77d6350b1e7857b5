from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "asiointi.cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        # The core's own after-commit work on a final decision: its letter (hooks.py).
        from asiointi.cases import hooks
        from asiointi.cases.tasks import render_decision_letter

        hooks.decision_made_after_commit.register(render_decision_letter)
