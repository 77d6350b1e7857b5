"""What a staff member's queue pages remember about them across visits."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class QueuePreference(models.Model):
    """Per staff member: whether the work queue's filter panel is open (closed by default).

    Stored server-side, so that it holds on every device and without JavaScript: the panel's
    show/hide control posts it here (``handling.views.queue_filter_panel``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="queue_preference",
        verbose_name=_("user"),
    )
    filters_open = models.BooleanField(_("filter panel open"), default=False)

    class Meta:
        verbose_name = _("queue preference")
        verbose_name_plural = _("queue preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {'open' if self.filters_open else 'closed'}"
