from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "asiointi.common"
    verbose_name = "Common"
