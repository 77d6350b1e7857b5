from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "asiointi.common"
    verbose_name = "Common"

    def ready(self):
        from asiointi.common import checks  # noqa: F401 (registers the system checks)
