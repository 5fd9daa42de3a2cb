"""The campaign pages as each role sees them: list, detail, create, edit, clone, export, import."""

import datetime
import io
import json

import pytest
from django.forms import BooleanField, ChoiceField, MultipleChoiceField
from django.urls import reverse

from campaigns import config
from campaigns.forms import CampaignEditor, editor_initial
from campaigns.models import Campaign, CampaignStatus, Placement, ReviewLevel
from campaigns.views.describe import optional_url
from committees.models import Role
from tests.factories import CampaignFactory, ReviewLevelFactory, UserFactory

from .test_config import SEED_FILES, load_fixture, row_counts

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def english(settings):
    # Assertions read the English source strings; Vietnamese comes from the translation file.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def city_campaign(seed_units):
    return config.import_campaign(load_fixture("000"))


def login(client, unit, role):
    user = UserFactory(unit=unit, role=role)
    client.force_login(user)
    return user


def page(client, url, **extra):
    response = client.get(url, **EN, **extra)
    return response, response.content.decode()


def editor_data(campaign, user, **changes) -> dict:
    """What a browser posts from the edit page (with its empty row) when the user changes
    nothing but ``changes``."""
    editor = CampaignEditor(user=user, initial=editor_initial(campaign), extra=1)
    data = {}

    def add(form, prefix=""):
        for name, field in form.fields.items():
            value = form[name].value()
            key = f"{prefix}{name}"
            if value is None and isinstance(field, MultipleChoiceField | BooleanField):
                continue  # nothing ticked: a browser sends nothing
            if value is None and isinstance(field, ChoiceField):
                value = str(field.choices[0][0])  # a browser submits the first option
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, list):
                data[key] = value
            elif isinstance(value, datetime.datetime):
                data[key] = value.strftime("%Y-%m-%dT%H:%M:%S")
            elif isinstance(value, datetime.date):
                data[key] = value.isoformat()
            else:
                data[key] = field.prepare_value(value) if value is not None else ""

    add(editor.form)
    for section, formset in editor.formsets.items():
        data.update(
            {
                f"{section}-TOTAL_FORMS": str(len(formset.forms)),
                f"{section}-INITIAL_FORMS": str(formset.initial_form_count()),
                f"{section}-MIN_NUM_FORMS": "0",
                f"{section}-MAX_NUM_FORMS": "1000",
            }
        )
        for i, form in enumerate(formset.forms):
            add(form, f"{section}-{i}-")
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


class TestList:
    def test_a_cell_secretary_sees_the_city_campaign(self, client, city_campaign, seed_units):
        login(client, seed_units.cell_a1, Role.CELL_SECRETARY)
        response, body = page(client, reverse("campaigns:list"))
        assert response.status_code == 200
        assert city_campaign.title in body
        assert reverse("campaigns:create") not in body

    def test_campaigns_of_other_branches_are_not_listed(self, client, seed_units):
        other = CampaignFactory(organiser=seed_units.district_b, title="Đợt của huyện Phong Điền")
        ours = CampaignFactory(organiser=seed_units.grassroots_a, title="Đợt của phường An Hòa")
        login(client, seed_units.district_a, Role.STAFF)
        _, body = page(client, reverse("campaigns:list"))
        assert ours.title in body
        assert other.title not in body

    def test_the_admin_is_offered_create_and_import(self, client, seed_units):
        login(client, seed_units.city, Role.ADMIN)
        _, body = page(client, reverse("campaigns:list"))
        assert reverse("campaigns:create") in body
        assert reverse("campaigns:import") in body

    def test_every_role_has_campaigns_in_the_menu(self, client, seed_units):
        for role, unit in (
            (Role.CELL_SECRETARY, seed_units.cell_a1),
            (Role.STANDING_MEMBER, seed_units.district_a),
        ):
            login(client, unit, role)
            _, body = page(client, reverse("dashboard"))
            assert f'href="{reverse("campaigns:list")}"' in body

    def test_anonymous_users_are_sent_to_log_in(self, client, city_campaign):
        for url in (
            reverse("campaigns:list"),
            reverse("campaigns:detail", args=[city_campaign.code]),
            reverse("campaigns:edit", args=[city_campaign.code]),
            reverse("campaigns:import"),
        ):
            response = client.get(url)
            assert response.status_code == 302
            assert response.url.startswith(reverse("login"))

    def test_query_count_does_not_grow_with_the_campaigns(self, client, seed_units, queries):
        def add(n):
            for _ in range(n):
                campaign = CampaignFactory(organiser=seed_units.city)
                ReviewLevelFactory(
                    campaign=campaign,
                    position=1,
                    closes_at=datetime.datetime(2025, 1, 15, tzinfo=datetime.UTC),
                )

        def count():
            return queries.of_page(client, reverse("campaigns:list"), **EN)

        login(client, seed_units.cell_a1, Role.CELL_SECRETARY)
        add(2)
        small = count()
        add(20)
        assert count() == small


