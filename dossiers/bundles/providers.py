"""What goes into a bundle: a registry of providers.

A provider is a callable that lists files; it never builds the zip. Two kinds:

- a **level-wide** provider, ``provider(context) -> Iterable[BundleFile]``: files about the
  whole level (the list, the cover, a tờ trình, a biên bản), with paths relative to the
  bundle's root folder;
- a **per-nominee** provider, ``provider(context, nominee) -> Iterable[BundleFile]``: files of
  one nominee (their evidence, their achievement report), with paths relative to that
  nominee's folder (``"07 - Nguyễn Văn A/"``, added by the builder).

Register one with ``register(provider)`` or ``register(provider, per=NOMINEE)`` (or as a
decorator, ``@register(per=NOMINEE, order=20)``). Providers run in ``order`` (then in the order
they were registered); files keep that order in the zip and on the cover. Build paths with
``join_path`` from names that come from user data. A provider's content is produced only when
its file is written, in the worker: make ``produce`` a closure, not the bytes. Mark ``light``
a file that costs next to nothing to produce (a stored file opened): in a worker the others are
produced in parallel by several tasks (``tasks``), each of which lists the files again, so
listing must be cheap and give the same files every time; read the data in ``produce``.

Modules named ``bundle_providers`` in any installed app (``dossiers/bundle_providers.py``, say)
are imported before each build, so a module there that calls ``register`` plugs in without
changing this package. A provider that wants to stop the build with a message for the user
raises ``BundleError("...")``; anything else it raises is logged and reported by type.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from campaigns.models import Campaign, DocumentRequirement, ReviewLevel
from committees.models import Unit
from nominations.exports import final_list_workbook
from nominations.models import Nomination

from ..models import DossierBundle
from .building import BundleFile
from .naming import join_path, number_width, numbered

__all__ = [
    "LEVEL",
    "NOMINEE",
    "BundleContext",
    "BundleError",
    "BundleFile",
    "Nominee",
    "collect",
    "join_path",
    "register",
    "register_scope",
    "unregister",
]

LEVEL = "level"
NOMINEE = "nominee"

#: the Vietnamese names of the built-in files (the bundle is a Party dossier, in Vietnamese)
LIST_NAME = "00 - Danh sách.xlsx"
COVER_NAME = "00 - Danh mục hồ sơ.txt"
OTHER_EVIDENCE = "Tài liệu khác"


class BundleError(Exception):
    """Raised by a provider to stop the build; its message is shown to the user as it is."""


@dataclass
class Nominee:
    """One nominee of the bundle: its number in the list and its folder."""

    number: int
    nomination: Nomination
    folder: str


@dataclass
class BundleContext:
    """Everything a provider may read, loaded once per build (``selection.prepared``).

    ``nominees`` are in list order, each ``nomination`` with ``person``/``collective``,
    ``category``, ``filing_unit``, ``bundle_evidence`` (its files, requirement loaded),
    ``eligibility``, ``missing_documents``, ``dossier_complete``, ``decision_text`` and
    ``came_through``. ``manifest`` is filled with the final path of every file (relative to
    ``root``) after all providers have listed theirs and before any content is produced.
    """

    bundle: DossierBundle
    campaign: Campaign
    unit: Unit
    level: ReviewLevel
    user: object
    day: datetime.date
    moment: datetime.datetime
    root: str
    nominees: list[Nominee]
    requirements: list[DocumentRequirement]
    manifest: list[str] = field(default_factory=list)

    @property
    def nominations(self) -> list[Nomination]:
        return [nominee.nomination for nominee in self.nominees]


@dataclass(frozen=True)
class _Entry:
    provider: Callable
    order: int
    sequence: int


_registry: dict[str, list[_Entry]] = {LEVEL: [], NOMINEE: []}
_sequence = 0


def register(provider: Callable | None = None, *, per: str = LEVEL, order: int = 100):
    """Add ``provider`` to the level-wide (``per=LEVEL``) or per-nominee (``per=NOMINEE``)
    providers, run in ``order`` (lower first). Registering the same callable again changes
    nothing. Usable as ``register(f)``, ``register(f, per=NOMINEE)`` or as a decorator."""
    if per not in _registry:
        raise ValueError(f"per must be {LEVEL!r} or {NOMINEE!r}")

    def add(function: Callable) -> Callable:
        global _sequence
        if not any(entry.provider is function for entry in _registry[per]):
            _sequence += 1
            _registry[per].append(_Entry(function, order, _sequence))
            _registry[per].sort(key=lambda entry: (entry.order, entry.sequence))
        return function

    return add(provider) if provider is not None else add


def unregister(provider: Callable) -> None:
    for entries in _registry.values():
        entries[:] = [entry for entry in entries if entry.provider is not provider]


#: context managers entered around the production of a bundle's files (``producing``)
_scopes: list[Callable[[], contextlib.AbstractContextManager]] = []


def register_scope(factory: Callable[[], contextlib.AbstractContextManager]) -> None:
    """Enter ``factory()`` around the production of every bundle's files, in each task that
    produces some: resources that a provider's files share (the documents' fonts and
    stylesheet, say) live as long as one build."""
    if factory not in _scopes:
        _scopes.append(factory)


@contextlib.contextmanager
def producing():
    with contextlib.ExitStack() as stack:
        for factory in _scopes:
            stack.enter_context(factory())
        yield


def providers(per: str) -> list[Callable]:
    return [entry.provider for entry in _registry[per]]


def discover() -> None:
    """Import every installed app's ``bundle_providers`` module (once; Python caches it)."""
    autodiscover_modules("bundle_providers")


