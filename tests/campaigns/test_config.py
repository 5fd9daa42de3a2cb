"""The configuration format: export, import, every problem reported with its path, clone."""

import copy
import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from campaigns import config
from campaigns.models import (
    Campaign,
    CampaignStatus,
    Category,
    DocumentRequirement,
    Quota,
    ReviewLevel,
)
from committees.models import Role
from tests.factories import UserFactory

# The full seed-000 campaign of the workflow tests, with users of every role.

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "campaigns"
SEED_FILES = {
    "000": "000-bieu-duong-bi-thu-dang-vien-2025.json",
    "001": "001-chi-bo-bon-tot-2022-2027.json",
    "002": "002-dien-hinh-hoc-tap-lao-dong-sang-tao-2023.json",
    "004": "004-so-ket-01-kltw-2023.json",
}
MODELS = (Campaign, ReviewLevel, Category, Quota, DocumentRequirement)


def load_fixture(seed: str) -> dict:
    return json.loads((FIXTURES / SEED_FILES[seed]).read_text(encoding="utf-8"))


def row_counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in MODELS)


def problems(error: ValidationError) -> dict[str, list[str]]:
    """Path → problems, from one ValidationError."""
    found: dict[str, list[str]] = {}
    for item in error.error_list:
        found.setdefault(item.params["path"], []).append(item.params["problem"])
    return found


@pytest.fixture(autouse=True)
def english():
    # Assertions read the English source strings; Vietnamese comes from the translation file.
    with translation.override("en"):
        yield


@pytest.mark.django_db
class TestRoundTrip:
    @pytest.mark.parametrize("seed", sorted(SEED_FILES))
    def test_each_seed_file_is_exactly_what_its_campaign_exports(self, seed_units, seed):
        data = load_fixture(seed)
        campaign = config.import_campaign(data)
        assert config.export_campaign(campaign) == data

    def test_export_then_import_under_a_new_code_exports_the_same(self, seed_units):
        original = config.import_campaign(load_fixture("004"))
        first = config.export_campaign(original)
        copy_ = config.import_campaign(first, code="so-ket-2024", title="Sơ kết năm 2024")
        second = config.export_campaign(copy_)
        assert (second["code"], second["title"]) == ("so-ket-2024", "Sơ kết năm 2024")
        for data in (first, second):
            del data["code"], data["title"]
        assert second == first

    def test_moments_keep_the_exact_instant(self, seed_units):
        campaign = config.import_campaign(load_fixture("000"))
        top = campaign.levels.get(position=3)
        assert top.closes_at == datetime.datetime(2025, 1, 14, 17, 0, tzinfo=datetime.UTC)
        assert config.export_campaign(campaign)["levels"][2]["closes_at"] == (
            "2025-01-15T00:00:00+07:00"
        )

    def test_a_moment_in_another_offset_is_the_same_instant(self, seed_units):
        data = load_fixture("000")
        data["levels"][2]["closes_at"] = "2025-01-14T17:00:00+00:00"
        campaign = config.import_campaign(data)
        exported = config.export_campaign(campaign)["levels"][2]["closes_at"]
        assert exported == "2025-01-15T00:00:00+07:00"

    def test_the_importer_is_recorded(self, seed_units):
        admin = UserFactory(unit=seed_units.city, role=Role.ADMIN)
        campaign = config.import_campaign(load_fixture("000"), by=admin)
        assert campaign.created_by == admin

    def test_a_new_organiser_replaces_the_files(self, seed_units):
        campaign = config.import_campaign(
            load_fixture("001"), organiser=seed_units.grassroots_a, code="bon-tot-qa"
        )
        assert campaign.organiser == seed_units.grassroots_a


# Each mutation of the valid seed-000 file breaks exactly one rule, reported at ``path``.
def _set(path, value):
    def mutate(data):
        target = data
        *parents, last = path
        for key in parents:
            target = target[key]
        target[last] = value

    return mutate