class TestDetail:
    @pytest.mark.parametrize("seed", sorted(SEED_FILES))
    def test_each_seed_campaign_loads_and_displays(self, client, seed_units, seed):
        campaign = config.import_campaign(load_fixture(seed))
        login(client, seed_units.city, Role.STAFF)
        response, body = page(client, reverse("campaigns:detail", args=[campaign.code]))
        assert response.status_code == 200
        assert campaign.title in body
        for level in campaign.levels.all():
            assert level.name in body
        for category in campaign.categories.all():
            assert category.name in body

    def test_seed_000_shows_its_deadline_and_cap(self, client, city_campaign, seed_units):
        login(client, seed_units.cell_a1, Role.CELL_SECRETARY)
        response, body = page(client, reverse("campaigns:detail", args=[city_campaign.code]))
        assert response.status_code == 200
        assert "23 h 59 min 59 s on 14/01/2025 (Vietnam time)" in body
        assert "at most 10% of the individuals honored at this level (round down)" in body
        assert "Rated HTTNV (Well completed duties) or better for 2024" in body
        assert "Holds the position “Bí thư chi bộ”" in body
        assert "Báo cáo tóm tắt thành tích cá nhân đề nghị biểu dương" in body

    def test_seed_004_shows_its_window_and_quotas_in_words(self, client, seed_units):
        campaign = config.import_campaign(load_fixture("004"))
        login(client, seed_units.city, Role.ADMIN)
        _, body = page(client, reverse("campaigns:detail", args=[campaign.code]))
        assert "from 00:00:00 on 20/03/2023" in body
        assert "23 h 59 min 59 s on 31/03/2023 (Vietnam time)" in body
        assert "1 collective or 1 individual" in body
        assert "at most 1 collective, at most 2 individuals" in body
        assert "Quận ủy Ninh Kiều (mẫu)" in body  # the forwarding quota of the district itself

    def test_a_campaign_outside_the_users_view_is_not_found(self, client, seed_units):
        campaign = CampaignFactory(organiser=seed_units.district_a)
        login(client, seed_units.district_b, Role.ADMIN)
        for name in ("detail", "edit", "clone", "export"):
            response = client.get(reverse(f"campaigns:{name}", args=[campaign.code]))
            assert response.status_code == 404, name

    @pytest.mark.parametrize(
        ("who", "role", "shown", "hidden"),
        [
            (
                "cell_a1",
                Role.CELL_SECRETARY,
                ["unit-nominations"],
                ["queue", "session-list", "final-list", "progress"],
            ),
            (
                "district_a",
                Role.STAFF,
                ["queue", "session-list", "progress"],
                ["unit-nominations", "final-list"],
            ),
            (
                "city",
                Role.STANDING_MEMBER,
                ["session-list", "final-list"],
                ["unit-nominations", "queue", "progress"],
            ),
            # the pages would answer 403: the final list is kept by the organiser's staff and
            # standing committee, the progress is for the staff of a level
            ("city", Role.ADMIN, [], ["final-list", "progress"]),
        ],
    )
    def test_each_role_is_offered_its_nomination_pages(
        self, client, city_campaign, seed_units, who, role, shown, hidden
    ):
        login(client, getattr(seed_units, who), role)
        _, body = page(client, reverse("campaigns:detail", args=[city_campaign.code]))
        box = body.split('data-testid="nomination-links"', 1)[1]
        for name in shown:
            url = optional_url(f"nominations:{name}", code=city_campaign.code)
            assert url is None or f'href="{url}"' in box, name
        for name in hidden:
            url = optional_url(f"nominations:{name}", code=city_campaign.code)
            assert url is None or f'href="{url}"' not in box, name

    def test_links_to_pages_that_do_not_exist_yet_are_left_out(self):
        assert optional_url("nominations:no-such-page", code="x") is None
        assert optional_url("campaigns:detail", code="x") == reverse("campaigns:detail", args=["x"])

    def test_the_manage_buttons_are_for_admins_in_scope(self, client, city_campaign, seed_units):
        edit = reverse("campaigns:edit", args=[city_campaign.code])
        login(client, seed_units.district_a, Role.ADMIN)
        assert edit not in page(client, reverse("campaigns:detail", args=[city_campaign.code]))[1]
        login(client, seed_units.city, Role.ADMIN)
        assert edit in page(client, reverse("campaigns:detail", args=[city_campaign.code]))[1]


