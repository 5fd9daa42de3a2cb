"""A one-page PDF to stand in for a real document: the demo attaches it to the nominations it
puts under way, so that they can be appraised. Written by hand (one page, one line of text in a
standard font), so it needs no PDF library and is valid for any viewer."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from core.downloads import ascii_name

from .validators import PDF


def _pdf_text(text: str) -> str:
    """The standard PDF fonts have no Vietnamese letters: keep the base letters only."""
    return ascii_name(text).replace("(", "\\(").replace(")", "\\)")


def sample_pdf(title: str) -> bytes:
    stream = f"BT /F1 14 Tf 56 780 Td ({_pdf_text(title)}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def sample_upload(title: str, filename: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(filename, sample_pdf(title), content_type=PDF.content_type)
