"""The decisions' services, each rule at its boundary."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from awards import selectors, services
from awards.models import Decision, DecisionEntry, DecisionKind, NumberRegister
from nominations.models import NominationEvent
from notifications.models import Notice

from .conftest import ISSUED_ON, VOTED_ON


def codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def draft_at_district(honored):
    seed = honored.seed
    return services.draft_decision(
        seed.staff_district_a, seed.campaign, honored.district, seed.district
    )


def issue(honored, decision, **kwargs):
    kwargs.setdefault("issued_on", ISSUED_ON)
    return services.issue_decision(honored.seed.staff_district_a, decision, **kwargs)


def reread(decision):
    return Decision.objects.get(pk=decision.pk)


class TestAwaiting:
    def test_the_honored_at_the_unit_and_level_in_annex_order(self, honored):
        seed = honored.seed
        waiting = selectors.awaiting_decision(seed.campaign, honored.district, seed.district)
        assert [n.nominee_name for n in waiting] == ["Lê Văn An", "Nguyễn Thị Bình"]
        at_city = selectors.awaiting_decision(seed.campaign, seed.tree.city, seed.city)
        assert list(at_city) == [honored.at_city]
        # The district did not honor the one it forwarded; the city honored nobody at level 2.
        assert not selectors.awaiting_decision(seed.campaign, seed.tree.city, seed.district)

    def test_a_nomination_in_a_draft_no_longer_awaits(self, honored):
        seed = honored.seed
        draft_at_district(honored)
        assert not selectors.awaiting_decision(seed.campaign, honored.district, seed.district)


class TestDraft:
    def test_the_wording_from_the_rules_and_the_vote(self, honored):
        decision = draft_at_district(honored)
        assert decision.subject.startswith("về việc biểu dương bí thư chi bộ ấp")
        assert decision.bases[-1] == (
            f"Căn cứ Biên bản kiểm phiếu biểu quyết ngày {VOTED_ON:%d/%m/%Y} "
            "của Ban Thường vụ Quận ủy Ninh Kiều"
        )
        assert "Căn cứ Quy chế làm việc của cấp ủy khóa đương nhiệm" in decision.bases
        assert decision.bases[0].startswith("Căn cứ Kế hoạch của Ban Thường vụ Thành ủy")
        one, two, three = decision.articles
        assert one.startswith(
            "Tặng Giấy khen của Ban Thường vụ Quận ủy Ninh Kiều cho 2 đồng chí (kèm theo danh sách)"
        )
        assert two.startswith("Kèm theo Giấy khen")
        assert three.startswith("Văn phòng, Ban Tổ chức")
        assert decision.recipients[1] == "Ban Tổ chức Thành ủy (để báo cáo)"
        assert (decision.on_behalf, decision.signer_title) == ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ")
        assert decision.place == "Ninh Kiều"
        assert decision.form_code == "giay-khen"
        assert not decision.is_issued and decision.number is None

    def test_the_annex_lines(self, honored):
        decision = draft_at_district(honored)
        lines = list(decision.entries.order_by("order"))
        assert [(e.order, e.nominee_name) for e in lines] == [
            (1, "Lê Văn An"),
            (2, "Nguyễn Thị Bình"),
        ]
        assert lines[0].position == "Bí thư chi bộ"
        assert lines[0].unit_name == "Chi bộ khu vực 1, Đảng ủy phường An Hòa"
        assert lines[0].form_code == "giay-khen"
        assert "đảng viên tiêu biểu" in lines[0].achievement
        assert all(e.live for e in lines)

    def test_the_city_gives_bang_khen(self, honored):
        seed = honored.seed
        decision = services.draft_decision(
            seed.staff_city, seed.campaign, seed.tree.city, seed.city
        )
        assert decision.form_code == "bang-khen"
        assert decision.articles[0].startswith("Tặng Bằng khen của Ban Thường vụ Thành ủy Cần Thơ")
        assert [e.nominee_name for e in decision.entries.all()] == ["Trần Thị Thu Hương"]

    def test_nothing_awaiting_is_refused(self, honored):
        draft_at_district(honored)
        with pytest.raises(ValidationError) as error:
            draft_at_district(honored)
        assert codes(error.value) == {"nothing_to_decide"}

    def test_a_level_that_does_not_honor_is_refused(self, honored):
        seed = honored.seed
        with pytest.raises(ValidationError) as error:
            services.draft_decision(
                seed.staff_grassroots_a, seed.campaign, seed.tree.grassroots_a, seed.grassroots
            )
        assert codes(error.value) == {"level_does_not_honor"}

    @pytest.mark.parametrize("who", ["standing_district_a", "staff_district_b", "staff_city"])
    def test_only_the_units_staff_draft(self, honored, who):
        seed = honored.seed
        with pytest.raises(PermissionDenied):
            services.draft_decision(
                getattr(seed, who), seed.campaign, honored.district, seed.district
            )


class TestEditDraft:
    def test_the_wording_changes(self, honored):
        decision = draft_at_district(honored)
        services.update_draft(
            honored.seed.staff_district_a,
            decision,
            {
                "subject": " về việc tặng Giấy khen ",
                "signer_name": "Nguyễn Văn Ký",
                "recipients": "Như Điều 3\n\nLưu VP",
            },
        )
        decision = reread(decision)
        assert decision.subject == "về việc tặng Giấy khen"
        assert decision.signer_name == "Nguyễn Văn Ký"
        assert decision.recipients == ["Như Điều 3", "Lưu VP"]

    def test_a_line_removed_renumbers_and_recounts(self, honored):
        decision = draft_at_district(honored)
        first = decision.entries.get(order=1)
        services.update_draft(
            honored.seed.staff_district_a, decision, {"remove_entries": [first.pk]}
        )
        decision = reread(decision)
        assert [(e.order, e.nominee_name) for e in decision.entries.all()] == [
            (1, "Nguyễn Thị Bình")
        ]
        assert "cho 1 đồng chí" in decision.articles[0]
        # The one taken out awaits a decision again.
        seed = honored.seed
        waiting = selectors.awaiting_decision(seed.campaign, honored.district, seed.district)
        assert [n.nominee_name for n in waiting] == ["Lê Văn An"]

    def test_the_last_line_cannot_be_removed(self, honored):
        decision = draft_at_district(honored)
        ids = list(decision.entries.values_list("pk", flat=True))
        with pytest.raises(ValidationError) as error:
            services.update_draft(honored.seed.staff_district_a, decision, {"remove_entries": ids})
        assert codes(error.value) == {"empty_decision"}

    def test_an_empty_subject_is_refused(self, honored):
        decision = draft_at_district(honored)
        with pytest.raises(ValidationError) as error:
            services.update_draft(honored.seed.staff_district_a, decision, {"subject": "  "})
        assert error.value.error_dict["subject"][0].code == "required"

    def test_an_issued_decision_is_not_edited_nor_deleted(self, honored):
        decision = issue(honored, draft_at_district(honored))
        with pytest.raises(ValidationError) as error:
            services.update_draft(honored.seed.staff_district_a, decision, {"subject": "x"})
        assert codes(error.value) == {"decision_issued"}
        with pytest.raises(ValidationError) as error:
            services.delete_draft(honored.seed.staff_district_a, decision)
        assert codes(error.value) == {"decision_issued"}

    def test_a_deleted_draft_frees_its_nominations(self, honored):
        decision = draft_at_district(honored)
        services.delete_draft(honored.seed.staff_district_a, decision)
        assert not Decision.objects.within(honored.district).exists()
        assert draft_at_district(honored).entries.count() == 2


class TestIssue:
    def test_numbered_from_the_register(self, honored):
        decision = issue(honored, draft_at_district(honored))
        assert (decision.number, decision.year, decision.issued_on) == (1, 2025, ISSUED_ON)
        assert decision.number_text == "1-QĐ/QU"
        assert decision.issued_by == honored.seed.staff_district_a
        register = NumberRegister.objects.get(unit=honored.district, type_code="QĐ", year=2025)
        assert register.last_number == 1

    def test_a_typed_number_above_the_register_moves_it(self, honored):
        decision = issue(honored, draft_at_district(honored), number=15)
        assert decision.reference == "Quyết định số 15-QĐ/QU ngày 20/01/2025"
        register = NumberRegister.objects.get(unit=honored.district, type_code="QĐ", year=2025)
        assert register.last_number == 15
        annulment = services.annul_decision(
            honored.seed.staff_district_a, decision, reason="Sai tên", issued_on=ISSUED_ON
        )
        assert annulment.number == 16

    def test_a_typed_number_below_the_register_leaves_it(self, honored):
        first = issue(honored, draft_at_district(honored), number=15)
        services.annul_decision(
            honored.seed.staff_district_a, first, reason="Sai tên", issued_on=ISSUED_ON, number=3
        )
        register = NumberRegister.objects.get(unit=honored.district, type_code="QĐ", year=2025)
        assert register.last_number == 15

    def test_a_number_already_used_is_refused(self, honored):
        first = issue(honored, draft_at_district(honored), number=15)
        with pytest.raises(ValidationError) as error:
            services.annul_decision(
                honored.seed.staff_district_a,
                first,
                reason="Sai tên",
                issued_on=ISSUED_ON,
                number=15,
            )
        assert error.value.error_dict["number"][0].code == "number_used"
        assert "15" in error.value.error_dict["number"][0].message % (
            error.value.error_dict["number"][0].params or {}
        )

    def test_the_same_number_in_another_year_is_free(self, honored):
        first = issue(honored, draft_at_district(honored), number=15)
        annulment = services.annul_decision(
            honored.seed.staff_district_a,
            first,
            reason="Sai tên",
            issued_on=datetime.date(2026, 1, 5),
            number=15,
        )
        assert (annulment.number, annulment.year) == (15, 2026)

    def test_issuing_twice_is_refused(self, honored):
        decision = issue(honored, draft_at_district(honored))
        with pytest.raises(ValidationError) as error:
            issue(honored, decision)
        assert codes(error.value) == {"already_issued"}

    def test_a_date_before_the_honor_is_refused(self, honored):
        decision = draft_at_district(honored)
        with pytest.raises(ValidationError) as error:
            issue(honored, decision, issued_on=VOTED_ON - datetime.timedelta(days=1))
        assert error.value.error_dict["issued_on"][0].code == "before_honor"
        assert issue(honored, decision, issued_on=VOTED_ON).issued_on == VOTED_ON

    def test_a_nomination_no_longer_honored_here_is_refused(self, honored):
        decision = draft_at_district(honored)
        # Moved by hand to another level (as a data fix would): the draft is stale.
        seed = honored.seed
        an = honored.at_district[0]
        type(an).objects.unscoped("test").filter(pk=an.pk).update(honored_level=seed.city)
        with pytest.raises(ValidationError) as error:
            issue(honored, decision)
        assert codes(error.value) == {"not_honored"}
        assert "Lê Văn An" in str(error.value)

    def test_a_nomination_twice_is_refused(self, honored):
        decision = draft_at_district(honored)
        entry = decision.entries.get(order=1)
        # A second live line for the same nomination: the database refuses it.
        from django.db import IntegrityError, transaction

        other = Decision.objects.create(
            campaign=decision.campaign,
            level=decision.level,
            unit=decision.unit,
            subject="x",
            created_by=honored.seed.staff_district_a,
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            DecisionEntry.objects.create(
                decision=other, nomination=entry.nomination, order=1, nominee_name="x"
            )

    def test_the_history_and_the_notices(self, honored):
        decision = issue(honored, draft_at_district(honored), number=15)
        an = honored.at_district[0]
        event = NominationEvent.objects.filter(nomination=an).order_by("-id").first()
        assert event.reason == (
            "Quyết định số 15-QĐ/QU ngày 20/01/2025 của Ban Thường vụ Quận ủy Ninh Kiều"
        )
        assert (event.from_state, event.to_state) == ("honored", "honored")
        notices = Notice.objects.filter(recipient=honored.seed.secretary_a1)
        assert notices.filter(title__contains="15-QĐ/QU").count() == 1
        assert "Lê Văn An" in notices.get(title__contains="15-QĐ/QU").body
        assert decision.is_issued

    def test_wrong_role_cannot_issue(self, honored):
        decision = draft_at_district(honored)
        with pytest.raises(PermissionDenied):
            services.issue_decision(honored.seed.standing_district_a, decision, issued_on=ISSUED_ON)


class TestAnnul:
    def test_annulment_names_the_original_and_frees_the_nominations(self, honored):
        staff = honored.seed.staff_district_a
        original = issue(honored, draft_at_district(honored), number=15)
        annulment = services.annul_decision(
            staff, original, reason="Nhầm đối tượng", issued_on=datetime.date(2025, 2, 1)
        )
        assert annulment.kind == DecisionKind.ANNUL and annulment.annuls == original
        assert annulment.is_issued and annulment.number == 16
        assert "Hủy bỏ Quyết định số 15-QĐ/QU ngày 20/01/2025" in annulment.articles[0]
        assert "Nhầm đối tượng" in annulment.articles[0]
        # The original row is as it was issued; its lines are no longer live.
        stored = reread(original)
        assert (stored.number, stored.issued_on, stored.subject) == (
            15,
            ISSUED_ON,
            original.subject,
        )
        assert not stored.entries.filter(live=True).exists()
        event = NominationEvent.objects.filter(nomination=honored.at_district[0]).last()
        assert "16-QĐ/QU" in event.reason and "Nhầm đối tượng" in event.reason
        # The nominations may be decided again.
        again = issue(honored, draft_at_district(honored), issued_on=datetime.date(2025, 2, 2))
        assert again.number == 17 and again.entries.count() == 2

    def test_a_reason_is_required(self, honored):
        original = issue(honored, draft_at_district(honored))
        with pytest.raises(ValidationError) as error:
            services.annul_decision(
                honored.seed.staff_district_a, original, reason=" ", issued_on=ISSUED_ON
            )
        assert error.value.error_dict["reason"][0].code == "required"

    def test_a_draft_is_not_annulled(self, honored):
        with pytest.raises(ValidationError) as error:
            services.annul_decision(
                honored.seed.staff_district_a,
                draft_at_district(honored),
                reason="x",
                issued_on=ISSUED_ON,
            )
        assert codes(error.value) == {"not_issued"}

    def test_annulled_once(self, honored):
        staff = honored.seed.staff_district_a
        original = issue(honored, draft_at_district(honored))
        annulment = services.annul_decision(staff, original, reason="x", issued_on=ISSUED_ON)
        with pytest.raises(ValidationError) as error:
            services.annul_decision(staff, original, reason="x", issued_on=ISSUED_ON)
        assert codes(error.value) == {"already_annulled"}
        with pytest.raises(ValidationError) as error:
            services.annul_decision(staff, annulment, reason="x", issued_on=ISSUED_ON)
        assert codes(error.value) == {"invalid"}

    def test_not_dated_before_the_original(self, honored):
        original = issue(honored, draft_at_district(honored))
        with pytest.raises(ValidationError) as error:
            services.annul_decision(
                honored.seed.staff_district_a,
                original,
                reason="x",
                issued_on=ISSUED_ON - datetime.timedelta(days=1),
            )
        assert error.value.error_dict["issued_on"][0].code == "before_decision"


def test_a_units_decisions_drafts_first_then_the_newest(honored):
    seed = honored.seed
    staff = seed.staff_district_a
    first = issue(honored, draft_at_district(honored))
    annulment = services.annul_decision(
        staff, first, reason="x", issued_on=datetime.date(2025, 2, 1)
    )
    draft = draft_at_district(honored)
    listed = list(selectors.decisions_of(seed.campaign, honored.district))
    assert listed == [draft, annulment, first]
