"""The list of campaigns a user can see, and one campaign's rules in words."""

from django.db.models import Count, Max, Prefetch
from django.views.generic import DetailView, ListView

from core.views.mixins import ScopedQuerysetMixin

from ..models import Campaign, DocumentRequirement, Quota
from . import describe


class CampaignListView(ScopedQuerysetMixin, ListView):
    model = Campaign
    paginate_by = 50
    context_object_name = "campaigns"
    template_name = "campaigns/campaign_list.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("organiser")
            .annotate(level_count=Count("levels"), last_deadline=Max("levels__closes_at"))
            .order_by("-period_start", "title", "pk")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_create=self.request.user.has_perm("campaigns.create_campaign"), **kwargs
        )


class CampaignDetailView(ScopedQuerysetMixin, DetailView):
    model = Campaign
    slug_field = "code"
    slug_url_kwarg = "code"
    context_object_name = "campaign"
    template_name = "campaigns/campaign_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("organiser")
            .prefetch_related(
                "levels",
                "categories",
                "report_requests",
                Prefetch(
                    "quotas",
                    queryset=Quota.objects.select_related("unit", "category").order_by("id"),
                ),
                Prefetch(
                    "document_requirements",
                    queryset=DocumentRequirement.objects.select_related("category"),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        campaign: Campaign = self.object
        user = self.request.user
        levels = list(campaign.levels.all())
        for level in levels:
            level.placement_text = describe.placement_text(level)
            level.cap_text = describe.cap_text(level)
        categories = list(campaign.categories.all())
        for category in categories:
            category.criteria = describe.category_criteria(category, campaign.rating_year)
        quotas = list(campaign.quotas.all())
        for quota in quotas:
            quota.target_text = describe.quota_target_text(quota)
            quota.limit_text = describe.quota_limit_text(quota)
        return super().get_context_data(
            levels=levels,
            categories=categories,
            quotas=quotas,
            documents=list(campaign.document_requirements.all()),
            report_requests=list(campaign.report_requests.all()),
            filing_kinds_text=describe.kinds_text(campaign.filing_kinds),
            nomination_links=describe.nomination_links(user, campaign, levels),
            can_manage=user.has_perm("campaigns.manage_campaign", campaign),
            **kwargs,
        )
