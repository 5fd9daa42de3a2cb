from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicVotesConfig(AppConfig):
    name = "public_votes"
    verbose_name = _("Public votes")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import PublicVote, ShortlistEntry
        from .page_cache import vote_changed

        # The anonymous vote page is cached per version of the vote (``page_cache``): any save or
        # delete of the vote or of an entry, through the services or the admin, replaces it.
        for model in (PublicVote, ShortlistEntry):
            post_save.connect(vote_changed, sender=model, dispatch_uid=f"pv-page-{model.__name__}")
            post_delete.connect(
                vote_changed, sender=model, dispatch_uid=f"pv-page-{model.__name__}-deleted"
            )
