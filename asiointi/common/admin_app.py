"""Django's admin app with Asiointi's admin site (listed in ``INSTALLED_APPS`` instead of
``django.contrib.admin``). A module of its own: ``apps.py`` may hold one app config only, and the
site's module imports the auth forms, which need the app registry ready."""

from django.contrib.admin.apps import AdminConfig


class AsiointiAdminConfig(AdminConfig):
    """Only administrators get in: see ``asiointi/common/admin_access.py``."""

    default_site = "asiointi.common.admin_access.AsiointiAdminSite"
