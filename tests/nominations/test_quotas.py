"""Quotas per filing unit, counted on submission: one over is refused, the OR-quota holds."""

import pytest
from django.core.exceptions import ValidationError

from campaigns.models import NomineeKind, QuotaScope
from committees.models import Role, UnitKind
from nominations import services
from nominations.models import Nomination
from nominations.models import NominationState as S
from tests.factories import CategoryFactory, QuotaFactory, UserFactory
from tests.workflow_fixtures import BEFORE

pytestmark = pytest.mark.django_db


def submit_person(seed, person, user):
    draft = services.Draft(
        category=seed.members,
        person=person,
        achievement_summary="Gương mẫu, tận tụy với công tác dân vận.",
    )
    return services.submit(
        user, services.save_draft(user, seed.campaign, user.unit, draft), now=BEFORE
    )


class TestIndividualQuota:
    @pytest.fixture
    def two_per_cell(self, seed000):
        QuotaFactory(campaign=seed000.campaign, unit_kinds=[UnitKind.CHI_BO], max_individuals=2)
        return seed000

    def test_up_to_the_quota_is_accepted(self, two_per_cell):
        seed = two_per_cell
        for _ in range(2):
            submit_person(seed, seed.member(seed.tree.cell_a1), seed.secretary_a1)
        assert Nomination.objects.filter(state=S.PROPOSED).count() == 2

    def test_one_over_the_quota_is_refused_and_stays_a_draft(self, two_per_cell):
        seed = two_per_cell
        for _ in range(2):
            submit_person(seed, seed.member(seed.tree.cell_a1), seed.secretary_a1)
        with pytest.raises(ValidationError) as error:
            submit_person(seed, seed.member(seed.tree.cell_a1), seed.secretary_a1)
        assert "2" in str(error.value)
        assert Nomination.objects.filter(state=S.PROPOSED).count() == 2
        assert Nomination.objects.filter(state=S.DRAFT).count() == 1

    def test_a_withdrawn_nomination_frees_its_place(self, two_per_cell):
        seed = two_per_cell
        first = submit_person(seed, seed.member(seed.tree.cell_a1), seed.secretary_a1)
        submit_person(seed, seed.member(seed.tree.cell_a1), seed.secretary_a1)
        services.withdraw(seed.secretary_a1, first, now=BEFORE)
        assert (
            submit_person(seed, seed.member(seed.tree.cell_a1), seed.secretary_a1).state
            == S.PROPOSED
        )

    def test_the_quota_binds_each_unit_separately(self, two_per_cell):
        seed = two_per_cell
        for _ in range(2):
            submit_person(seed, seed.member(seed.tree.cell_a1), seed.secretary_a1)
        other = UserFactory(unit=seed.tree.cell_a2, role=Role.CELL_SECRETARY)
        assert submit_person(seed, seed.member(seed.tree.cell_a2), other).state == S.PROPOSED


class TestCollectiveOrIndividual:
    """Seed 004: a chi bộ cơ sở files "1 tập thể hoặc 1 cá nhân"."""

    @pytest.fixture
    def either(self, seed000):
        QuotaFactory(
            campaign=seed000.campaign,
            unit_kinds=[UnitKind.CHI_BO_CO_SO],
            max_individuals=1,
            max_collectives=1,
            max_total=1,
        )
        seed000.collectives = CategoryFactory(
            campaign=seed000.campaign,
            code="tap-the",
            name="Tập thể tiêu biểu",
            nominee_kind=NomineeKind.COLLECTIVE,
            min_person_rating="",
            min_unit_rating="HTTNV",
        )
        return seed000

    def file_collective(self, seed):
        user = seed.secretary_school
        draft = services.Draft(
            category=seed.collectives,
            collective=seed.tree.grassroots_cell_a,
            achievement_summary="Chi bộ 5 năm liền hoàn thành xuất sắc.",
        )
        return services.submit(
            user, services.save_draft(user, seed.campaign, user.unit, draft), now=BEFORE
        )

    def test_one_collective_is_accepted(self, either):
        assert self.file_collective(either).state == S.PROPOSED

    def test_an_individual_after_the_collective_is_refused(self, either):
        self.file_collective(either)
        person = either.member(either.tree.grassroots_cell_a)
        with pytest.raises(ValidationError) as error:
            submit_person(either, person, either.secretary_school)
        assert "1" in str(error.value)
        assert Nomination.objects.get(person=person).state == S.DRAFT

    def test_a_collective_after_an_individual_is_refused(self, either):
        submit_person(either, either.member(either.tree.grassroots_cell_a), either.secretary_school)
        with pytest.raises(ValidationError, match="1 tập thể HOẶC 1 cá nhân"):
            self.file_collective(either)

    def test_the_unit_page_says_what_is_left(self, either):
        from nominations.quotas import remaining_for

        (entry,) = remaining_for(either.campaign, either.tree.grassroots_cell_a)
        assert entry["remaining"] == {"individuals": 1, "collectives": 1, "total": 1}
        self.file_collective(either)
        (entry,) = remaining_for(either.campaign, either.tree.grassroots_cell_a)
        assert entry["remaining"] == {"individuals": 0, "collectives": 0, "total": 0}


class TestForwardingAllocation:
    """Seed 004: the city grants the district 1 collective and 2 individuals."""

    def test_a_third_individual_forwarded_is_refused(self, seed000):
        seed000.district.forward_cap_percent = None
        seed000.district.save()
        QuotaFactory(
            campaign=seed000.campaign,
            scope=QuotaScope.FORWARDED,
            unit=seed000.tree.district_a,
            max_individuals=2,
            max_collectives=1,
        )
        session, nominations = seed000.decide_at_district(honor=0, forward=3)
        with pytest.raises(ValidationError, match="Chỉ tiêu tối đa là 2 cá nhân"):
            services.close_session(seed000.staff_district_a, session, now=BEFORE)
        assert {n.state for n in Nomination.objects.filter(pk__in=[n.pk for n in nominations])} == {
            S.VOTED
        }

    def test_two_individuals_forwarded_fit(self, seed000):
        seed000.district.forward_cap_percent = None
        seed000.district.save()
        QuotaFactory(
            campaign=seed000.campaign,
            scope=QuotaScope.FORWARDED,
            unit=seed000.tree.district_a,
            max_individuals=2,
            max_collectives=1,
        )
        session, _ = seed000.decide_at_district(honor=0, forward=2)
        services.close_session(seed000.staff_district_a, session, now=BEFORE)
        assert Nomination.objects.filter(state=S.FORWARDED).count() == 2
