from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = _("Party organisations and members")

    def ready(self):
        from core import generations, navigation, search, two_factor

        from . import permissions  # noqa: F401  (registers the permissions)
        from .dashboard import COUNTED, GENERATION
        from .navigation import ITEMS
        from .permissions import is_admin
        from .search import SECTIONS

        navigation.register(*ITEMS)
        for section in SECTIONS:
            search.register(section)
        # Administrators log in with a second factor when ``OTP_REQUIRED_FOR_ADMINS`` is on.
        two_factor.require_for(is_admin)

        # The dashboards' cached counts (``dashboard.subtree_counts``) follow these tables.
        generations.register(GENERATION, models=COUNTED)
