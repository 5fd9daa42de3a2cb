"""What a piece of evidence may be: a PDF, a JPEG or PNG image, or a Word document (.docx).

The content decides, never the name alone: the first bytes of the file say what it is (a .docx is
an OpenXML zip holding a Word document, checked with the importer's zip-bomb guard), and the
name's extension must say the same thing. Pure functions: nothing here touches the database, so
every rule is tested on bytes. Errors are ``ValidationError``s at the ``file`` field.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from committees.imports.reading import ArchiveRefused, check_zip_archive

FIELD = "file"
#: the longest name kept for display (the extension is kept whole)
MAX_NAME_LENGTH = 150
#: the bytes read to recognise a file
HEAD_BYTES = 8


@dataclass(frozen=True)
class FileKind:
    code: str
    label: str
    content_type: str
    extensions: tuple[str, ...]

    @property
    def extension(self) -> str:
        """The extension a stored file of this kind gets, whatever the uploaded name said."""
        return self.extensions[0]

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


PDF = FileKind("pdf", "PDF", "application/pdf", (".pdf",))
JPEG = FileKind("jpeg", "JPEG", "image/jpeg", (".jpg", ".jpeg"))
PNG = FileKind("png", "PNG", "image/png", (".png",))
DOCX = FileKind(
    "docx",
    "Word (.docx)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
KINDS: tuple[FileKind, ...] = (PDF, JPEG, PNG, DOCX)
BY_CONTENT_TYPE = {kind.content_type: kind for kind in KINDS}
ACCEPT = ",".join(ext for kind in KINDS for ext in kind.extensions)

PDF_MAGIC = b"%PDF-"
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
DOCX_PARTS = ("[Content_Types].xml", "word/document.xml")
#: a macro-enabled document (.docm) renamed .docx carries this part; it is not accepted
DOCX_MACROS = "word/vbaProject.bin"

_SEPARATORS = re.compile(r"[/\\]")
_WHITE_SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed every check: what it is, and the name to show for it."""

    kind: FileKind
    name: str
    size: int


def refuse(message: str) -> ValidationError:
    return ValidationError({FIELD: message})


def display_name(name: str | None) -> str:
    """The uploaded name made safe to show and to put in a header: its last path part only,
    without control or format characters (such as a right-to-left override), without ``..``,
    leading or trailing dots and spaces, white space folded, at most ``MAX_NAME_LENGTH``
    characters with the extension kept. Vietnamese letters stay (NFC-composed).

    The name is for display only: the stored file is always named by a random uuid.
    """
    text = unicodedata.normalize("NFC", name or "")
    text = _SEPARATORS.split(text)[-1]
    text = _WHITE_SPACE.sub(" ", text)  # a tab or a line break becomes a space, not nothing
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("C"))
    while ".." in text:
        text = text.replace("..", ".")
    text = " ".join(text.split()).strip(" .")
    if len(text) > MAX_NAME_LENGTH:
        path = PurePosixPath(text)
        suffix = path.suffix if len(path.suffix) <= 10 else ""
        text = text[: MAX_NAME_LENGTH - len(suffix)].rstrip(" .") + suffix
    return text


def extension_of(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


def kind_for_extension(extension: str) -> FileKind | None:
    return next((kind for kind in KINDS if extension in kind.extensions), None)


def detect_kind(file, *, max_unpacked: int) -> FileKind | None:
    """What ``file`` (a seekable binary file) holds, from its content; ``None`` when it is none
    of the accepted kinds. A zip that would unpack to an unreasonable size is refused outright.
    Reads only the first bytes (and, for a zip, its directory); leaves the file at its start.
    """
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    if head.startswith(PDF_MAGIC):
        return PDF
    if head.startswith(JPEG_MAGIC):
        return JPEG
    if head.startswith(PNG_MAGIC):
        return PNG
    try:
        members = check_zip_archive(file, DOCX_PARTS, max_unpacked=max_unpacked)
    except ArchiveRefused as refused:
        if refused.too_big:
            message = _("This document unpacks to an unreasonable size and was refused.")
            raise refuse(message) from None
        return None
    if any(member.filename == DOCX_MACROS for member in members):
        return None
    return DOCX


def check_upload(
    file, name: str | None, size: int | None, *, max_bytes: int, max_unpacked: int
) -> CheckedFile:
    """Check an uploaded file before anything is stored: its declared size first (nothing of the
    body is read for an oversized or empty file), then its name's extension, then its content.
    """
    if file is None:
        raise refuse(_("Choose the file to attach."))
    size = int(size or 0)
    if size > max_bytes:
        raise refuse(_("The file is larger than %(limit)s.") % {"limit": filesizeformat(max_bytes)})
    if size == 0:
        raise refuse(_("The file is empty."))
    shown = display_name(name)
    expected = kind_for_extension(extension_of(shown))
    if expected is None:
        raise refuse(_("Only PDF, JPEG, PNG and Word (.docx) files can be attached."))
    detected = detect_kind(file, max_unpacked=max_unpacked)
    if detected is None:
        raise refuse(
            _("The file's content does not match its name: it is not a %(expected)s file.")
            % {"expected": expected.label}
        )
    if detected != expected:
        raise refuse(
            _(
                "The file's content does not match its name: it is a %(detected)s file, "
                "not a %(expected)s file."
            )
            % {"detected": detected.label, "expected": expected.label}
        )
    return CheckedFile(kind=detected, name=shown, size=size)
