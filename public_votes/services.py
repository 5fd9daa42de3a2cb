"""Operations of the public vote, one function each, in one transaction: who may act, lock, check
the rules, change the state, write the history, queue the e-mail after commit.

Voters never log in: a voter proves an address with a one-time code (``request_code`` then
``verify_code``) and the verified challenge is what ``cast_ballot`` accepts. The address itself
is never stored, only ``voter_hash`` (an HMAC keyed from SECRET_KEY).
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import NoReturn

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.crypto import constant_time_compare, get_random_string, salted_hmac
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from core.deadlines import deadline_text
from nominations import workflow
from nominations.models import Nomination, Outcome
from nominations.models import NominationState as S
from nominations.permissions import can_run_public_vote, require
from nominations.selectors import level_of
from nominations.validators import check_upload
from nominations.workflow import Decision

from . import rules
from .models import (
    SUMMARY_MAX_LENGTH,
    Ballot,
    BallotChoice,
    EmailChallenge,
    PublicVote,
    PublicVoteState,
    ShortlistEntry,
)

V = PublicVoteState
CODE_DIGITS = 6
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I to misread


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def code_lifetime() -> datetime.timedelta:
    return datetime.timedelta(minutes=_setting("PUBLIC_VOTE_CODE_MINUTES", 10))


def _fail(message, field: str | None = None) -> NoReturn:
    raise ValidationError({field: message} if field else message)


def _lock_vote(vote: PublicVote) -> PublicVote:
    return (
        PublicVote.objects.select_for_update(of=("self",))
        .select_related("campaign", "level", "unit")
        .get(pk=vote.pk)
    )


def _require_committee(user, unit) -> None:
    require(
        can_run_public_vote(user, unit),
        _("Only the staff and standing committee of the organising unit run the vote."),
    )


def _committee_locks(user, vote: PublicVote) -> PublicVote:
    """Who may act first, then the vote's row, held until the transaction ends."""
    _require_committee(user, vote.unit)
    return _lock_vote(vote)


def voter_hash(address: str) -> str:
    """The only trace of an address: an HMAC of its normalised form, keyed from SECRET_KEY.

    The salts keep the module's old name: stored hashes (one ballot per address) stay valid."""
    return salted_hmac(
        "nominations.public_vote.voter", rules.normalise_address(address), algorithm="sha256"
    ).hexdigest()


def _code_hash(challenge_id: str, code: str) -> str:
    return salted_hmac(
        "nominations.public_vote.code", f"{challenge_id}:{code}", algorithm="sha256"
    ).hexdigest()


# --- rate limits (Django's cache: Redis when configured) ---------------------------------------


def _within_limit(key: str, limit: int, seconds: int) -> bool:
    """Count one more hit on ``key`` in a fixed window; whether it is still within ``limit``."""
    cache.add(key, 0, seconds)
    try:
        hits = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        hits = 1
    return hits <= limit


def _check_rate(vote: PublicVote, voter: str, ip: str) -> None:
    ip_key = salted_hmac("nominations.public_vote.ip", ip or "-").hexdigest()
    per_address = _setting("PUBLIC_VOTE_CODES_PER_ADDRESS", 3)
    per_ip = _setting("PUBLIC_VOTE_CODES_PER_IP", 20)
    window = _setting("PUBLIC_VOTE_RATE_WINDOW_SECONDS", 3600)
    if not _within_limit(f"pv:ip:{vote.pk}:{ip_key}", per_ip, window):
        _fail(_("Too many codes were requested from your network. Try again later."), "email")
    if not _within_limit(f"pv:addr:{vote.pk}:{voter}", per_address, window):
        _fail(
            _(
                "Too many codes were requested for this address. Use the last code you "
                "received, or try again later."
            ),
            "email",
        )


# --- preparing ---------------------------------------------------------------------------------


@dataclass
class VoteSettings:
    title: str
    min_shortlist: int = 25
    max_shortlist: int = 30
    max_choices: int = 16
    honor_count: int = 16
    opens_at: datetime.datetime | None = None
    closes_at: datetime.datetime | None = None


def _check_settings(values: VoteSettings) -> None:
    if not values.title.strip():
        _fail(_("Give the vote a title."), "title")
    if values.min_shortlist > values.max_shortlist:
        _fail(_("The smallest shortlist cannot be larger than the largest."), "max_shortlist")
    if values.honor_count > values.min_shortlist:
        _fail(_("The shortlist must hold at least as many nominees as are honored."), "honor_count")
    if values.max_choices < 1:
        _fail(_("A ballot must allow at least one choice."), "max_choices")
    if values.opens_at and values.closes_at and values.closes_at <= values.opens_at:
        _fail(_("Voting must close after it opens."), "closes_at")


