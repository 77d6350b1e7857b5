"""The case core's extension points: how the apps above the core add to what it does and shows
without the core importing them (docs/architecture.md, "Hooks").

The core (``cases``) calls a hook; the apps (``payments``, ``fees``, ``feedback``,
``assistance``, ``grants``) register functions on it in their ``AppConfig.ready()``, from a
``case_hooks.py`` module of their own (``cases`` registers its own decision letter task in
``CasesConfig.ready()``). Registering is idempotent (``ready()`` can run more than
once in tests): a function is known by its dotted name, and registering it again changes
nothing. Registered functions are called in ``order`` (then in the order they were registered).

What a decision sets off is split by *when* it runs, and the hooks are named so:

- ``decision_made_in_transaction``: inside the transaction that makes the decision final, after
  the decision and its timeline event are written. What it writes commits or rolls back with the
  decision (a grant's instalments). It must not send, call out or queue anything but through
  ``common.queue.enqueue_on_commit``.
- ``decision_made_after_commit``: background tasks (``django.tasks``) that take the case's id;
  the core queues each with ``common.queue.enqueue_on_commit``, so it runs only once the
  decision has committed, and never for a decision that rolled back (the decision letter).
  Nothing here can undo the decision.
- ``applicant_event_after_commit``: background tasks that take a timeline event's id, queued on
  commit for every event the applicant is told about (``NOTIFY_APPLICANT_EVENTS``: the email
  that something happened in their folder). ``cases`` registers its own notification task here,
  so that recording an event does not import the tasks that record events in turn.

The other hooks add to pages and documents. Each function returns a ``Section`` (a template and
its context) or ``None`` when it has nothing for this case or person; the page puts the context
into its own (so its names must not clash with the page's) and includes the template there.

========================================  ============================================  =========
hook                                      called with                                   returns
========================================  ============================================  =========
``decision_made_in_transaction``          ``actor=, case=`` (locked, decided)           —
``decision_made_after_commit``            ``case_id`` (a task, queued on commit)        —
``applicant_event_after_commit``          ``event_id`` (a task, queued on commit)       —
``folder_sections``                       ``request, organisation=`` (acting for)       Section
``applicant_case_sections``               ``request, case=`` (the folder's case page)   Section
``handler_case_panels``                   ``request, case=, data=`` (latest version)    Section
``letter_sections``                       ``case`` (letter's language active)           dict
``review_kinds``                          ``service_code``                              ReviewKind
``attachment_kinds``                      ``service``                                   kinds
========================================  ============================================  =========

``attachment_kinds`` names the types of attachment a service's applicants and handlers choose
from (``AttachmentKind`` values, in the order offered), or ``None`` for a service that is not the
app's; the first answer counts (``cases/attachment_kinds.py``).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Section:
    """What an app adds to a page: ``template`` is included where the page shows the hook's
    sections (``place`` chooses among several such spots: ``handler_case_panels`` has
    ``before_actions``, ``after_actions`` and ``end``), with ``context`` added to the page's.
    An empty ``template`` adds the context only: a panel with nothing to show for this case
    still sets its names (the calculation aid's ``aid`` is None on a grant's page)."""

    template: str
    context: dict = field(default_factory=dict)
    place: str = ""


class Hook:
    """One extension point: an ordered list of registered functions."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._entries: dict[str, tuple[int, int, Callable]] = {}

    def register(self, function: Callable, *, order: int = 0) -> Callable:
        """Add ``function`` (once, however often an app's ``ready()`` runs); returns it."""
        key = getattr(function, "module_path", None) or (
            f"{function.__module__}.{function.__qualname__}"
        )
        if key not in self._entries:
            self._entries[key] = (order, len(self._entries), function)
        return function

    def __iter__(self) -> Iterator[Callable]:
        return (function for _order, _seq, function in sorted(self._entries.values()))

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {list(self._entries)}>"


decision_made_in_transaction = Hook("decision_made_in_transaction")
decision_made_after_commit = Hook("decision_made_after_commit")
applicant_event_after_commit = Hook("applicant_event_after_commit")
folder_sections = Hook("folder_sections")
applicant_case_sections = Hook("applicant_case_sections")
handler_case_panels = Hook("handler_case_panels")
letter_sections = Hook("letter_sections")
review_kinds = Hook("review_kinds")
attachment_kinds = Hook("attachment_kinds")

HANDLER_PANEL_PLACES = ("before_actions", "after_actions", "end")


def page_sections(
    hook: Hook, *args, places: tuple[str, ...] = ("",), **kwargs
) -> tuple[dict, dict[str, list[str]]]:
    """Call a page hook: its sections' contexts merged into one, and the templates by place."""
    context: dict = {}
    templates: dict[str, list[str]] = {place: [] for place in places}
    for make in hook:
        section = make(*args, **kwargs)
        if section is not None:
            context.update(section.context)
            if section.template:
                templates[section.place].append(section.template)
    return context, templates
