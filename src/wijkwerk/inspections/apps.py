from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "wijkwerk.inspections"
    verbose_name = "Kwaliteit en conditie"