@transaction.atomic
def save_vote(
    user, campaign: Campaign, values: VoteSettings, vote: PublicVote | None = None
) -> PublicVote:
    """Create the campaign's public vote at the organiser's level, or change its settings while
    it is being prepared."""
    organiser = campaign.organiser
    _require_committee(user, organiser)
    level = level_of(campaign, organiser)
    _check_settings(values)
    fields = {name: getattr(values, name) for name in VoteSettings.__dataclass_fields__}
    fields["title"] = values.title.strip()
    if vote is None:
        if PublicVote.objects.unscoped("one vote per campaign").filter(campaign=campaign).exists():
            _fail(_("This campaign already has a public vote."))
        return PublicVote.objects.create(
            campaign=campaign, level=level, unit=organiser, created_by=user, **fields
        )
    vote = _lock_vote(vote)
    if vote.state != V.PREPARING:
        _fail(_("The settings can be changed only before the vote is published."))
    for name, value in fields.items():
        setattr(vote, name, value)
    vote.save()
    return vote


def candidates(vote: PublicVote):
    """Nominations that may be shortlisted: of the vote's campaign, appraised at its level."""
    return Nomination.objects.unscoped(
        "the vote's candidates, for the committee running it"
    ).filter(
        campaign_id=vote.campaign_id,
        level_id=vote.level_id,
        reviewing_unit_id=vote.unit_id,
        state=S.APPRAISED,
    )


def default_summary(nomination: Nomination) -> str:
    text = " ".join(nomination.achievement_summary.split())
    if len(text) <= SUMMARY_MAX_LENGTH:
        return text
    return text[: SUMMARY_MAX_LENGTH - 1].rsplit(" ", 1)[0] + "…"


@transaction.atomic
def set_shortlist(user, vote: PublicVote, nominations: Iterable[Nomination]) -> PublicVote:
    """The standing committee's shortlist: min..max nominations that reached the vote's level.
    Entries kept from an earlier choice keep their summary and photo."""
    vote = _committee_locks(user, vote)
    if vote.state != V.PREPARING:
        _fail(_("The shortlist can be changed only before the vote is published."))
    wanted = {n.pk for n in nominations}
    chosen = list(
        candidates(vote)
        .select_for_update(of=("self",))
        .filter(pk__in=wanted)
        .order_by("filing_unit__path", "id")
    )
    if len(chosen) != len(wanted):
        _fail(
            _("Only appraised nominations waiting at this level can be shortlisted."), "nominations"
        )
    error = rules.shortlist_size_error(len(chosen), vote.min_shortlist, vote.max_shortlist)
    if error:
        _fail(error, "nominations")
    existing = {entry.nomination_id: entry for entry in vote.entries.all()}
    for current in existing.values():
        if current.nomination_id not in wanted:
            current.photo.delete(save=False)
            current.delete()
    for order, nomination in enumerate(chosen, start=1):
        entry = existing.get(nomination.pk)
        if entry is None:
            ShortlistEntry.objects.create(
                vote=vote, nomination=nomination, order=order, summary=default_summary(nomination)
            )
        elif entry.order != order:
            entry.order = order
            entry.save(update_fields=["order"])
    return vote


@transaction.atomic
def update_entry(user, entry: ShortlistEntry, *, summary: str, photo=None) -> ShortlistEntry:
    """The public face of a shortlisted nominee: a short summary and a photo (JPEG or PNG,
    recognised by its content, stored under a random name)."""
    vote = _committee_locks(user, entry.vote)
    if vote.state != V.PREPARING:
        _fail(_("The shortlist can be changed only before the vote is published."))
    entry = ShortlistEntry.objects.select_for_update().get(pk=entry.pk)
    summary = " ".join((summary or "").split())
    if not summary:
        _fail(_("Write a short public summary."), "summary")
    if len(summary) > SUMMARY_MAX_LENGTH:
        _fail(
            _("The public summary is limited to %(n)s characters.") % {"n": SUMMARY_MAX_LENGTH},
            "summary",
        )
    entry.summary = summary
    if photo is not None:
        checked = check_upload(
            photo,
            getattr(photo, "name", ""),
            getattr(photo, "size", 0),
            max_bytes=_setting("PUBLIC_VOTE_PHOTO_MAX_BYTES", 2 * 1024 * 1024),
            max_unpacked=1,
        )
        if not checked.kind.is_image:
            _fail(_("The photo must be a JPEG or PNG image."), "photo")
        old = entry.photo.name
        entry.photo_content_type = checked.kind.content_type
        photo.seek(0)
        entry.photo.save("photo", photo, save=False)
        if old:
            transaction.on_commit(lambda: entry.photo.storage.delete(old))
    entry.save()
    return entry


