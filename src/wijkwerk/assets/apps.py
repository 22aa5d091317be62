from django.apps import AppConfig


class AssetsConfig(AppConfig):
    name = "wijkwerk.assets"
    verbose_name = "Assetregister"