def _delete(path):
    def mutate(data):
        target = data
        *parents, last = path
        for key in parents:
            target = target[key]
        del target[last]

    return mutate


def _positions(*positions):
    def mutate(data):
        for level, position in zip(data["levels"], positions, strict=True):
            level["position"] = position

    return mutate


def _duplicate_category(data):
    data["categories"][1]["code"] = data["categories"][0]["code"]


def _quota(**fields):
    def mutate(data):
        quota = {"scope": "filed", "unit_kinds": ["chi_bo"], "max_total": 1}
        quota.update(fields)
        data["quotas"].append(quota)

    return mutate


BROKEN = [
    ("unknown top key", _set(["colour"], "red"), "colour"),
    ("unknown level key", _set(["levels", 1, "deadline"], "x"), "levels[1].deadline"),
    ("missing title", _delete(["title"]), "title"),
    ("empty title", _set(["title"], "  "), "title"),
    ("bad code", _set(["code"], "bieu duong 2025"), "code"),
    ("reserved code", _set(["code"], "tao-moi"), "code"),
    ("year as text", _set(["rating_year"], "2024"), "rating_year"),
    ("boolean as number", _set(["levels", 0, "can_honor"], 0), "levels[0].can_honor"),
    ("unknown placement", _set(["levels", 2, "placement"], "district"), "levels[2].placement"),
    ("unknown body", _set(["levels", 1, "voting_body"], "politburo"), "levels[1].voting_body"),
    ("unknown filing kind", _set(["filing_kinds", 1], "chi_doan"), "filing_kinds[1]"),
    ("no filing kind", _set(["filing_kinds"], []), "filing_kinds"),
    (
        "unknown rating",
        _set(["categories", 0, "min_person_rating"], "GOOD"),
        "categories[0].min_person_rating",
    ),
    ("unknown organiser", _set(["organiser_code"], "XX"), "organiser_code"),
    ("date not ISO", _set(["period_start"], "01/12/2024"), "period_start"),
    ("period reversed", _set(["period_end"], "2024-11-30"), "period_end"),
    (
        "moment without offset",
        _set(["levels", 2, "closes_at"], "2025-01-15T00:00:00"),
        "levels[2].closes_at",
    ),
    ("moment not a moment", _set(["levels", 2, "closes_at"], "15/01/2025"), "levels[2].closes_at"),
    (
        "window reversed",
        _set(["levels", 2, "opens_at"], "2025-01-15T00:00:00+07:00"),
        "levels[2].closes_at",
    ),
    (
        "cap over 100",
        _set(["levels", 1, "forward_cap_percent"], 101),
        "levels[1].forward_cap_percent",
    ),
    (
        "cap negative",
        _set(["levels", 1, "forward_cap_percent"], -1),
        "levels[1].forward_cap_percent",
    ),
    (
        "cap where nothing is forwarded",
        _set(["levels", 2, "forward_cap_percent"], 10),
        "levels[2].forward_cap_percent",
    ),
    ("top level forwards", _set(["levels", 2, "can_forward"], True), "levels[2].can_forward"),
    ("positions with a gap", _positions(1, 2, 4), "levels"),
    ("positions repeated", _positions(1, 2, 2), "levels"),
    ("no level", _set(["levels"], []), "levels"),
    ("levels not a list", _set(["levels"], {"position": 1}), "levels"),
    ("honors without a vote", _set(["levels", 0, "can_honor"], True), "levels[0].voting_body"),
    ("kinds without the placement", _set(["levels", 0, "kinds"], ["chi_bo"]), "levels[0].kinds"),
    ("placement kinds without kinds", _set(["levels", 0, "placement"], "kinds"), "levels[0].kinds"),
    ("duplicate category", _duplicate_category, "categories[1].code"),
    (
        "checklist not a list",
        _set(["categories", 0, "checklist"], "một tiêu chí"),
        "categories[0].checklist",
    ),
    (
        "empty checklist item",
        _set(["categories", 0, "checklist", 1], " "),
        "categories[0].checklist[1]",
    ),
    (
        "document of an unknown category",
        _set(["documents", 0, "category_code"], "khac"),
        "documents[0].category_code",
    ),
    ("no copies", _set(["documents", 0, "copies"], 0), "documents[0].copies"),
    ("quota for an unknown unit", _quota(unit_kinds=[], unit_code="ZZ"), "quotas[0].unit_code"),
    ("quota with no target", _quota(unit_kinds=[]), "quotas[0]"),
    ("quota with two targets", _quota(unit_code="QA"), "quotas[0]"),
    ("quota without a limit", _quota(max_total=None), "quotas[0]"),
    ("quota minimum above maximum", _quota(min_total=2), "quotas[0].min_total"),
    ("quota of an unknown category", _quota(category_code="khac"), "quotas[0].category_code"),
]


