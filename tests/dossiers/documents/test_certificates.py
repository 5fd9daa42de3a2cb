"""Certificates as PDF (issue 20 part 2): the full certificate, printing onto blanks, the
calibration page, texts fitted to their box with the PDF's own font, the download pages."""

from __future__ import annotations

import datetime
import re
import subprocess
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from awards import certificate_fit
from awards.certificates import certificate_set, date_in_words, points
from awards.models import CertificateSettings, Decision
from dossiers.documents import certificates
from dossiers.documents import party_format as pf

from .certificate_fixtures import NAMES, issued_decision
from .helpers import MM, pdf_reader

REFERENCE = "Quyết định số 15-QĐ/QU ngày 20/01/2025"
PLACE_DATE = "Ninh Kiều, ngày 20 tháng 01 năm 2025"
A4_LANDSCAPE = (841.89, 595.28)
A3_LANDSCAPE = (1190.55, 841.89)


@pytest.fixture(autouse=True)
def english(settings, client):
    """Assertions read the English msgids (the Vietnamese comes from the translation file); the
    certificates themselves are Vietnamese whatever the language."""
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def page_texts(content: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pdf_reader(content).pages]


def words(content: bytes, tmp_path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words with their box in points from the top left (``pdftotext -bbox``)."""
    source = tmp_path / "certificates.pdf"
    source.write_bytes(content)
    html = subprocess.run(  # noqa: S603 (a fixed program on a file the test wrote)
        ["pdftotext", "-bbox", str(source), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        pages.append(
            [
                (float(a), float(b), float(c), float(d), unescape(w))
                for a, b, c, d, w in WORD.findall(page)
            ]
        )
    return pages


def page_size(content: bytes, index: int = 0) -> tuple[float, float]:
    box = pdf_reader(content).pages[index].mediabox
    return round(float(box.width), 2), round(float(box.height), 2)


@pytest.fixture
def decision(seed000):
    return issued_decision(seed000)


def test_the_full_certificates_one_page_per_line_in_the_annex_order(decision):
    document = certificates.certificates_pdf(decision, mode=certificates.FULL)
    pages = page_texts(document.content)
    assert len(pages) == document.pages == len(NAMES)
    assert page_size(document.content) == A4_LANDSCAPE
    for name, text in zip(NAMES, pages, strict=True):
        for expected in (
            "BAN THƯỜNG VỤ QUẬN ỦY NINH KIỀU",
            "tặng",
            "GIẤY KHEN",
            f"Đồng chí {name}",
            "Bí thư chi bộ, Chi bộ khu vực 1, Đảng ủy phường An Hòa",
            "Đã có thành tích xuất sắc trong học tập và làm theo tư tưởng",
            REFERENCE,
            PLACE_DATE,
            "T/M BAN THƯỜNG VỤ",
            "PHÓ BÍ THƯ",
            "Nguyễn Văn Ký",
        ):
            assert expected in text, (name, expected)
    assert document.warnings == []


def test_an_achievement_without_its_lead_gets_it(seed000):
    decision = issued_decision(seed000, NAMES[:1], achievement="Gương mẫu trong công tác Đảng")
    text = page_texts(certificates.certificates_pdf(decision).content)[0]
    assert "Đã có thành tích gương mẫu trong công tác Đảng" in text


def test_a3_when_the_campaign_says_so(decision):
    decision.campaign.award_rules = {"certificate": {"paper": "A3"}}
    decision.campaign.save()
    for mode in certificates.MODES:
        content = certificates.certificates_pdf(decision, mode=mode).content
        assert page_size(content) == A3_LANDSCAPE, mode
    assert page_size(certificates.calibration_pdf(decision)) == A3_LANDSCAPE


def test_blank_mode_prints_only_the_texts_at_their_boxes_with_the_offsets(decision, tmp_path):
    CertificateSettings.objects.create(
        unit=decision.unit,
        campaign=decision.campaign,
        offset_x_mm=3,
        offset_y_mm=-2,
        updated_by=decision.created_by,
    )
    document = certificates.certificates_pdf(decision, mode=certificates.BLANK)
    text = page_texts(document.content)
    assert len(text) == len(NAMES)
    assert f"Đồng chí {NAMES[0]}" in text[0] and REFERENCE in text[0]
    for fixed in ("BAN THƯỜNG VỤ", "GIẤY KHEN", "tặng", "T/M", "PHÓ BÍ THƯ"):
        assert fixed not in text[0], fixed
    # The name's box: x 30, y 70, 237 × 14 mm, centred; moved 3 mm right and 2 mm up.
    page = words(document.content, tmp_path)[0]
    first = next(w for w in page if w[4] == "Đồng")
    name = [w for w in page if abs(w[1] - first[1]) < 1]
    assert " ".join(w[4] for w in name) == f"Đồng chí {NAMES[0]}"
    left, top = min(w[0] for w in name), min(w[1] for w in name)
    right, bottom = max(w[2] for w in name), max(w[3] for w in name)
    assert top > (68 * MM) and bottom < (82 * MM)
    assert left > (33 * MM) and right < (270 * MM)
    assert abs((left + right) / 2 - (33 + 237 / 2) * MM) < 2 * MM  # centred in the box
    # As wide as the fitting measured it (without its safety margin): what is measured is
    # what is printed.
    measured = certificate_fit.width_mm(f"Đồng chí {NAMES[0]}", 24, "bold") / certificate_fit.SAFETY
    assert abs((right - left) - measured * MM) < 1 * MM
    # The decision's reference starts at the left of its box (x 30 + 3, y 160 - 2).
    reference = next(w for w in page if w[4] == "Quyết")
    assert abs(reference[0] - 33 * MM) < 1 * MM
    assert 158 * MM < reference[1] < 172 * MM


def test_blank_mode_prints_the_title_when_asked(decision):
    text = page_texts(
        certificates.certificates_pdf(decision, mode=certificates.BLANK, with_title=True).content
    )
    assert "GIẤY KHEN" in text[0] and "BAN THƯỜNG VỤ" not in text[0]


def test_the_calibration_page_has_the_grid_and_the_boxes(decision, tmp_path):
    content = certificates.calibration_pdf(decision)
    assert page_size(content) == A4_LANDSCAPE
    page = words(content, tmp_path)[0]
    labels = {w[4] for w in page}
    assert {"10", "50", "100", "200", "290"} <= labels  # the columns, every 10 mm
    assert {"190", "200"} <= labels  # the rows too (200 mm is also a column)
    text = " ".join(w[4] for w in page)
    for label in ("Họ và tên", "Thành tích", "Số, ngày quyết định", "Người ký"):
        assert label in text, label
    # "100" of the columns is printed at 100 mm from the left.
    hundred = [w for w in page if w[4] == "100" and w[1] < 12 * MM]
    assert hundred and abs((hundred[0][0] + hundred[0][2]) / 2 - 100 * MM) < 1 * MM


def test_a_long_name_shrinks_with_a_warning(seed000):
    long_name = "Nguyễn Thị Hồng Nhung Trương Thị Thủy Tiên Đặng Quốc Bảo Võ"
    decision = issued_decision(seed000, [long_name])
    found = certificate_set(decision)
    fitted = found.certificates[0].texts["name"]
    assert fitted.shrunk and 8 <= fitted.size < 24
    assert len(found.warnings) == 1
    assert long_name in found.warnings[0] and f"{points(fitted.size)} pt" in found.warnings[0]
    document = certificates.certificates_pdf(decision)
    assert document.warnings == found.warnings
    assert f"Đồng chí {long_name}" in page_texts(document.content)[0]


def test_an_absurdly_long_achievement_is_refused_naming_the_line_and_person(seed000):
    decision = issued_decision(seed000, NAMES[:2], achievement="thành tích xuất sắc " * 400)
    with pytest.raises(ValidationError, match="Line 1, Nguyễn Thị Hồng Nhung") as refused:
        certificates.certificates_pdf(decision)
    assert "does not fit its box even at 8 pt" in refused.value.messages[0]
    assert len(refused.value.messages) == 2


def test_offsets_pushing_a_box_off_the_sheet_are_refused_when_printing(decision):
    """A setting saved before the campaign's layout changed is checked again at render time."""
    CertificateSettings.objects.create(
        unit=decision.unit,
        campaign=decision.campaign,
        offset_x_mm=40,
        offset_y_mm=0,
        updated_by=decision.created_by,
    )
    with pytest.raises(ValidationError, match="reaches outside the 297 × 210 mm page"):
        certificates.certificates_pdf(decision, mode=certificates.BLANK)
    # The full certificate is printed on plain paper, without the printer's shift.
    assert certificates.certificates_pdf(decision, mode=certificates.FULL).pages == len(NAMES)


@pytest.mark.parametrize(
    "day", [datetime.date(2025, 1, 20), datetime.date(2025, 2, 7), datetime.date(2025, 11, 3)]
)
def test_the_dates_read_as_in_the_other_documents(day):
    assert date_in_words(day) == pf.date_in_words(day)


# --- the pages -----------------------------------------------------------------------------------


def test_the_staff_download_all_one_and_the_calibration_page(client, decision, seed000):
    client.force_login(seed000.staff_district_a)
    page = client.get(reverse("awards:certificates", args=[decision.public_id]))
    assert page.status_code == 200
    assert REFERENCE in page.content.decode()
    for url, pages in (
        (reverse("documents:certificates", args=[decision.public_id]) + "?mode=full", 6),
        (reverse("documents:certificates", args=[decision.public_id]) + "?mode=blank", 6),
        (reverse("documents:certificate", args=[decision.public_id, 2]) + "?mode=blank", 1),
        (reverse("documents:calibration", args=[decision.public_id]), 1),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/pdf"
        assert len(pdf_reader(response.content).pages) == pages, url
    one = client.get(reverse("documents:certificate", args=[decision.public_id, 2]))
    assert NAMES[1] in page_texts(one.content)[0]
    assert (
        client.get(reverse("documents:certificate", args=[decision.public_id, 99])).status_code
        == 404
    )
    bad_mode = reverse("documents:certificates", args=[decision.public_id]) + "?mode=x"
    assert client.get(bad_mode).status_code == 404


def test_the_page_warns_and_a_refused_text_is_never_printed(client, seed000):
    decision = issued_decision(seed000, NAMES[:1], achievement="thành tích " * 600)
    client.force_login(seed000.staff_district_a)
    page = client.get(reverse("awards:certificates", args=[decision.public_id]))
    assert 'data-testid="certificate-refusals"' in page.content.decode()
    response = client.get(reverse("documents:certificates", args=[decision.public_id]))
    assert response.status_code == 302
    assert response["Location"] == reverse("awards:certificates", args=[decision.public_id])


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("standing_district_a", 403),
        ("staff_city", 403),  # the city sees the district's decision but does not print it
        ("staff_district_b", 404),
        ("secretary_a1", 404),
    ],
)
def test_only_the_issuing_units_staff_print(client, decision, seed000, user, status):
    client.force_login(getattr(seed000, user))
    for url in (
        reverse("awards:certificates", args=[decision.public_id]),
        reverse("documents:certificates", args=[decision.public_id]),
        reverse("documents:certificate", args=[decision.public_id, 1]),
        reverse("documents:calibration", args=[decision.public_id]),
    ):
        assert client.get(url).status_code == status, url


