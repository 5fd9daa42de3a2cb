"""HTML → PDF with WeasyPrint, never touching the network.

* One ``FontConfiguration`` per render, passed to both ``CSS()`` and ``write_pdf()``: the
  ``@font-face`` rules of the Party stylesheet name the installed Liberation Serif faces (regular,
  bold, italic, bold italic) through fontconfig, and WeasyPrint embeds subsets of them. Inside
  ``shared_resources()`` (a bundle of hundreds of documents) every render of the thread reuses
  one font configuration, fetcher and parsed stylesheet: parsing the stylesheet and loading its
  faces cost a tenth of each render.
* ``StaticOnlyFetcher`` is the only URL fetcher. It serves two things: the project's static files
  under a private origin, and the installed font files that fontconfig resolves the ``local()``
  faces to (WeasyPrint reads those through the fetcher as ``file://`` URLs). It refuses (raises)
  everything else: http(s) to anywhere, any other file, data:. The templates reference nothing
  external and user text is escaped by the template engine, so nothing else ever reaches it; it
  is the lock on the door.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import mimetypes
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

STYLESHEET = Path(__file__).with_name("party_format.css")
#: the origin relative URLs resolve against; ".invalid" can never resolve to a host (RFC 2606)
ORIGIN = "https://documents.invalid"
BASE_URL = f"{ORIGIN}/"
PDF_CONTENT_TYPE = "application/pdf"
#: where the system's fonts are installed (Debian's fonts-liberation2 puts Liberation Serif in
#: /usr/share/fonts/truetype/liberation2)
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
FONT_SUFFIXES = frozenset({".ttf", ".otf", ".ttc"})


class ResourceRefused(ValueError):
    """A document asked for something other than one of our static files."""


def _allowed_roots() -> list[Path]:
    roots = [
        Path(settings.STATIC_ROOT),
        *(Path(d) for d in settings.STATICFILES_DIRS),
        Path(settings.BASE_DIR),
    ]
    return [root.resolve() for root in roots]


def font_path(url: str) -> Path:
    """The installed font file a ``file://`` URL names; anything else is ``ResourceRefused``."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost") or parts.query:
        raise ResourceRefused(f"Refused a resource outside the project: {url[:200]}")
    path = Path(unquote(parts.path)).resolve()
    roots = [root.resolve() for root in FONT_DIRS]
    if (
        path.suffix.lower() not in FONT_SUFFIXES
        or not any(path.is_relative_to(r) for r in roots)
        or not path.is_file()
    ):
        raise ResourceRefused(f"Refused a file that is not an installed font: {url[:200]}")
    return path


def local_path(url: str) -> Path:
    """What the fetcher may read for ``url``: an installed font or one of our static files."""
    if url.lower().startswith("file:"):
        return font_path(url)
    return static_path(url)


def static_path(url: str) -> Path:
    """The local file a URL names, if it is ``<ORIGIN><STATIC_URL><file>`` and that file lies in
    the project's static tree; otherwise ``ResourceRefused``."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != ORIGIN:
        raise ResourceRefused(f"Refused a resource outside the project: {url[:200]}")
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if not parts.path.startswith(prefix):
        raise ResourceRefused(f"Refused a resource that is not a static file: {url[:200]}")
    relative = unquote(parts.path[len(prefix) :])
    pure = PurePosixPath(relative)
    if not relative or pure.is_absolute() or ".." in pure.parts or "\\" in relative:
        raise ResourceRefused(f"Refused a static path: {url[:200]}")
    found = finders.find(relative)
    candidate = Path(found) if found else Path(settings.STATIC_ROOT) / relative
    resolved = candidate.resolve()
    if not resolved.is_file() or not any(resolved.is_relative_to(r) for r in _allowed_roots()):
        raise ResourceRefused(f"No such static file: {url[:200]}")
    return resolved


class StaticOnlyFetcher(URLFetcher):
    """WeasyPrint's fetcher, cut down to our own static files (see the module docstring)."""

    def __init__(self):
        super().__init__(
            timeout=1,
            allowed_protocols={"https", "file"},
            allow_redirects=False,
            fail_on_errors=False,
        )

    def fetch(self, url, headers=None):
        try:
            path = local_path(url)
        except ResourceRefused:
            logger.warning("Document rendering refused %s", url[:200])
            raise
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )

    def open(self, url, data=None, timeout=None):  # never urllib's own opener
        return self.fetch(url if isinstance(url, str) else url.full_url)


def _stylesheet_text() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Resources:
    """What every render needs besides the HTML: the fonts, the fetcher and the stylesheet
    parsed against them (a stylesheet belongs to the font configuration it was parsed with)."""

    fonts: FontConfiguration
    fetcher: StaticOnlyFetcher
    stylesheet: CSS

    @classmethod
    def new(cls) -> Resources:
        fonts = FontConfiguration()
        fetcher = StaticOnlyFetcher()
        stylesheet = CSS(
            string=_stylesheet_text(), font_config=fonts, url_fetcher=fetcher, base_url=BASE_URL
        )
        return cls(fonts, fetcher, stylesheet)


#: inside ``shared_resources()``: a list holding the resources once the first render made them
_shared: contextvars.ContextVar[list | None] = contextvars.ContextVar("pdf_resources", default=None)


@contextlib.contextmanager
def shared_resources():
    """Every document rendered inside (in this thread) reuses the same ``Resources``, made by
    the first render. Nested scopes share the outer one."""
    if _shared.get() is not None:
        yield
        return
    token = _shared.set([])
    try:
        yield
    finally:
        _shared.reset(token)


def _resources() -> Resources:
    shared = _shared.get()
    if shared is None:
        return Resources.new()
    if not shared:
        shared.append(Resources.new())
    return shared[0]


def render(html: str):
    """The laid-out document (pages), for counting pages without writing a file."""
    resources = _resources()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=resources.fetcher)
    return document.render(stylesheets=[resources.stylesheet], font_config=resources.fonts)


def write_pdf(html: str, extra_css: str = "") -> bytes:
    """``extra_css``: rules after the Party stylesheet, made by the code from numbers (the
    certificates' paper and boxes, which differ per campaign), never from user text."""
    resources = _resources()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=resources.fetcher)
    stylesheets = [resources.stylesheet]
    if extra_css:
        stylesheets.append(
            CSS(
                string=extra_css,
                font_config=resources.fonts,
                url_fetcher=resources.fetcher,
                base_url=BASE_URL,
            )
        )
    return document.write_pdf(stylesheets=stylesheets, font_config=resources.fonts)


def page_count(html: str) -> int:
    return len(render(html).pages)