@pytest.mark.django_db
class TestValidation:
    @pytest.mark.parametrize(
        ("mutate", "path"), [(m, p) for _, m, p in BROKEN], ids=[name for name, _, _ in BROKEN]
    )
    def test_the_problem_is_reported_at_its_path_and_nothing_is_written(
        self, seed_units, mutate, path
    ):
        data = load_fixture("000")
        mutate(data)
        before = row_counts()
        with pytest.raises(ValidationError) as error:
            config.import_campaign(data)
        assert path in problems(error.value), error.value.messages
        assert any(message.startswith(f"{path}: ") for message in error.value.messages)
        assert row_counts() == before

    def test_every_problem_is_reported_at_once(self, seed_units):
        data = load_fixture("000")
        for name in (
            "unknown top key",
            "unknown placement",
            "top level forwards",
            "cap over 100",
            "unknown organiser",
            "duplicate category",
            "quota for an unknown unit",
            "period reversed",
        ):
            _, mutate, _ = next(b for b in BROKEN if b[0] == name)
            mutate(data)
        with pytest.raises(ValidationError) as error:
            config.import_campaign(data)
        assert set(problems(error.value)) >= {
            "colour",
            "levels[2].placement",
            "levels[2].can_forward",
            "levels[1].forward_cap_percent",
            "organiser_code",
            "categories[1].code",
            "quotas[0].unit_code",
            "period_end",
        }
        assert Campaign.objects.count() == 0

    def test_the_same_code_twice_is_refused(self, seed_units):
        config.import_campaign(load_fixture("000"))
        before = row_counts()
        with pytest.raises(ValidationError) as error:
            config.import_campaign(load_fixture("000"))
        assert problems(error.value) == {"code": ["a campaign with this code exists"]}
        assert row_counts() == before

    def test_problems_are_reported_in_vietnamese(self, seed_units):
        data = load_fixture("000")
        data["levels"][2]["can_forward"] = True
        with translation.override("vi"), pytest.raises(ValidationError) as error:
            config.import_campaign(data)
        assert error.value.messages == [
            "levels[2].can_forward: cấp cao nhất không thể đề nghị lên cấp trên: phía trên "
            "không còn cấp xét nào"
        ]

    def test_the_same_file_under_a_new_code_is_accepted(self, seed_units):
        config.import_campaign(load_fixture("000"))
        config.import_campaign(load_fixture("000"), code="bieu-duong-2026")
        assert Campaign.objects.count() == 2

    def test_another_format_version_is_refused(self, seed_units):
        data = load_fixture("000")
        data["format"] = 2
        with pytest.raises(ValidationError) as error:
            config.import_campaign(data)
        assert list(problems(error.value)) == ["format"]

    def test_something_other_than_an_object_is_refused(self, db):
        with pytest.raises(ValidationError) as error:
            config.import_campaign(["not", "a", "campaign"])
        assert list(problems(error.value)) == [""]

    def test_a_unit_outside_the_importers_subtree_reads_as_unknown(self, seed_units):
        admin_b = UserFactory(unit=seed_units.district_b, role=Role.ADMIN)
        data = load_fixture("001")  # organised by NK-AH, outside district B
        with pytest.raises(ValidationError) as error:
            config.import_campaign(data, by=admin_b)
        assert "organiser_code" in problems(error.value)

    def test_a_quota_unit_must_be_inside_the_organiser(self, seed_units):
        data = load_fixture("004")
        data["quotas"][2]["unit_code"] = "QA"  # another district
        with pytest.raises(ValidationError) as error:
            config.import_campaign(data)
        assert list(problems(error.value)) == ["quotas[2].unit_code"]


