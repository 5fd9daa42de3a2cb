"""The bundle pages: a campaign's bundles of the user's unit (and the button that builds a new
one), a bundle with its progress bar (htmx polls the partial every second until it is done),
and the download.

Every bundle is looked up through ``DossierBundle.objects.visible_to(user)``: outside the
user's subtree it does not exist (404).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views import View

from core.downloads import content_disposition
from core.reads import ReadKind, note_read
from nominations.views.common import PageMixin, campaign_or_404, level_of_user, own_unit

from ..models import BundleState, DossierBundle
from . import services
from .selection import root_folder

#: the most bundles the list shows (the newest)
LIST_SIZE = 30


def visible_bundles(user):
    return DossierBundle.objects.visible_to(user).select_related("campaign", "unit", "requested_by")


class BundleListView(PageMixin, View):
    """The bundles of the user's unit in a campaign, for the units that review in it."""

    template_name = "dossiers/bundles/bundle_list.html"

    def prepare(self):
        user = self.request.user
        self.campaign = campaign_or_404(user, self.kwargs["code"])
        self.unit = own_unit(user)
        self.level = level_of_user(user, self.campaign)

    def render_page(self, error: str = "", status: int = 200):
        bundles = list(
            visible_bundles(self.request.user).filter(campaign=self.campaign, unit=self.unit)[
                :LIST_SIZE
            ]
        )
        return render(
            self.request,
            self.template_name,
            {
                "campaign": self.campaign,
                "unit": self.unit,
                "level": self.level,
                "bundles": bundles,
                "error": error,
                "may_request": services.may_request(self.request.user, self.unit),
            },
            status=status,
        )

    def get(self, request, *args, **kwargs):
        return self.render_page()

    def post(self, request, *args, **kwargs):
        try:
            bundle = services.request_bundle(request.user, self.campaign, self.unit)
        except ValidationError as error:
            return self.render_page(" ".join(error.messages))
        bundle.refresh_from_db(fields=["state", "error"])
        if bundle.state == BundleState.FAILED and bundle.error == services.unreachable_message():
            # Redis is down: said here, on the page with the button, to try again later.
            return self.render_page(bundle.error, status=503)
        messages.info(
            request, _("The zip of the dossier was requested; this page shows how far it has got.")
        )
        return redirect("bundles:detail", public_id=bundle.public_id)


class BundleMixin(PageMixin):
    def prepare(self):
        self.bundle = get_object_or_404(
            visible_bundles(self.request.user), public_id=self.kwargs["public_id"]
        )


class BundleDetailView(BundleMixin, View):
    def get(self, request, *args, **kwargs):
        return render(
            request,
            "dossiers/bundles/bundle_detail.html",
            {
                "bundle": self.bundle,
                "campaign": self.bundle.campaign,
                "keep_days": settings.BUNDLE_KEEP_DAYS,
            },
        )


class BundleProgressView(BundleMixin, View):
    """The progress partial: it polls itself every second until the bundle is finished, and
    then comes back without the trigger (with the download link, or the reason it failed)."""

    def get(self, request, *args, **kwargs):
        response = render(
            request,
            "dossiers/bundles/partials/progress.html",
            {"bundle": self.bundle, "keep_days": settings.BUNDLE_KEEP_DAYS},
        )
        patch_cache_control(response, private=True, no_store=True)
        return response


class BundleDownloadView(LoginRequiredMixin, View):
    def get(self, request, public_id):
        bundle = get_object_or_404(visible_bundles(request.user), public_id=public_id)
        if not bundle.is_ready:
            raise Http404
        try:
            handle = bundle.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, content_type="application/zip")
        note_read(
            ReadKind.BUNDLE,
            download_name(bundle),
            unit_id=bundle.unit_id,
            object_id=bundle.public_id,
        )
        response["Content-Disposition"] = content_disposition(download_name(bundle), inline=False)
        response["X-Content-Type-Options"] = "nosniff"
        patch_cache_control(response, private=True, no_cache=True)
        return response


def download_name(bundle: DossierBundle) -> str:
    """``Hồ sơ QA - bieu-duong-2025 (10-01-2025 0900).zip``: what the files are, for whom,
    and when they were gathered."""
    moment = timezone.localtime(bundle.finished_at or bundle.requested_at)
    return f"Hồ sơ {root_folder(bundle.unit, bundle.campaign)} ({moment:%d-%m-%Y %H%M}).zip"
