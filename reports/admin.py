from django.contrib import admin

from committees.scoping import WholeTreeAdminMixin

from .models import UnitReport


@admin.register(UnitReport)
class UnitReportAdmin(WholeTreeAdminMixin, admin.ModelAdmin):
    """To look: reports are written, submitted and reopened through ``reports.services``."""

    list_display = ["unit", "request", "state", "submitted_at", "updated_at"]
    list_filter = ["state"]
    list_select_related = ["unit", "request"]
    search_fields = ["unit__name", "unit__code", "public_id"]
    readonly_fields = [f.name for f in UnitReport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
