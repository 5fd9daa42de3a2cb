from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicVotesConfig(AppConfig):
    name = "public_votes"
    verbose_name = _("Public votes")
