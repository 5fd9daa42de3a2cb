"""The one transition layer: the table of actions sits inside the state machine, a level without
a vote forwards within its cap like a vote does, and a corrected tally stays on the record."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from campaigns.models import CapBase, QuotaScope
from nominations import services, workflow
from nominations.models import LevelDecision, Nomination, NominationEvent, Outcome
from nominations.models import NominationState as S
from tests.factories import QuotaFactory
from tests.workflow_fixtures import BEFORE


@pytest.fixture
def en():
    with translation.override("en"):
        yield


def fsm_graph() -> dict[str, set[str]]:
    """Each django-fsm transition of a nomination and the states it may start from."""
    field = Nomination._meta.get_field("state")
    graph: dict[str, set[str]] = {}
    for transition in field.get_all_transitions(Nomination):
        graph.setdefault(transition.name, set()).add(transition.source)
    return graph


class TestTheDeclaration:
    def test_every_action_takes_a_transition_the_machine_allows_from_its_states(self):
        graph = fsm_graph()
        for name, action in workflow.ACTIONS.items():
            if action.transition:
                assert action.sources <= graph[action.transition], name

    def test_every_outcome_of_a_decision_is_a_transition_from_where_decisions_are_taken(self):
        graph = fsm_graph()
        deciding = ("reject", "pass_on", "close_vote", "confirm_public_vote")
        for name in deciding:
            for outcome, transition in workflow.DECISIONS.items():
                if name == "pass_on" and outcome != Outcome.FORWARD:
                    continue
                if name == "reject" and outcome != Outcome.REJECT:
                    continue
                assert workflow.states_for(name) <= graph[transition], (name, outcome)

    def test_the_evidence_permissions_read_the_same_declaration(self):
        from nominations import evidence_permissions

        assert {S.DRAFT, S.RETURNED} == evidence_permissions.FILER_STATES
        assert {S.PROPOSED} == evidence_permissions.APPRAISER_STATES


@pytest.mark.django_db
class TestPassOnWithinTheCap:
    """The cap belongs to the move into FORWARDED: a level without a vote cannot pass it."""

    @pytest.fixture
    def capped(self, seed000):
        # Half of what the grassroots committee received may go on (rounded down).
        seed000.grassroots.forward_cap_percent = 50
        seed000.grassroots.cap_base = CapBase.RECEIVED_HERE
        seed000.grassroots.save()
        return seed000

    def appraised_at_grassroots(self, seed, count: int) -> list[Nomination]:
        nominations = []
        for _ in range(count):
            nomination = seed.file(seed.member(seed.tree.cell_a1))
            nominations.append(services.appraise(seed.staff_grassroots_a, nomination, now=BEFORE))
        return nominations

    def test_up_to_the_cap_goes_on(self, capped):
        first, _second = self.appraised_at_grassroots(capped, 2)
        passed = services.pass_on(capped.staff_grassroots_a, first, now=BEFORE)
        assert passed.state == S.PROPOSED
        assert passed.level == capped.district

    def test_the_one_over_the_cap_is_refused_and_nothing_changes(self, en, capped):
        first, second = self.appraised_at_grassroots(capped, 2)
        services.pass_on(capped.staff_grassroots_a, first, now=BEFORE)
        events = NominationEvent.objects.filter(nomination=second).count()
        with pytest.raises(ValidationError, match=r"50% × 2 = 1 may be forwarded.* 2\."):
            services.pass_on(capped.staff_grassroots_a, second, now=BEFORE)
        second = Nomination.objects.get(pk=second.pk)
        assert second.state == S.APPRAISED
        assert second.level == capped.grassroots
        assert not LevelDecision.objects.filter(nomination=second).exists()
        assert NominationEvent.objects.filter(nomination=second).count() == events

    @pytest.mark.parametrize(("received", "fits"), [(1, 0), (2, 1), (3, 1), (4, 2)])
    def test_the_cap_at_its_boundaries(self, en, capped, received, fits):
        nominations = self.appraised_at_grassroots(capped, received)
        for nomination in nominations[:fits]:
            services.pass_on(capped.staff_grassroots_a, nomination, now=BEFORE)
        with pytest.raises(ValidationError, match=rf"50% × {received} = {fits} may be forwarded"):
            services.pass_on(capped.staff_grassroots_a, nominations[fits], now=BEFORE)
        forwarded = LevelDecision.objects.filter(level=capped.grassroots, outcome=Outcome.FORWARD)
        assert forwarded.count() == fits


class TestPassOnWithinTheQuotaOfItsCategory:
    """A forwarding quota per category binds only the nominations of that category."""

    @pytest.fixture
    def quotas(self, seed000):
        return {
            category: QuotaFactory(
                campaign=seed000.campaign,
                scope=QuotaScope.FORWARDED,
                unit_kinds=["dang_uy_co_so"],
                category=category,
                max_total=1,
            )
            for category in (seed000.members, seed000.secretaries)
        }

    def appraised(self, seed, category=None, **person):
        nomination = seed.file(seed.member(seed.tree.cell_a1, **person), category=category)
        return services.appraise(seed.staff_grassroots_a, nomination, now=BEFORE)

    def test_the_second_of_a_category_is_refused(self, en, seed000, quotas):
        first, second = self.appraised(seed000), self.appraised(seed000)
        services.pass_on(seed000.staff_grassroots_a, first, now=BEFORE)
        with pytest.raises(ValidationError, match="The quota is 1 nominations in all"):
            services.pass_on(seed000.staff_grassroots_a, second, now=BEFORE)
        assert Nomination.objects.get(pk=second.pk).state == S.APPRAISED

    def test_a_category_over_its_quota_does_not_block_another(self, en, seed000, quotas):
        # Two members went on before the quota was lowered to one: the members' quota is over,
        # which must not stop the committee from passing on a secretary.
        quotas[seed000.members].max_total = 2
        quotas[seed000.members].save()
        for nomination in (self.appraised(seed000), self.appraised(seed000)):
            services.pass_on(seed000.staff_grassroots_a, nomination, now=BEFORE)
        quotas[seed000.members].max_total = 1
        quotas[seed000.members].save()
        secretary = self.appraised(
            seed000, category=seed000.secretaries, position="Bí thư chi bộ khu vực 1"
        )
        passed = services.pass_on(seed000.staff_grassroots_a, secretary, now=BEFORE)
        assert passed.level == seed000.district


@pytest.mark.django_db
class TestCorrectedTally:
    def test_a_correction_is_written_in_the_history_with_the_old_and_new_counts(self, en, seed000):
        (nomination,) = seed000.appraised_at_district(1)
        session = seed000.session()
        seed000.vote(session, nomination, Outcome.HONOR, votes_for=5)
        assert Nomination.objects.get(pk=nomination.pk).vote_outcome == Outcome.REJECT
        services.record_tally(
            seed000.standing_district_a,
            session,
            nomination,
            proposed_outcome=Outcome.HONOR,
            votes_for=7,
            votes_against=3,
            votes_abstain=1,
            now=BEFORE,
        )
        nomination = Nomination.objects.get(pk=nomination.pk)
        assert (nomination.state, nomination.vote_outcome) == (S.VOTED, Outcome.HONOR)
        last = nomination.events.last()
        assert (last.from_state, last.to_state) == (S.VOTED, S.VOTED)
        assert last.actor == seed000.standing_district_a
        assert "7 for, 3 against, 1 abstain" in last.reason
        assert "were 5 for, 0 against, 0 abstain" in last.reason

    def test_the_same_counts_again_write_nothing(self, seed000):
        (nomination,) = seed000.appraised_at_district(1)
        session = seed000.session()
        seed000.vote(session, nomination, Outcome.HONOR)
        events = nomination.events.count()
        seed000.vote(session, nomination, Outcome.HONOR)
        assert nomination.events.count() == events

    def test_a_nomination_voted_in_another_session_is_refused(self, en, seed000):
        (nomination,) = seed000.appraised_at_district(1)
        seed000.vote(seed000.session(), nomination, Outcome.HONOR)
        other = seed000.session()
        with pytest.raises(ValidationError, match="Only an appraised nomination can be voted on"):
            seed000.vote(other, nomination, Outcome.FORWARD)
