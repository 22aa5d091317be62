from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "wijkwerk.areas"
    verbose_name = _("Gebieden")
