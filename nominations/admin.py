"""Nominations in the admin: to look, not to change the workflow. States move only through the
services, and the history is append-only, so everything about them is read-only here."""

from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from committees.scoping import WholeTreeAdminMixin

from .models import (
    Evidence,
    Nomination,
    NominationEvent,
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


# Evidence: to look, not to change. Files are attached and removed only through the services
# (which check who may, and delete the stored file), and downloaded only through the
# permission-checked view, so nothing here links to the storage.
@admin.register(Evidence)
class EvidenceAdmin(WholeTreeAdminMixin, admin.ModelAdmin):
    list_display = [
        "original_name",
        "nomination",
        "requirement",
        "kind",
        "file_size",
        "uploaded_by",
        "uploaded_at",
    ]
    list_select_related = [
        "nomination__person",
        "nomination__collective",
        "nomination__category",
        "requirement",
        "uploaded_by",
    ]
    search_fields = ["original_name", "sha256", "public_id", "nomination__public_id"]
    fields = [
        "public_id",
        "nomination",
        "requirement",
        "original_name",
        "stored_as",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("type"))
    def kind(self, obj):
        return obj.kind_label

    @admin.display(description=_("size"))
    def file_size(self, obj):
        return filesizeformat(obj.size)

    @admin.display(description=_("stored as"))
    def stored_as(self, obj):
        return obj.file.name
