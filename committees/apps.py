from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = _("Party organisations and members")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core import navigation, search, two_factor

        from . import permissions  # noqa: F401  (registers the permissions)
        from .dashboard import counts_changed
        from .models import Person, ReviewRecord, Unit, UnitChange
        from .navigation import ITEMS
        from .permissions import is_admin
        from .search import SECTIONS

        navigation.register(*ITEMS)
        for section in SECTIONS:
            search.register(section)
        # Administrators log in with a second factor when ``OTP_REQUIRED_FOR_ADMINS`` is on.
        two_factor.require_for(is_admin)

        # The dashboards' cached counts (``dashboard.subtree_counts``) follow these tables;
        # every change of the tree through the services writes a UnitChange.
        for model in (Person, ReviewRecord, Unit, UnitChange):
            post_save.connect(counts_changed, sender=model, dispatch_uid=f"counts-{model.__name__}")
            post_delete.connect(
                counts_changed, sender=model, dispatch_uid=f"counts-{model.__name__}-deleted"
            )
