"""Filing through the pages: the unit's page, the nomination form, submitting and withdrawing.

The pages act at the real moment, so the campaign here has no deadline at its first levels."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from campaigns.models import CampaignStatus, NomineeKind
from committees.models import Rating, Role, UnitKind
from nominations import services
from nominations.models import Nomination, NominationEvent
from nominations.models import NominationState as S
from tests.factories import (
    CampaignFactory,
    CategoryFactory,
    PersonFactory,
    QuotaFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SUMMARY = "Ba năm liền hoàn thành xuất sắc nhiệm vụ; vận động xây 2 căn nhà tình nghĩa."


@pytest.fixture
def en(client, settings):
    """Pages in English, so that the tests read the msgids whatever the translations say."""
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def fresh(nomination):
    return Nomination.objects.get(pk=nomination.pk)


def unit_url(seed):
    return reverse("nominations:unit-nominations", args=[seed.campaign.code])


def create_url(seed):
    return reverse("nominations:create", args=[seed.campaign.code])


def form_data(person, category, action="save", **extra):
    data = {
        "category": category.pk,
        "person": person.pk,
        "field_of_work": "Xây dựng Đảng",
        "achievement_summary": SUMMARY,
        "action": action,
    }
    data.update(extra)
    return data


class TestFilingEndToEnd:
    def test_a_cell_secretary_drafts_edits_and_submits(self, en, seed000):
        person = seed000.member(seed000.tree.cell_a1, full_name="Lê Thị Hồng Gấm")
        seed000.city_open()
        en.force_login(seed000.secretary_a1)

        page = en.get(unit_url(seed000))
        assert page.status_code == 200
        assert create_url(seed000) in page.content.decode()
        assert en.get(create_url(seed000)).status_code == 200

        response = en.post(create_url(seed000), form_data(person, seed000.members))
        nomination = Nomination.objects.get(person=person)
        assert response.status_code == 302
        assert response["Location"] == reverse("nominations:detail", args=[nomination.public_id])
        assert nomination.state == S.DRAFT
        assert nomination.filing_unit == seed000.tree.cell_a1

        edit_url = reverse("nominations:edit", args=[nomination.public_id])
        assert SUMMARY in en.get(edit_url).content.decode()
        en.post(edit_url, form_data(person, seed000.members, achievement_summary="Đã sửa."))
        assert fresh(nomination).achievement_summary == "Đã sửa."
        assert fresh(nomination).state == S.DRAFT

        response = en.post(reverse("nominations:submit", args=[nomination.public_id]))
        assert response.status_code == 302
        nomination = fresh(nomination)
        assert nomination.state == S.PROPOSED
        assert nomination.reviewing_unit == seed000.tree.grassroots_a
        assert any(seed000.tree.grassroots_a.name in m for m in messages_of(response))

        # The grassroots committee's staff now see it, proposed and waiting at their unit.
        en.force_login(seed000.staff_grassroots_a)
        detail = en.get(reverse("nominations:detail", args=[nomination.public_id]))
        assert detail.status_code == 200
        assert 'data-state="proposed"' in detail.content.decode()
        queue = en.get(reverse("nominations:queue", args=[seed000.campaign.code]))
        assert [n.pk for n in queue.context["nominations"]] == [nomination.pk]

    def test_save_and_submit_in_one_step(self, en, seed000):
        seed000.city_open()
        person = seed000.member(seed000.tree.cell_a1)
        en.force_login(seed000.secretary_a1)
        response = en.post(create_url(seed000), form_data(person, seed000.members, "submit"))
        assert response.status_code == 302
        nomination = Nomination.objects.get(person=person)
        assert nomination.state == S.PROPOSED
        assert nomination.level == seed000.grassroots

    def test_the_unit_page_lists_the_units_nominations_with_their_state(self, en, seed000):
        proposed = seed000.file(seed000.member(seed000.tree.cell_a1, full_name="Phan Văn Một"))
        other_cell = UserFactory(unit=seed000.tree.cell_a2, role=Role.CELL_SECRETARY)
        seed000.file(
            seed000.member(seed000.tree.cell_a2, full_name="Phan Văn Hai"), user=other_cell
        )
        en.force_login(seed000.secretary_a1)
        body = en.get(unit_url(seed000)).content.decode()
        assert "Phan Văn Một" in body
        assert "Phan Văn Hai" not in body
        assert reverse("nominations:detail", args=[proposed.public_id]) in body
        assert 'data-state="proposed"' in body


class TestFormErrors:
    def test_a_missing_summary_is_reported_at_its_field(self, en, seed000):
        person = seed000.member(seed000.tree.cell_a1)
        en.force_login(seed000.secretary_a1)
        response = en.post(
            create_url(seed000), form_data(person, seed000.members, achievement_summary="   ")
        )
        assert response.status_code == 200
        assert response.context["form"].errors["achievement_summary"] == [
            "Write the achievement summary."
        ]
        # The user's input is kept.
        assert f'value="{person.pk}" selected' in response.content.decode()
        assert not Nomination.objects.filter(person=person).exists()

    def test_an_ineligible_nominee_is_refused_with_the_failing_criterion(self, en, seed000):
        seed000.city_open()
        person = seed000.member(seed000.tree.cell_a1, rating=Rating.HTNV)
        en.force_login(seed000.secretary_a1)
        response = en.post(create_url(seed000), form_data(person, seed000.members, "submit"))
        assert response.status_code == 200
        body = response.content.decode()
        assert "Rated HTTNV or better in 2024" in body
        assert "Rated Completed duties in 2024." in body
        nomination = Nomination.objects.get(person=person)
        # Saved as a draft, nothing submitted; the form now edits that draft.
        assert nomination.state == S.DRAFT
        assert not nomination.events.filter(to_state=S.PROPOSED).exists()
        assert f'action="{reverse("nominations:edit", args=[nomination.public_id])}"' in body

    def test_a_nominee_from_another_cell_cannot_be_chosen(self, en, seed000):
        outsider = seed000.member(seed000.tree.cell_a2)
        en.force_login(seed000.secretary_a1)
        response = en.post(create_url(seed000), form_data(outsider, seed000.members))
        assert response.status_code == 200
        assert "person" in response.context["form"].errors
        assert not Nomination.objects.exists()

    def test_the_checklist_must_be_confirmed_before_submitting(self, en, seed000):
        seed000.city_open()
        seed000.members.checklist = ["Gương mẫu ở nơi cư trú", "Đoàn kết nội bộ"]
        seed000.members.save()
        person = seed000.member(seed000.tree.cell_a1)
        en.force_login(seed000.secretary_a1)
        response = en.post(
            create_url(seed000),
            form_data(person, seed000.members, "submit", checklist_confirmed=["0"]),
        )
        assert "checklist_confirmed" in response.context["form"].errors
        assert Nomination.objects.get(person=person).state == S.DRAFT

        nomination = Nomination.objects.get(person=person)
        en.post(
            reverse("nominations:edit", args=[nomination.public_id]),
            form_data(person, seed000.members, "submit", checklist_confirmed=["0", "1"]),
        )
        nomination = fresh(nomination)
        assert nomination.state == S.PROPOSED
        assert nomination.checklist_confirmed == [True, True]


class TestTheForm:
    def test_people_of_the_subtree_party_members_first(self, en, seed000):
        worker = PersonFactory(
            unit=seed000.tree.cell_a1, full_name="An Quần Chúng", is_party_member=False
        )
        member = seed000.member(seed000.tree.cell_a1, full_name="Bùi Đảng Viên")
        outsider = seed000.member(seed000.tree.cell_a2)
        en.force_login(seed000.secretary_a1)
        choices = list(en.get(create_url(seed000)).context["form"].fields["person"].queryset)
        assert choices == [member, worker]
        assert outsider not in choices

    def test_a_collective_category_offers_the_units_of_the_subtree(self, en, seed000):
        staff = UserFactory(unit=seed000.tree.grassroots_a, role=Role.STAFF)
        seed000.campaign.filing_kinds = [UnitKind.DANG_UY_CO_SO]
        seed000.campaign.save()
        collective = CategoryFactory(
            campaign=seed000.campaign,
            code="tap-the",
            name="Tập thể tiêu biểu",
            nominee_kind=NomineeKind.COLLECTIVE,
            checklist=["Đoàn kết, thống nhất"],
        )
        en.force_login(staff)
        response = en.get(create_url(seed000), {"category": collective.pk}, HTTP_HX_REQUEST="true")
        assert response.templates[0].name == "nominations/partials/category_fields.html"
        form = response.context["form"]
        assert "person" not in form.fields
        assert list(form.fields["collective"].queryset) == [
            seed000.tree.grassroots_a,
            seed000.tree.cell_a1,
            seed000.tree.cell_a2,
        ]
        assert "Đoàn kết, thống nhất" in response.content.decode()

        en.post(
            create_url(seed000),
            {
                "category": collective.pk,
                "collective": seed000.tree.cell_a2.pk,
                "achievement_summary": SUMMARY,
                "action": "save",
            },
        )
        assert Nomination.objects.get(collective=seed000.tree.cell_a2).state == S.DRAFT

    def test_a_submitted_nomination_is_not_edited(self, en, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        en.force_login(seed000.secretary_a1)
        response = en.get(reverse("nominations:edit", args=[nomination.public_id]))
        assert response.status_code == 302
        assert messages_of(response) == ["Only a draft or a returned nomination can be edited."]


class TestUnitPage:
    def test_the_deadline_is_shown_as_an_exact_moment(self, en, seed000):
        seed000.grassroots.closes_at = seed000.city.closes_at
        seed000.grassroots.save()
        en.force_login(seed000.secretary_a1)
        body = en.get(unit_url(seed000)).content.decode()
        assert "Receives nominations until 23 h 59 min 59 s on 14/01/2025 (Vietnam time)." in body

    def test_the_quota_left_is_shown(self, en, seed000):
        QuotaFactory(
            campaign=seed000.campaign,
            unit_kinds=[UnitKind.CHI_BO],
            max_individuals=1,
            max_collectives=1,
            max_total=1,
        )
        en.force_login(seed000.secretary_a1)
        assert "1 collective or 1 individual" in en.get(unit_url(seed000)).content.decode()
        seed000.file(seed000.member(seed000.tree.cell_a1))
        body = en.get(unit_url(seed000)).content.decode()
        assert "nothing more: the quota is used up" in body

    def test_a_quota_of_individuals_and_collectives(self, en, seed000):
        QuotaFactory(
            campaign=seed000.campaign,
            unit_kinds=[UnitKind.CHI_BO],
            max_individuals=2,
            max_collectives=1,
        )
        seed000.file(seed000.member(seed000.tree.cell_a1))
        en.force_login(seed000.secretary_a1)
        assert "1 collective and 1 individual" in en.get(unit_url(seed000)).content.decode()

    def test_no_new_nomination_when_the_campaign_is_closed(self, en, seed000):
        seed000.campaign.status = CampaignStatus.CLOSED
        seed000.campaign.save()
        en.force_login(seed000.secretary_a1)
        assert 'data-testid="new-nomination"' not in en.get(unit_url(seed000)).content.decode()

    def test_no_new_nomination_for_a_unit_that_does_not_file(self, en, seed000):
        en.force_login(seed000.staff_grassroots_a)
        body = en.get(unit_url(seed000)).content.decode()
        assert 'data-testid="new-nomination"' not in body
        assert "Units of this kind do not file nominations in this campaign." in body

    def test_the_new_nomination_button_for_the_cell_secretary(self, en, seed000):
        seed000.city_open()
        en.force_login(seed000.secretary_a1)
        assert 'data-testid="new-nomination"' in en.get(unit_url(seed000)).content.decode()


class TestWithdraw:
    def test_the_filer_withdraws_with_a_reason(self, en, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        en.force_login(seed000.secretary_a1)
        response = en.post(
            reverse("nominations:withdraw", args=[nomination.public_id]),
            {"reason": "Đồng chí xin rút."},
        )
        assert response.status_code == 302
        nomination = fresh(nomination)
        assert nomination.state == S.WITHDRAWN
        assert nomination.events.last().reason == "Đồng chí xin rút."
        assert messages_of(response) == ["The nomination was withdrawn."]

    def test_a_refused_withdrawal_comes_back_as_a_message(self, en, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        services.appraise(seed000.staff_grassroots_a, nomination)
        en.force_login(seed000.secretary_a1)
        response = en.post(reverse("nominations:withdraw", args=[nomination.public_id]))
        assert response["Location"] == reverse("nominations:detail", args=[nomination.public_id])
        assert messages_of(response) == [
            "A nomination can be withdrawn only before it is appraised."
        ]
        assert fresh(nomination).state == S.APPRAISED


class TestPermissions:
    @pytest.fixture
    def draft(self, seed000):
        draft = services.Draft(
            category=seed000.members,
            person=seed000.member(seed000.tree.cell_a1),
            achievement_summary=SUMMARY,
        )
        return services.save_draft(
            seed000.secretary_a1, seed000.campaign, seed000.tree.cell_a1, draft
        )

    def test_anonymous_users_are_sent_to_log_in(self, client, seed000, draft):
        urls = [
            unit_url(seed000),
            create_url(seed000),
            reverse("nominations:edit", args=[draft.public_id]),
        ]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("login"))
        for name in ("submit", "withdraw"):
            response = client.post(reverse(f"nominations:{name}", args=[draft.public_id]))
            assert response["Location"].startswith(reverse("login"))
        assert fresh(draft).state == S.DRAFT

    def test_another_subtree_gets_404_for_every_url(self, client, seed000, draft):
        submitted = seed000.file(seed000.member(seed000.tree.cell_a1))
        outsider = UserFactory(unit=seed000.tree.cell_b1, role=Role.CELL_SECRETARY)
        client.force_login(outsider)
        for nomination in (draft, submitted):
            for name in ("edit", "submit", "withdraw"):
                url = reverse(f"nominations:{name}", args=[nomination.public_id])
                assert client.get(url).status_code == 404, url
                assert client.post(url, {"reason": "x"}).status_code == 404, url
        assert fresh(draft).state == S.DRAFT
        assert fresh(submitted).state == S.PROPOSED

    def test_a_draft_is_seen_only_by_its_own_unit(self, client, seed000, draft):
        client.force_login(seed000.staff_grassroots_a)
        url = reverse("nominations:submit", args=[draft.public_id])
        assert client.post(url).status_code == 404
        assert fresh(draft).state == S.DRAFT

    def test_a_campaign_of_another_subtree_is_404(self, client, seed000):
        other = CampaignFactory(organiser=seed000.tree.district_b, code="dot-huyen-b")
        client.force_login(seed000.secretary_a1)
        for name in ("unit-nominations", "create"):
            assert client.get(reverse(f"nominations:{name}", args=[other.code])).status_code == 404

    def test_a_standing_member_cannot_open_the_form(self, client, seed000):
        client.force_login(seed000.standing_district_a)
        assert client.get(create_url(seed000)).status_code == 403
        assert client.post(create_url(seed000), {}).status_code == 403

    def test_the_staff_above_cannot_withdraw_or_edit_for_the_cell(self, client, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        services.return_for_revision(seed000.staff_grassroots_a, nomination, "Bổ sung.")
        client.force_login(seed000.staff_grassroots_a)
        for name in ("withdraw", "submit"):
            url = reverse(f"nominations:{name}", args=[nomination.public_id])
            assert client.post(url).status_code == 403
        assert (
            client.get(reverse("nominations:edit", args=[nomination.public_id])).status_code == 403
        )
        assert fresh(nomination).state == S.RETURNED


class TestQueryCounts:
    def _file(self, seed, n):
        for _ in range(n):
            seed.file(seed.member(seed.tree.cell_a1))

    def test_the_unit_page_does_not_grow_with_its_nominations(self, client, seed000, queries):
        QuotaFactory(campaign=seed000.campaign, unit_kinds=[UnitKind.CHI_BO], max_total=50)
        client.force_login(seed000.secretary_a1)
        url = unit_url(seed000)
        self._file(seed000, 2)
        with queries() as small:
            assert client.get(url).status_code == 200
        self._file(seed000, 12)
        with queries() as large:
            response = client.get(url)
        assert len(response.context["nominations"]) == 14
        assert len(large) == len(small)


def test_every_action_of_the_pages_is_in_the_history(en, seed000):
    seed000.city_open()
    person = seed000.member(seed000.tree.cell_a1)
    en.force_login(seed000.secretary_a1)
    en.post(create_url(seed000), form_data(person, seed000.members, "submit"))
    events = NominationEvent.objects.filter(nomination__person=person)
    assert [(e.from_state, e.to_state, e.actor) for e in events] == [
        ("", S.DRAFT, seed000.secretary_a1),
        (S.DRAFT, S.PROPOSED, seed000.secretary_a1),
    ]
