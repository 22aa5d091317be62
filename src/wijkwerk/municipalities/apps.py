from django.apps import AppConfig


class MunicipalitiesConfig(AppConfig):
    name = "wijkwerk.municipalities"
    verbose_name = "Gemeenten en partners"
