from django.apps import AppConfig


class TenderingConfig(AppConfig):
    name = "wijkwerk.tendering"
    verbose_name = "Aanbesteding"
