"""What the pages do so that they stay fast at the scale of a city (issue 8), on the small
generated dataset: the queue's "filed by" select, the final list's pages, the progress page's
silent units, and the select that writes its options in Python."""

import io

import pytest
from django import forms
from django.core.management import call_command
from django.test import override_settings
from django.test.html import parse_html
from django.urls import reverse
from django.utils import timezone

from bench.dataset import CAMPAIGN_CODE, TOP_CODE
from campaigns.models import Campaign
from committees.models import (
    PersonRating,
    Rating,
    ReviewKind,
    ReviewRecord,
    Unit,
    UnitKind,
    User,
)
from nominations import lists
from nominations.forms import QuickSelect
from nominations.models import Evidence, Nomination
from nominations.models import NominationState as S
from nominations.progress import final_list
from nominations.views.lists import FinalListView
from tests.shared_data import built_once, shared_data

# Generated once for the module (tests/shared_data.py); each test's changes are undone after it.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("scale-pages")]


@shared_data
def generated(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with (
        built_once(django_db_blocker),
        override_settings(MEDIA_ROOT=media, LANGUAGE_CODE="en"),
    ):
        call_command("generate_dataset", "--scale", "small", "--seed", "3", stdout=io.StringIO())
        yield


@pytest.fixture
def dataset(generated, db, settings):
    settings.LANGUAGE_CODE = "en"


def logged_in(client, username):
    client.force_login(User.objects.get(username=username))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


class TestQueueFiledBySelect:
    url = reverse("nominations:queue", args=[CAMPAIGN_CODE])

    @staticmethod
    def offered(response) -> set[int]:
        return {
            int(pk)
            for pk, _label in response.context["filter"].form.fields["filing_unit"].choices
            if pk != ""
        }

    @staticmethod
    def branches_waiting(under: Unit, reviewing: Unit) -> set[int]:
        """The units one tier below ``under`` that something waiting at ``reviewing`` (still
        to be appraised, voted on or sent up there) was filed from or through."""
        waiting = Nomination.objects.filter(
            reviewing_unit=reviewing, state__in=lists.WAITING_STATES
        )
        end = len(under.path) + Unit.steplen
        paths = {
            path[:end]
            for path in waiting.values_list("filing_unit__path", flat=True)
            if path.startswith(under.path) and len(path) > len(under.path)
        }
        return set(Unit.objects.filter(path__in=paths).values_list("pk", flat=True))

    def test_lists_the_units_one_tier_down_that_something_waits_from(
        self, dataset, client, queries
    ):
        response, _ = queries.page(logged_in(client, "tc_tp_d01"), self.url)
        district = Unit.objects.get(code=f"{TOP_CODE}-D01")
        expected = {district.pk} | self.branches_waiting(district, district)
        assert len(expected) > 1
        assert self.offered(response) == expected

    def test_a_chosen_unit_opens_the_tier_below_it(self, dataset, client, queries):
        district = Unit.objects.get(code=f"{TOP_CODE}-D01")
        ward = Unit.objects.get(pk=max(self.branches_waiting(district, district) - {district.pk}))
        response, _ = queries.page(
            logged_in(client, "tc_tp_d01"), f"{self.url}?filing_unit={ward.pk}"
        )
        below = self.branches_waiting(ward, district)
        assert below
        assert self.offered(response) == (
            {district.pk, ward.pk} | self.branches_waiting(district, district) | below
        )

    def test_a_unit_named_in_the_address_still_filters(self, dataset, client, queries):
        """A cell under a grassroots committee with nothing waiting is not listed, yet accepted,
        and then listed so that the form shows the choice."""
        client = logged_in(client, "tp_tochuc")
        cell = (
            Unit.objects.filter(
                path__startswith=Unit.objects.get(code=TOP_CODE).path, kind=UnitKind.CHI_BO
            )
            .order_by("-path")
            .first()
        )
        response, _ = queries.page(client, f"{self.url}?filing_unit={cell.pk}")
        assert response.context["filter"].form.is_valid()
        assert list(response.context["nominations"]) == [
            n for n in response.context["nominations"] if n.filing_unit_id == cell.pk
        ]
        offered = [
            pk for pk, _label in response.context["filter"].form.fields["filing_unit"].choices
        ]
        assert cell.pk in offered

    def test_a_unit_outside_the_subtree_is_refused(self, dataset, client, queries):
        client = logged_in(client, "tc_tp_d01")
        elsewhere = Unit.objects.get(code=f"{TOP_CODE}-D02")
        response, _ = queries.page(client, f"{self.url}?filing_unit={elsewhere.pk}")
        assert not response.context["filter"].form.is_valid()

    def test_queries_do_not_grow_with_the_queue(self, dataset, client, queries):
        client = logged_in(client, "tp_tochuc")
        _, before = queries.page(client, self.url)
        Nomination.objects.filter(level__position=2).update(
            level=Nomination.objects.filter(level__position=3).first().level,
            reviewing_unit=Unit.objects.get(code=TOP_CODE),
        )
        _, after = queries.page(client, self.url)
        assert after == before <= 16  # 15, and the bell's unread count


class TestFinalListPages:
    url = reverse("nominations:final-list", args=[CAMPAIGN_CODE])

    def test_a_page_of_rows_with_totals_over_all(self, dataset, client, queries, monkeypatch):
        monkeypatch.setattr(FinalListView, "paginate_by", 3)
        client = logged_in(client, "tp_tochuc")
        response, first = queries.page(client, self.url)
        every = final_list(
            Campaign.objects.get(code=CAMPAIGN_CODE),
            User.objects.get(username="tp_tochuc"),
            timezone.localdate(),
        )
        total = response.context["total"]
        assert total == len(every) > 3
        assert len(response.context["page_rows"]) == 3
        assert response.content.decode().count('data-testid="final-row"') == 3
        assert f"{total} nominations reached this level" in response.content.decode()
        last = response.context["paginator"].num_pages
        response, later = queries.page(client, f"{self.url}?page={last}")
        numbers = [n.pk for n in response.context["page_rows"]]
        assert numbers == [n.pk for n in every[(last - 1) * 3 :]]
        assert later == first <= 15

    @staticmethod
    def totals_of_the_full_rows():
        every = final_list(
            Campaign.objects.get(code=CAMPAIGN_CODE),
            User.objects.get(username="tp_tochuc"),
            timezone.localdate(),
        )
        return (sum(1 for n in every if n.is_eligible), sum(1 for n in every if n.dossier_complete))

    def test_the_totals_count_what_the_full_rows_decide(self, dataset, client, queries):
        """The totals come from plain values, not the rows built in full: they must agree with
        each row's eligibility and completeness, also after some facts change."""
        client = logged_in(client, "tp_tochuc")
        response, _ = queries.page(client, self.url)
        eligible, complete = self.totals_of_the_full_rows()
        assert (response.context["eligible"], response.context["complete"]) == (eligible, complete)
        assert eligible > 0 and complete > 0
        top = (
            Nomination.objects.filter(level__position=3)
            .exclude(state=S.DRAFT)
            .exclude(person=None)
            .order_by("id")
        )
        first, second, third = top[:3]
        ReviewRecord.objects.create(
            person=first.person,
            kind=ReviewKind.DISCIPLINE,
            started_on=timezone.localdate(),
            reference="KL-1",
        )
        PersonRating.objects.filter(person=second.person).update(rating=Rating.KHTNV)
        Evidence.objects.filter(nomination=third).delete()
        response, _ = queries.page(client, self.url)
        changed = self.totals_of_the_full_rows()
        assert changed != (eligible, complete)
        assert (response.context["eligible"], response.context["complete"]) == changed


class TestProgressAtTheTop:
    url = reverse("nominations:progress", args=[CAMPAIGN_CODE])

    def test_silent_cells_are_counted_under_their_district_and_listed_on_demand(
        self, dataset, client, queries
    ):
        client = logged_in(client, "tp_tochuc")
        cell = (
            Unit.objects.filter(
                path__startswith=Unit.objects.get(code=TOP_CODE).path, kind=UnitKind.CHI_BO
            )
            .order_by("path")
            .first()
        )
        Nomination.objects.filter(filing_unit=cell).update(state=S.WITHDRAWN)  # one more silent
        response, count = queries.page(client, self.url)
        rows = {row.unit.code: row for row in response.context["rows"]}
        filers = set(
            Nomination.objects.exclude(state__in=[S.DRAFT, S.WITHDRAWN]).values_list(
                "filing_unit", flat=True
            )
        )
        assert count <= 15
        silent_somewhere = False
        for row in rows.values():
            cells = Unit.objects.filter(path__startswith=row.unit.path, kind=UnitKind.CHI_BO)
            silent = {u.pk for u in cells if u.pk not in filers}
            assert row.silent_below == len(silent)
            if not silent:
                continue
            silent_somewhere = True
            listed = client.get(
                reverse("nominations:progress-silent", args=[CAMPAIGN_CODE, row.unit.code]),
                HTTP_HX_REQUEST="true",
            )
            assert {u.pk for u in listed.context["units"]} == silent
            body = listed.content.decode()
            assert "<html" not in body
            for unit in listed.context["units"]:  # each with the unit above it
                assert (
                    f'<li>{unit.name} <span class="text-muted">· {unit.parent}</span></li>' in body
                )
        assert silent_somewhere

    def test_queries_do_not_grow_with_the_tree(self, dataset, client, queries):
        client = logged_in(client, "tp_tochuc")
        _, before = queries.page(client, self.url)
        district = Unit.objects.get(code=f"{TOP_CODE}-D02")
        for i in range(5):
            Unit.objects.add_child(
                district,
                instance=Unit(code=f"NEW-{i}", name=f"Chi bộ mới {i}", kind=UnitKind.CHI_BO_CO_SO),
            )
        _, after = queries.page(client, self.url)
        assert after == before


def test_quick_select_writes_what_django_select_writes():
    choices = [("", "— any —"), (1, "A & B"), (2, "<Chi bộ>"), (30, "Đảng ủy")]
    for value in (None, 2, "30"):
        quick = QuickSelect(choices=choices).render(
            "unit", value, attrs={"id": "x", "class": "form-select"}
        )
        django = forms.Select(choices=choices).render(
            "unit", value, attrs={"id": "x", "class": "form-select"}
        )
        assert parse_html(quick) == parse_html(django)
