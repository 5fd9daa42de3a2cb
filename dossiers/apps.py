from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = _("Dossiers and documents")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the permissions)
