from django.contrib import admin

from committees.scoping import WholeTreeAdminMixin

from .models import AccountChange


@admin.register(AccountChange)
class AccountChangeAdmin(WholeTreeAdminMixin, admin.ModelAdmin):
    """Read-only: the account log is written by the services, never edited."""

    list_display = ["chain_seq", "recorded_at", "account", "unit", "kind", "recorded_by"]
    list_filter = ["kind"]
    search_fields = ["account__username", "account__full_name", "unit__code"]
    list_select_related = ["account", "unit", "recorded_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
