"""The documents a filer may attach as a generated copy, registered with
``nominations.generated`` in ``DossiersConfig.ready``. Each calls the renderer the download
pages use, with the details prefilled as on their forms; nothing here changes how a document
is written."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import context, rendering


def achievement_report_pdf(nomination) -> tuple[str, bytes]:
    """The nomination's achievement report, in its campaign's form, from the typed summary."""
    details = context.Details.from_form(context.report_defaults(nomination))
    document = context.achievement_report(nomination, details)
    stem = slugify(f"bao-cao-thanh-tich-{nomination.nominee_name}") or "bao-cao-thanh-tich"
    return f"{stem}.pdf", rendering.write(document, "pdf")


def registration_pdf(nomination) -> tuple[str, bytes]:
    """Mẫu 1 (seed 001) of the party organisation the nomination is for: its registration of
    the four criteria, with the commitments it recorded when it registered in the movement,
    dated today and for this year as the download page prefills it. Only a collective nominee
    registers: a person's nomination is refused with a message at the document."""
    unit = nomination.collective
    if unit is None or not unit.is_party_organisation:
        raise ValidationError(
            _(
                "The registration form (Mẫu 1) is that of a party cell or committee: only the "
                "nomination of a party organisation has one. Upload the file."
            )
        )
    values = context.unit_defaults(unit, context.ancestors_of(unit))
    values["year"] = values["day"].year
    document = context.registration(nomination.campaign, unit, context.Details.from_form(values))
    stem = slugify(f"dang-ky-thi-dua-{unit.code}") or "dang-ky-thi-dua"
    return f"{stem}.pdf", rendering.write(document, "pdf")


def nominee_list_pdf(nomination) -> tuple[str, bytes]:
    """The danh sách trích ngang of this one nominee (name, title, unit, achievement summary,
    phone), issued by the filing unit."""
    unit = nomination.filing_unit
    details = context.Details.from_form(context.unit_defaults(unit, context.ancestors_of(unit)))
    document = context.nomination_list(nomination, details)
    stem = slugify(f"danh-sach-trich-ngang-{nomination.nominee_name}") or "danh-sach-trich-ngang"
    return f"{stem}.pdf", rendering.write(document, "pdf")


__all__ = ["achievement_report_pdf", "nominee_list_pdf", "registration_pdf"]
