"""The official documents in a level's bundle: the tờ trình and the list (PDF and Word) for the
level, and each nominee's achievement report (PDF and Word) in the campaign's form.

The bundle builder imports this module before each build; see ``dossiers.bundles.providers``.
"""

from .bundles.providers import NOMINEE, BundleFile, join_path, register
from .documents import context, rendering


def _level_details(bundle_context) -> context.Details:
    unit = bundle_context.unit
    defaults = context.unit_defaults(unit, context.ancestors_of(unit))
    return context.Details.from_form({**defaults, "day": bundle_context.day})


@register(order=5)
def level_documents(bundle_context):
    campaign, unit, user = bundle_context.campaign, bundle_context.unit, bundle_context.user
    details = _level_details(bundle_context)
    documents = [("02 - Danh sách trích ngang", context.nominee_list)]
    if bundle_context.level.can_forward:  # the top level writes no tờ trình: it decides
        documents.insert(0, ("01 - Tờ trình", context.proposal))
    for name, build in documents:
        for fmt in ("pdf", "docx"):
            yield BundleFile(
                f"{name}.{fmt}",
                lambda build=build, fmt=fmt: rendering.write(
                    build(campaign, unit, user, details), fmt),
            )


@register(per=NOMINEE, order=5)
def achievement_report(bundle_context, nominee):
    nomination = nominee.nomination
    details = context.Details.from_form(context.report_defaults(nomination))
    for fmt in ("pdf", "docx"):
        yield BundleFile(
            join_path(f"Báo cáo tóm tắt thành tích.{fmt}"),
            lambda fmt=fmt: rendering.write(context.achievement_report(nomination, details), fmt),
        )