class TestPermissions:
    @pytest.mark.parametrize("name", ["edit", "clone", "export"])
    def test_a_cell_secretary_cannot_manage_the_city_campaign(
        self, client, city_campaign, seed_units, name
    ):
        login(client, seed_units.cell_a1, Role.CELL_SECRETARY)
        assert (
            client.get(reverse(f"campaigns:{name}", args=[city_campaign.code])).status_code == 403
        )
        assert client.post(
            reverse(f"campaigns:{name}", args=[city_campaign.code]), {"code": "x", "title": "x"}
        ).status_code in (403, 405)

    def test_a_cell_secretary_cannot_create_or_import(self, client, seed_units):
        login(client, seed_units.cell_a1, Role.CELL_SECRETARY)
        assert client.get(reverse("campaigns:create")).status_code == 403
        assert client.get(reverse("campaigns:import")).status_code == 403
        before = row_counts()
        upload = io.BytesIO(json.dumps(load_fixture("000")).encode())
        upload.name = "000.json"
        assert client.post(reverse("campaigns:import"), {"file": upload}).status_code == 403
        assert row_counts() == before

    def test_a_district_admin_cannot_manage_the_city_campaign(
        self, client, city_campaign, seed_units
    ):
        login(client, seed_units.district_a, Role.ADMIN)
        assert client.get(reverse("campaigns:detail", args=[city_campaign.code])).status_code == 200
        assert client.get(reverse("campaigns:edit", args=[city_campaign.code])).status_code == 403


class TestEdit:
    def test_the_admin_changes_the_cap(self, client, city_campaign, seed_units):
        admin = login(client, seed_units.city, Role.ADMIN)
        data = editor_data(city_campaign, admin, **{"levels-1-forward_cap_percent": "15"})
        response = client.post(reverse("campaigns:edit", args=[city_campaign.code]), data)
        assert response.status_code == 302
        assert response.url == reverse("campaigns:detail", args=[city_campaign.code])
        assert city_campaign.levels.get(position=2).forward_cap_percent == 15

    def test_the_page_round_trips_the_configuration_unchanged(
        self, client, city_campaign, seed_units
    ):
        admin = login(client, seed_units.city, Role.ADMIN)
        before = config.export_campaign(city_campaign)
        response = client.post(
            reverse("campaigns:edit", args=[city_campaign.code]), editor_data(city_campaign, admin)
        )
        assert response.status_code == 302
        assert config.export_campaign(city_campaign) == before

    def test_a_broken_rule_is_shown_at_its_field_and_nothing_changes(
        self, client, city_campaign, seed_units
    ):
        admin = login(client, seed_units.city, Role.ADMIN)
        before = config.export_campaign(city_campaign)
        data = editor_data(
            city_campaign, admin, **{"levels-2-can_forward": "on", "title": "Tên mới"}
        )
        response = client.post(reverse("campaigns:edit", args=[city_campaign.code]), data, **EN)
        assert response.status_code == 200
        row = response.context["editor"].formsets["levels"].forms[2]
        assert row.errors["can_forward"] == [
            "the top level cannot forward: there is no level above it"
        ]
        assert 'value="Tên mới"' in response.content.decode()
        assert config.export_campaign(city_campaign) == before

    def test_a_row_is_added_and_one_deleted(self, client, city_campaign, seed_units):
        admin = login(client, seed_units.city, Role.ADMIN)
        data = editor_data(
            city_campaign,
            admin,
            **{
                "documents-0-DELETE": "on",
                "documents-1-code": "to-trinh",
                "documents-1-name": "Tờ trình",
                "documents-1-required": "on",
                "documents-1-copies": "2",
            },
        )
        response = client.post(reverse("campaigns:edit", args=[city_campaign.code]), data)
        assert response.status_code == 302
        assert list(city_campaign.document_requirements.values_list("code", "copies")) == [
            ("to-trinh", 2)
        ]

    def test_an_admin_creates_a_campaign(self, client, city_campaign, seed_units):
        admin = login(client, seed_units.city, Role.ADMIN)
        response, _ = page(client, reverse("campaigns:create"))
        assert response.status_code == 200
        data = editor_data(
            city_campaign, admin, code="bieu-duong-2026", title="Biểu dương năm 2026"
        )
        response = client.post(reverse("campaigns:create"), data)
        assert response.status_code == 302
        created = Campaign.objects.get(code="bieu-duong-2026")
        assert created.created_by == admin
        assert created.levels.count() == 3

    def test_the_organiser_is_chosen_inside_the_admins_subtree(self, client, seed_units):
        login(client, seed_units.district_b, Role.ADMIN)
        _, body = page(client, reverse("campaigns:create"))
        assert f'value="{seed_units.district_b.code}"' in body
        assert f'value="{seed_units.district_a.code}"' not in body


