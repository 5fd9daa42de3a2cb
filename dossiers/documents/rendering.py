"""A document's dict → HTML (the template of its kind) → PDF, DOCX or XLSX bytes."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from core.downloads import DOCX_CONTENT_TYPE

from . import docx, forms_registry, pdf, xlsx
from . import party_format as pf

#: the template of each kind of document; the achievement report's is chosen per campaign
TEMPLATES = {
    "to_trinh": "documents/print/to_trinh.html",
    "danh_sach": "documents/print/danh_sach.html",
    "bien_ban": "documents/print/bien_ban.html",
    "danh_muc": "documents/print/danh_muc.html",
    "dang_ky": "documents/registration/mau_1_bon_tot.html",
    "quyet_dinh": "documents/print/quyet_dinh.html",
}

CONTENT_TYPES = {
    "pdf": pdf.PDF_CONTENT_TYPE,
    "docx": DOCX_CONTENT_TYPE,
    "xlsx": xlsx.XLSX_CONTENT_TYPE,
}


def template_for(document: dict) -> str:
    if document["document"] == "bao_cao":
        return forms_registry.achievement_template(document["campaign"])
    return TEMPLATES[document["document"]]


def to_html(document: dict) -> str:
    """The document as HTML, in NFC. Rendered in Vietnamese whatever the page language (the
    templates' text is Vietnamese; this keeps any filter that formats numbers or dates in step)."""
    with translation.override("vi"):
        html = render_to_string(template_for(document), document)
    return pf.nfc(html)


def to_pdf(document: dict) -> bytes:
    return pdf.write_pdf(to_html(document))


def to_docx(document: dict) -> bytes:
    return docx.html_to_docx(to_html(document))


def to_xlsx(document: dict) -> bytes:
    if document["document"] != "danh_sach":
        raise ValueError("Only lists are written as spreadsheets.")
    return xlsx.nominee_list_workbook(document)


WRITERS = {"pdf": to_pdf, "docx": to_docx, "xlsx": to_xlsx}
#: the formats written from the HTML alone (``from_html``)
HTML_WRITERS = {"pdf": pdf.write_pdf, "docx": docx.html_to_docx}


def write(document: dict, fmt: str) -> bytes:
    return WRITERS[fmt](document)


def from_html(html: str, fmt: str) -> bytes:
    """The PDF or the Word file of a document already turned into HTML (``to_html``): both
    formats of one document from a single reading of the data."""
    return HTML_WRITERS[fmt](html)
