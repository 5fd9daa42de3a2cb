"""The data administration of campaigns. The campaign pages (and the configuration files) are
the usual way to build one, since they check the whole configuration together; here each row
is edited on its own."""

from django.contrib import admin

from .models import (
    Campaign,
    Category,
    DocumentRequirement,
    Milestone,
    Movement,
    Quota,
    ReportRequest,
    ReviewLevel,
)


class OwnCategoriesMixin:
    """A quota's or a document's category is one of the campaign's own."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "category":
            object_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = (
                Category.objects.filter(campaign_id=object_id)
                if object_id
                else Category.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReviewLevelInline(admin.StackedInline):
    model = ReviewLevel
    extra = 0
    ordering = ["position"]


class CategoryInline(admin.StackedInline):
    model = Category
    extra = 0


class QuotaInline(OwnCategoriesMixin, admin.TabularInline):
    model = Quota
    extra = 0
    autocomplete_fields = ["unit"]


class DocumentRequirementInline(OwnCategoriesMixin, admin.TabularInline):
    model = DocumentRequirement
    extra = 0


class ReportRequestInline(admin.StackedInline):
    model = ReportRequest
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "organiser", "status", "period_start", "period_end"]
    list_filter = ["status"]
    search_fields = ["title", "code", "organiser__name", "organiser__code"]
    list_select_related = ["organiser"]
    autocomplete_fields = ["organiser"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [
        ReviewLevelInline,
        CategoryInline,
        QuotaInline,
        DocumentRequirementInline,
        ReportRequestInline,
    ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Movement)
class MovementAdmin(admin.ModelAdmin):
    """The movement's settings and deadlines. Registrations and judgements are records made
    through the app (their history is kept there), so they are not edited here."""

    list_display = ["campaign", "first_year", "last_year"]
    list_select_related = ["campaign"]
    search_fields = ["campaign__title", "campaign__code"]
    autocomplete_fields = ["campaign"]
    inlines = [MilestoneInline]
