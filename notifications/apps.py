from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """The inbox of every user and the e-mails that go with it: notices, their delivery by
    e-mail (one per notice or a daily digest) and their retry when the mail or queue is down."""

    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from core import alerts

        from .services import alert_site_administrators

        alerts.register(alert_site_administrators)
