"""Folder and file names inside a bundle: Vietnamese kept (NFC), nothing from user data that
could act as a path separator, climb out of its folder, or upset Windows Explorer (where most
bundles are opened). Pure functions."""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath

#: the longest folder or file name kept (the extension is kept whole)
MAX_SEGMENT = 120
#: a separator in user data becomes a dash: "Số 12/QĐ-UBND" → "Số 12-QĐ-UBND"
_SEPARATORS = re.compile(r"[/\\:]")
#: characters Windows refuses in a name
_WINDOWS_RESERVED_CHARS = re.compile(r'[<>"|?*]')
_WINDOWS_RESERVED_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{n}" for n in range(1, 10)}
    | {f"LPT{n}" for n in range(1, 10)}
)
FALLBACK = "_"


def safe_segment(text: str, *, fallback: str = FALLBACK) -> str:
    """One folder or file name from any text: NFC; path separators (``/``, ``\\``, ``:``) become
    ``-``; control and format characters (a right-to-left override, say) are dropped; white
    space is folded; leading and trailing dots and spaces go (so ``..`` is never a name); at
    most ``MAX_SEGMENT`` characters with the extension kept. An empty result is ``fallback``."""
    text = unicodedata.normalize("NFC", str(text or ""))
    text = _SEPARATORS.sub("-", text)
    text = _WINDOWS_RESERVED_CHARS.sub("_", text)
    text = "".join(" " if ch.isspace() else ch for ch in text)
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("C"))
    text = " ".join(text.split()).strip(" .")
    if len(text) > MAX_SEGMENT:
        suffix = PurePosixPath(text).suffix
        suffix = suffix if len(suffix) <= 10 else ""
        text = text[: MAX_SEGMENT - len(suffix)].rstrip(" .") + suffix
    if text.split(".", 1)[0].upper() in _WINDOWS_RESERVED_NAMES:
        text = "_" + text
    return text or fallback


def join_path(*segments: str) -> str:
    """A path inside the bundle from names that may come from user data: each one made safe
    by ``safe_segment`` (so a ``/`` in a name never opens a folder), joined with ``/``."""
    return "/".join(safe_segment(segment) for segment in segments)


def normalise_path(path: str) -> str:
    """The builder's own guard, whatever a provider hands it: split on ``/`` and ``\\``, drop
    empty, ``.`` and ``..`` parts, make each part safe. The result is always relative and
    stays inside the bundle's root folder."""
    parts = [
        part
        for part in re.split(r"[/\\]", unicodedata.normalize("NFC", path or ""))
        if part.strip(" .")
    ]
    return "/".join(safe_segment(part) for part in parts) or FALLBACK


def numbered(number: int, width: int, name: str) -> str:
    """``"07 - Nguyễn Văn A"``: the number zero-padded to ``width`` digits."""
    return safe_segment(f"{number:0{width}d} - {safe_segment(name)}")


def number_width(count: int) -> int:
    """Two digits, or more when there are more than 99 nominees: names sort in list order."""
    return max(2, len(str(count)))


def with_suffix(path: str, n: int) -> str:
    """``a/b/Báo cáo.pdf`` → ``a/b/Báo cáo (2).pdf``."""
    folder, _sep, name = path.rpartition("/")
    pure = PurePosixPath(name)
    suffix = pure.suffix if 0 < len(pure.suffix) <= 10 and pure.stem else ""
    stem = name[: len(name) - len(suffix)] if suffix else name
    renamed = f"{stem} ({n}){suffix}"
    return f"{folder}/{renamed}" if folder else renamed
