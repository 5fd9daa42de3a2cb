from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.protection import explanation, why_not_deletable

from .models import Body, Person, PersonRating, ReviewRecord, Unit, UnitChange, UnitRating, User
from .scoping import WholeTreeAdminMixin


class RefuseProtectedDeleteMixin:
    """Deleting a row that nominations (or other kept rows) point at is refused up front with
    the reason and the count, back on the row's page, instead of Django's list of objects; a
    delete that still hits a protection (a nomination filed meanwhile) says the same."""

    actions = ["delete_selected"]  # replaces the site-wide action of that name

    def _refuse(self, request, obj) -> bool:
        reason = why_not_deletable(obj)
        if reason:
            self.message_user(request, reason, messages.ERROR)
        return bool(reason)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if (
            obj is not None
            and self.has_delete_permission(request, obj)
            and self._refuse(request, obj)
        ):
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk)
        return super().delete_view(request, object_id, extra_context)

    @admin.action(permissions=["delete"], description=_("Delete selected %(verbose_name_plural)s"))
    def delete_selected(self, request, queryset):
        refused = [obj for obj in queryset if self._refuse(request, obj)]
        if refused:
            return None  # nothing deleted, the reasons are shown on the list
        return django_delete_selected(self, request, queryset)

    def delete_model(self, request, obj):
        try:
            super().delete_model(request, obj)
        except ProtectedError as error:
            self.message_user(request, explanation(obj, error), messages.ERROR)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class BodyInline(admin.TabularInline):
    model = Body
    extra = 0


@admin.register(Unit)
class UnitAdmin(WholeTreeAdminMixin, RefuseProtectedDeleteMixin, admin.ModelAdmin):
    """Structural changes (create, rename, move, merge, close) go through the import and the
    unit pages, which record them in the unit's history; here only descriptive fields change."""

    list_display = ["name", "code", "kind", "status", "depth"]
    list_filter = ["kind", "status", "depth"]
    search_fields = ["name", "code"]
    ordering = ["path"]
    fields = [
        "code",
        "name",
        "kind",
        "status",
        "closed_on",
        "merged_into",
        "place_name",
        "document_symbol",
    ]
    readonly_fields = ["code", "name", "status", "closed_on", "merged_into"]
    inlines = [BodyInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def delete_view(self, request, object_id, extra_context=None):
        """Units are never deleted: say so, and what names this one, on its page (instead of
        a bare 403)."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return super().delete_view(request, object_id, extra_context)
        reason = why_not_deletable(obj)
        message = gettext(
            "Units are never deleted: close or merge a unit from its page in "
            "the application, so that its history is kept."
        )
        self.message_user(request, f"{reason} {message}" if reason else message, messages.ERROR)
        return redirect("admin:committees_unit_change", obj.pk)


@admin.register(UnitChange)
class UnitChangeAdmin(WholeTreeAdminMixin, admin.ModelAdmin):
    """Read-only: the history of the tree is written by the services, never edited."""

    list_display = [
        "chain_seq",
        "unit",
        "kind",
        "effective_on",
        "old_value",
        "new_value",
        "recorded_by",
    ]
    list_filter = ["kind"]
    search_fields = ["unit__name", "unit__code"]
    list_select_related = ["unit", "recorded_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PersonRatingInline(admin.TabularInline):
    model = PersonRating
    extra = 0


class ReviewRecordInline(admin.TabularInline):
    model = ReviewRecord
    extra = 0


@admin.register(Person)
class PersonAdmin(WholeTreeAdminMixin, RefuseProtectedDeleteMixin, admin.ModelAdmin):
    list_display = ["full_name", "code", "unit", "position", "is_party_member"]
    list_filter = ["is_party_member", "gender"]
    search_fields = ["full_name", "code", "phone"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    inlines = [PersonRatingInline, ReviewRecordInline]


@admin.register(UnitRating)
class UnitRatingAdmin(WholeTreeAdminMixin, admin.ModelAdmin):
    list_display = ["unit", "year", "rating", "score"]
    list_filter = ["year", "rating"]
    search_fields = ["unit__name", "unit__code"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]


@admin.register(PersonRating)
class PersonRatingAdmin(WholeTreeAdminMixin, admin.ModelAdmin):
    list_display = ["person", "year", "rating", "score"]
    list_filter = ["year", "rating"]
    search_fields = ["person__full_name", "person__code"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]


@admin.register(ReviewRecord)
class ReviewRecordAdmin(WholeTreeAdminMixin, admin.ModelAdmin):
    list_display = ["person", "kind", "started_on", "ended_on", "reference"]
    list_filter = ["kind"]
    search_fields = ["person__full_name", "person__code"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]


@admin.register(Body)
class BodyAdmin(WholeTreeAdminMixin, admin.ModelAdmin):
    list_display = ["name", "unit", "kind", "member_count"]
    list_filter = ["kind"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]


@admin.register(User)
class AccountAdmin(WholeTreeAdminMixin, UserAdmin):
    list_display = ["username", "full_name", "unit", "role", "is_active"]
    list_filter = ["role", "is_active", "is_superuser"]
    list_select_related = ["unit"]
    search_fields = ["username", "full_name", "email"]
    autocomplete_fields = ["unit", "person"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (_("Unit and role"), {"fields": ["full_name", "unit", "role", "person"]}),
    ]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        (_("Unit and role"), {"fields": ["full_name", "unit", "role"]}),
    ]
