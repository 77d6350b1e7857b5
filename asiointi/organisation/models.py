"""The city's own organisation: departments (toimiala / hallintokunta) and staff memberships."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from asiointi.common.i18n import TranslatedNameMixin
from asiointi.organisation.constants import StaffRole


class Department(TranslatedNameMixin, models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    # Shown as ``name`` in the reader's language, Finnish when there is no translation.
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A staff member's role in a department; a person may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("department"),
    )
    role = models.CharField(_("role"), max_length=30, choices=StaffRole.choices)

    class Meta:
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "department", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.department} ({self.get_role_display()})"


class Team(TranslatedNameMixin, models.Model):
    """A team (tiimi) of a department that works one area's cases, e.g. a social-work unit.

    Teams matter in two ways. A sent case is routed to the team whose area covers the
    applicant's postal code (``postal_code_prefixes``; the department's default team takes the
    rest), and the work queues filter by team. And for a *confidential* service
    (``Service.confidential``) the members of the department's teams are the only staff who see
    its cases at all: the handling unit's social-services staff, not the whole department.
    """

    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="teams",
        verbose_name=_("department"),
    )
    code = models.SlugField(_("code"), max_length=40)
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    # Postal code prefixes of the team's area, e.g. ["0032", "0040"]; the longest match wins.
    postal_code_prefixes = models.JSONField(_("area (postal code prefixes)"), default=list)
    # Takes the cases no other team's area covers (one per department).
    is_default = models.BooleanField(_("default team of the department"), default=False)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="teams", blank=True, verbose_name=_("members")
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["department", "code"]
        constraints = [
            models.UniqueConstraint(fields=["department", "code"], name="team_unique_code"),
            models.UniqueConstraint(
                fields=["department"],
                condition=models.Q(is_default=True),
                name="team_one_default_per_department",
            ),
        ]

    def __str__(self) -> str:
        return self.name
