from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "wijkwerk.planning"
    verbose_name = "Meerjarenplanning"
