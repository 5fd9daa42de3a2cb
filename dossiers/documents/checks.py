"""Checks on rendered documents, registered for submission in ``DossiersConfig.ready``.

Seed 002: "báo cáo thành tích tối đa 02 trang A4". A page count is only known after layout, so
the report is rendered (about a tenth of a second for two pages) and its pages are counted. The
limit holds for the report the unit uploads too (a document whose code starts with
``bao-cao``): a PDF's pages are counted, an image is one page, and a Word or other file, whose
pages only a word processor knows, is refused with a request for the PDF.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from . import context, forms_registry, pdf, rendering

#: the documents that are an achievement report, by the start of their code
REPORT_CODE_PREFIX = "bao-cao"


def achievement_report_page_count(nomination) -> int:
    """The number of A4 pages of the nomination's achievement report, in its campaign's form,
    with the details prefilled as on the download form."""
    details = context.Details.from_form(context.report_defaults(nomination))
    document = context.achievement_report(nomination, details)
    return pdf.page_count(rendering.to_html(document))


def check_report_length(nomination, max_pages: int) -> str | None:
    """None when the report fits in ``max_pages``; otherwise the message to show the filer."""
    pages = achievement_report_page_count(nomination)
    if pages <= max_pages:
        return None
    return ngettext(
        "The achievement report is %(pages)s A4 pages long; this campaign allows at most "
        "%(max)s page. Shorten the achievement summary.",
        "The achievement report is %(pages)s A4 pages long; this campaign allows at most "
        "%(max)s pages. Shorten the achievement summary.",
        max_pages,
    ) % {"pages": pages, "max": max_pages}


def check_campaign_report_length(nomination) -> str | None:
    """The check with the limit of the nomination's campaign (``forms_registry``), if any."""
    limit = forms_registry.report_page_limit(nomination.campaign)
    if limit is None:
        return None
    return check_report_length(nomination, limit)


def uploaded_page_count(evidence) -> int | None:
    """The pages of an uploaded file: a PDF's, 1 for an image, None when it cannot be counted
    without a word processor (DOCX, ODT, …) or the PDF cannot be read."""
    content_type = evidence.content_type or ""
    if content_type.startswith("image/"):
        return 1
    if content_type != "application/pdf":
        return None
    try:
        with evidence.file.open("rb") as handle:
            return len(PdfReader(handle).pages)
    except (PyPdfError, OSError, ValueError):
        return None


def check_uploaded_report_length(nomination) -> str | None:
    """The campaign's page limit applied to the achievement reports the unit uploaded."""
    limit = forms_registry.report_page_limit(nomination.campaign)
    if limit is None:
        return None
    reports = nomination.evidence.filter(requirement__code__startswith=REPORT_CODE_PREFIX).order_by(
        "id"
    )
    for evidence in reports:
        pages = uploaded_page_count(evidence)
        if pages is None:
            return _(
                "The achievement report “%(name)s” must be uploaded as a PDF so that its pages "
                "can be counted (this campaign allows at most %(max)s A4 pages)."
            ) % {"name": evidence.original_name, "max": limit}
        if pages > limit:
            return ngettext(
                "The uploaded achievement report “%(name)s” is %(pages)s A4 pages long; this "
                "campaign allows at most %(max)s page.",
                "The uploaded achievement report “%(name)s” is %(pages)s A4 pages long; this "
                "campaign allows at most %(max)s pages.",
                limit,
            ) % {"name": evidence.original_name, "pages": pages, "max": limit}
    return None


__all__ = [
    "achievement_report_page_count",
    "check_campaign_report_length",
    "check_report_length",
    "check_uploaded_report_length",
]