@transaction.atomic
def publish(user, vote: PublicVote, *, now: datetime.datetime | None = None) -> PublicVote:
    """Make the shortlist public; ballots are then accepted inside the voting period."""
    now = now or timezone.now()
    vote = _committee_locks(user, vote)
    if vote.state != V.PREPARING:
        _fail(_("The vote has already been published."))
    error = rules.shortlist_size_error(vote.entries.count(), vote.min_shortlist, vote.max_shortlist)
    if error:
        _fail(error)
    if vote.opens_at is None or vote.closes_at is None:
        _fail(_("Set when voting opens and closes before publishing."))
    if vote.closes_at <= now:
        _fail(_("The closing moment has already passed."))
    vote.state = V.OPEN
    vote.save(update_fields=["state"])
    return vote


# --- voting ------------------------------------------------------------------------------------


def _check_voting_now(vote: PublicVote, now: datetime.datetime, field: str | None = None):
    if vote.state != V.OPEN:
        _fail(_("This vote is not accepting ballots."), field)
    error = rules.voting_window_error(now, vote.opens_at, vote.closes_at)
    if error:
        _fail(error, field)


def request_code(
    vote: PublicVote, address: str, *, ip: str = "", now: datetime.datetime | None = None
) -> EmailChallenge:
    """Send a one-time code to ``address``; rate-limited per address and per IP. The address
    travels to the mailer only: the challenge keeps its hash."""
    from .tasks import send_vote_code

    now = now or timezone.now()
    vote = PublicVote.objects.get(pk=vote.pk)
    _check_voting_now(vote, now, "email")
    address = rules.normalise_address(address)
    try:
        validate_email(address)
    except ValidationError:
        _fail(_("Enter a valid e-mail address."), "email")
    voter = voter_hash(address)
    _check_rate(vote, voter, ip)
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    with transaction.atomic():
        challenge = EmailChallenge(
            vote=vote, voter_hash=voter, created_at=now, expires_at=now + code_lifetime()
        )
        challenge.code_hash = _code_hash(str(challenge.public_id), code)
        challenge.save()
        transaction.on_commit(lambda: send_vote_code.delay(address, code, vote.pk))
    return challenge


def verify_code(
    vote: PublicVote, challenge_id, code: str, *, now: datetime.datetime | None = None
) -> EmailChallenge:
    """Check the code of a challenge, once: constant-time, before it expires, within the
    attempts limit. A wrong code counts as an attempt even though the call is refused."""
    now = now or timezone.now()
    max_attempts = _setting("PUBLIC_VOTE_CODE_ATTEMPTS", 5)
    error = None
    with transaction.atomic():
        challenge = (
            EmailChallenge.objects.select_for_update()
            .filter(vote=vote, public_id=challenge_id)
            .first()
        )
        if challenge is None:
            error = _("Request a code first.")
        elif challenge.used_at is not None:
            error = _("This code has already been used. Request a new code.")
        elif now >= challenge.expires_at:
            error = _("This code has expired. Request a new code.")
        elif challenge.attempts >= max_attempts:
            error = _("Too many wrong codes. Request a new code.")
        elif not constant_time_compare(
            _code_hash(str(challenge.public_id), (code or "").strip()), challenge.code_hash
        ):
            challenge.attempts += 1
            challenge.save(update_fields=["attempts"])
            error = _("The code is not correct.")
        else:
            challenge.used_at = now
            challenge.save(update_fields=["used_at"])
    if error:
        _fail(error, "code")
    assert challenge is not None  # no error: the code matched a challenge
    return challenge


def has_voted(vote: PublicVote, challenge: EmailChallenge) -> Ballot | None:
    return Ballot.objects.filter(vote=vote, voter_hash=challenge.voter_hash).first()