def test_a_collective_is_named_without_dong_chi(seed000):
    decision = issued_decision(seed000, NAMES[:1])
    entry = decision.entries.get()
    nomination = entry.nomination
    type(nomination).objects.filter(pk=nomination.pk).update(
        person=None, collective=seed000.tree.cell_a2
    )
    type(entry).objects.filter(pk=entry.pk).update(
        nominee_name="Chi bộ khu vực 2", position="", unit_name="Đảng ủy phường An Hòa"
    )
    text = page_texts(certificates.certificates_pdf(decision).content)[0]
    assert "Chi bộ khu vực 2" in text and "Đồng chí" not in text


def test_the_page_lists_the_warnings_before_printing(client, seed000, settings):
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    long_name = "Tôn Nữ Thị Hồng Nhung Trương Thị Thủy Tiên Đặng Quốc Bảo Võ Văn"
    decision = issued_decision(seed000, [NAMES[0], long_name])
    client.force_login(seed000.staff_district_a)
    page = client.get(reverse("awards:certificates", args=[decision.public_id])).content.decode()
    assert 'data-testid="certificate-warnings"' in page
    assert long_name in page and "printed smaller at 18.5 pt" in page
    assert 'data-testid="certificate-refusals"' not in page


def test_the_link_for_the_decisions_page(decision, seed000):
    url = reverse("awards:certificates", args=[decision.public_id])
    for user, shown in ((seed000.staff_district_a, True), (seed000.standing_district_a, False)):
        html = render_to_string(
            "awards/partials/certificates_link.html", {"decision": decision, "user": user}
        )
        assert (url in html) is shown


