"""Seed 000 from the cell to the city, one rule at a time, at its boundary."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm import TransitionNotAllowed

from committees.models import Rating, ReviewKind
from nominations import selectors, services, wording
from nominations.models import LevelDecision, Nomination, NominationEvent, Outcome
from nominations.models import NominationState as S
from tests.factories import ReviewRecordFactory, UnitRatingFactory
from tests.workflow_fixtures import BEFORE, DEADLINE

pytestmark = pytest.mark.django_db
SECOND = datetime.timedelta(seconds=1)


def fresh(nomination):
    return Nomination.objects.get(pk=nomination.pk)


class TestFiling:
    def test_a_cell_files_to_its_grassroots_committee(self, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        assert nomination.state == S.PROPOSED
        assert nomination.reviewing_unit == seed000.tree.grassroots_a
        assert nomination.level == seed000.grassroots

    def test_a_grassroots_cell_files_straight_to_the_district(self, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.grassroots_cell_a))
        assert nomination.reviewing_unit == seed000.tree.district_a
        assert nomination.level == seed000.district

    def test_the_history_records_who_when_and_where(self, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        events = list(nomination.events.all())
        assert [(e.from_state, e.to_state) for e in events] == [
            ("", S.DRAFT),
            (S.DRAFT, S.PROPOSED),
        ]
        assert events[-1].actor == seed000.secretary_a1
        assert events[-1].actor_role == "cell_secretary"
        assert events[-1].at == BEFORE

    def test_one_person_is_nominated_once_per_campaign(self, seed000):
        person = seed000.member(seed000.tree.cell_a1)
        seed000.file(person)
        with pytest.raises(ValidationError, match="đã được đề nghị trong đợt khen thưởng này"):
            seed000.file(person, category=seed000.secretaries)
        assert Nomination.objects.filter(person=person).count() == 1

    def test_a_nominee_from_another_cell_is_refused(self, seed000):
        with pytest.raises(ValidationError, match="phải thuộc đơn vị của đồng chí"):
            seed000.file(seed000.member(seed000.tree.cell_a2))

    def test_a_user_from_another_subtree_cannot_file_for_the_cell(self, seed000):
        draft = services.Draft(
            category=seed000.members,
            person=seed000.member(seed000.tree.cell_a1),
            achievement_summary="x",
        )
        with pytest.raises(PermissionDenied):
            services.save_draft(
                seed000.staff_district_b, seed000.campaign, seed000.tree.cell_a1, draft
            )


class TestEligibility:
    def test_a_member_rated_below_httnv_is_refused(self, seed000):
        person = seed000.member(seed000.tree.cell_a1, rating=Rating.HTNV)
        with pytest.raises(ValidationError) as error:
            seed000.file(person)
        assert "2024" in str(error.value)
        assert fresh(Nomination.objects.get(person=person)).state == S.DRAFT

    def test_a_member_whose_cell_is_rated_below_httnv_is_refused(self, seed000):
        UnitRatingFactory(unit=seed000.tree.cell_a2, year=2023, rating=Rating.HTXSNV)
        seed000.tree.cell_a2.ratings.filter(year=2024).update(rating=Rating.HTNV)
        user = services.Draft  # noqa: F841 - readability: the cell A2 secretary files below
        from tests.factories import UserFactory

        secretary = UserFactory(unit=seed000.tree.cell_a2, role="cell_secretary")
        person = seed000.member(seed000.tree.cell_a2)
        with pytest.raises(ValidationError, match="Tổ chức đảng xếp loại HTTNV trở lên"):
            seed000.file(person, user=secretary)

    def test_under_inspection_on_the_day_of_filing_is_refused(self, seed000):
        person = seed000.member(seed000.tree.cell_a1)
        ReviewRecordFactory(
            person=person, kind=ReviewKind.INSPECTION, started_on=BEFORE.date(), ended_on=None
        )
        with pytest.raises(ValidationError, match="Đang bị kiểm tra hoặc xem xét kỷ luật"):
            seed000.file(person)

    def test_an_inspection_that_ended_the_day_before_does_not_count(self, seed000):
        person = seed000.member(seed000.tree.cell_a1)
        ReviewRecordFactory(
            person=person,
            started_on=datetime.date(2024, 6, 1),
            ended_on=BEFORE.date() - datetime.timedelta(days=1),
        )
        assert seed000.file(person).state == S.PROPOSED

    def test_an_inspection_opened_later_blocks_forwarding(self, seed000):
        session, (nominee,) = seed000.decide_at_district(honor=0, forward=1)
        # 10 honored are needed for one forward; the inspection must be what refuses here.
        ReviewRecordFactory(person=nominee.person, started_on=BEFORE.date())
        with pytest.raises(ValidationError) as error:
            services.close_session(seed000.staff_district_a, session, now=BEFORE)
        assert nominee.person.full_name in str(error.value)

    def test_the_secretary_category_needs_the_position(self, seed000):
        person = seed000.member(seed000.tree.cell_a1, position="Phó Bí thư chi bộ")
        with pytest.raises(ValidationError, match="Chức vụ hiện ghi nhận: Phó Bí thư chi bộ"):
            seed000.file(person, category=seed000.secretaries)


class TestDeadlines:
    def test_forwarding_one_second_before_the_city_deadline(self, seed000):
        session, nominations = seed000.decide_at_district(honor=10, forward=1)
        services.close_session(seed000.staff_district_a, session, now=BEFORE)
        forwarded = [n for n in nominations if fresh(n).state == S.FORWARDED]
        sent = services.send_up(seed000.staff_district_a, forwarded, now=DEADLINE - SECOND)
        assert fresh(sent[0]).state == S.PROPOSED
        assert fresh(sent[0]).reviewing_unit == seed000.tree.city

    def test_forwarding_at_the_city_deadline_is_refused_and_changes_nothing(self, seed000):
        session, nominations = seed000.decide_at_district(honor=10, forward=1)
        services.close_session(seed000.staff_district_a, session, now=BEFORE)
        forwarded = [n for n in nominations if fresh(n).state == S.FORWARDED]
        events_before = NominationEvent.objects.count()
        with pytest.raises(ValidationError) as error:
            services.send_up(seed000.staff_district_a, forwarded, now=DEADLINE)
        assert "59 giây ngày 14/01/2025" in str(error.value)
        assert fresh(forwarded[0]).state == S.FORWARDED
        assert NominationEvent.objects.count() == events_before

    def test_withdraw_before_the_first_levels_deadline(self, seed000):
        seed000.grassroots.closes_at = DEADLINE
        seed000.grassroots.save()
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        services.withdraw(seed000.secretary_a1, nomination, now=DEADLINE - SECOND)
        assert fresh(nomination).state == S.WITHDRAWN

    def test_withdraw_after_the_deadline_is_refused(self, seed000):
        seed000.grassroots.closes_at = DEADLINE
        seed000.grassroots.save()
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        with pytest.raises(ValidationError, match="Đã quá hạn chót"):
            services.withdraw(seed000.secretary_a1, nomination, now=DEADLINE)
        assert fresh(nomination).state == S.PROPOSED

    def test_submission_one_second_late_is_refused(self, seed000):
        seed000.grassroots.closes_at = DEADLINE
        seed000.grassroots.save()
        with pytest.raises(ValidationError, match="Đã quá hạn chót"):
            seed000.file(seed000.member(seed000.tree.cell_a1), now=DEADLINE)

    def test_submission_one_second_early_is_refused(self, seed000):
        seed000.grassroots.opens_at = BEFORE
        seed000.grassroots.save()
        with pytest.raises(ValidationError, match="Chưa đến thời gian tiếp nhận"):
            seed000.file(seed000.member(seed000.tree.cell_a1), now=BEFORE - SECOND)
        assert seed000.file(seed000.member(seed000.tree.cell_a1), now=BEFORE).state == S.PROPOSED


class TestCap:
    """At most 10% (rounded down) of the individuals honored at a district go to the city."""

    @pytest.mark.parametrize(
        ("honored", "forwarded", "allowed"),
        [
            (9, 1, False),
            (10, 1, True),
            (10, 2, False),
            (19, 1, True),
            (19, 2, False),
            (20, 2, True),
            (21, 2, True),
            (21, 3, False),
        ],
    )
    def test_the_cap_at_its_boundaries(self, seed000, honored, forwarded, allowed):
        session, nominations = seed000.decide_at_district(honor=honored, forward=forwarded)
        if allowed:
            services.close_session(seed000.staff_district_a, session, now=BEFORE)
            decided = LevelDecision.objects.filter(level=seed000.district)
            assert decided.filter(outcome=Outcome.FORWARD).count() == forwarded
            assert decided.filter(outcome=Outcome.HONOR).count() == honored
        else:
            with pytest.raises(ValidationError) as error:
                services.close_session(seed000.staff_district_a, session, now=BEFORE)
            assert f"10% × {honored} = {honored // 10}" in str(error.value)
            # A refused session changes nothing: every nomination still waits as voted.
            assert {fresh(n).state for n in nominations} == {S.VOTED}
            assert not LevelDecision.objects.filter(level=seed000.district).exists()

    def test_earlier_honors_count_towards_the_base(self, seed000):
        first, _ = seed000.decide_at_district(honor=10, forward=0)
        services.close_session(seed000.staff_district_a, first, now=BEFORE)
        second, _ = seed000.decide_at_district(honor=0, forward=1)
        services.close_session(seed000.staff_district_a, second, now=BEFORE)
        third, _ = seed000.decide_at_district(honor=0, forward=1)
        with pytest.raises(ValidationError, match="vượt giới hạn đề nghị lên cấp trên"):
            services.close_session(seed000.staff_district_a, third, now=BEFORE)

    def test_the_cap_status_shows_the_sum(self, seed000):
        first, _ = seed000.decide_at_district(honor=37, forward=0)
        services.close_session(seed000.staff_district_a, first, now=BEFORE)
        cap = selectors.cap_status(seed000.district, seed000.tree.district_a)
        assert (cap.base, cap.limit, cap.requested) == (37, 3, 0)
        assert wording.cap_sum(cap) == "10% × 37 = 3"


class TestExclusivity:
    def test_honored_at_the_district_is_never_forwarded(self, seed000):
        session, (nomination,) = seed000.decide_at_district(honor=1, forward=0)
        services.close_session(seed000.staff_district_a, session, now=BEFORE)
        nomination = fresh(nomination)
        assert nomination.state == S.HONORED
        with pytest.raises(TransitionNotAllowed):
            nomination.forward()
        with pytest.raises(ValidationError, match="chưa được biểu quyết đề nghị lên cấp trên"):
            services.send_up(seed000.staff_district_a, [nomination], now=BEFORE)

    def test_state_cannot_be_assigned_directly(self, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        with pytest.raises(AttributeError):
            nomination.state = S.HONORED


class TestVoting:
    def test_a_nominee_without_a_majority_of_all_sitting_members_is_rejected(self, seed000):
        (nomination,) = seed000.appraised_at_district(1)
        session = seed000.session(sitting_members=11, present_members=9)
        seed000.vote(session, nomination, Outcome.HONOR, votes_for=5)
        services.close_session(seed000.staff_district_a, session, now=BEFORE)
        assert fresh(nomination).state == S.REJECTED

    def test_six_of_eleven_is_a_majority(self, seed000):
        (nomination,) = seed000.appraised_at_district(1)
        session = seed000.session(sitting_members=11, present_members=9)
        seed000.vote(session, nomination, Outcome.HONOR, votes_for=6)
        services.close_session(seed000.staff_district_a, session, now=BEFORE)
        assert fresh(nomination).state == S.HONORED

    def test_a_session_without_quorum_is_refused(self, seed000):
        with pytest.raises(ValidationError, match="chỉ 7/12 ủy viên tham gia, chưa đạt 2/3"):
            seed000.session(sitting_members=12, present_members=7)

    def test_more_votes_than_members_taking_part_is_refused(self, seed000):
        (nomination,) = seed000.appraised_at_district(1)
        session = seed000.session(sitting_members=11, present_members=8)
        with pytest.raises(
            ValidationError, match="Ghi nhận 9 phiếu nhưng chỉ có 8 ủy viên tham gia"
        ):
            services.record_tally(
                seed000.staff_district_a,
                session,
                nomination,
                proposed_outcome=Outcome.HONOR,
                votes_for=9,
                votes_against=0,
                votes_abstain=0,
            )
        assert fresh(nomination).state == S.APPRAISED

    def test_staff_of_another_district_cannot_record_votes(self, seed000):
        (nomination,) = seed000.appraised_at_district(1)
        session = seed000.session()
        with pytest.raises(PermissionDenied):
            seed000.vote(session, nomination, Outcome.HONOR, user=seed000.staff_district_b)


class TestEndToEnd:
    def test_from_the_cell_to_the_city(self, seed000):
        session, nominations = seed000.decide_at_district(honor=10, forward=1)
        services.close_session(seed000.staff_district_a, session, now=BEFORE)
        forwarded = [fresh(n) for n in nominations if fresh(n).state == S.FORWARDED]
        (at_city,) = services.send_up(seed000.staff_district_a, forwarded, now=BEFORE)
        services.appraise(seed000.staff_city, at_city, now=BEFORE)
        city_session = seed000.session(unit=seed000.tree.city, user=seed000.standing_city)
        seed000.vote(city_session, at_city, Outcome.HONOR, user=seed000.standing_city)
        services.close_session(seed000.standing_city, city_session, now=BEFORE)
        at_city = fresh(at_city)
        assert at_city.state == S.HONORED
        assert at_city.honored_level == seed000.city
        path = [(e.from_state, e.to_state) for e in at_city.events.all()]
        assert path == [
            ("", S.DRAFT),
            (S.DRAFT, S.PROPOSED),
            (S.PROPOSED, S.APPRAISED),
            (S.APPRAISED, S.FORWARDED),
            (S.FORWARDED, S.PROPOSED),
            (S.PROPOSED, S.APPRAISED),
            (S.APPRAISED, S.VOTED),
            (S.VOTED, S.FORWARDED),
            (S.FORWARDED, S.PROPOSED),
            (S.PROPOSED, S.APPRAISED),
            (S.APPRAISED, S.VOTED),
            (S.VOTED, S.HONORED),
        ]

    def test_the_city_cannot_forward(self, seed000):
        session, nominations = seed000.decide_at_district(honor=10, forward=1)
        services.close_session(seed000.staff_district_a, session, now=BEFORE)
        forwarded = [fresh(n) for n in nominations if fresh(n).state == S.FORWARDED]
        (at_city,) = services.send_up(seed000.staff_district_a, forwarded, now=BEFORE)
        services.appraise(seed000.staff_city, at_city, now=BEFORE)
        city_session = seed000.session(unit=seed000.tree.city, user=seed000.staff_city)
        with pytest.raises(ValidationError, match="Cấp này không được quyết định nội dung đó"):
            seed000.vote(city_session, at_city, Outcome.FORWARD, user=seed000.staff_city)


class TestHistory:
    def test_history_cannot_be_edited_or_deleted(self, seed000):
        nomination = seed000.file(seed000.member(seed000.tree.cell_a1))
        event = nomination.events.first()
        event.reason = "sửa"
        with pytest.raises(ValidationError, match="Không được sửa lịch sử của hồ sơ đề nghị"):
            event.save()
        with pytest.raises(ValidationError, match="Không được xóa lịch sử của hồ sơ đề nghị"):
            event.delete()
        with pytest.raises(ValidationError, match="Không được xóa lịch sử của hồ sơ đề nghị"):
            NominationEvent.objects.all().delete()
        with pytest.raises(ValidationError, match="Không được sửa lịch sử của hồ sơ đề nghị"):
            NominationEvent.objects.update(reason="x")
