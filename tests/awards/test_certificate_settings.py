"""An office's printer offsets for a campaign's certificate blanks: bounded, every box still on
the sheet once shifted, saved by the issuing unit's staff only; the form on the certificates
page shows a refusal at its field."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from awards.certificate_services import save_printer_offsets
from awards.certificates import offset_problems, offsets_for
from awards.models import CertificateSettings
from campaigns.awards import award_rules
from tests.dossiers.documents.certificate_fixtures import issued_decision


@pytest.fixture(autouse=True)
def english(settings, client):
    """Assertions read the English msgids (the Vietnamese comes from the translation file); the
    certificates themselves are Vietnamese whatever the language."""
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def decision(seed000):
    return issued_decision(seed000, ["Nguyễn Thị Hồng Nhung"])


def test_the_campaigns_default_until_the_office_saves_its_own(decision, seed000):
    decision.campaign.award_rules = {"certificate": {"offset_x_mm": 1.5, "offset_y_mm": -1}}
    decision.campaign.save()
    assert offsets_for(decision) == (1.5, -1.0)
    saved = save_printer_offsets(
        seed000.staff_district_a,
        decision.unit,
        decision.campaign,
        offset_x_mm=Decimal("2.5"),
        offset_y_mm=Decimal("-3"),
    )
    assert (saved.offset_x_mm, saved.offset_y_mm) == (Decimal("2.5"), Decimal("-3"))
    assert offsets_for(decision) == (2.5, -3.0)
    # Saving again changes the one row of the unit and campaign.
    save_printer_offsets(
        seed000.staff_district_a,
        decision.unit,
        decision.campaign,
        offset_x_mm=Decimal(0),
        offset_y_mm=Decimal(4),
    )
    assert CertificateSettings.objects.filter(unit=decision.unit).count() == 1
    assert offsets_for(decision) == (0.0, 4.0)


def test_a_shift_beyond_fifty_millimetres_is_refused(decision, seed000):
    with pytest.raises(ValidationError, match="between −50 and 50 mm") as refused:
        save_printer_offsets(
            seed000.staff_district_a,
            decision.unit,
            decision.campaign,
            offset_x_mm=Decimal(0),
            offset_y_mm=Decimal(51),
        )
    assert set(refused.value.message_dict) == {"offset_y_mm"}
    assert not CertificateSettings.objects.exists()


def test_a_shift_that_pushes_a_box_off_the_sheet_is_refused_at_its_field(decision, seed000):
    # The default boxes reach 270 mm across a 297 mm sheet: 28 mm to the right is too far.
    with pytest.raises(ValidationError, match="printed off the 297 × 210 mm sheet") as refused:
        save_printer_offsets(
            seed000.staff_district_a,
            decision.unit,
            decision.campaign,
            offset_x_mm=Decimal(28),
            offset_y_mm=Decimal(0),
        )
    assert set(refused.value.message_dict) == {"offset_x_mm"}
    assert "the place and date" in refused.value.message_dict["offset_x_mm"][0]
    assert not CertificateSettings.objects.exists()


def test_offset_problems_per_axis_and_paper():
    a4 = award_rules(None).certificate
    assert offset_problems(a4, 0, 0) == {}
    assert offset_problems(a4, 27, 0) == {}  # the place and date box ends at 297 mm exactly
    assert set(offset_problems(a4, -31, 0)) == {"offset_x_mm"}  # boxes start at 30 mm
    assert set(offset_problems(a4, 0, 23)) == {"offset_y_mm"}  # the signer ends at 188 mm
    assert set(offset_problems(a4, 28, -39)) == {"offset_x_mm", "offset_y_mm"}


def test_only_the_issuing_units_staff_save_it(decision, seed000):
    for user in (seed000.standing_district_a, seed000.staff_city, seed000.staff_district_b):
        with pytest.raises(PermissionDenied, match="Only the staff of Quận ủy Ninh Kiều"):
            save_printer_offsets(
                user,
                decision.unit,
                decision.campaign,
                offset_x_mm=Decimal(1),
                offset_y_mm=Decimal(1),
            )
    assert not CertificateSettings.objects.exists()


def test_the_form_on_the_certificates_page(client, decision, seed000, settings):
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(seed000.staff_district_a)
    url = reverse("awards:certificates", args=[decision.public_id])
    refused = client.post(url, {"offset_x_mm": "28", "offset_y_mm": "0"})
    assert refused.status_code == 400
    assert "printed off the 297 × 210 mm sheet" in refused.content.decode()
    not_a_number = client.post(url, {"offset_x_mm": "abc", "offset_y_mm": "0"})
    assert not_a_number.status_code == 400
    assert not CertificateSettings.objects.exists()
    saved = client.post(url, {"offset_x_mm": "-2.5", "offset_y_mm": "1"})
    assert saved.status_code == 302
    assert offsets_for(decision) == (-2.5, 1.0)
    page = client.get(url)
    assert 'value="-2.5"' in page.content.decode()


def test_a_vietnamese_decimal_comma_is_read(client, decision, seed000, settings):
    settings.LANGUAGE_CODE = "vi"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"
    client.force_login(seed000.staff_district_a)
    url = reverse("awards:certificates", args=[decision.public_id])
    assert client.post(url, {"offset_x_mm": "2,5", "offset_y_mm": "-1"}).status_code == 302
    assert offsets_for(decision) == (2.5, -1.0)
    assert 'value="2,5"' in client.get(url).content.decode()