class ListingFailed(Exception):
    """A provider raised while listing its files; ``nominee`` is None for a level-wide one."""

    def __init__(self, nominee: Nominee | None, cause: BaseException):
        super().__init__(repr(cause))
        self.nominee = nominee
        self.cause = cause


def collect(context: BundleContext) -> list[BundleFile]:
    """Every file of the bundle, unresolved: the level-wide ones, then each nominee's, under
    the nominee's folder."""
    return [file for group in collect_groups(context) for file in group]


def collect_groups(context: BundleContext) -> list[list[BundleFile]]:
    """``collect``'s files in groups: the level-wide ones, then one group per nominee."""
    level: list[BundleFile] = []
    for provider in providers(LEVEL):
        try:
            level.extend(provider(context))
        except Exception as error:
            raise ListingFailed(None, error) from error
    groups = [level]
    for nominee in context.nominees:
        files: list[BundleFile] = []
        for provider in providers(NOMINEE):
            try:
                files.extend(
                    dataclasses.replace(file, path=f"{nominee.folder}/{file.path}")
                    for file in provider(context, nominee)
                )
            except Exception as error:
                raise ListingFailed(nominee, error) from error
        groups.append(files)
    return groups


def nominees_of(nominations: list[Nomination]) -> list[Nominee]:
    width = number_width(len(nominations))
    return [
        Nominee(number, nomination, numbered(number, width, nomination.nominee_name))
        for number, nomination in enumerate(nominations, start=1)
    ]


# --- the providers shipped with the bundle -----------------------------------------------------


def evidence_files(context: BundleContext, nominee: Nominee) -> Iterable[BundleFile]:
    """Every file attached to the nomination, under the name of the document it was attached
    for (or "Tài liệu khác") and the name it was uploaded with."""
    for evidence in nominee.nomination.bundle_evidence:
        folder = evidence.requirement.name if evidence.requirement_id else OTHER_EVIDENCE
        yield BundleFile(join_path(folder, evidence.original_name), _opener(evidence), light=True)


def _opener(evidence) -> Callable:
    def produce():
        try:
            return evidence.file.open("rb")
        except FileNotFoundError:
            raise BundleError(
                _("the stored file of %(name)s is missing") % {"name": evidence.original_name}
            ) from None

    return produce


def nominee_list(context: BundleContext) -> Iterable[BundleFile]:
    """The list of nominees, in the order of the folders, as the final list's spreadsheet."""
    yield BundleFile(
        LIST_NAME, lambda: final_list_workbook(context.campaign, context.nominations), light=True
    )


def cover(context: BundleContext) -> Iterable[BundleFile]:
    """``00 - Danh mục hồ sơ.txt``: what the bundle is, the documents the campaign asks for
    with their number of copies, the nominees, and every file of the bundle."""
    yield BundleFile(COVER_NAME, lambda: cover_text(context).encode("utf-8-sig"), light=True)


def copies_text(copies: int) -> str:
    return f"{copies:02d} bộ"


def cover_text(context: BundleContext) -> str:
    """Plain text with Windows line ends and a byte-order mark (``cover``), so that every
    Notepad shows the Vietnamese letters and the lines."""
    unit, campaign = context.unit, context.campaign
    out = io.StringIO()

    def line(text: str = "") -> None:
        out.write(text + "\r\n")

    line("DANH MỤC HỒ SƠ")
    line(f"Đợt khen thưởng: {campaign.title}")
    line(f"Đơn vị: {unit.name} ({unit.code})")
    line(f"Cấp xét: {context.level.name}")
    line(f"Ngày lập: {context.day:%d/%m/%Y}")
    line(f"Số hồ sơ đề nghị: {len(context.nominees)}")
    line()
    line("I. TÀI LIỆU THEO YÊU CẦU VÀ SỐ BẢN")
    if not context.requirements:
        line("Đợt khen thưởng không yêu cầu tài liệu nào.")
    for number, requirement in enumerate(context.requirements, start=1):
        notes = ["bắt buộc" if requirement.required else "nếu có"]
        if requirement.category_id:
            notes.append(f"chỉ loại {requirement.category.name}")
        copies = copies_text(requirement.copies)
        if requirement.copies_to_superior:
            copies += f"; hồ sơ trình cấp trên: {copies_text(requirement.copies_to_superior)}"
        line(f"{number}. {requirement.name}: {copies} ({', '.join(notes)})")
    line()
    line("II. DANH SÁCH HỒ SƠ ĐỀ NGHỊ")
    for nominee in context.nominees:
        nomination = nominee.nomination
        line(f"{nominee.folder} · {nomination.category.name} · {nomination.filing_unit.name}")
        if nomination.missing_documents:
            line(f"    Còn thiếu: {', '.join(nomination.missing_documents)}")
    line()
    line(f"III. CÁC TỆP TRONG BỘ HỒ SƠ ({len(context.manifest)} tệp)")
    for path in context.manifest:
        line(path)
    return out.getvalue()


register(cover, order=0)
register(nominee_list, order=10)
register(evidence_files, per=NOMINEE, order=10)
