"""Report requests, fields of work and copies per level in the configuration format (seed 004
ships the sơ kết report with the outline I–V; seed 002 the fields of its plan)."""

import copy
import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from campaigns import config
from campaigns.models import ReportRequest
from tests.campaigns.test_config import load_fixture, problems

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_seed_004_asks_for_the_review_report_with_its_outline(seed_units):
    campaign = config.import_campaign(load_fixture("004"))
    request = campaign.report_requests.get()
    assert [s["number"] for s in request.sections] == ["I", "II", "III", "IV", "V"]
    assert request.sections[0]["title"].startswith("Công tác lãnh đạo, chỉ đạo")
    assert "chuyên đề toàn khóa" in request.sections[1]["guidance"]
    assert [s["required"] for s in request.sections] == [True, True, True, True, False]
    # "trước ngày 31/3/2023": the first refused moment is midnight starting 31 March.
    assert request.due_at == datetime.datetime(2023, 3, 31, tzinfo=HCM)
    assert set(request.unit_kinds) == {"dang_uy_co_so", "chi_bo_co_so", "doan_the"}


def test_seed_004_documents_count_three_copies_for_the_city(seed_units):
    campaign = config.import_campaign(load_fixture("004"))
    for document in campaign.document_requirements.all():
        assert (document.copies_for(to_superior=False), document.copies_for(to_superior=True)) == (
            2,
            3,
        )
    codes = set(campaign.document_requirements.values_list("code", flat=True))
    assert {"quyet-dinh-cong-nhan", "ban-dang-ky-hoc-tap"} <= codes


def test_seed_002_lists_the_fields_of_its_plan(seed_units):
    campaign = config.import_campaign(load_fixture("002"))
    assert campaign.fields_of_work[0] == "Xây dựng Đảng, đoàn thể"
    assert "Nghiên cứu khoa học" in campaign.fields_of_work


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d["reports"][0]["outline"].clear(), "reports[0].outline"),
        (lambda d: d["reports"][0]["outline"][1].update(number="I"), "reports[0].outline"),
        (lambda d: d["reports"][0]["outline"][0].pop("title"), "reports[0].outline[0].title"),
        (lambda d: d["reports"][0].update(due_at="31/03/2023"), "reports[0].due_at"),
        (lambda d: d["reports"][0].update(unit_kinds=["chi_doan"]), "reports[0].unit_kinds[0]"),
        (lambda d: d["reports"].append(copy.deepcopy(d["reports"][0])), "reports[1].code"),
        (lambda d: d["fields_of_work"].append("x" * 101), "fields_of_work[9]"),
        (
            lambda d: d["documents"][0].update(copies_to_superior=0),
            "documents[0].copies_to_superior",
        ),
    ],
    ids=[
        "empty outline",
        "section number twice",
        "section without title",
        "bad moment",
        "unknown kind",
        "duplicate code",
        "field too long",
        "no copies",
    ],
)
def test_a_broken_report_request_is_reported_at_its_path(seed_units, mutate, path):
    data = load_fixture("004")
    mutate(data)
    with pytest.raises(ValidationError) as error:
        config.import_campaign(data)
    assert path in problems(error.value), error.value.messages
    assert not ReportRequest.objects.exists()


def test_only_an_organiser_with_an_allocation_from_above_forwards_from_the_top(seed_units):
    data = load_fixture("004")
    data["quotas"] = [q for q in data["quotas"] if q["scope"] != "forwarded"]
    with pytest.raises(ValidationError) as error:
        config.import_campaign(data)
    assert "levels[0].can_forward" in problems(error.value)


def test_an_update_without_reports_keeps_them_and_one_with_reports_edits_in_place(seed_units):
    campaign = config.import_campaign(load_fixture("004"))
    request = campaign.report_requests.get()
    data = config.export_campaign(campaign)
    del data["reports"]  # the campaign editor's page has no reports part
    config.update_campaign(campaign, data)
    assert campaign.report_requests.get().pk == request.pk
    data = config.export_campaign(campaign)
    data["reports"][0]["title"] = "Báo cáo sơ kết"
    config.update_campaign(campaign, data)
    assert campaign.report_requests.get().pk == request.pk
    assert campaign.report_requests.get().title == "Báo cáo sơ kết"
    data["reports"] = []
    config.update_campaign(campaign, data)
    assert not campaign.report_requests.exists()


def test_shifting_the_campaign_moves_the_report_deadline():
    data = load_fixture("004")
    shifted = config.shift_config(data, 10)
    assert shifted["reports"][0]["due_at"] == "2023-04-10T00:00:00+07:00"


def test_the_editor_page_keeps_the_reports_and_edits_the_fields(client, seed_units):
    from django.urls import reverse

    from committees.models import Role, Unit
    from tests.campaigns.test_pages import editor_data, login

    campaign = config.import_campaign(load_fixture("004"))
    admin = login(client, Unit.objects.get(code="NK"), Role.ADMIN)
    before = config.export_campaign(campaign)
    address = reverse("campaigns:edit", args=[campaign.code])
    assert client.post(address, editor_data(campaign, admin)).status_code == 302
    assert config.export_campaign(campaign) == before
    data = editor_data(
        campaign,
        admin,
        fields_of_work="Kinh doanh\nGiáo dục",
        **{"documents-0-copies_to_superior": "4"},
    )
    assert client.post(address, data).status_code == 302
    campaign.refresh_from_db()
    after = config.export_campaign(campaign)
    assert after["fields_of_work"] == ["Kinh doanh", "Giáo dục"]
    assert after["documents"][0]["copies_to_superior"] == 4
    assert after["reports"] == before["reports"]
