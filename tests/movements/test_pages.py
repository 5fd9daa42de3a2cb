"""The four-good pages: scope (404 outside the subtree), roles (403), what each shows, the
query counts at two sizes, and filing a reward nomination for a two-year candidate."""

import io

import openpyxl
import pytest
from django.urls import reverse

from campaigns.models import Category, NomineeKind
from committees.models import Rating, Role
from movements.models import Judgement, MovementRegistration
from nominations.models import Nomination, NominationState
from tests.factories import UnitFactory, UserFactory

from .conftest import REGISTRATION_CELLS, add_members

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def english_site(settings):
    settings.LANGUAGE_CODE = "en"


def login(client, unit, role=Role.STAFF):
    user = UserFactory(unit=unit, role=role)
    client.force_login(user)
    return user


def url(name, movement, *args):
    return reverse(f"movements:{name}", args=[movement.campaign.code, *args])


def get(client, address):
    response = client.get(address, **EN)
    return response, response.content.decode()


def judge_all(movement, units, years):
    for unit in units:
        for year in years:
            Judgement.objects.create(
                movement=movement,
                unit=unit,
                year=year,
                political_task=True,
                meeting_quality=True,
                unity_discipline=True,
                judged_at="2025-01-10T00:00Z",
            )


class TestScope:
    @pytest.mark.parametrize(
        "name", ["four-good", "four-good-results", "four-good-dashboard", "four-good-candidates"]
    )
    def test_each_page_opens_for_a_cell(self, client, city_tree, movement, name):
        login(client, city_tree.cell_a1, Role.CELL_SECRETARY)
        response, _ = get(client, url(name, movement))
        assert response.status_code == 200

    def test_a_cell_sees_only_its_own_results(self, client, city_tree, movement):
        login(client, city_tree.cell_a1, Role.CELL_SECRETARY)
        _, html = get(client, url("four-good-results", movement) + "?year=2024")
        assert "QA-P1-C1" in html and "QA-P1-C2" not in html

    def test_units_outside_the_subtree_are_not_found(self, client, city_tree, movement):
        login(client, city_tree.grassroots_a)
        for address in (
            url("four-good-results", movement) + "?unit=HB-X1",
            url("four-good-dashboard", movement) + "?unit=HB-X1",
            url("four-good-unit", movement, "HB-X1-C1", 2024),
            url("four-good-export", movement) + "?unit=HB-X1&year=2024",
        ):
            assert client.get(address).status_code == 404
        response = client.post(
            url("four-good-unit", movement, "HB-X1-C1", 2024), {"political_task": "1"}
        )
        assert response.status_code == 404
        assert not Judgement.objects.exists()

    def test_a_campaign_of_another_branch_is_not_found(self, client, city_tree, movement):
        movement.campaign.organiser = city_tree.district_b
        movement.campaign.save()
        login(client, city_tree.grassroots_a)
        assert client.get(url("four-good", movement)).status_code == 404

    def test_a_closed_unit_or_a_mass_organisation_has_no_result_page(
        self, client, city_tree, movement
    ):
        from committees.models import UnitStatus

        city_tree.cell_a2.status, city_tree.cell_a2.closed_on = UnitStatus.CLOSED, "2024-01-01"
        city_tree.cell_a2.save()
        login(client, city_tree.district_a)
        for code in ("QA-P1-C2", "QA-MTTQ"):
            assert client.get(url("four-good-unit", movement, code, 2024)).status_code == 404

    def test_a_year_outside_the_movement_is_not_found(self, client, city_tree, movement):
        login(client, city_tree.grassroots_a)
        assert client.get(url("four-good-results", movement) + "?year=2030").status_code == 404


