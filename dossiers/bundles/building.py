"""The zip of a bundle, from a list of ``BundleFile``: no database, no Celery.

Each file's content is produced only when it is written, one file at a time, into a file the
caller opened (a temporary file on disk): the whole zip is never held in memory. Names are
UTF-8 (``zipfile`` sets the language-encoding flag for any name that is not plain ASCII), so
Vietnamese names open as written in Windows Explorer, macOS and Linux.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import shutil
import time
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from .naming import normalise_path, with_suffix

#: what ``BundleFile.produce`` returns: the bytes, or a binary file object read in chunks
Content = bytes | BinaryIO

#: kinds that are compressed already: stored as they are, deflating them only costs time (a
#: PDF's streams are deflated by whatever wrote it: deflating the file again gains a few percent)
STORED_SUFFIXES = (".jpg", ".jpeg", ".png", ".zip", ".docx", ".xlsx", ".pdf")
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class BundleFile:
    """One file of a bundle.

    ``path`` is relative (to the bundle's root folder, or, from a per-nominee provider, to the
    nominee's folder), parts separated by ``/``; build it with ``naming.join_path`` from names
    that come from user data. ``produce`` returns the content when the file is written: bytes,
    or a binary file object (read in 1 MiB chunks and closed).

    ``light``: producing it costs next to nothing (a stored file opened, a short text). In a
    worker, the files that are not light are produced in parallel by several tasks and kept on
    disk until the zip is written; light ones are written straight into the zip.
    """

    path: str
    produce: Callable[[], Content]
    light: bool = False


class BuildTooLong(Exception):
    """The builder passed its deadline."""


class FileFailed(Exception):
    """Producing or writing one file failed; ``cause`` is what went wrong."""

    def __init__(self, path: str, cause: BaseException):
        super().__init__(f"{path}: {cause!r}")
        self.path = path
        self.cause = cause


def resolve(files: Iterable[BundleFile]) -> list[BundleFile]:
    """The files with safe paths (``naming.normalise_path``), each path unique however the
    file system compares case: a second ``Báo cáo.pdf`` in a folder becomes ``Báo cáo (2).pdf``.
    The order is kept."""
    seen: set[str] = set()
    resolved = []
    for file in files:
        path = normalise_path(file.path)
        candidate, n = path, 1
        while candidate.casefold() in seen:
            n += 1
            candidate = with_suffix(path, n)
        seen.add(candidate.casefold())
        resolved.append(dataclasses.replace(file, path=candidate))
    return resolved


def zip_info(name: str, date_time: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.external_attr = 0o644 << 16
    stored = name.lower().endswith(STORED_SUFFIXES)
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    return info


def _copy(content: Content, target: BinaryIO) -> None:
    if isinstance(content, bytes | bytearray | memoryview):
        target.write(content)
        return
    try:
        shutil.copyfileobj(content, target, CHUNK)
    finally:
        content.close()


def folder_info(name: str, date_time: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name.rstrip("/") + "/", date_time=date_time)
    info.external_attr = (0o40755 << 16) | 0x10  # a directory, for Unix and for MS-DOS
    return info


def write_zip(
    target: BinaryIO,
    root: str,
    files: Sequence[BundleFile],
    *,
    moment: datetime.datetime,
    folders: Sequence[str] = (),
    on_file: Callable[[int], None] | None = None,
    deadline: float | None = None,
) -> None:
    """Write ``files`` (already ``resolve``d) under the folder ``root`` into ``target``.

    The root folder and each of ``folders`` (safe names, relative to the root: the nominees'
    folders) get an entry of their own first, so a folder shows even when nothing is in it.
    ``moment`` (local time) dates every entry. ``on_file(done)`` is called after each file.
    Before each file the ``deadline`` (a ``time.monotonic()`` value) is checked: past it,
    ``BuildTooLong``. A file whose content cannot be produced or written raises
    ``FileFailed`` naming it. ``target`` is left for the caller to close or remove.
    """
    date_time = (
        max(moment.year, 1980),
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
    )
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for folder in (root, *(f"{root}/{normalise_path(f)}" for f in folders)):
            archive.writestr(folder_info(folder, date_time), b"")
        for done, file in enumerate(files, start=1):
            if deadline is not None and time.monotonic() > deadline:
                raise BuildTooLong
            try:
                content = file.produce()
                info = zip_info(f"{root}/{file.path}", date_time)
                if isinstance(content, bytes | bytearray | memoryview):
                    info.file_size = len(content)
                with archive.open(info, "w") as entry:
                    _copy(content, entry)
            except (BuildTooLong, FileFailed):
                raise
            except Exception as error:
                raise FileFailed(file.path, error) from error
            if on_file is not None:
                on_file(done)


def write_files(
    folder: str,
    files: Iterable[tuple[int, BundleFile]],
    *,
    on_file: Callable[[int], None] | None = None,
    deadline: float | None = None,
) -> None:
    """Produce each ``(index, file)`` into ``folder`` (it exists), as ``part_name(index)``:
    the same checks and errors as ``write_zip``, and ``on_file(done)`` after each file. A file
    is renamed into place once it is whole, so a name that exists holds the whole content."""
    for done, (index, file) in enumerate(files, start=1):
        if deadline is not None and time.monotonic() > deadline:
            raise BuildTooLong
        target = os.path.join(folder, part_name(index))
        try:
            content = file.produce()
            with open(f"{target}.tmp", "wb") as handle:
                _copy(content, handle)
            os.replace(f"{target}.tmp", target)
        except (BuildTooLong, FileFailed):
            raise
        except Exception as error:
            raise FileFailed(file.path, error) from error
        if on_file is not None:
            on_file(done)


def part_name(index: int) -> str:
    return f"{index:06d}"


def produced(folder: str, file: BundleFile, index: int) -> BundleFile:
    """``file`` as ``write_files`` left it in ``folder``, to be written into the zip."""
    path = os.path.join(folder, part_name(index))
    return dataclasses.replace(file, produce=lambda: open(path, "rb"))
