"""Seed 002's public vote through its services: shortlist bounds, one-time codes, ballots, the
window one second each side, the count hidden until close, ties and the confirmation."""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from committees.models import Role
from nominations.models import LevelDecision, NominationEvent, Outcome
from nominations.models import NominationState as S
from public_votes import services
from public_votes.models import Ballot, EmailChallenge, PublicVoteState
from tests.factories import UserFactory
from tests.public_vote_fixtures import CLOSES, DURING, OPENS, SECOND, code_in

pytestmark = pytest.mark.django_db


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- shortlist ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("size", "accepted"), [(24, False), (25, True), (30, True), (31, False)])
def test_shortlist_holds_25_to_30(seed002, size, accepted):
    vote = seed002.vote()
    nominations = seed002.appraised(size)
    if accepted:
        services.set_shortlist(seed002.staff, vote, nominations)
        assert vote.entries.count() == size
    else:
        with pytest.raises(ValidationError) as refused:
            services.set_shortlist(seed002.staff, vote, nominations)
        assert "25" in messages_of(refused.value) and "30" in messages_of(refused.value)
        assert vote.entries.count() == 0


def test_only_nominations_appraised_at_the_level_are_shortlisted(seed002):
    vote = seed002.vote()
    nominations = seed002.appraised(25)
    other = seed002.appraised(1)[0]
    Nomination = type(other)
    Nomination.objects.filter(pk=other.pk).update(state=S.PROPOSED)
    with pytest.raises(ValidationError, match="các hồ sơ đã thẩm định đang chờ ở cấp này"):
        services.set_shortlist(seed002.staff, vote, [*nominations[:24], other])


def test_only_the_organisers_committee_shortlists(seed002):
    vote = seed002.vote()
    with pytest.raises(PermissionDenied):
        services.set_shortlist(seed002.outsider, vote, seed002.appraised(25))
    with pytest.raises(PermissionDenied):
        services.set_shortlist(seed002.secretary, vote, seed002.appraised(25))


def test_the_organisers_administrator_does_not_run_the_vote(seed002):
    """Staff and standing members only: the unit's administrator (not a superuser) is refused."""
    administrator = UserFactory(unit=seed002.bloc, role=Role.ADMIN)
    with pytest.raises(PermissionDenied):
        services.save_vote(
            administrator, seed002.campaign, services.VoteSettings(title="Bình chọn")
        )
    vote = seed002.vote()
    with pytest.raises(PermissionDenied):
        services.set_shortlist(administrator, vote, seed002.appraised(25))
    assert vote.entries.count() == 0


def test_publish_needs_a_valid_shortlist_and_the_period(seed002):
    vote = seed002.vote(opens_at=None, closes_at=None)
    with pytest.raises(ValidationError, match="phải có từ 25 đến 30 gương; hiện đã chọn 0"):
        services.publish(seed002.staff, vote, now=OPENS)
    services.set_shortlist(seed002.staff, vote, seed002.appraised(25))
    with pytest.raises(ValidationError, match="Hãy đặt thời điểm bắt đầu và kết thúc bình chọn"):
        services.publish(seed002.staff, vote, now=OPENS)


