"""Evidence in the admin: to look, not to change. Files are attached and removed only through
the services (which check who may, and delete the stored file), and downloaded only through
the permission-checked view, so nothing here links to the storage."""

from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from committees.scoping import WholeTreeAdminMixin

from .models import Evidence, UnitReport


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


@admin.register(UnitReport)
class UnitReportAdmin(WholeTreeAdminMixin, admin.ModelAdmin):
    """To look: reports are written, submitted and reopened through ``dossiers.reports``."""

    list_display = ["unit", "request", "state", "submitted_at", "updated_at"]
    list_filter = ["state"]
    list_select_related = ["unit", "request"]
    search_fields = ["unit__name", "unit__code", "public_id"]
    readonly_fields = [f.name for f in UnitReport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
