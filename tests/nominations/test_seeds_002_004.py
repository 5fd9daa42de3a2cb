"""Seeds 002 and 004 as shipped (``fixtures/campaigns``): every quota form at its edge, the
submission window one second each side, nominees who are not party members, collectives of
each kind, the configured fields of work, and "không có điển hình" after the window."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from nominations import services
from nominations.models import Nomination, Outcome
from nominations.models import NominationState as S
from tests.seed_fixtures import (
    BEFORE_002,
    CLOSES_002,
    CLOSES_004,
    FIELD,
    IN_WINDOW_004,
    OPENS_004,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture(autouse=True)
def english(settings, client):
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def refused(call, *args, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return " ".join(caught.value.messages)


# --- seed 004: the district's quotas -----------------------------------------------------------


class TestSeed004Quotas:
    """II.2.1: each đảng bộ 1 collective and 1–2 individuals; each chi bộ, MTTQ and mass
    organisation 1 collective OR 1 individual."""

    def test_a_dang_bo_files_one_collective_and_two_individuals(self, seed004):
        tree = seed004.tree
        seed004.file(tree.grassroots_a, collective=tree.cell_a1, now=IN_WINDOW_004)
        for _ in range(2):
            seed004.file(tree.grassroots_a, person=seed004.person(tree.cell_a1), now=IN_WINDOW_004)
        assert tree.grassroots_a.filed_nominations.filter(state=S.PROPOSED).count() == 3

    def test_a_third_individual_of_a_dang_bo_is_refused(self, seed004):
        tree = seed004.tree
        for _ in range(2):
            seed004.file(tree.grassroots_a, person=seed004.person(tree.cell_a1), now=IN_WINDOW_004)
        third = seed004.draft(tree.grassroots_a, person=seed004.person(tree.cell_a2))
        message = refused(services.submit, seed004.staff_grassroots, third, now=IN_WINDOW_004)
        assert "The quota is 2 individuals." in message
        third.refresh_from_db()
        assert third.state == S.DRAFT

    def test_a_second_collective_of_a_dang_bo_is_refused(self, seed004):
        tree = seed004.tree
        seed004.file(tree.grassroots_a, collective=tree.cell_a1, now=IN_WINDOW_004)
        second = seed004.draft(tree.grassroots_a, collective=tree.cell_a2)
        message = refused(services.submit, seed004.staff_grassroots, second, now=IN_WINDOW_004)
        assert "The quota is 1 collectives." in message

    @pytest.mark.parametrize("unit_name", ["grassroots_cell_a", "mass_org_a"])
    def test_or_quota_a_collective_then_an_individual_is_refused(self, seed004, unit_name):
        unit = getattr(seed004.tree, unit_name)
        seed004.file(unit, collective=unit, now=IN_WINDOW_004)
        person = seed004.draft(unit, person=seed004.person(unit))
        message = refused(services.submit, seed004.filer_of(unit), person, now=IN_WINDOW_004)
        assert "1 collective OR 1 individual" in message

    @pytest.mark.parametrize("unit_name", ["grassroots_cell_a", "mass_org_a"])
    def test_or_quota_an_individual_then_a_collective_is_refused(self, seed004, unit_name):
        unit = getattr(seed004.tree, unit_name)
        seed004.file(unit, person=seed004.person(unit), now=IN_WINDOW_004)
        collective = seed004.draft(unit, collective=unit)
        message = refused(services.submit, seed004.filer_of(unit), collective, now=IN_WINDOW_004)
        assert "1 collective OR 1 individual" in message

    def test_or_quota_one_over_two_individuals_is_refused(self, seed004):
        unit = seed004.tree.grassroots_cell_a
        seed004.file(unit, person=seed004.person(unit), now=IN_WINDOW_004)
        second = seed004.draft(unit, person=seed004.person(unit))
        assert "1 collective OR 1 individual" in refused(
            services.submit, seed004.secretary_grassroots_cell, second, now=IN_WINDOW_004
        )

    def test_a_withdrawn_collective_frees_the_or_quota(self, seed004):
        unit = seed004.tree.mass_org_a
        collective = seed004.file(unit, collective=unit, now=IN_WINDOW_004)
        services.withdraw(seed004.staff_mass_org, collective, now=IN_WINDOW_004)
        individual = seed004.file(unit, person=seed004.person(unit), now=IN_WINDOW_004)
        assert individual.state == S.PROPOSED

    def test_the_filing_page_says_what_is_left(self, client, seed004):
        unit = seed004.tree.grassroots_a
        address = reverse("nominations:unit-nominations", args=[seed004.campaign.code])
        client.force_login(seed004.staff_grassroots)
        assert "1 collective and 2 individuals" in client.get(address).content.decode()
        seed004.file(unit, person=seed004.person(seed004.tree.cell_a1), now=IN_WINDOW_004)
        assert "1 collective and 1 individual" in client.get(address).content.decode()

    def test_the_filing_page_of_a_cell_offers_the_choice(self, client, seed004):
        address = reverse("nominations:unit-nominations", args=[seed004.campaign.code])
        client.force_login(seed004.secretary_grassroots_cell)
        assert "1 collective or 1 individual" in client.get(address).content.decode()
        unit = seed004.tree.grassroots_cell_a
        seed004.file(unit, collective=unit, now=IN_WINDOW_004)
        assert "nothing more: the quota is used up" in client.get(address).content.decode()


# --- seed 004: the allocation from the city ----------------------------------------------------


def at_district(seed, unit, *, person=None, collective=None):
    """Filed with its documents, then appraised by the district's Ban Tuyên giáo."""
    nomination = seed.draft(unit, person=person, collective=collective)
    nomination = services.submit(seed.filer_of(unit), nomination, now=IN_WINDOW_004)
    checklist = [True] * len(nomination.category.checklist)
    return services.appraise(seed.staff_district, nomination, verified=checklist, now=IN_WINDOW_004)


