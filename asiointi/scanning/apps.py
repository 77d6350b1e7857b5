from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScanningConfig(AppConfig):
    """Virus scanning of stored uploads: the audit of refused and quarantined files, the
    quarantine, ``asiointi attachments rescan`` and the deployment checks of the scanner."""

    name = "asiointi.scanning"
    verbose_name = _("Virus scanning")

    def ready(self) -> None:
        from asiointi.scanning import checks  # noqa: F401 (registers the system checks)
