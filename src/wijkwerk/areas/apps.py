from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "wijkwerk.areas"
    verbose_name = "Gebieden"
