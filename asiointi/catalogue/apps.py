from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "asiointi.catalogue"
    verbose_name = _("Service catalogue")

    def ready(self) -> None:
        from asiointi.catalogue.versions import install_triggers

        # After every migrate (and the test runner's flush): the catalogue's version triggers.
        post_migrate.connect(install_triggers, sender=self, dispatch_uid="catalogue_version")
