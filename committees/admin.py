from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Body, Person, PersonRating, ReviewRecord, Unit, UnitChange, UnitRating, User


class BodyInline(admin.TabularInline):
    model = Body
    extra = 0


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    """Structural changes (create, rename, move, merge, close) go through the import and the
    unit pages, which record them in the unit's history; here only descriptive fields change."""

    list_display = ["name", "code", "kind", "status", "depth"]
    list_filter = ["kind", "status", "depth"]
    search_fields = ["name", "code"]
    ordering = ["path"]
    fields = ["code", "name", "kind", "status", "closed_on", "merged_into", "place_name",
              "document_symbol"]
    readonly_fields = ["code", "name", "status", "closed_on", "merged_into"]
    inlines = [BodyInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(UnitChange)
class UnitChangeAdmin(admin.ModelAdmin):
    """Read-only: the history of the tree is written by the services, never edited."""

    list_display = ["unit", "kind", "effective_on", "old_value", "new_value", "recorded_by"]
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
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "code", "unit", "position", "is_party_member"]
    list_filter = ["is_party_member", "gender"]
    search_fields = ["full_name", "code", "phone"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    inlines = [PersonRatingInline, ReviewRecordInline]


@admin.register(UnitRating)
class UnitRatingAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "rating", "score"]
    list_filter = ["year", "rating"]
    search_fields = ["unit__name", "unit__code"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]


@admin.register(PersonRating)
class PersonRatingAdmin(admin.ModelAdmin):
    list_display = ["person", "year", "rating", "score"]
    list_filter = ["year", "rating"]
    search_fields = ["person__full_name", "person__code"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]


@admin.register(ReviewRecord)
class ReviewRecordAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "started_on", "ended_on", "reference"]
    list_filter = ["kind"]
    search_fields = ["person__full_name", "person__code"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "kind", "member_count"]
    list_filter = ["kind"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]


@admin.register(User)
class AccountAdmin(UserAdmin):
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
