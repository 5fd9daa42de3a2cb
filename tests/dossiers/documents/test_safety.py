"""Rendering never reaches the network: user text is escaped, and the one URL fetcher serves
only our static files and the installed fonts, refusing everything else."""

from pathlib import Path
from unittest import mock

import pytest

from dossiers.documents import context, pdf, rendering

from .helpers import pdf_text

HOSTILE = (
    '<script>alert("x")</script> Gương mẫu <img src="http://evil.example/x.png"> '
    '<link rel="stylesheet" href="https://evil.example/s.css"> & <b>đậm</b>'
)


@pytest.fixture
def fetched():
    """Every URL the renderer asks the fetcher for, whatever the answer."""
    urls = []
    original = pdf.StaticOnlyFetcher.fetch

    def spy(self, url, headers=None):
        urls.append(url)
        return original(self, url, headers)

    with mock.patch.object(pdf.StaticOnlyFetcher, "fetch", spy):
        yield urls


def test_markup_in_an_achievement_summary_is_printed_as_text(district_docs, fetched):
    nomination = district_docs.forwarded
    nomination.achievement_summary = HOSTILE
    document = context.achievement_report(
        nomination, context.Details(**context.report_defaults(nomination))
    )
    html = rendering.to_html(document)
    assert "<script>" not in html and "&lt;script&gt;" in html
    text = pdf_text(rendering.to_pdf(document))
    assert '<script>alert("x")</script>' in text
    # (a long URL may wrap at a slash: compare without the spaces the wrap adds)
    assert '<imgsrc="http://evil.example/x.png">' in text.replace(" ", "")
    assert "<b>đậm</b>" in text
    # The only files read were the installed fonts: nothing external was even asked for.
    assert fetched, "the fonts are read through the fetcher"
    assert all(url.startswith("file:///usr/") and url.endswith(".ttf") for url in fetched)
    assert not any("evil.example" in url for url in fetched)


def test_markup_in_a_list_is_printed_as_text_too(district_docs, fetched):
    nomination = district_docs.forwarded
    nomination.achievement_summary = HOSTILE
    nomination.save()
    document = context.nominee_list(
        district_docs.seed.campaign,
        district_docs.district,
        district_docs.seed.staff_district_a,
        district_docs.details(),
    )
    text = pdf_text(rendering.to_pdf(document)).replace(" ", "")
    assert '<imgsrc="http://evil.example/x.png">' in text
    assert not any("evil.example" in url for url in fetched)


def test_a_template_that_asked_for_an_external_image_would_be_refused(fetched):
    html = (
        '<html><body><p>Văn bản</p><img src="http://evil.example/x.png">'
        '<img src="file:///etc/passwd"></body></html>'
    )
    content = pdf.write_pdf(html)
    assert content.startswith(b"%PDF-")
    asked = [url for url in fetched if not url.endswith(".ttf")]
    assert asked == ["http://evil.example/x.png", "file:///etc/passwd"]


@pytest.mark.parametrize(
    "url",
    [
        "http://evil.example/x.png",
        "https://evil.example/static/css/app.css",
        "https://documents.invalid.evil.example/static/css/app.css",
        "ftp://evil.example/x",
        "data:text/plain,hello",
        "file:///etc/passwd",
        "file:///usr/share/fonts/../../../etc/passwd",
        "file:///work/wt4/config/settings.py",
        "https://documents.invalid/config/settings.py",
        "https://documents.invalid/static/../config/settings.py",
        "https://documents.invalid/static/%2e%2e/config/settings.py",
        "https://documents.invalid/static/css/missing.css",
    ],
)
def test_the_fetcher_refuses_anything_but_our_static_files_and_fonts(url):
    with pytest.raises(pdf.ResourceRefused):
        pdf.StaticOnlyFetcher().fetch(url)


def test_the_fetcher_serves_a_static_file_from_disk():
    response = pdf.StaticOnlyFetcher().fetch("https://documents.invalid/static/css/app.css")
    assert b".bg-party" in response.read()
    assert response.content_type == "text/css"


def test_the_fetcher_serves_an_installed_font():
    font = next(Path("/usr/share/fonts").rglob("LiberationSerif-Regular.ttf"))
    response = pdf.StaticOnlyFetcher().fetch(font.as_uri())
    assert response.read()[:4] in (b"\x00\x01\x00\x00", b"true")


def test_the_fetcher_never_opens_a_connection():
    with (
        mock.patch("urllib.request.OpenerDirector.open") as opener,
        pytest.raises(pdf.ResourceRefused),
    ):
        pdf.StaticOnlyFetcher().open("http://evil.example/")
    opener.assert_not_called()
