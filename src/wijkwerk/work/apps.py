from django.apps import AppConfig

from wijkwerk.inspections.signals import plot_recorded
from wijkwerk.planning.signals import plan_adopted


class WorkConfig(AppConfig):
    """Work orders, workers and mixed teams, the weekly plan, and the loop back to the register."""

    name = "wijkwerk.work"
    label = "work"
    verbose_name = "Uitvoering"

    def ready(self) -> None:
        # Here, not at the top: the receivers use the models, which exist only once the apps are loaded.
        from .receivers import plan_adopted_to_orders, plot_recorded_closes_orders

        plan_adopted.connect(plan_adopted_to_orders, dispatch_uid="work.plan_adopted_to_orders")
        plot_recorded.connect(plot_recorded_closes_orders, dispatch_uid="work.plot_recorded_closes_orders")
