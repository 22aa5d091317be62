from django.apps import AppConfig

from wijkwerk.work.signals import order_status_changed


class CommunityConfig(AppConfig):
    """Residents: reports about public space (also through Open311 GeoReport v2), their own
    initiatives, consultation rounds before decisions, and the neighbourhood's strengths (ABCD)."""

    name = "wijkwerk.community"
    label = "community"
    verbose_name = "Bewoners"

    def ready(self) -> None:
        # Here, not at the top: the receivers use the models, which exist only once the apps are loaded.
        from .receivers import order_status_closes_reports

        order_status_changed.connect(order_status_closes_reports, dispatch_uid="community.order_status_closes_reports")
