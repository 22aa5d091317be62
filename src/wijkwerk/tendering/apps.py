from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenderingConfig(AppConfig):
    name = "wijkwerk.tendering"
    verbose_name = _("Aanbesteding")
