"""No page shows a link that refuses the user who sees it: every same-site link on each main page
(``tests/main_pages.py``, on the demo data), and on every demo account's dashboard, campaign list
and campaign pages, followed by the user who was shown it, answers neither 403 (the link should
have been hidden behind the permission its page declares) nor 404 (a link should lead
somewhere)."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from campaigns.models import Campaign
from tests.main_pages import main_pages
from tests.shared_data import built_once, shared_data

# Seeded once for the module (tests/shared_data.py); each test's changes are undone after it.
pytestmark = [pytest.mark.django_db, pytest.mark.once, pytest.mark.xdist_group("links-answer")]


@shared_data
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    # the stand-in documents of the demo's nominations
    with built_once(django_db_blocker), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("m")):
        call_command("seed_demo", verbosity=0)
        call_command("seed_demo_campaigns", verbosity=0)
        yield


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def same_site_links(html: str, page_url: str) -> set[str]:
    parser = Links()
    parser.feed(html)
    links = set()
    for href in parser.hrefs:
        href = urldefrag(href).url
        parts = urlsplit(href)
        if not href or parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            continue  # an anchor, mailto:, tel:, another site
        links.add(href if href.startswith("/") else page_url.rsplit("/", 1)[0] + "/" + href)
    return links


def every_accounts_pages() -> list[tuple[str, str, str]]:
    """Each demo account's dashboard, campaign list and the campaign pages (those it may open)."""
    campaigns = [reverse("campaigns:detail", args=[c.code]) for c in Campaign.objects.all()]
    return [
        (username, name, url)
        for username in get_user_model()
        .objects.order_by("username")
        .values_list("username", flat=True)
        for name, url in [
            ("dashboard", reverse("dashboard")),
            ("campaign list", reverse("campaigns:list")),
            *(("campaign detail", url) for url in campaigns),
        ]
    ]


def test_every_link_on_the_main_pages_answers_the_user_who_sees_it(demo, db):
    users = get_user_model().objects
    clients: dict[str | None, Client] = {}
    refused = []
    followed: set[tuple[str | None, str]] = set()
    main = main_pages()
    for username, name, url in main + every_accounts_pages():
        if username not in clients:
            clients[username] = Client()
            if username:
                clients[username].force_login(users.get(username=username))
        client = clients[username]
        response = client.get(url, follow=True)  # the tree opens a cell's secretary's own cell
        if (username, name, url) in main:
            assert response.status_code == 200, (username, name, url)
        elif response.status_code != 200:
            continue  # a campaign outside the account's organisation
        for link in sorted(
            same_site_links(response.content.decode(), response.request["PATH_INFO"])
        ):
            if (username, link) in followed:
                continue
            followed.add((username, link))
            answer = client.get(link, follow=True)
            if answer.status_code in (403, 404):
                refused.append(f"{username or 'anonymous'} on {name} ({url}): {link} → {answer}")
    assert followed, "no link was followed"
    assert not refused, "\n".join(refused)
