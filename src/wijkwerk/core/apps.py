from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "wijkwerk.core"
    verbose_name = _("Kern")

    def ready(self) -> None:
        # local: Django imports apps.py before the models are ready, and these modules use the models
        from . import auth, tokens  # noqa: F401  (tokens: registers its OpenAPI extension)

        auth.connect_signals()
