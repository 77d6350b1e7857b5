from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "asiointi.payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        # A decision creates its instalments, and the case pages show them, without the core
        # importing this app (asiointi/cases/hooks.py).
        from asiointi.payments import case_hooks

        case_hooks.register()
