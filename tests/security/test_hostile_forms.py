"""Every form of the project, posted with hostile values by a role allowed to post it: never a
server error, never markup echoed unescaped.

The forms are found, not listed: each page of the permission matrix that takes a POST is asked
for its form fields by reading the ``<form method="post">`` elements of the pages that lead to
it (the page itself, the nomination, the session). A field left out of the HTML cannot be
missed either: every field name a form class declares is added.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.security import figures
from tests.security.hostile import hostile_text
from tests.security.test_permission_matrix import DECLARED
from tests.security.world import ROLES


class FormFields(HTMLParser):
    """``{action: {field names}}`` of the POST forms of a page."""

    def __init__(self, page_url: str):
        super().__init__()
        self.page_url = page_url
        self.forms: dict[str, set[str]] = {}
        self.current: set[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            action = (attrs.get("action") or self.page_url).split("?")[0].split("#")[0]
            self.current = self.forms.setdefault(action, set())
        elif tag in {"input", "select", "textarea", "button"} and self.current is not None:
            name = attrs.get("name")
            if name and name != "csrfmiddlewaretoken" and attrs.get("type") != "file":
                self.current.add(name)

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def allowed_role(page) -> str | None:
    """The first role the matrix lets post (``-`` or 200) on the inside object."""
    for role, status in zip(ROLES, page.statuses("post", "inside"), strict=True):
        if status in {"-", "200"}:
            return role
    return None


#: per form: 46 forms × this many posts (the profile's 40 would take minutes)
EXAMPLES = 12

TARGETS = [page for page in DECLARED if allowed_role(page) and page.name != "logout"]


def fields_for(client: Client, url: str, world) -> set[str]:
    pages = {
        url,
        reverse("nominations:detail", args=[world.inside.voted.public_id]),
        reverse("nominations:detail", args=[world.inside.draft.public_id]),
        reverse("nominations:session-detail", args=[world.inside.session.public_id]),
    }
    names: set[str] = set()
    for page_url in pages:
        response = client.get(page_url)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            parser = FormFields(page_url)
            parser.feed(response.content.decode())
            names |= parser.forms.get(url, set())
    return names


@pytest.mark.django_db
@pytest.mark.parametrize("page", TARGETS, ids=[page.name for page in TARGETS])
def test_hostile_values_never_break_a_form(page, world):
    role = allowed_role(page)
    client = Client(raise_request_exception=False)
    client.force_login(world.users[role])
    url = page.reverse(world.inside)
    names = sorted(fields_for(client, url, world) | {"reason", "token", "title", "name"})

    @settings(max_examples=EXAMPLES)
    @given(
        st.fixed_dictionaries(
            {},
            optional={
                name: st.one_of(hostile_text, st.lists(hostile_text, max_size=3)) for name in names
            },
        )
    )
    def post(data):
        figures.hostile_inputs["form posts"] += 1
        response = client.post(url, data)
        assert response.status_code < 500, (page.name, data)
        assert b"<script>alert" not in response.content, (page.name, data)

    post()


@pytest.mark.django_db
@pytest.mark.parametrize("posted, refused", [(50, False), (51, True), (99_999_999, True)])
def test_a_campaign_part_builds_at_most_50_rows_whatever_the_post_claims(posted, refused):
    """Found by the fuzzing above: ``levels-TOTAL_FORMS=99999999`` made one request build and
    validate 8,000 forms (93 s)."""
    from campaigns.forms import MAX_ROWS_PER_PART, CampaignEditor
    from committees.models import Role
    from tests.factories import UnitFactory, UserFactory

    admin = UserFactory(role=Role.ADMIN, unit=UnitFactory())
    editor = CampaignEditor(
        user=admin,
        data={
            f"{part}-{key}": value
            for part in ("levels", "categories", "quotas", "documents")
            for key, value in (("TOTAL_FORMS", str(posted)), ("INITIAL_FORMS", "0"))
        },
    )
    editor.is_valid()
    for formset in editor.formsets.values():
        assert len(formset.forms) <= MAX_ROWS_PER_PART == 50
        assert bool(formset.non_form_errors()) is refused
