"""The consolidated Word file of a report request: every submitted unit report, section by
section, under the organiser's Party-format letterhead, as the working draft of the organiser's
own report. Three queries, however many units reported."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from campaigns.models import ReportRequest
from committees.models import Unit
from reports import services as reports

from . import docx
from . import party_format as pf


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in pf.nfc(text).splitlines() if line.strip()]


def consolidated_document(request: ReportRequest) -> dict:
    organiser = request.campaign.organiser
    ancestors = list(Unit.objects.get_ancestors(organiser))
    submitted = list(reports.submitted_reports(request))
    rows = reports.overview_rows(request)
    missing = [pf.nfc(row["unit"].name) for row in rows if not row["submitted"]]
    sections = []
    for section in request.sections:
        entries = []
        for report in submitted:
            text = paragraphs(report.text_of(section["number"]))
            entries.append(
                {
                    "unit": pf.nfc(report.unit.name),
                    "paragraphs": text,
                    "file_only": not text and bool(report.file),
                }
            )
        sections.append(
            {"number": section["number"], "title": pf.upper(section["title"]), "entries": entries}
        )
    day = timezone.localdate()
    return {
        "letterhead": pf.letterhead(
            organiser,
            ancestors[-1] if ancestors else None,
            number="",
            type_code=None,
            place=pf.place_of(organiser, ancestors),
            day=day,
        ),
        "title": pf.nfc(request.title),
        "campaign_title": pf.nfc(request.campaign.title),
        "submitted_count": len(submitted),
        "unit_count": len(rows),
        "units": [pf.nfc(r.unit.name) for r in submitted],
        "missing": missing,
        "sections": sections,
    }


def consolidated_html(request: ReportRequest) -> str:
    with translation.override("vi"):
        html = render_to_string(
            "documents/print/bao_cao_tong_hop.html", consolidated_document(request)
        )
    return pf.nfc(html)


def consolidated_docx(request: ReportRequest) -> bytes:
    return docx.html_to_docx(consolidated_html(request))
