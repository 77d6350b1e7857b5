"""Decision lists (päätöslista): a board's (lautakunta) meeting decides the handlers' proposals.

A handler gathers cases in ``decision_proposed`` into a list of their department; the list goes
to the meeting as an attachment of the minutes, and when it is approved with the meeting's date
and section (§) every case on it becomes decided in one transaction (grants/services.py).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from asiointi.cases.models import Case
from asiointi.common.i18n import TranslatedText
from asiointi.grants.constants import (
    DECISION_LIST_STATUS_TONES,
    DecisionListEventKind,
    DecisionListStatus,
)
from asiointi.organisation.models import Department


class DecisionList(models.Model):
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="decision_lists",
        verbose_name=_("department"),
    )
    # The board (lautakunta) and the list's title ("Kokous 11/2026") as the handler typed them;
    # ``body_name`` and ``title`` read them in the reader's language, Finnish as the fallback.
    body_name_fi = models.CharField(_("deciding body in Finnish"), max_length=200)
    body_name_sv = models.CharField(_("deciding body in Swedish"), max_length=200, blank=True)
    body_name_en = models.CharField(_("deciding body in English"), max_length=200, blank=True)
    title_fi = models.CharField(_("title in Finnish"), max_length=200)
    title_sv = models.CharField(_("title in Swedish"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    body_name = TranslatedText()
    title = TranslatedText()
    # The tone of each status's label (common/status_label.html).
    status_tones = DECISION_LIST_STATUS_TONES
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DecisionListStatus.choices,
        default=DecisionListStatus.DRAFT,
    )
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    # The section of the minutes, e.g. "§ 45".
    section = models.CharField(_("section"), max_length=20, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision list")
        verbose_name_plural = _("decision lists")
        ordering = ["-created_at", "-pk"]
        # The lists page: a department's lists, newest first.
        indexes = [models.Index(fields=["department", "-created_at"], name="decisionlist_dept_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == DecisionListStatus.DRAFT


class DecisionListEntry(models.Model):
    """A proposal on a list. A case is on at most one list (the unique ``case``)."""

    decision_list = models.ForeignKey(
        DecisionList,
        on_delete=models.CASCADE,
        related_name="entries",
        verbose_name=_("decision list"),
    )
    case = models.OneToOneField(
        Case,
        on_delete=models.PROTECT,
        related_name="decision_list_entry",
        verbose_name=_("application"),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added"))

    class Meta:
        verbose_name = _("decision list entry")
        verbose_name_plural = _("decision list entries")
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return f"{self.decision_list_id}: {self.case_id}"


class DecisionListEvent(models.Model):
    """The list's own log: who created, changed and approved it, and when."""

    decision_list = models.ForeignKey(DecisionList, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=20, choices=DecisionListEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("actor"),
    )
    at = models.DateTimeField(_("time"))
    # The case added or removed; kept as a plain id so that the log outlives any case.
    case_id_logged = models.PositiveBigIntegerField(_("application"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("decision list event")
        verbose_name_plural = _("decision list events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.decision_list_id} {self.kind}"