@pytest.mark.django_db
class TestUpdate:
    def test_levels_and_categories_keep_their_rows(self, seed_units):
        campaign = config.import_campaign(load_fixture("000"))
        level_ids = list(campaign.levels.order_by("position").values_list("pk", flat=True))
        data = config.export_campaign(campaign)
        data["levels"][1]["forward_cap_percent"] = 15
        data["categories"][0]["name"] = "Đảng viên tiêu biểu xuất sắc"
        config.update_campaign(campaign, data)
        assert list(campaign.levels.order_by("position").values_list("pk", flat=True)) == level_ids
        assert campaign.levels.get(position=2).forward_cap_percent == 15
        assert campaign.categories.get(code="dang-vien-tieu-bieu").name == (
            "Đảng viên tiêu biểu xuất sắc"
        )

    def test_a_level_with_nominations_cannot_be_removed(self, seed000):
        from campaigns.models import Placement

        campaign = seed000.campaign
        seed000.file(seed000.member(seed000.tree.cell_a1))  # waits at the grassroots level
        data = config.export_campaign(campaign)
        data["levels"] = [lvl for lvl in data["levels"] if lvl["placement"] != Placement.GRASSROOTS]
        for level in data["levels"]:
            level["position"] -= 1
        before = row_counts()
        with pytest.raises(ValidationError) as error:
            config.update_campaign(campaign, data)
        assert "levels[0].placement" in problems(error.value)
        assert row_counts() == before
        assert campaign.levels.get(position=1).placement == Placement.GRASSROOTS

    def test_a_category_with_nominations_cannot_be_removed(self, seed000):
        campaign = seed000.campaign
        seed000.file(seed000.member(seed000.tree.cell_a1), category=seed000.members)
        data = config.export_campaign(campaign)
        data["categories"] = [c for c in data["categories"] if c["code"] != "dang-vien"]
        with pytest.raises(ValidationError) as error:
            config.update_campaign(campaign, data)
        assert "categories" in problems(error.value)
        assert campaign.categories.count() == 2

    def test_an_unused_level_can_be_removed(self, seed000):
        data = config.export_campaign(seed000.campaign)
        data["levels"] = data["levels"][:2]
        data["levels"][1]["can_forward"] = False
        data["levels"][1]["forward_cap_percent"] = None
        config.update_campaign(seed000.campaign, data)
        assert seed000.campaign.levels.count() == 2

    def test_its_own_code_is_not_taken(self, seed_units):
        campaign = config.import_campaign(load_fixture("002"))
        data = config.export_campaign(campaign)
        data["title"] = "Tuyên dương điển hình 2023"
        config.update_campaign(campaign, data)
        campaign.refresh_from_db()
        assert campaign.title == "Tuyên dương điển hình 2023"


