"""Word files as a clerk sees them: converted to PDF by LibreOffice headless, once per test session.

``soffice`` runs with a private profile (``-env:UserInstallation``) in a temporary folder, so two
test runs on one machine never share (and lock) a profile. Every DOCX is converted once: the
converter keeps the PDF of each file it has seen, keyed by its content. Without ``soffice`` the
tests that need it are skipped, unless ``REQUIRE_BROWSER=1`` (as in CI), where they fail.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

SOFFICE_TIMEOUT = 240


class LibreOffice:
    def __init__(self, soffice: str, work: Path):
        self.soffice = soffice
        self.work = work
        self.profile = (work / "profile").as_uri()
        self.pdfs: dict[str, bytes] = {}

    def to_pdf(self, docx: bytes) -> bytes:
        return self.convert([docx])[0]

    def convert(self, files: list[bytes]) -> list[bytes]:
        """The PDF of each DOCX, converting in one ``soffice`` run the ones not seen yet."""
        keys = [hashlib.sha256(data).hexdigest() for data in files]
        todo = {key: data for key, data in zip(keys, files, strict=True) if key not in self.pdfs}
        if todo:
            folder = Path(tempfile.mkdtemp(dir=self.work))
            paths = []
            for key, data in todo.items():
                path = folder / f"{key}.docx"
                path.write_bytes(data)
                paths.append(str(path))
            subprocess.run(  # noqa: S603  (our own soffice, our own temporary files)
                [
                    self.soffice,
                    f"-env:UserInstallation={self.profile}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf:writer_pdf_Export",
                    "--outdir",
                    str(folder),
                    *paths,
                ],
                check=True,
                capture_output=True,
                timeout=SOFFICE_TIMEOUT,
            )
            for key in todo:
                self.pdfs[key] = (folder / f"{key}.pdf").read_bytes()
        return [self.pdfs[key] for key in keys]


def required() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "").strip() == "1"


@pytest.fixture(scope="session")
def libreoffice():
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        reason = "soffice is missing: install Debian's libreoffice-writer-nogui to check Word files"
        if required():
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    work = Path(tempfile.mkdtemp(prefix="docx-check-"))
    try:
        yield LibreOffice(soffice, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
