"""The unit admin's view of who read what in the subtree, and its Excel export."""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.views import FilterView
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from core.downloads import XLSX_CONTENT_TYPE, content_disposition
from core.spreadsheets import put
from core.views.mixins import RulePermissionMixin

from .filters import ReadRecordFilter
from .models import ReadRecord


class ReadRecordListView(RulePermissionMixin, FilterView):
    permission_required = "access.read_records"
    filterset_class = ReadRecordFilter
    template_name = "access/read_records.html"
    paginate_by = 50

    def get_queryset(self):
        return ReadRecord.objects.visible_to(self.request.user).select_related("user", "unit")

    def get_context_data(self, **kwargs):
        from django.conf import settings

        return super().get_context_data(keep_days=settings.READ_RECORDS_KEEP_DAYS, **kwargs)

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            records = ReadRecordFilter(request.GET, queryset=self.get_queryset()).qs
            return workbook_response(records)
        return super().get(request, *args, **kwargs)


def workbook_response(records) -> HttpResponse:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Access records"))
    sheet.append(
        [
            _("when"),
            _("account"),
            _("full name"),
            _("what"),
            _("read"),
            _("unit"),
            _("from address"),
            _("page"),
        ]
    )
    for record in records.iterator(chunk_size=2000):
        row = [
            timezone.localtime(record.at).strftime("%d/%m/%Y %H:%M:%S"),
            record.user.username,
            record.user.get_full_name(),
            record.get_kind_display(),
            record.label,
            record.unit.name if record.unit else "",
            record.ip_address or "",
            record.path,
        ]
        sheet.append([put(WriteOnlyCell(sheet), value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition("nhat-ky-truy-cap.xlsx", inline=False)
    return response
