"""The name of a downloaded file, in the ``Content-Disposition`` header every download sends."""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ascii_name(name: str) -> str:
    """``name`` in plain ASCII, for clients that read only the old ``filename=`` parameter of a
    download: Vietnamese letters lose their marks (Đ becomes D), quotes and backslashes become
    ``_``, anything else outside ASCII is dropped."""
    text = unicodedata.normalize("NFKD", name.replace("Đ", "D").replace("đ", "d"))
    text = "".join(ch for ch in text if ord(ch) < 128 and ch.isprintable())
    return text.replace("\\", "_").replace('"', "_")


def content_disposition(name: str, *, inline: bool) -> str:
    """``attachment`` (or ``inline``) with the name as ASCII in ``filename`` for old clients and,
    when it has Vietnamese letters, whole in ``filename*`` (RFC 5987, UTF-8)."""
    disposition = "inline" if inline else "attachment"
    fallback = ascii_name(name) or "tai-lieu"
    header = f'{disposition}; filename="{fallback}"'
    if fallback != name:
        header += f"; filename*=utf-8''{quote(name, safe='')}"
    return header
