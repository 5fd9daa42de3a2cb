"""The official documents in a level's bundle: the danh mục, the tờ trình, the list and the
biên bản of each closed vote session (PDF and Word) for the level, and each nominee's achievement
report (PDF and Word) in the campaign's form: every document the level's danh mục names.

The bundle builder imports this module before each build; see ``dossiers.bundles.providers``.
"""

from .bundles.providers import NOMINEE, BundleFile, join_path, register, register_scope
from .documents import context, pdf, rendering

# Hundreds of PDFs in one build: one font configuration and parsed stylesheet for all of them.
register_scope(pdf.shared_resources)


def _level_details(bundle_context) -> context.Details:
    unit = bundle_context.unit
    defaults = context.unit_defaults(unit, context.ancestors_of(unit))
    return context.Details.from_form({**defaults, "day": bundle_context.day})


#: each document is written as a PDF and as a Word file
FORMATS = ("pdf", "docx")


class OneHtml:
    """The HTML of one document for both its formats: the data are read and the template
    rendered when the first format is written (the other follows it in the zip), and dropped
    after the last."""

    def __init__(self, make_document, uses: int = len(FORMATS)):
        self.make_document = make_document
        self.left = uses
        self.html = None

    def __call__(self) -> str:
        html = self.html if self.html is not None else rendering.to_html(self.make_document())
        self.left -= 1
        self.html = html if self.left > 0 else None
        return html


def both_formats(stem: str, make_document):
    html = OneHtml(make_document)
    for fmt in FORMATS:
        yield BundleFile(
            join_path(f"{stem}.{fmt}"), lambda fmt=fmt: rendering.from_html(html(), fmt)
        )


@register(order=5)
def level_documents(bundle_context):
    campaign, unit, user = bundle_context.campaign, bundle_context.unit, bundle_context.user
    details = _level_details(bundle_context)
    documents = [
        ("00 - Danh mục hồ sơ", context.level_index),
        ("02 - Danh sách trích ngang", context.nominee_list),
    ]
    if context.sends_up(bundle_context.level):  # a level that only decides writes no tờ trình
        documents.insert(1, ("01 - Tờ trình", context.proposal))
    for name, build in documents:
        yield from both_formats(name, lambda build=build: build(campaign, unit, user, details))
    sessions = context.minutes_sessions(campaign, unit, user)
    for number, session in enumerate(sessions, start=1):
        name = "03 - Biên bản" if len(sessions) == 1 else f"03 - Biên bản ({number})"
        yield from both_formats(name, lambda session=session: _minutes(session, user))


def _minutes(session, user):
    details = context.Details.from_form(context.minutes_defaults(session))
    return context.minutes(session, user, details)


@register(per=NOMINEE, order=5)
def achievement_report(bundle_context, nominee):
    nomination = nominee.nomination

    def document():  # read when written, not when the files are listed
        details = context.Details.from_form(context.report_defaults(nomination))
        return context.achievement_report(nomination, details)

    yield from both_formats("Báo cáo tóm tắt thành tích", document)