class TestCloneExportImport:
    def test_clone_makes_a_draft_and_opens_it_for_editing(self, client, city_campaign, seed_units):
        login(client, seed_units.city, Role.ADMIN)
        url = reverse("campaigns:clone", args=[city_campaign.code])
        assert client.get(url).status_code == 200
        response = client.post(url, {"code": "bieu-duong-2026", "title": "Biểu dương 2026"})
        assert response.status_code == 302
        assert response.url == reverse("campaigns:edit", args=["bieu-duong-2026"])
        clone = Campaign.objects.get(code="bieu-duong-2026")
        assert clone.status == CampaignStatus.DRAFT
        assert clone.levels.count() == 3

    def test_clone_under_a_taken_code_shows_the_error_at_the_code(
        self, client, city_campaign, seed_units
    ):
        login(client, seed_units.city, Role.ADMIN)
        response = client.post(
            reverse("campaigns:clone", args=[city_campaign.code]),
            {"code": city_campaign.code, "title": "x"},
            **EN,
        )
        assert response.status_code == 200
        assert response.context["form"].errors["code"] == ["a campaign with this code exists"]
        assert Campaign.objects.count() == 1

    def test_export_downloads_the_configuration(self, client, city_campaign, seed_units):
        login(client, seed_units.city, Role.ADMIN)
        response = client.get(reverse("campaigns:export", args=[city_campaign.code]))
        assert response.status_code == 200
        assert response["Content-Disposition"] == (
            f'attachment; filename="{city_campaign.code}.json"'
        )
        assert response["Content-Type"].startswith("application/json")
        assert json.loads(response.content.decode("utf-8")) == load_fixture("000")
        assert "Đảng ủy cơ sở" in response.content.decode("utf-8")  # readable, not \\u escapes

    def _upload(self, client, content: bytes, **fields):
        upload = io.BytesIO(content)
        upload.name = "dot.json"
        return client.post(reverse("campaigns:import"), {"file": upload, **fields}, **EN)

    def test_import_creates_the_campaign_and_opens_it(self, client, seed_units):
        login(client, seed_units.city, Role.ADMIN)
        content = json.dumps(load_fixture("004"), ensure_ascii=False).encode("utf-8")
        response = self._upload(client, content)
        assert response.status_code == 302
        assert response.url == reverse("campaigns:detail", args=["so-ket-01-kltw-2023"])

    def test_import_lists_every_problem_with_its_path(self, client, seed_units):
        login(client, seed_units.city, Role.ADMIN)
        data = load_fixture("000")
        data["levels"][2]["placement"] = "district"
        data["levels"][1]["forward_cap_percent"] = 150
        data["colour"] = "red"
        before = row_counts()
        response = self._upload(client, json.dumps(data).encode())
        assert response.status_code == 200
        body = response.content.decode()
        assert "levels[2].placement: unknown value “district”" in body
        assert "levels[1].forward_cap_percent: must be between 0 and 100" in body
        assert "colour: unknown key" in body
        assert row_counts() == before

    def test_import_of_an_existing_code_asks_for_a_new_one(self, client, city_campaign, seed_units):
        login(client, seed_units.city, Role.ADMIN)
        content = json.dumps(load_fixture("000")).encode()
        response = self._upload(client, content)
        assert response.context["form"].non_field_errors() == [
            "code: a campaign with this code exists"
        ]
        response = self._upload(client, content, code=city_campaign.code)
        assert response.context["form"].errors["code"] == ["a campaign with this code exists"]
        response = self._upload(client, content, code="bieu-duong-2026")
        assert response.status_code == 302
        assert Campaign.objects.filter(code="bieu-duong-2026").exists()

    def test_import_refuses_a_file_that_is_not_json(self, client, seed_units):
        login(client, seed_units.city, Role.ADMIN)
        response = self._upload(client, b"{ not json")
        assert "The file is not valid JSON" in response.content.decode()
        assert Campaign.objects.count() == 0

    def test_import_refuses_a_file_over_one_megabyte(self, client, seed_units):
        login(client, seed_units.city, Role.ADMIN)
        data = load_fixture("000")
        data["description"] = "x" * (1024 * 1024)
        response = self._upload(client, json.dumps(data).encode())
        assert response.context["form"].errors["file"] == ["The file is larger than 1 MB."]
        assert Campaign.objects.count() == 0

    def test_import_refuses_more_levels_than_the_editor_allows(self, client, seed_units):
        login(client, seed_units.city, Role.ADMIN)
        data = load_fixture("000")
        data["levels"] = [dict(data["levels"][0], position=i) for i in range(1, 121)]
        before = row_counts()
        response = self._upload(client, json.dumps(data).encode())
        assert response.status_code == 200
        assert "levels: has 120 rows; a campaign has at most 50" in response.content.decode()
        assert row_counts() == before

    @pytest.mark.parametrize("depth", [11, 50_000])
    def test_import_refuses_a_file_nested_too_deeply(self, client, seed_units, depth):
        # 50,000 brackets (100 KB) exhausted Python's recursion: a 500 before the limit.
        login(client, seed_units.city, Role.ADMIN)
        response = self._upload(client, b"[" * depth + b"]" * depth)
        assert response.status_code == 200
        assert response.context["form"].errors["file"] == [
            "The file nests too deeply to be a campaign."
        ]
        assert Campaign.objects.count() == 0


