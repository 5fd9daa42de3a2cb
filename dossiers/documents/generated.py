"""The documents a filer may attach as a generated copy, registered with
``nominations.generated`` in ``DossiersConfig.ready``. Each calls the renderer the download
pages use, with the details prefilled as on their forms; nothing here changes how a document
is written."""

from __future__ import annotations

from django.utils.text import slugify

from . import context, rendering


def achievement_report_pdf(nomination) -> tuple[str, bytes]:
    """The nomination's achievement report, in its campaign's form, from the typed summary."""
    details = context.Details.from_form(context.report_defaults(nomination))
    document = context.achievement_report(nomination, details)
    stem = slugify(f"bao-cao-thanh-tich-{nomination.nominee_name}") or "bao-cao-thanh-tich"
    return f"{stem}.pdf", rendering.write(document, "pdf")


__all__ = ["achievement_report_pdf"]