def vote_forward(seed, nominations):
    session = services.open_session(
        seed.staff_district,
        seed.campaign,
        seed.tree.district_a,
        held_at=IN_WINDOW_004,
        sitting_members=11,
        present_members=11,
    )
    for nomination in nominations:
        services.record_tally(
            seed.staff_district,
            session,
            nomination,
            proposed_outcome=Outcome.FORWARD,
            votes_for=11,
            votes_against=0,
            votes_abstain=0,
            now=IN_WINDOW_004,
        )
    return session


class TestSeed004Allocation:
    """II.1.1: the district may send the city 1 collective and 2 individuals."""

    def candidates(self, seed):
        tree = seed.tree
        return {
            "collective": at_district(seed, tree.grassroots_a, collective=tree.cell_a1),
            "collective_2": at_district(seed, tree.mass_org_a, collective=tree.mass_org_a),
            "individuals": [
                at_district(seed, tree.grassroots_a, person=seed.person(tree.cell_a1)),
                at_district(seed, tree.grassroots_a, person=seed.person(tree.cell_a2)),
                at_district(
                    seed, tree.grassroots_cell_a, person=seed.person(tree.grassroots_cell_a)
                ),
            ],
        }

    def test_missing_recognition_decision_blocks_the_submission(self, seed004):
        tree = seed004.tree
        nomination = seed004.draft(
            tree.grassroots_a, person=seed004.person(tree.cell_a1), documents=False
        )
        message = refused(
            services.submit,
            seed004.filer_of(tree.grassroots_a),
            nomination,
            now=IN_WINDOW_004,
        )
        assert "Quyết định công nhận" in message
        assert "Bản đăng ký học tập và làm theo" in message

    def test_one_collective_and_two_individuals_go_to_the_city(self, seed004):
        found = self.candidates(seed004)
        session = vote_forward(seed004, [found["collective"], *found["individuals"][:2]])
        services.close_session(seed004.staff_district, session, now=IN_WINDOW_004)
        assert Nomination.objects.filter(campaign=seed004.campaign, state=S.FORWARDED).count() == 3

    def test_a_third_individual_is_one_over(self, seed004):
        found = self.candidates(seed004)
        session = vote_forward(seed004, found["individuals"])
        message = refused(
            services.close_session, seed004.staff_district, session, now=IN_WINDOW_004
        )
        assert "The quota is 2 individuals." in message
        assert not Nomination.objects.filter(state=S.FORWARDED).exists()

    def test_a_second_collective_is_one_over(self, seed004):
        found = self.candidates(seed004)
        session = vote_forward(seed004, [found["collective"], found["collective_2"]])
        assert "The quota is 1 collectives." in refused(
            services.close_session, seed004.staff_district, session, now=IN_WINDOW_004
        )