def test_lines_no_longer_live_are_not_printed(decision):
    decision.entries.filter(order=2).update(live=False)
    text = page_texts(certificates.certificates_pdf(decision).content)
    assert len(text) == len(NAMES) - 1
    assert not any(NAMES[1] in page for page in text)
    assert NAMES[2] in text[1]  # the annex's order, the gap closed


def test_a_draft_or_an_annulment_has_no_certificates(client, seed000):
    draft = issued_decision(seed000, NAMES[:1], issued=False)
    issued = issued_decision(seed000, NAMES[1:2], number=16)
    annulment = Decision.objects.create(
        campaign=issued.campaign,
        level=issued.level,
        unit=issued.unit,
        kind="annul",
        annuls=issued,
        subject="về việc hủy Quyết định số 16-QĐ/QU",
        number=17,
        year=2025,
        issued_on=issued.issued_on,
        issued_at=issued.issued_at,
        created_by=issued.created_by,
    )
    client.force_login(seed000.staff_district_a)
    for decision in (draft, annulment):
        for name in ("awards:certificates", "documents:certificates", "documents:calibration"):
            url = reverse(name, args=[decision.public_id])
            assert client.get(url).status_code == 404, (decision, name)
    assert client.get(reverse("awards:certificates", args=[issued.public_id])).status_code == 200


