from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wijkwerk.core"
    verbose_name = "Kern"

    def ready(self) -> None:
        from . import auth, tokens  # noqa: F401  (tokens: registers its OpenAPI extension)

        auth.connect_signals()
