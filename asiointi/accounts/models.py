"""People, the organisations (associations, companies) they act for, and representation rights."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from asiointi.common.validators import validate_business_id, validate_personal_identity_code


class User(AbstractUser):
    """A resident or a staff member. Residents are identified strongly (OIDC) by their hetu."""

    # henkilötunnus: the Finnish personal identity code, from strong identification.
    national_id = models.CharField(
        _("personal identity code"),
        max_length=11,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_personal_identity_code],
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        default="fi",
        choices=[("fi", "suomi"), ("sv", "svenska"), ("en", "English")],
    )
    is_demo_persona = models.BooleanField(_("demo persona"), default=False)
    demo_description = models.CharField(_("demo description"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class ApplicantOrganisation(models.Model):
    """An association, foundation or company that applies for grants (identified by Y-tunnus)."""

    # Y-tunnus: the Finnish business ID, e.g. 0201256-6.
    business_id = models.CharField(
        _("business ID"), max_length=9, unique=True, validators=[validate_business_id]
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        verbose_name = _("applicant organisation")
        verbose_name_plural = _("applicant organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.business_id})"


class Representation(models.Model):
    """The right of a person to act on behalf of an organisation (e.g. chair, treasurer)."""

    person = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="representations", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        ApplicantOrganisation,
        on_delete=models.CASCADE,
        related_name="representations",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("representation")
        verbose_name_plural = _("representations")
        constraints = [
            models.UniqueConstraint(fields=["person", "organisation"], name="representation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.organisation}"