def test_entry_photo_is_checked_by_its_content(seed002, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    vote = seed002.vote()
    services.set_shortlist(seed002.staff, vote, seed002.appraised(25))
    entry = vote.entries.first()
    fake = SimpleUploadedFile("anh.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError, match="đây là tệp PDF, không phải tệp JPEG"):
        services.update_entry(seed002.staff, entry, summary="Tóm tắt", photo=fake)
    pdf = SimpleUploadedFile("anh.pdf", b"%PDF-1.4 a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        services.update_entry(seed002.staff, entry, summary="Tóm tắt", photo=pdf)
    assert "JPEG" in messages_of(refused.value)
    png = SimpleUploadedFile("ảnh chân dung.png", PNG_BYTES, content_type="image/png")
    entry = services.update_entry(seed002.staff, entry, summary="Tóm tắt ngắn", photo=png)
    assert entry.photo.name.startswith(f"public-vote/{vote.public_id}/")
    assert entry.photo.name.endswith(".png") and "chân" not in entry.photo.name


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


PNG_BYTES = _png()


# --- codes -------------------------------------------------------------------------------------


def test_code_is_mailed_and_only_its_hash_is_kept(seed002):
    vote = seed002.open_vote()
    challenge = seed002.request(vote, " Binh.Tran@Example.VN ", ip="198.51.100.1", now=DURING)
    assert mail.outbox[-1].to == ["binh.tran@example.vn"]
    code = code_in(mail.outbox[-1].body)
    stored = EmailChallenge.objects.get(pk=challenge.pk)
    assert code not in stored.code_hash and "binh" not in stored.voter_hash
    assert stored.voter_hash == services.voter_hash("binh.tran@example.vn")


def test_forged_code_is_refused_and_counted(seed002):
    vote = seed002.open_vote()
    challenge = seed002.request(vote, "an@example.vn", now=DURING)
    real = code_in(mail.outbox[-1].body)
    forged = f"{(int(real) + 1) % 1_000_000:06d}"
    with pytest.raises(ValidationError, match="Mã không đúng"):
        services.verify_code(vote, challenge.public_id, forged, now=DURING)
    assert EmailChallenge.objects.get(pk=challenge.pk).attempts == 1


def test_attempts_are_limited(seed002, settings):
    settings.PUBLIC_VOTE_CODE_ATTEMPTS = 2
    vote = seed002.open_vote()
    challenge = seed002.request(vote, "an@example.vn", now=DURING)
    real = code_in(mail.outbox[-1].body)
    for _ in range(2):
        with pytest.raises(ValidationError, match="Mã không đúng"):
            services.verify_code(
                vote, challenge.public_id, "000000" if real != "000000" else "111111", now=DURING
            )
    with pytest.raises(ValidationError) as refused:
        services.verify_code(vote, challenge.public_id, real, now=DURING)
    assert "Nhập sai mã quá nhiều lần" in messages_of(refused.value)


def test_reused_code_is_refused(seed002):
    vote = seed002.open_vote()
    challenge = seed002.request(vote, "an@example.vn", now=DURING)
    code = code_in(mail.outbox[-1].body)
    services.verify_code(vote, challenge.public_id, code, now=DURING)
    with pytest.raises(ValidationError, match="Mã này đã được sử dụng"):
        services.verify_code(vote, challenge.public_id, code, now=DURING)


def test_code_expires_after_ten_minutes(seed002):
    vote = seed002.open_vote()
    challenge = seed002.request(vote, "an@example.vn", now=DURING)
    code = code_in(mail.outbox[-1].body)
    expiry = DURING + datetime.timedelta(minutes=10)
    with pytest.raises(ValidationError, match="Mã này đã hết hạn"):
        services.verify_code(vote, challenge.public_id, code, now=expiry)
    assert services.verify_code(vote, challenge.public_id, code, now=expiry - SECOND).used_at


def test_codes_are_rate_limited_per_address(seed002, settings):
    settings.PUBLIC_VOTE_CODES_PER_ADDRESS = 3
    vote = seed002.open_vote()
    for i in range(3):
        seed002.request(vote, "an@example.vn", ip=f"198.51.100.{i}", now=DURING)
    with pytest.raises(ValidationError, match="Địa chỉ này đã yêu cầu quá nhiều mã"):
        seed002.request(vote, "AN@example.vn", ip="198.51.100.9", now=DURING)
    assert len(mail.outbox) == 3
    seed002.request(vote, "binh@example.vn", ip="198.51.100.9", now=DURING)


def test_codes_are_rate_limited_per_ip(seed002, settings):
    settings.PUBLIC_VOTE_CODES_PER_IP = 2
    vote = seed002.open_vote()
    seed002.request(vote, "a@example.vn", ip="198.51.100.1", now=DURING)
    seed002.request(vote, "b@example.vn", ip="198.51.100.1", now=DURING)
    with pytest.raises(ValidationError, match="Mạng của đồng chí đã yêu cầu quá nhiều mã"):
        seed002.request(vote, "c@example.vn", ip="198.51.100.1", now=DURING)
    seed002.request(vote, "c@example.vn", ip="198.51.100.2", now=DURING)


# --- ballots -----------------------------------------------------------------------------------


def test_one_ballot_per_verified_address(seed002):
    vote = seed002.open_vote()
    entries = list(vote.entries.all())
    ballot = seed002.ballot(vote, "an@example.vn", entries[:16])
    assert ballot.choices.count() == 16 and len(ballot.receipt) == 11
    with pytest.raises(ValidationError) as refused:
        seed002.ballot(vote, "An@Example.vn", entries[:1])
    assert "đã bỏ phiếu: mỗi địa chỉ chỉ được bỏ một phiếu" in messages_of(refused.value)
    assert Ballot.objects.filter(vote=vote).count() == 1


def test_ballot_of_17_choices_is_refused_with_16_allowed(seed002):
    vote = seed002.open_vote()
    entries = list(vote.entries.all())
    challenge = seed002.verified(vote, "an@example.vn")
    with pytest.raises(ValidationError) as refused:
        services.cast_ballot(vote, challenge, [e.public_id for e in entries[:17]], now=DURING)
    assert "16" in messages_of(refused.value)
    assert not Ballot.objects.exists()
    services.cast_ballot(vote, challenge, [e.public_id for e in entries[:16]], now=DURING)


def test_ballot_needs_a_verified_challenge(seed002):
    vote = seed002.open_vote()
    challenge = seed002.request(vote, "an@example.vn", now=DURING)
    with pytest.raises(ValidationError, match="Hãy xác thực địa chỉ thư điện tử trước"):
        services.cast_ballot(vote, challenge, [vote.entries.first().public_id], now=DURING)


def test_ballot_refused_outside_the_window_one_second_each_side(seed002):
    vote = seed002.open_vote()
    entry = vote.entries.first()
    early = seed002.verified(vote, "early@example.vn")
    with pytest.raises(ValidationError) as refused:
        services.cast_ballot(vote, early, [entry.public_id], now=OPENS - SECOND)
    assert "Chưa đến thời gian bình chọn" in messages_of(refused.value)
    services.cast_ballot(vote, early, [entry.public_id], now=OPENS)
    late = seed002.verified(vote, "late@example.vn")
    with pytest.raises(ValidationError, match="Đã hết thời gian bình chọn"):
        services.cast_ballot(vote, late, [entry.public_id], now=CLOSES)
    services.cast_ballot(vote, late, [entry.public_id], now=CLOSES - SECOND)


def test_code_cannot_be_requested_before_opening(seed002):
    vote = seed002.open_vote()
    with pytest.raises(ValidationError, match="Chưa đến thời gian bình chọn"):
        seed002.request(vote, "an@example.vn", now=OPENS - SECOND)
    seed002.request(vote, "an@example.vn", now=OPENS)


# --- results -----------------------------------------------------------------------------------


def test_results_hidden_before_close(seed002):
    vote = seed002.open_vote()
    seed002.ballot(vote, "an@example.vn", list(vote.entries.all())[:3])
    with pytest.raises(ValidationError, match="Kết quả chỉ được hiển thị sau khi kết thúc"):
        services.ranking(vote)
    with pytest.raises(ValidationError, match="Cuộc bình chọn còn mở đến hết"):
        services.close(seed002.staff, vote, now=CLOSES - SECOND)
    vote = services.close(seed002.staff, vote, now=CLOSES)
    _result, ranked = services.ranking(vote)
    assert [item.row.votes for item in ranked[:4]] == [1, 1, 1, 0]


def _cast_spread(seed002, vote, votes_per_entry: list[int]):
    """Ballots so that entry i receives votes_per_entry[i] votes."""
    entries = list(vote.entries.order_by("order"))
    voters = max(votes_per_entry)
    for v in range(voters):
        chosen = [e for e, n in zip(entries, votes_per_entry, strict=False) if n > v]
        if chosen:
            seed002.ballot(vote, f"cu-tri-{v}@example.vn", chosen)
    return entries


def test_confirm_honors_the_top_and_not_the_rest(seed002):
    vote = seed002.open_vote(shortlist=25, honor_count=3, max_choices=4)
    entries = _cast_spread(seed002, vote, [3, 3, 2, 1] + [0] * 21)
    vote = services.close(seed002.staff, vote, now=CLOSES)
    honored = services.confirm_honored(seed002.standing, vote, now=CLOSES)
    assert {n.pk for n in honored} == {e.nomination_id for e in entries[:3]}
    top = entries[0].nomination
    top.refresh_from_db()
    assert top.state == S.HONORED and top.honored_level == seed002.level
    last = entries[3].nomination
    last.refresh_from_db()
    assert last.state == S.REJECTED and "Bình chọn trực tuyến" in last.state_reason
    assert LevelDecision.objects.filter(outcome=Outcome.HONOR).count() == 3
    assert NominationEvent.objects.filter(to_state=S.REJECTED).count() == 22
    vote.refresh_from_db()
    assert vote.state == PublicVoteState.CONFIRMED
    with pytest.raises(ValidationError, match="Chỉ xác nhận danh sách tuyên dương một lần"):
        services.confirm_honored(seed002.standing, vote, now=CLOSES)


def test_tie_at_the_cut_off_must_be_decided_before_confirming(seed002):
    vote = seed002.open_vote(shortlist=25, honor_count=2, max_choices=4)
    entries = _cast_spread(seed002, vote, [3, 2, 2, 2] + [0] * 21)
    vote = services.close(seed002.staff, vote, now=CLOSES)
    result, _ranked = services.ranking(vote)
    assert {row.key for row in result.tied} == {e.pk for e in entries[1:4]}
    with pytest.raises(ValidationError) as refused:
        services.confirm_honored(seed002.staff, vote, now=CLOSES)
    assert "bằng phiếu" in messages_of(refused.value)
    with pytest.raises(
        ValidationError, match="3 gương bằng phiếu tại ngưỡng xét chọn cho 1 vị trí còn lại"
    ):
        services.confirm_honored(seed002.staff, vote, entries[1:3], now=CLOSES)
    assert not LevelDecision.objects.exists()
    honored = services.confirm_honored(seed002.staff, vote, [entries[2]], now=CLOSES)
    assert {n.pk for n in honored} == {entries[0].nomination_id, entries[2].nomination_id}
