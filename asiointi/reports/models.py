"""Report snapshots: the figures of a city-wide report as last computed in the background.

The reports' GROUP BY queries take seconds over a million applications, so the pages read a
snapshot instead (docs/reports.md, "Snapshots"). ``services.report_refresh`` replaces a snapshot
and its rows in one transaction; the live selectors stay the source of truth.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from asiointi.reports.constants import ReportKind


class ReportSnapshot(models.Model):
    """One report (kind, year, grouping) as computed at ``computed_at``.

    A snapshot whose ``computed_at`` is empty is a placeholder: the first refresh has been
    requested and the report is being prepared. ``refresh_requested_at`` marks a refresh in the
    queue, so that concurrent page views enqueue it once.
    """

    kind = models.CharField(_("report"), max_length=20, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    # department, service or applicant for the grant report; empty for the overlap report.
    grouping = models.CharField(_("grouping"), max_length=20, blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    refresh_requested_at = models.DateTimeField(_("refresh requested at"), null=True, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    # The total row's figures (amounts as strings with two decimals).
    total = models.JSONField(_("total"), default=dict)
    # Small tables kept whole: the processing times per department and per service.
    tables = models.JSONField(_("other tables"), default=dict)

    class Meta:
        verbose_name = _("report snapshot")
        verbose_name_plural = _("report snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "grouping"], name="report_snapshot_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year} {self.grouping}".strip()


class ReportRow(models.Model):
    """One row of a snapshot's table, in the report's order (``position`` from 0)."""

    # The database deletes the rows with their snapshot: no row-by-row collection in Python.
    # No index of its own: the (snapshot, position) constraint's index starts with it.
    snapshot = models.ForeignKey(
        ReportSnapshot, on_delete=models.DB_CASCADE, related_name="rows", db_index=False
    )
    position = models.PositiveIntegerField(_("position"))
    # Department or service code, business ID (Y-tunnus) or "person:<id>".
    key = models.CharField(_("key"), max_length=64)
    # {"fi": …, "sv": …, "en": …} for catalogue names; an applicant's name only under "fi".
    label = models.JSONField(_("label"), default=dict)
    applications = models.PositiveIntegerField(_("applications"), default=0)
    applied = models.DecimalField(_("applied for"), max_digits=14, decimal_places=2, default=0)
    granted_count = models.PositiveIntegerField(_("granted decisions"), default=0)
    granted = models.DecimalField(_("granted"), max_digits=14, decimal_places=2, default=0)
    paid = models.DecimalField(_("paid"), max_digits=14, decimal_places=2, default=0)
    # Per-row breakdown: the overlap report's departments.
    details = models.JSONField(_("details"), default=list, blank=True)

    class Meta:
        verbose_name = _("report row")
        verbose_name_plural = _("report rows")
        constraints = [
            # Also the index a page of the table is read with (LIMIT/OFFSET in position order).
            models.UniqueConstraint(
                fields=["snapshot", "position"], name="report_row_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.snapshot} #{self.position}"
