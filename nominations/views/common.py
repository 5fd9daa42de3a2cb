"""What every nomination page needs: the campaign and the nominations the user may see (404
outside the subtree), the user's unit and level, and a login-first dispatch."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from campaigns.models import Campaign, ReviewLevel
from committees.models import Unit
from core.views.mixins import DeclaredPermissionMixin

from ..models import Nomination
from ..selectors import level_or_403


def campaign_or_404(user, code: str, *, levels: bool = True) -> Campaign:
    """The campaign, if the user may see it, with what the level lookups need (its levels,
    unless a page reads them only now and then: ``levels=False``)."""
    campaigns = Campaign.objects.visible_to(user).select_related("organiser")
    if levels:
        campaigns = campaigns.prefetch_related("levels")
    return get_object_or_404(campaigns, code=code)


def visible_nominations(user):
    return Nomination.objects.visible_to(user).select_related(
        "campaign",
        "category",
        "person__unit",
        "collective",
        "filing_unit",
        "level",
        "reviewing_unit",
        "filed_by",
    )


class CountedPaginator(Paginator):
    """A paginator told how many rows there are, when the page already knows: no COUNT."""

    def __init__(self, object_list, per_page, *, count: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        if count is not None:
            self.count = count  # ``count`` is a cached property: this is its cached value


class RowUrls:
    """The addresses of a list's rows by public id, each reversed once a page rather than once
    a row (``reverse`` for 50 rows and two links was a tenth of the queue's rendering)."""

    PLACEHOLDER = "00000000-0000-0000-0000-000000000000"

    def __init__(self, *names: str):
        self.patterns = {
            name.replace("-", "_"): reverse(f"nominations:{name}", args=[self.PLACEHOLDER])
            for name in names
        }

    def of(self, nomination: Nomination) -> dict[str, str]:
        public_id = str(nomination.public_id)
        return {
            name: pattern.replace(self.PLACEHOLDER, public_id)
            for name, pattern in self.patterns.items()
        }


def own_unit(user) -> Unit:
    """The unit a page "of your unit" is about; an account without a unit has none."""
    if user.unit is None:
        raise Http404
    return user.unit


def level_of_user(user, campaign: Campaign) -> ReviewLevel:
    """The level the user's unit plays in ``campaign``; 403 when it plays none."""
    if user.unit_id is None:
        raise PermissionDenied(_("Your account is not attached to a unit."))
    return level_or_403(campaign, user.unit)


class PageMixin(DeclaredPermissionMixin, LoginRequiredMixin):
    """Anonymous users log in; everyone else gets ``prepare()`` run before the handler, where
    404 (not visible) and 403 (wrong level) are raised, then the declared permission checked
    (403)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.prepare()
        self.check_permission()
        return super().dispatch(request, *args, **kwargs)

    def prepare(self) -> None:
        """Load what the page is about; raise Http404 or PermissionDenied."""
