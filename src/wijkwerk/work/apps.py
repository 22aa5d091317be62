from django.apps import AppConfig


class WorkConfig(AppConfig):
    """Work orders, workers and mixed teams, the weekly plan, and the loop back to the register."""

    name = "wijkwerk.work"
    label = "work"
    verbose_name = "Uitvoering"
