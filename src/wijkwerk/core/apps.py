from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wijkwerk.core"
    verbose_name = "Kern"