class TestEditorLevels:
    def test_the_editor_reads_placement_and_moments_back(self, seed_units, city_campaign):
        initial = editor_initial(city_campaign)
        assert initial["levels"][0]["placement"] == Placement.GRASSROOTS
        moment = initial["levels"][2]["closes_at"]
        assert moment.strftime("%H:%M:%S %d/%m/%Y") == "00:00:00 15/01/2025"
        assert ReviewLevel.objects.filter(campaign=city_campaign).count() == 3


class TestDataAdministration:
    def test_the_admin_site_edits_a_campaign_with_its_parts(self, client, city_campaign):
        superuser = UserFactory(
            username="root", unit=None, role="", is_superuser=True, is_staff=True
        )
        client.force_login(superuser)
        response = client.get(reverse("admin:campaigns_campaign_change", args=[city_campaign.pk]))
        assert response.status_code == 200
        body = response.content.decode()
        for prefix in ("levels", "categories", "quotas", "document_requirements"):
            assert f'name="{prefix}-TOTAL_FORMS"' in body, prefix
        assert client.get(reverse("admin:campaigns_campaign_add")).status_code == 200
        assert client.get(reverse("admin:campaigns_campaign_changelist")).status_code == 200


@pytest.mark.django_db
def test_editing_seed_002_on_the_page_keeps_its_public_vote_numbers(client, seed_units):
    campaign = config.import_campaign(load_fixture("002"))
    admin = login(client, seed_units.city, Role.ADMIN)
    data = editor_data(campaign, admin, report_max_pages="3")
    response = client.post(reverse("campaigns:edit", args=[campaign.code]), data)
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.report_max_pages == 3
    assert campaign.public_vote_rules["min_shortlist"] == 25
