from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "asiointi.cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        # The core's own after-commit work (hooks.py): the letter of a final decision, and the
        # applicant's notification of an event in their folder.
        from asiointi.cases import hooks
        from asiointi.cases.tasks import notify_applicant, render_decision_letter

        hooks.decision_made_after_commit.register(render_decision_letter)
        hooks.applicant_event_after_commit.register(notify_applicant)