class TestJudging:
    def test_staff_above_judge_from_the_page(self, client, city_tree, movement):
        login(client, city_tree.grassroots_a)
        address = url("four-good-unit", movement, "QA-P1-C1", 2024)
        response = client.post(
            address,
            {
                "political_task": "1",
                "meeting_quality": "0",
                "unity_discipline": "1",
                "notes": "Biên bản số 3",
            },
        )
        assert response.status_code == 302
        judgement = Judgement.objects.get()
        assert (judgement.political_task, judgement.meeting_quality) == (True, False)
        _, html = get(client, address)
        assert "Biên bản số 3" in html
        assert "Classification" in html and "T2" in html

    @pytest.mark.parametrize(
        ("unit", "role"),
        [
            ("cell_a1", Role.STAFF),
            ("grassroots_a", Role.CELL_SECRETARY),
            ("grassroots_a", Role.STANDING_MEMBER),
        ],
    )
    def test_the_wrong_role_or_the_unit_itself_is_forbidden(
        self, client, city_tree, movement, unit, role
    ):
        login(client, getattr(city_tree, unit), role)
        response = client.post(
            url("four-good-unit", movement, "QA-P1-C1", 2024), {"political_task": "1"}
        )
        assert response.status_code == 403
        assert not Judgement.objects.exists()

    def test_the_import_page_is_for_staff_only(self, client, city_tree, movement):
        login(client, city_tree.cell_a1, Role.CELL_SECRETARY)
        assert client.get(url("four-good-import", movement)).status_code == 403

    def test_import_from_the_page(self, client, city_tree, movement):
        login(client, city_tree.grassroots_a)
        content = "Mã đơn vị,Năm,T1,T2,T3\nQA-P1-C1,2024,Đạt,Đạt,Đạt\nHB-X1-C1,2024,Đạt,Đạt,Đạt\n"
        upload = io.BytesIO(content.encode())
        upload.name = "danh-gia.csv"
        response = client.post(url("four-good-import", movement), {"file": upload}, **EN)
        assert response.status_code == 200
        assert "HB-X1-C1" in response.content.decode()
        assert not Judgement.objects.exists()
        upload = io.BytesIO(content.split("HB-X1-C1")[0].encode())
        upload.name = "danh-gia.csv"
        response = client.post(url("four-good-import", movement), {"file": upload})
        assert response.status_code == 302
        assert Judgement.objects.count() == 1


class TestRegistration:
    def test_the_registration_form_can_be_sent(self, client, city_tree, movement):
        """The form has its button: without one the secretary could type but never send."""
        login(client, city_tree.cell_a1, Role.CELL_SECRETARY)
        _, html = get(client, url("four-good", movement))
        form = html[html.index('id="registration-form"') :]
        form = form[: form.index("</form>")]
        assert 'type="submit"' in form and "Register the unit" in form

    def test_a_cell_registers_from_the_movement_page(self, client, city_tree, movement):
        login(client, city_tree.cell_a1, Role.CELL_SECRETARY)
        response = client.post(url("four-good", movement), {"content": "Đăng ký bốn tốt"})
        assert response.status_code == 302
        assert MovementRegistration.objects.get().unit == city_tree.cell_a1
        _, html = get(client, url("four-good", movement))
        assert "Registered at" in html

    def test_dashboard_highlights_units_not_registered_before_the_deadline(
        self, client, city_tree, movement
    ):
        MovementRegistration.objects.create(
            movement=movement,
            unit=city_tree.cell_a1,
            registered_at=REGISTRATION_CELLS.replace(day=1),
        )
        login(client, city_tree.grassroots_a)
        _, html = get(client, url("four-good-dashboard", movement))
        rows = [row for row in html.split("<tr")[1:] if "four-good" not in row]
        late = [row for row in rows if 'data-late="1"' in row]
        assert len(late) == 2  # the ward itself and cell 2; cell 1 registered in time
        assert not any("Chi bộ khu vực 1" in row for row in late)
        chart = html[html.index("<figure") : html.index("</figure>")]
        assert "<svg" in chart and " style=" not in chart and "<script" not in chart


class TestExport:
    def test_export_from_the_page(self, client, city_tree, movement):
        login(client, city_tree.grassroots_a)
        response = client.get(url("four-good-export", movement) + "?year=2024&format=xlsx")
        assert response.status_code == 200
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        assert [row[0] for row in sheet.iter_rows(values_only=True)][1:] == [
            "QA-P1",
            "QA-P1-C1",
            "QA-P1-C2",
        ]
        assert client.get(url("four-good-export", movement) + "?format=pdf").status_code == 404


class TestQueryCounts:
    @pytest.mark.parametrize(
        "name", ["four-good-results", "four-good-dashboard", "four-good-candidates"]
    )
    def test_the_count_does_not_grow_with_the_tree(
        self, client, city_tree, movement, name, queries
    ):
        login(client, city_tree.city)

        def grow(n, start):
            for i in range(start, start + n):
                cell = UnitFactory(parent=city_tree.grassroots_b, code=f"N{i}")
                add_members(cell, {Rating.HTTNV: 2}, year=2023)
                add_members(cell, {Rating.HTTNV: 2}, year=2024, unrated=1)
                judge_all(movement, [cell], [2023, 2024])
                MovementRegistration.objects.create(
                    movement=movement, unit=cell, registered_at=REGISTRATION_CELLS
                )

        def count():
            return queries.of_page(client, url(name, movement) + "?year=2024", **EN)

        grow(2, 0)
        small = count()
        grow(12, 2)
        assert count() == small


