"""Nominations in the admin: to look, not to change the workflow. States move only through the
services, and the history is append-only, so everything about them is read-only here."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from committees.scoping import WholeTreeAdminMixin

from .models import (
    Nomination,
    NominationEvent,
    PendingNotification,
    PublicVote,
    Tally,
    VoteSession,
)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class NominationEventInline(ReadOnlyMixin, admin.TabularInline):
    model = NominationEvent
    fields = ["at", "from_state", "to_state", "level", "unit", "actor", "actor_role", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Nomination)
class NominationAdmin(WholeTreeAdminMixin, ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "nominee",
        "category",
        "campaign",
        "filing_unit",
        "state",
        "reviewing_unit",
        "updated_at",
    ]
    list_filter = ["state", "campaign"]
    list_select_related = [
        "person",
        "collective",
        "category",
        "campaign",
        "filing_unit",
        "reviewing_unit",
    ]
    search_fields = ["person__full_name", "person__code", "collective__name", "public_id"]
    # Shown, never changed here: the state, and the dossier too, change only through the
    # services, which write the history.
    fields = [
        "public_id",
        "campaign",
        "category",
        "person",
        "collective",
        "filing_unit",
        "state",
        "level",
        "reviewing_unit",
        "vote_outcome",
        "state_reason",
        "honored_level",
        "field_of_work",
        "achievement_summary",
        "checklist_confirmed",
        "checklist_verified",
        "filed_by",
        "submitted_at",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields
    inlines = [NominationEventInline]

    @admin.display(description=_("nominee"))
    def nominee(self, obj):
        return obj.nominee_name


@admin.register(NominationEvent)
class NominationEventAdmin(WholeTreeAdminMixin, ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "chain_seq",
        "at",
        "nomination",
        "from_state",
        "to_state",
        "level",
        "actor",
        "actor_role",
    ]
    list_filter = ["to_state", "actor_role"]
    list_select_related = [
        "nomination__person",
        "nomination__collective",
        "nomination__category",
        "level",
        "actor",
    ]
    search_fields = ["nomination__person__full_name", "reason"]


class TallyInline(ReadOnlyMixin, admin.TabularInline):
    model = Tally
    fields = ["nomination", "proposed_outcome", "votes_for", "votes_against", "votes_abstain"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(VoteSession)
class VoteSessionAdmin(WholeTreeAdminMixin, ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "unit",
        "campaign",
        "level",
        "held_at",
        "state",
        "sitting_members",
        "present_members",
        "written_votes",
    ]
    list_filter = ["state", "campaign"]
    list_select_related = ["unit", "campaign", "level"]
    inlines = [TallyInline]


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


@admin.register(PendingNotification)
class PendingNotificationAdmin(WholeTreeAdminMixin, ReadOnlyMixin, admin.ModelAdmin):
    """E-mails waiting for Redis to come back; beat queues them again every 5 minutes."""

    list_display = ["event", "failed_at"]
    list_select_related = ["event"]
