"""The site's main pages on the demo data (``seed_demo`` + ``seed_demo_campaigns``), as the demo
users who work on them: the accessibility check (``tests/browser/test_accessibility.py``) opens
each, and the link check (``tests/security/test_links_answer.py``) starts from each.

A page is ``(username, name, url)``; ``username`` None: the page is public (no login).
"""

from __future__ import annotations

from django.urls import reverse

from campaigns.models import Campaign
from committees.models import Person, User
from nominations.models import Nomination
from nominations.models import NominationState as S
from public_votes.models import PublicVote

SEED_000 = "bieu-duong-bi-thu-dang-vien-2025"

#: who works on the main pages: a cell secretary who files, the ward's staff who appraise, the
#: district's staff and standing committee who decide, the city's staff who organise seed 000
USERS = ("bithu_kv1", "ah_tochuc", "nk_tochuc", "tu_btv", "tu_tochuc")


def _nomination(user: User, *states) -> Nomination:
    return (
        Nomination.objects.visible_to(user)
        .filter(campaign__code=SEED_000, state__in=states)
        .order_by("pk")
        .first()
    )


def _person(user: User) -> Person:
    return Person.objects.visible_to(user).order_by("code").first()


def main_pages() -> list[tuple[str | None, str, str]]:
    """Every main page, once per user who works on it (read from the demo data)."""
    users = {user.username: user for user in User.objects.filter(username__in=USERS)}
    vote = PublicVote.objects.unscoped("the demo's one public vote").get()
    seed = Campaign.objects.get(code=SEED_000)
    code = seed.code
    cell, ward, district, standing, city = (users[name] for name in USERS)
    pages: list[tuple[str | None, str, str]] = [
        (None, "login", reverse("login")),
        (None, "public vote", reverse("public_votes:public-vote", args=[vote.public_id])),
    ]
    for user in (cell, ward, district, standing, city):
        pages.append((user.username, "dashboard", reverse("dashboard")))
    own = _nomination(cell, S.PROPOSED)
    pages += [
        (cell.username, "campaign list", reverse("campaigns:list")),
        (cell.username, "campaign detail", reverse("campaigns:detail", args=[code])),
        (cell.username, "unit's nominations", reverse("nominations:unit-nominations", args=[code])),
        (cell.username, "filing form", reverse("nominations:create", args=[code])),
        (cell.username, "nomination detail", reverse("nominations:detail", args=[own.public_id])),
        (cell.username, "people list", reverse("committees:person-list")),
        (
            cell.username,
            "person detail",
            reverse("committees:person-detail", args=[_person(cell).code]),
        ),
        (cell.username, "tree", reverse("committees:unit-tree")),
    ]
    proposed = _nomination(ward, S.PROPOSED)
    pages += [
        (ward.username, "appraisal queue", reverse("nominations:queue", args=[code])),
        (
            ward.username,
            "nomination detail",
            reverse("nominations:detail", args=[proposed.public_id]),
        ),
        (ward.username, "progress", reverse("nominations:progress", args=[code])),
    ]
    appraised = _nomination(district, S.APPRAISED)
    pages += [
        (district.username, "campaign list", reverse("campaigns:list")),
        (district.username, "campaign detail", reverse("campaigns:detail", args=[code])),
        (district.username, "appraisal queue", reverse("nominations:queue", args=[code])),
        (
            district.username,
            "nomination detail",
            reverse("nominations:detail", args=[appraised.public_id]),
        ),
        (district.username, "progress", reverse("nominations:progress", args=[code])),
        (district.username, "people list", reverse("committees:person-list")),
        (
            district.username,
            "person detail",
            reverse("committees:person-detail", args=[_person(district).code]),
        ),
        (district.username, "tree", reverse("committees:unit-tree")),
        (standing.username, "final list", reverse("nominations:final-list", args=[code])),
        (city.username, "progress", reverse("nominations:progress", args=[code])),
        (city.username, "final list", reverse("nominations:final-list", args=[code])),
    ]
    return pages