def test_a_decision_without_a_signer_is_printed_with_a_warning(seed000):
    decision = issued_decision(seed000, NAMES[:1], issued=False)
    decision.signer_name = ""
    decision.save()
    Decision.objects.filter(pk=decision.pk).update(
        number=15, year=2025, issued_on=datetime.date(2025, 1, 20), issued_at=decision.created_at
    )
    decision.refresh_from_db()
    document = certificates.certificates_pdf(decision)
    assert document.warnings == [
        "The decision names no signer: the certificates leave the signer's name empty."
    ]
    assert "Nguyễn Văn Ký" not in page_texts(document.content)[0]


def test_the_decisions_page_links_to_its_certificates_and_back(client, decision, seed000):
    detail = reverse("awards:decision-detail", args=[decision.public_id])
    certificates_url = reverse("awards:certificates", args=[decision.public_id])
    client.force_login(seed000.staff_district_a)
    assert certificates_url in client.get(detail).content.decode()
    assert detail in client.get(certificates_url).content.decode()
    client.force_login(seed000.standing_district_a)  # reads the decision, does not print
    page = client.get(detail)
    assert page.status_code == 200 and certificates_url not in page.content.decode()


def test_a_box_off_the_sheet_in_the_campaign_is_never_printed(decision):
    """The campaign file is checked when loaded; one changed since is refused when printing."""
    decision.campaign.award_rules = {"certificate": {"boxes": {"name": {"x": 250, "width": 100}}}}
    decision.campaign.save()
    for mode in certificates.MODES:
        with pytest.raises(ValidationError, match="The name: it reaches outside the 297 × 210"):
            certificates.certificates_pdf(decision, mode=mode)


def test_the_page_says_when_the_shift_pushes_a_box_off_the_sheet(client, decision, seed000):
    CertificateSettings.objects.create(
        unit=decision.unit,
        campaign=decision.campaign,
        offset_x_mm=40,
        offset_y_mm=0,
        updated_by=decision.created_by,
    )
    client.force_login(seed000.staff_district_a)
    url = reverse("awards:certificates", args=[decision.public_id])
    page = client.get(url).content.decode()
    assert 'data-testid="certificate-off-page"' in page
    assert "reaches outside the 297 × 210 mm page" in page
    blanks = client.get(
        reverse("documents:certificates", args=[decision.public_id]), {"mode": "blank"}
    )
    assert blanks.status_code == 302 and blanks["Location"] == url
    full = client.get(
        reverse("documents:certificates", args=[decision.public_id]), {"mode": "full"}
    )
    assert full.status_code == 200


def test_the_queries_do_not_grow_with_the_certificates(seed000, queries):
    """The campaign's rules are read once per set, not once per certificate."""

    def counted(names, number) -> int:
        decision = Decision.objects.unscoped("a test reads its row").get(
            pk=issued_decision(seed000, names, number=number).pk
        )
        return queries.of(lambda: certificates.certificates_pdf(decision, mode=certificates.FULL))

    assert counted(NAMES[:2], 15) == counted(NAMES, 16)
