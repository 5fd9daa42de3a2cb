"""The report of results as a Party document (PDF and Word), rendered by ``dossiers``."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document as WordDocument

from awards import results_services as svc
from committees.models import Gender
from tests.awards.test_results_services import honor_at_district
from tests.dossiers.documents.helpers import pdf_text

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_city_downloads_a_sent_report_as_pdf_and_word(seed000):
    honor_at_district(seed000, 2, gender=Gender.FEMALE)
    report = svc.draft_report(seed000.staff_district_a, seed000.campaign, seed000.tree.district_a)
    report = svc.send_report(seed000.staff_district_a, report)
    url = reverse("documents:results-report", args=[report.public_id])
    city = client_for(seed000.staff_city)
    assert city.get(url).status_code == 200  # the small form
    response = city.get(url, {"format": "pdf", "signer_name": "Trần Văn Ký"})
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "BÁO CÁO" in text
    assert "-BC/" in text  # "Số -BC/QU": room left for the number
    assert "Kính gửi: Ban Thường vụ Thành ủy Cần Thơ" in text
    assert "biểu dương 2 trường hợp" in text
    assert "Giới tính: Nữ 2" in text
    assert "Trần Văn Ký" in text
    word = city.get(url, {"format": "docx"})
    paragraphs = "\n".join(p.text for p in WordDocument(io.BytesIO(word.content)).paragraphs)
    assert "biểu dương 2 trường hợp" in paragraphs


def test_a_draft_is_the_districts_own(seed000):
    report = svc.draft_report(seed000.staff_district_a, seed000.campaign, seed000.tree.district_a)
    url = reverse("documents:results-report", args=[report.public_id])
    assert client_for(seed000.staff_city).get(url, {"format": "pdf"}).status_code == 403
    assert client_for(seed000.staff_district_b).get(url).status_code == 404
    own = client_for(seed000.standing_district_a).get(url, {"format": "pdf"})
    assert own.status_code == 200
