"""A campaign's configuration in and out: export as a file, import a file, clone."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView

from core.views.mixins import RulePermissionMixin

from .. import config
from ..forms import CloneForm, ImportForm, place_errors
from ..models import Campaign


class ManagedCampaignMixin(RulePermissionMixin):
    permission_required = "campaigns.manage_campaign"

    def get_permission_object(self):
        # Outside the user's view the campaign does not exist for them: 404, not 403.
        self.campaign = get_object_or_404(
            Campaign.objects.visible_to(self.request.user).select_related("organiser"),
            code=self.kwargs["code"],
        )
        return self.campaign


class CampaignExportView(ManagedCampaignMixin, View):
    def get(self, request, *args, **kwargs):
        data = config.export_campaign(self.campaign)
        body = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.campaign.code}.json"'
        return response


class CampaignCloneView(ManagedCampaignMixin, FormView):
    form_class = CloneForm
    template_name = "campaigns/campaign_clone.html"

    def get_initial(self):
        return {
            "code": f"{self.campaign.code}-ban-sao"[:80],
            "title": gettext("%(title)s (copy)") % {"title": self.campaign.title},
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(campaign=self.campaign, **kwargs)

    def form_valid(self, form):
        try:
            clone = config.clone_campaign(
                self.campaign,
                code=form.cleaned_data["code"],
                title=form.cleaned_data["title"],
                by=self.request.user,
            )
        except ValidationError as error:
            place_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "The copy was created as a campaign being prepared: "
                "check its dates before opening it."
            ),
        )
        return redirect("campaigns:edit", code=clone.code)


class CampaignImportView(RulePermissionMixin, FormView):
    permission_required = "campaigns.create_campaign"
    form_class = ImportForm
    template_name = "campaigns/campaign_import.html"

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            campaign = config.import_campaign(
                data["file"],
                code=data["code"] or None,
                title=data["title"] or None,
                by=self.request.user,
            )
        except ValidationError as error:
            # A problem with the file's own code or title stays in the list, with its path;
            # only what the user typed is marked at its field.
            place_errors(form, error, fields=[k for k in ("code", "title") if data[k]])
            return self.form_invalid(form)
        messages.success(self.request, _("The campaign was imported."))
        return redirect("campaigns:detail", code=campaign.code)
