"""What feedback adds to the case core, registered in ``FeedbackConfig.ready()``
(``asiointi/cases/hooks.py``, docs/architecture.md): the person's own feedback in the e-services
folder."""

from asiointi.cases import hooks
from asiointi.feedback.board import feedback_given_by

FEEDBACK_ROWS = 50


def register() -> None:
    hooks.folder_sections.register(feedback_section, order=20)


def feedback_section(request, *, organisation) -> hooks.Section:
    """The person's own feedback, newest first; one query however many."""
    return hooks.Section(
        template="feedback/_folder_section.html",
        context={"feedback_given": list(feedback_given_by(request.user)[:FEEDBACK_ROWS])},
    )