class TestRewards:
    def test_a_two_year_candidate_files_its_collective_nomination(
        self, client, city_tree, movement
    ):
        Category.objects.create(
            campaign=movement.campaign,
            code="chi-bo-bon-tot",
            name="Chi bộ bốn tốt",
            nominee_kind=NomineeKind.COLLECTIVE,
        )
        cell = city_tree.cell_a1
        for year in (2023, 2024):
            add_members(cell, {Rating.HTTNV: 3}, year=year)
        judge_all(movement, [cell], [2023, 2024])
        MovementRegistration.objects.create(
            movement=movement, unit=cell, registered_at=REGISTRATION_CELLS.replace(day=1)
        )
        login(client, cell, Role.CELL_SECRETARY)
        _, html = get(client, url("four-good-candidates", movement) + "?year=2024")
        assert "Chi bộ khu vực 1" in html and "File the nomination" in html
        response = client.post(url("four-good-file", movement, cell.code, 2024))
        nomination = Nomination.objects.get()
        assert response.url == reverse("nominations:detail", args=[nomination.public_id])
        assert nomination.collective == cell and nomination.state == NominationState.DRAFT
        assert "2023, 2024" in nomination.achievement_summary
        _, html = get(client, url("four-good-candidates", movement) + "?year=2024")
        assert "File the nomination" not in html

    def test_another_units_draft_is_no_link_until_it_is_submitted(
        self, client, city_tree, movement
    ):
        Category.objects.create(
            campaign=movement.campaign, code="c", name="C", nominee_kind=NomineeKind.COLLECTIVE
        )
        cell = city_tree.cell_a1
        for year in (2023, 2024):
            add_members(cell, {Rating.HTTNV: 3}, year=year)
        judge_all(movement, [cell], [2023, 2024])
        MovementRegistration.objects.create(
            movement=movement, unit=cell, registered_at=REGISTRATION_CELLS.replace(day=1)
        )
        secretary = login(client, cell, Role.CELL_SECRETARY)
        client.post(url("four-good-file", movement, cell.code, 2024))
        draft = Nomination.objects.get()
        link = reverse("nominations:detail", args=[draft.public_id])
        _, html = get(client, url("four-good-candidates", movement) + "?year=2024")
        assert link in html  # the cell opens its own draft
        login(client, city_tree.district_a, Role.STAFF)
        _, html = get(client, url("four-good-candidates", movement) + "?year=2024")
        assert "Chi bộ khu vực 1" in html and "Not filed yet" in html
        assert link not in html and client.get(link).status_code == 404
        Nomination.objects.filter(pk=draft.pk).update(state=NominationState.PROPOSED)
        _, html = get(client, url("four-good-candidates", movement) + "?year=2024")
        assert link in html and client.get(link).status_code == 200
        assert secretary.unit == cell

    def test_a_gap_year_is_not_a_candidate(self, client, city_tree, movement):
        Category.objects.create(
            campaign=movement.campaign, code="c", name="C", nominee_kind=NomineeKind.COLLECTIVE
        )
        cell = city_tree.cell_a1
        for year in (2022, 2024):
            add_members(cell, {Rating.HTTNV: 3}, year=year)
        judge_all(movement, [cell], [2022, 2024])
        MovementRegistration.objects.create(
            movement=movement, unit=cell, registered_at=REGISTRATION_CELLS
        )
        login(client, cell, Role.CELL_SECRETARY)
        _, html = get(client, url("four-good-candidates", movement) + "?year=2024")
        assert 'data-testid="candidates"' not in html
        assert "No unit has reached" in html
        client.post(url("four-good-file", movement, cell.code, 2024))
        assert not Nomination.objects.exists()


class TestNavigation:
    def test_the_menu_entry_leads_to_the_one_movement(self, client, city_tree, movement):
        login(client, city_tree.cell_a1, Role.CELL_SECRETARY)
        _, html = get(client, reverse("dashboard"))
        assert reverse("movements:four-good-home") in html
        response = client.get(reverse("movements:four-good-home"))
        assert response.url == url("four-good", movement)

    def test_without_a_movement_the_entry_says_so(self, client, city_tree):
        login(client, city_tree.cell_a1, Role.CELL_SECRETARY)
        _, html = get(client, reverse("movements:four-good-home"))
        assert "No four-good movement" in html

    def test_the_dashboard_panel_shows_the_registration_to_do(self, client, city_tree, movement):
        movement.campaign.status = "open"
        movement.campaign.save()
        login(client, city_tree.cell_a1, Role.CELL_SECRETARY)
        _, html = get(client, reverse("dashboard"))
        assert 'data-testid="four-good-panel"' in html
        assert "Your unit has not registered yet." in html
        MovementRegistration.objects.create(
            movement=movement,
            unit=city_tree.cell_a1,
            registered_at=REGISTRATION_CELLS.replace(day=1),
        )
        _, html = get(client, reverse("dashboard"))
        assert "Your unit registered on 01/12/2022." in html
