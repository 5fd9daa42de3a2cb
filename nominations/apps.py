from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NominationsConfig(AppConfig):
    name = "nominations"
    verbose_name = _("Nominations")

    def ready(self):
        from committees import records
        from core import dashboard, generations, protection, search

        from . import (
            page_cache,
            permissions,  # noqa: F401  (registers the permissions)
        )
        from .dashboard import open_campaigns_panel, returned_panel
        from .protection import kept_for_good
        from .records import follow_nominee_keys, person_record, unit_record
        from .search import SECTION

        # Returned nominations first: nobody who files for the unit can miss them.
        dashboard.register(returned_panel)
        dashboard.register(open_campaigns_panel)
        protection.register_kept("nominations.Nomination", kept_for_good)
        search.register(SECTION)
        records.register_person(person_record)
        records.register_unit(unit_record)
        records.on_keys_changed(follow_nominee_keys)
        # The queue's cached listing follows every table but those it never shows.
        generations.register(page_cache.QUEUE_GENERATION, ignored=page_cache.IGNORED)