# --- seed 004: the window ----------------------------------------------------------------------


class TestSeed004Window:
    """II.3: "Từ ngày 20 đến hết ngày 31/3/2023"."""

    def submit_at(self, seed, now):
        unit = seed.tree.mass_org_a
        nomination = seed.draft(unit, collective=unit)
        return services.submit(seed.staff_mass_org, nomination, now=now)

    def test_one_second_before_it_opens_is_refused_with_the_moment(self, seed004):
        message = refused(self.submit_at, seed004, OPENS_004 - SECOND)
        assert "00:00:00 20/03/2023" in message

    def test_the_opening_second_is_accepted(self, seed004):
        assert self.submit_at(seed004, OPENS_004).state == S.PROPOSED

    def test_the_last_second_of_31_march_is_accepted(self, seed004):
        assert self.submit_at(seed004, CLOSES_004 - SECOND).state == S.PROPOSED

    def test_the_first_second_of_1_april_is_refused_with_the_moment(self, seed004):
        message = refused(self.submit_at, seed004, CLOSES_004)
        assert "23 h 59 min 59 s on 31/03/2023 (Vietnam time)" in message

    def test_after_the_window_units_that_filed_nothing_have_no_nominee(self, client, seed004):
        # The seed's window is long past: the mass organisation filed, the others did not.
        self.submit_at(seed004, IN_WINDOW_004)
        client.force_login(seed004.staff_district)
        response = client.get(reverse("nominations:progress", args=[seed004.campaign.code]))
        assert response.context["deadline_passed"] is True
        rows = {row.unit.code: row for row in response.context["rows"]}
        assert not rows["QA-MTTQ"].filed_nothing
        assert rows["QA-CBCS"].filed_nothing and rows["QA-P1"].filed_nothing
        body = response.content.decode()
        assert body.count("no exemplary nominee / not proposing") == 2


# --- seed 002: quotas, non-members, fields ----------------------------------------------------