@pytest.mark.django_db
class TestClone:
    def test_a_clone_has_the_same_rules_a_new_code_and_is_being_prepared(self, seed_units):
        original = config.import_campaign(load_fixture("000"))
        admin = UserFactory(unit=seed_units.city, role=Role.ADMIN)
        clone = config.clone_campaign(
            original, code="bieu-duong-2026", title="Biểu dương năm 2026", by=admin
        )
        assert clone.pk != original.pk
        assert clone.status == CampaignStatus.DRAFT
        assert clone.created_by == admin
        exported, source = config.export_campaign(clone), config.export_campaign(original)
        for data in (exported, source):
            del data["code"], data["title"], data["status"]
        assert exported == source
        original.refresh_from_db()
        assert original.status == CampaignStatus.OPEN

    def test_a_clone_under_a_taken_code_is_refused(self, seed_units):
        original = config.import_campaign(load_fixture("000"))
        with pytest.raises(ValidationError, match="a campaign with this code exists"):
            config.clone_campaign(original, code=original.code, title="x")
        assert Campaign.objects.count() == 1


class TestShift:
    def test_the_last_deadline_moves_to_thirty_days_from_today(self):
        data = load_fixture("000")
        today = datetime.date(2026, 3, 10)
        days = config.days_to_shift(data, today)
        assert days == (datetime.date(2026, 4, 9) - datetime.date(2025, 1, 15)).days
        shifted = config.shift_config(data, days)
        assert shifted["levels"][2]["closes_at"] == "2026-04-09T00:00:00+07:00"
        assert config.last_deadline(shifted) == today + datetime.timedelta(days=30)

    def test_every_date_and_moment_moves_by_the_same_days(self):
        data = load_fixture("004")
        shifted = config.shift_config(data, 1000)
        delta = datetime.timedelta(days=1000)
        for key in ("period_start", "period_end"):
            assert (
                datetime.date.fromisoformat(shifted[key]) - datetime.date.fromisoformat(data[key])
            ) == delta
        for before, after in zip(data["levels"], shifted["levels"], strict=True):
            for key in ("opens_at", "closes_at"):
                moved = datetime.datetime.fromisoformat(after[key])
                assert moved - datetime.datetime.fromisoformat(before[key]) == delta
                assert moved.strftime("%H:%M:%S%z") == "00:00:00+0700"
        assert data == load_fixture("004"), "the original is not changed"

    def test_without_a_deadline_the_period_end_counts(self):
        data = copy.deepcopy(load_fixture("000"))
        for level in data["levels"]:
            level["closes_at"] = None
        assert config.last_deadline(data) == datetime.date(2025, 2, 3)


@pytest.mark.django_db
class TestPublicVote:
    """Seed 002's numbers: shortlist 25-30, 16 choices per ballot, 16 honored."""

    def test_seed_002_carries_the_public_vote_numbers(self, seed_units):
        campaign = config.import_campaign(load_fixture("002"))
        assert campaign.public_vote_rules == {
            "min_shortlist": 25,
            "max_shortlist": 30,
            "max_choices": 16,
            "honor_count": 16,
        }

    def test_a_campaign_without_one_exports_no_key(self, seed_units):
        campaign = config.import_campaign(load_fixture("000"))
        assert campaign.public_vote_rules is None
        assert "public_vote" not in config.export_campaign(campaign)

    def test_bounds_out_of_order_are_reported_at_their_path(self, seed_units):
        data = load_fixture("002")
        data["public_vote"] = {
            "min_shortlist": 25,
            "max_shortlist": 24,
            "max_choices": 0,
            "honor_count": 26,
        }
        with pytest.raises(ValidationError) as refused:
            config.import_campaign(data)
        found = problems(refused.value)
        assert "public_vote.max_choices" in found
        data["public_vote"]["max_choices"] = 16
        with pytest.raises(ValidationError) as refused:
            config.import_campaign(data)
        found = problems(refused.value)
        assert set(found) == {"public_vote.max_shortlist", "public_vote.honor_count"}

    def test_unknown_and_missing_keys_are_reported(self, seed_units):
        data = load_fixture("002")
        data["public_vote"] = {
            "min_shortlist": 25,
            "max_shortlist": 30,
            "honor_count": 16,
            "extra": 1,
        }
        with pytest.raises(ValidationError) as refused:
            config.import_campaign(data)
        assert set(problems(refused.value)) == {"public_vote.max_choices", "public_vote.extra"}
