"""The public vote in the admin: to look, not to change (``services`` changes it)."""

from django.contrib import admin

from committees.scoping import WholeTreeAdminMixin
from nominations.admin import ReadOnlyMixin

from .models import PublicVote


@admin.register(PublicVote)
class PublicVoteAdmin(WholeTreeAdminMixin, ReadOnlyMixin, admin.ModelAdmin):
    """Settings and state only: ballots are not listed here, so no count leaks before the close
    (the committee's ranking page and audit file are the only places counts appear)."""

    list_display = ["title", "campaign", "unit", "state", "opens_at", "closes_at"]
    list_filter = ["state"]
    list_select_related = ["campaign", "unit"]
    fields = [
        "public_id",
        "campaign",
        "level",
        "unit",
        "title",
        "min_shortlist",
        "max_shortlist",
        "max_choices",
        "honor_count",
        "opens_at",
        "closes_at",
        "state",
        "created_by",
        "closed_at",
        "confirmed_at",
        "confirmed_by",
    ]
    readonly_fields = fields