class TestSeed002:
    """II.1–3: cán bộ, đảng viên, quần chúng, người lao động, học sinh, sinh viên; each chi bộ
    cơ sở exactly 1, each đảng bộ cơ sở and đoàn thể 1–2."""

    def test_a_non_member_is_filed_by_a_mass_organisation(self, filing_002):
        unit = filing_002.tree.mass_org_a
        worker = filing_002.person(unit, is_party_member=False, position="Công nhân")
        nomination = filing_002.file(unit, person=worker, now=BEFORE_002)
        assert nomination.state == S.PROPOSED
        assert nomination.field_of_work == FIELD

    def test_seed_004s_individuals_need_not_be_members(self, seed004):
        # Cán bộ, công chức, viên chức: the individual category is open to non-members.
        unit = seed004.tree.mass_org_a
        student = seed004.person(unit, is_party_member=False)
        nomination = seed004.file(unit, person=student, now=IN_WINDOW_004)
        assert nomination.state == S.PROPOSED

    def test_a_chi_bo_co_so_files_exactly_one(self, filing_002):
        unit = filing_002.tree.grassroots_cell_a
        filing_002.file(unit, person=filing_002.person(unit), now=BEFORE_002)
        second = filing_002.draft(unit, person=filing_002.person(unit, is_party_member=False))
        assert "The quota is 1 nominations in all." in refused(
            services.submit, filing_002.secretary_grassroots_cell, second, now=BEFORE_002
        )

    @pytest.mark.parametrize("unit_name", ["grassroots_a", "mass_org_a"])
    def test_one_to_two_zero_one_and_two_fit_three_does_not(self, client, filing_002, unit_name):
        unit = getattr(filing_002.tree, unit_name)
        address = reverse("nominations:unit-nominations", args=[filing_002.campaign.code])
        client.force_login(filing_002.filer_of(unit))
        assert "2 nominations" in client.get(address).content.decode()  # 0 filed
        people = [filing_002.person(unit, is_party_member=i % 2 == 0) for i in range(3)]
        filing_002.file(unit, person=people[0], now=BEFORE_002)  # 1
        filing_002.file(unit, person=people[1], now=BEFORE_002)  # 2
        third = filing_002.draft(unit, person=people[2])
        assert "The quota is 2 nominations in all." in refused(
            services.submit, filing_002.filer_of(unit), third, now=BEFORE_002
        )
        assert "nothing more: the quota is used up" in client.get(address).content.decode()

    def test_the_deadline_one_second_each_side(self, filing_002):
        unit = filing_002.tree.mass_org_a
        on_time = filing_002.draft(unit, person=filing_002.person(unit))
        late = filing_002.draft(unit, person=filing_002.person(unit))
        services.submit(filing_002.staff_mass_org, on_time, now=CLOSES_002 - SECOND)
        assert "23 h 59 min 59 s on 28/04/2023 (Vietnam time)" in refused(
            services.submit, filing_002.staff_mass_org, late, now=CLOSES_002
        )

    def test_a_field_outside_the_campaigns_list_is_refused(self, filing_002):
        unit = filing_002.tree.mass_org_a
        draft = services.Draft(
            category=filing_002.individual,
            person=filing_002.person(unit),
            field_of_work="Thiên văn học",
            achievement_summary="Tiêu biểu.",
        )
        with pytest.raises(ValidationError) as caught:
            services.save_draft(filing_002.staff_mass_org, filing_002.campaign, unit, draft)
        assert "field_of_work" in caught.value.error_dict

    def test_the_form_offers_the_campaigns_fields(self, client, filing_002):
        client.force_login(filing_002.staff_mass_org)
        response = client.get(reverse("nominations:create", args=[filing_002.campaign.code]))
        form = response.context["form"]
        choices = [value for value, _label in form.fields["field_of_work"].choices]
        assert choices[1:] == filing_002.campaign.fields_of_work
        assert "Giáo dục (giảng dạy và học tập)" in response.content.decode()

    def test_a_collective_of_each_kind_can_be_nominated(self, seed004):
        tree = seed004.tree
        # A cell, a committee, a school's cell and an organisation.
        for unit, collective in (
            (tree.grassroots_a, tree.cell_a1),
            (tree.grassroots_cell_a, tree.grassroots_cell_a),
            (tree.mass_org_a, tree.mass_org_a),
        ):
            assert seed004.file(unit, collective=collective, now=IN_WINDOW_004).is_collective
        committee = seed004.draft(tree.grassroots_a, collective=tree.grassroots_a)
        assert committee.collective == tree.grassroots_a

    def test_a_cell_inside_a_dang_bo_does_not_file_here(self, filing_002):
        draft = services.Draft(
            category=filing_002.individual,
            person=filing_002.person(filing_002.tree.cell_a1),
            field_of_work=FIELD,
            achievement_summary="Tiêu biểu.",
        )
        with pytest.raises(ValidationError, match="Units of this kind do not file nominations"):
            services.save_draft(
                filing_002.secretary_cell_a1, filing_002.campaign, filing_002.tree.cell_a1, draft
            )
