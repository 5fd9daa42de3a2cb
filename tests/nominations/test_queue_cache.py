"""The appraisal queue's listing is kept in the cache (``nominations.page_cache``) and must
never be shown stale: each kind of write that changes what the queue shows is followed at once
by the next page, and the writes it never shows (sign-ins, reads) leave it cached."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from campaigns.models import DocumentRequirement
from committees.imports.importers import insert_rows
from committees.models import Person, ReviewKind, ReviewRecord
from committees.services import rename_unit
from nominations import evidence, page_cache, services
from nominations.models import Nomination
from nominations.samples import sample_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("campaign_receiving", "media")]


@pytest.fixture
def staff(client, seed000):
    client.force_login(seed000.staff_grassroots_a)
    return client


@pytest.fixture
def waiting(seed000):
    """Two nominations waiting at grassroots committee A."""
    now = timezone.now()
    return [
        seed000.file(seed000.member(seed000.tree.cell_a1), now=now - datetime.timedelta(hours=i))
        for i in (2, 1)
    ]


class Queue:
    def __init__(self, client, seed, queries):
        self.client, self.url, self.queries = client, queue_url(seed), queries

    def page(self, **params) -> tuple[str, int]:
        response, count = self.queries.page(self.client, self.url, params)
        return response.content.decode(), count

    def html(self, **params) -> str:
        return self.page(**params)[0]

    def rows(self, **params) -> int:
        return self.html(**params).count('data-testid="queue-row"')


def csrf_tokens(*pages: str) -> list[str]:
    """The bulk form's token in each page (masked anew for every response)."""
    return [re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', p).group(1) for p in pages]


def queue_url(seed):
    return reverse("nominations:queue", args=[seed.campaign.code])


@pytest.fixture
def queue(staff, seed000, queries, waiting):
    queue = Queue(staff, seed000, queries)
    queue.html()  # kept in the cache from here on
    return queue


class TestTheListingIsKept:
    def test_a_second_visit_is_served_from_the_cache(self, queue):
        cache.clear()
        first, computed = queue.page()
        second, cached = queue.page()
        assert cached < computed
        assert second == first.replace(*csrf_tokens(first, second))

    def test_the_page_says_when_its_listing_was_made(self, queue):
        assert 'data-testid="listed-at"' in queue.html()

    def test_a_sign_in_and_other_reads_leave_it_cached(self, queue, client, seed000):
        _, cached = queue.page()
        client.logout()
        client.force_login(seed000.staff_grassroots_a)  # writes the session, last_login
        assert queue.page()[1] == cached

    def test_each_order_and_filter_is_kept_apart(self, queue, waiting):
        first, second = (n.nominee_name for n in waiting)
        oldest_first = queue.html(sort="submitted")
        newest_first = queue.html(sort="-submitted")
        assert oldest_first.index(first) < oldest_first.index(second)
        assert newest_first.index(second) < newest_first.index(first)
        assert queue.rows(eligible="no") == 0

    def test_the_bulk_form_carries_this_session_s_token(self, queue, client):
        response = client.get(queue.url)
        token = response.context["csrf_token"]
        assert f'value="{token}"' in response.content.decode()


class TestEveryWriteIsSeen:
    """One test per kind of write the queue shows."""

    def test_a_nomination_sent_to_the_unit(self, queue, seed000):
        seed000.file(seed000.member(seed000.tree.cell_a1), now=timezone.now())
        assert queue.rows() == 3

    def test_a_nomination_appraised(self, queue, seed000, waiting):
        services.appraise(seed000.staff_grassroots_a, waiting[0])
        assert 'data-state="appraised"' in queue.html()

    def test_a_nomination_returned_for_revision(self, queue, seed000, waiting):
        services.return_for_revision(seed000.staff_grassroots_a, waiting[0], "Bổ sung hồ sơ.")
        assert queue.rows() == 1

    def test_a_nomination_not_accepted(self, queue, seed000, waiting):
        services.reject(seed000.staff_grassroots_a, waiting[0], "Không đủ tiêu chuẩn.")
        assert queue.rows() == 1

    def test_a_nomination_passed_on(self, queue, seed000, waiting):
        services.appraise(seed000.staff_grassroots_a, waiting[0])
        services.pass_on(seed000.staff_grassroots_a, waiting[0])
        assert queue.rows() == 1

    def test_many_appraised_from_the_queue_itself(self, queue, staff, waiting):
        staff.post(
            queue.url,
            {"action": "appraise", "nominations": [str(n.public_id) for n in waiting]},
        )
        assert queue.html().count('data-state="appraised"') == 2

    def test_a_nomination_withdrawn_by_its_cell(self, queue, seed000, waiting):
        services.withdraw(seed000.secretary_a1, waiting[0], "Rút để bổ sung.")
        assert queue.rows() == 1

    def test_a_required_document_added_then_attached(self, queue, seed000, waiting):
        requirement = DocumentRequirement.objects.create(
            campaign=seed000.campaign, code="bao-cao", name="Báo cáo thành tích"
        )
        assert queue.html().count("Báo cáo thành tích") == 2
        upload = SimpleUploadedFile("bao-cao.pdf", sample_pdf("bao-cao.pdf"))
        evidence.attach_evidence(seed000.staff_grassroots_a, waiting[0], upload, requirement)
        assert queue.html().count("Báo cáo thành tích") == 1

    def test_the_nominee_renamed(self, queue, waiting):
        person = waiting[0].person
        person.full_name = "Trần Văn Đổi Tên"
        person.save()
        assert "Trần Văn Đổi Tên" in queue.html()

    def test_the_filing_unit_renamed(self, queue, seed000):
        rename_unit(seed000.tree.cell_a1, "Chi bộ Khu vực Mới", effective_on=timezone.localdate())
        assert "Chi bộ Khu vực Mới" in queue.html()

    def test_the_category_renamed(self, queue, seed000):
        seed000.members.name = "Đảng viên xuất sắc"
        seed000.members.save()
        assert "Đảng viên xuất sắc" in queue.html()

    def test_an_inspection_opened_makes_the_nominee_ineligible(self, queue, waiting):
        assert "text-bg-danger" not in queue.html()
        ReviewRecord.objects.create(
            person=waiting[0].person,
            kind=ReviewKind.INSPECTION,
            started_on=timezone.localdate() - datetime.timedelta(days=1),
        )
        assert "text-bg-danger" in queue.html()

    def test_an_update_of_many_rows_at_once(self, queue, waiting):
        Person.objects.filter(pk=waiting[1].person_id).update(full_name="Lê Thị Hàng Loạt")
        assert "Lê Thị Hàng Loạt" in queue.html()

    def test_rows_copied_in_by_an_import(self, queue, waiting):
        """The imports write with COPY on PostgreSQL, which no execute wrapper sees."""
        started = timezone.localdate() - datetime.timedelta(days=1)
        insert_rows(
            ReviewRecord,
            ("person_id", "kind", "started_on", "ended_on", "reference", "note"),
            [(waiting[1].person_id, ReviewKind.INSPECTION, started, None, "", "")],
        )
        assert "text-bg-danger" in queue.html()

    def test_a_new_day(self, queue, monkeypatch):
        _, cached = queue.page()
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        monkeypatch.setattr(page_cache, "localdate", lambda: tomorrow)
        assert queue.page()[1] > cached  # eligibility is "as of today": counted again

    def test_the_staff_member_moved_to_another_unit(self, queue, seed000, staff):
        user = seed000.staff_grassroots_a
        user.unit = seed000.tree.grassroots_b
        user.save()
        assert 'data-testid="queue-row"' not in staff.get(queue.url).content.decode()


def test_without_a_reachable_cache_the_queue_is_computed(staff, seed000, waiting, monkeypatch):
    from redis.exceptions import ConnectionError as RedisConnectionError

    def down(*args, **kwargs):
        raise RedisConnectionError("Redis is down")

    for method in ("get", "get_or_set", "set", "incr"):
        monkeypatch.setattr(cache, method, down)
    response = staff.get(queue_url(seed000))
    assert response.content.decode().count('data-testid="queue-row"') == 2
    services.appraise(seed000.staff_grassroots_a, waiting[0])  # the bump fails quietly
    assert Nomination.objects.get(pk=waiting[0].pk).state == "appraised"
