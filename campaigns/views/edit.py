"""Creating and editing a campaign on one page: the campaign, its levels, categories, quotas
and documents. The page becomes a configuration, and the configuration service checks and
writes it, exactly as it does for an imported file."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.views.mixins import RulePermissionMixin

from .. import config
from ..forms import CampaignEditor, editor_initial, new_campaign_initial
from ..models import Campaign


class CampaignEditorView(RulePermissionMixin, TemplateView):
    template_name = "campaigns/campaign_form.html"
    title = ""
    extra_rows = 1

    def initial(self) -> dict:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def save(self, data: dict) -> Campaign:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def editor(self, data=None) -> CampaignEditor:
        return CampaignEditor(
            user=self.request.user, data=data, initial=self.initial(), extra=self.extra_rows
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(editor=self.editor()))

    def post(self, request, *args, **kwargs):
        editor = self.editor(request.POST)
        if editor.is_valid():
            try:
                campaign = self.save(editor.to_config())
            except ValidationError as error:
                editor.place_errors(error)
            else:
                messages.success(request, _("The campaign was saved."))
                return redirect("campaigns:detail", code=campaign.code)
        return self.render_to_response(self.get_context_data(editor=editor))

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, **kwargs)


class CampaignCreateView(CampaignEditorView):
    permission_required = "campaigns.create_campaign"
    title = _("New campaign")
    extra_rows = 2

    def initial(self):
        return new_campaign_initial()

    def save(self, data):
        return config.import_campaign(data, by=self.request.user)


class CampaignEditView(CampaignEditorView):
    permission_required = "campaigns.manage_campaign"
    title = _("Edit the campaign")

    def get_permission_object(self):
        # Outside the user's view the campaign does not exist for them: 404, not 403.
        self.campaign = get_object_or_404(
            Campaign.objects.visible_to(self.request.user).select_related("organiser"),
            code=self.kwargs["code"],
        )
        return self.campaign

    def initial(self):
        return editor_initial(self.campaign)

    def save(self, data):
        # The page does not edit the public vote's numbers nor the commendations (the
        # configuration file does): keep them.
        if self.campaign.public_vote_rules and config.PUBLIC_VOTE_KEY not in data:
            data[config.PUBLIC_VOTE_KEY] = dict(self.campaign.public_vote_rules)
        if self.campaign.award_rules and config.AWARDS_KEY not in data:
            data[config.AWARDS_KEY] = dict(self.campaign.award_rules)
        return config.update_campaign(self.campaign, data, by=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(campaign=self.campaign, **kwargs)
