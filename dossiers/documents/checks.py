"""Checks on rendered documents, registered for submission in ``DossiersConfig.ready``.

Seed 002: "báo cáo thành tích tối đa 02 trang A4". A page count is only known after layout, so
the report is rendered (about a tenth of a second for two pages) and its pages are counted.
"""

from __future__ import annotations

from django.utils.translation import ngettext

from . import context, forms_registry, pdf, rendering


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


__all__ = ["achievement_report_page_count", "check_campaign_report_length", "check_report_length"]