@transaction.atomic
def cast_ballot(
    vote: PublicVote,
    challenge: EmailChallenge,
    entry_ids: Iterable,
    *,
    now: datetime.datetime | None = None,
) -> Ballot:
    """One ballot of 1..max_choices distinct shortlisted nominees, from a verified address,
    inside the voting period. The unique constraint on (vote, voter) settles a race."""
    now = now or timezone.now()
    # The vote as it stands now and its shortlist, in one query (a ballot's time is mostly its
    # round trips to the database): an open vote always has a shortlist.
    shortlist = list(
        ShortlistEntry.objects.filter(vote_id=vote.pk)
        .select_related("vote")
        .only("public_id", "vote__state", "vote__opens_at", "vote__closes_at", "vote__max_choices")
    )
    vote = shortlist[0].vote if shortlist else PublicVote.objects.get(pk=vote.pk)
    _check_voting_now(vote, now, "entries")
    if challenge.vote_id != vote.pk or challenge.used_at is None:
        _fail(_("Verify your e-mail address first."), "entries")
    already = _("This e-mail address has already voted: each address casts one ballot.")
    chosen = [str(i) for i in entry_ids]
    entries = {str(entry.public_id): entry.pk for entry in shortlist}
    error = rules.ballot_error(chosen, set(entries), vote.max_choices)
    if error:
        _fail(error, "entries")
    receipt = "-".join(get_random_string(5, RECEIPT_ALPHABET) for _ in range(2))
    # No "has this address voted?" query first: the unique constraint on (vote, voter) answers
    # it, also for two ballots racing each other. The ballot is the transaction's first write,
    # so a refused insert needs no savepoint: the whole transaction goes with the refusal.
    try:
        ballot = Ballot.objects.create(
            vote=vote, voter_hash=challenge.voter_hash, receipt=receipt, cast_at=now
        )
    except IntegrityError:
        _fail(already, "entries")
    BallotChoice.objects.bulk_create(
        BallotChoice(ballot=ballot, entry_id=entries[key]) for key in chosen
    )
    return ballot


# --- results -----------------------------------------------------------------------------------


@transaction.atomic
def close(user, vote: PublicVote, *, now: datetime.datetime | None = None) -> PublicVote:
    now = now or timezone.now()
    vote = _committee_locks(user, vote)
    if vote.state != V.OPEN:
        _fail(_("Only a published vote can be closed."))
    closes_at = vote.closes_at
    assert closes_at is not None  # an open vote was published with both moments
    if now < closes_at:
        _fail(_("Voting is still open until %(moment)s.") % {"moment": deadline_text(closes_at)})
    vote.state = V.CLOSED
    vote.closed_at = now
    vote.save(update_fields=["state", "closed_at"])
    return vote


@dataclass(frozen=True)
class RankedEntry:
    entry: ShortlistEntry
    row: rules.RankedRow


def ranking(vote: PublicVote) -> tuple[rules.Ranking, list[RankedEntry]]:
    """The count of the closed vote, entries ordered by votes; refused before it closes."""
    if not vote.results_visible:
        _fail(_("Results are shown only after the vote closes."))
    entries = list(
        vote.entries.select_related("nomination__person__unit", "nomination__filing_unit")
        .annotate(votes=Count("choices"))
        .order_by("order", "id")
    )
    result = rules.rank([(entry.pk, entry.votes) for entry in entries], vote.honor_count)
    by_pk: dict[Hashable, ShortlistEntry] = {entry.pk: entry for entry in entries}
    return result, [RankedEntry(by_pk[row.key], row) for row in result.rows]


@transaction.atomic
def confirm_honored(
    user,
    vote: PublicVote,
    tie_winners: Iterable[ShortlistEntry] = (),
    *,
    now: datetime.datetime | None = None,
) -> list[Nomination]:
    """Honor the top of the ranking, with the committee's choice among any tie at the cut-off,
    through the nominations' own state machine; the rest of the shortlist is not honored."""
    now = now or timezone.now()
    vote = _committee_locks(user, vote)
    if vote.state != V.CLOSED:
        _fail(_("The honored can be confirmed only once, after the vote closes."))
    result, ranked = ranking(vote)
    chosen = {entry.pk for entry in tie_winners}
    error = rules.tie_choice_error(result, chosen)
    if error:
        _fail(error, "tie_winners")
    winners = {row.key for row in result.clear} | chosen
    decisions = []
    for item in ranked:
        detail = _("Public vote: %(votes)s votes, rank %(rank)s.") % {
            "votes": item.row.votes,
            "rank": item.row.rank,
        }
        if item.entry.pk in winners:
            decisions.append(Decision(item.entry.nomination, Outcome.HONOR, detail))
        else:
            reason = (
                _("Not among the %(n)s chosen in the public vote.") % {"n": vote.honor_count}
                + " "
                + detail
            )
            decisions.append(Decision(item.entry.nomination, Outcome.REJECT, reason))
    decided = workflow.decide(
        user, "confirm_public_vote", decisions, level=vote.level, unit=vote.unit, at=now
    )
    honored = [n for n in decided if n.state == S.HONORED]
    vote.state = V.CONFIRMED
    vote.confirmed_at = now
    vote.confirmed_by = user
    vote.save(update_fields=["state", "confirmed_at", "confirmed_by"])
    return honored
