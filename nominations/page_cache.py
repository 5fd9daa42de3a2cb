"""The appraisal queue's listing (its filters, counts and rows) kept in the cache.

At a city's top the listing costs about 40 ms (sixteen queries, the eligibility of 50 rows,
their missing documents, the template); staff reload it all day while it changes only when
something is written. It is kept under the generation ``appraisal-queue`` (``core.generations``),
which every committed write moves on except the writes to tables the listing never reads
(``IGNORED``): sessions, sign-in attempts, the log of reads, notices, the public vote's ballots
and codes. What else the listing depends on is in its key (``queue_key``): the user and the unit
and role the rows' buttons follow, the campaign, the filters and page, the language, the day
(eligibility is "as of today") and the code's version. The page says when its listing was made
("list as of 14:03:27").
"""

from __future__ import annotations

from django.utils import translation
from django.utils.timezone import localdate

QUEUE_GENERATION = "appraisal-queue"
#: how long a listing is kept: the bound on staleness should a write's bump not reach the cache
QUEUE_SECONDS = 10 * 60

#: tables written on every sign-in, page read or vote, which the queue never shows. The user's
#: own row (the time of the last sign-in) is among them: the key holds what the queue reads of
#: it, and the permission is checked on every request, cached listing or not.
IGNORED = (
    "sessions.Session",
    "committees.User",
    "axes.AccessAttempt",
    "axes.AccessAttemptExpiration",
    "axes.AccessFailureLog",
    "axes.AccessLog",
    "otp_static.StaticDevice",
    "otp_static.StaticToken",
    "otp_totp.TOTPDevice",
    "access.ReadRecord",
    "admin.LogEntry",
    "notifications.Notice",
    "notifications.ReminderSent",
    "public_votes.Ballot",
    "public_votes.BallotChoice",
    "public_votes.EmailChallenge",
    "dossiers.DossierBundle",
)


def queue_key(user, campaign, request) -> str:
    query = sorted((name, tuple(values)) for name, values in request.GET.lists())
    return ":".join(
        str(part)
        for part in (
            user.pk,
            user.unit_id,
            user.role,
            user.is_active,
            campaign.pk,
            translation.get_language(),
            localdate().isoformat(),
            request.path,
            query,
        )
    )
