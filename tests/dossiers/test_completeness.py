"""Which required documents a nomination lacks, one at a time and for a whole page, and the
final list's "dossier complete" column that counts them."""

import pytest
from django.urls import reverse

from campaigns.models import DocumentRequirement
from nominations import evidence as services
from nominations import services as workflow
from nominations.completeness import missing_by_nomination, missing_documents
from nominations.models import Nomination
from tests.workflow_fixtures import BEFORE

from .conftest import draft_of, upload

pytestmark = pytest.mark.django_db


class TestMissingDocuments:
    def test_one_nomination_in_one_query(self, seed000, documents, queries):
        report, photos, _minutes = documents
        nomination = draft_of(seed000)
        services.attach_evidence(seed000.secretary_a1, nomination, upload("a.pdf"), photos)
        with queries.exactly(1):
            assert missing_documents(nomination) == ["Báo cáo tóm tắt thành tích"]
        services.attach_evidence(seed000.secretary_a1, nomination, upload("a.pdf"), report)
        assert missing_documents(nomination) == []

    def test_a_page_at_once_matches_one_at_a_time(self, seed000, documents):
        report, _photos, minutes = documents
        secretary = seed000.member(seed000.tree.cell_a1, position="Bí thư chi bộ khu vực 1")
        nominations = [
            draft_of(seed000),
            draft_of(seed000),
            workflow.save_draft(
                seed000.secretary_a1,
                seed000.campaign,
                seed000.tree.cell_a1,
                workflow.Draft(
                    category=seed000.secretaries, person=secretary, achievement_summary="Gương mẫu."
                ),
            ),
        ]
        services.attach_evidence(seed000.secretary_a1, nominations[1], upload("a.pdf"), report)
        services.attach_evidence(seed000.secretary_a1, nominations[2], upload("a.pdf"), minutes)
        bulk = missing_by_nomination(nominations)
        assert bulk == {n.pk: missing_documents(n) for n in nominations}
        assert bulk[nominations[2].pk] == ["Báo cáo tóm tắt thành tích"]

    def test_a_page_in_two_queries_whatever_its_size(self, seed000, documents, queries):
        small = [draft_of(seed000)]
        large = [draft_of(seed000) for _ in range(6)]
        for nomination in large[:3]:
            services.attach_evidence(
                seed000.secretary_a1, nomination, upload("a.pdf"), documents[0]
            )
        with queries.exactly(2):
            missing_by_nomination(small)
        with queries.exactly(2):
            missing_by_nomination(large)

    def test_nothing_required_nothing_missing(self, seed000, queries):
        nomination = draft_of(seed000)
        with queries.exactly(1):
            assert missing_by_nomination([nomination]) == {nomination.pk: []}
        assert missing_by_nomination([]) == {}


def reach_city(seed000, honor, forward):
    session, nominations = seed000.decide_at_district(honor=honor, forward=forward)
    workflow.close_session(seed000.staff_district_a, session, now=BEFORE)
    forwarded = [Nomination.objects.get(pk=n.pk) for n in nominations[honor:]]
    return workflow.send_up(seed000.staff_district_a, forwarded, now=BEFORE)


class TestFinalListColumn:
    URL_NAME = "nominations:final-list"

    def rows(self, client, seed000):
        response = client.get(reverse(self.URL_NAME, args=[seed000.campaign.code]))
        assert response.status_code == 200
        return response.context["rows"]

    def test_a_missing_required_document_makes_the_dossier_incomplete(self, client, seed000):
        (at_city,) = reach_city(seed000, honor=10, forward=1)
        client.force_login(seed000.staff_city)
        (row,) = self.rows(client, seed000)
        assert row.dossier_complete is True
        # The city now asks for the recognition decision: the dossier lacks it.
        decision = DocumentRequirement.objects.create(
            campaign=seed000.campaign, code="quyet-dinh", name="Quyết định công nhận"
        )
        DocumentRequirement.objects.create(
            campaign=seed000.campaign, code="anh", name="Ảnh", required=False
        )
        (row,) = self.rows(client, seed000)
        assert row.dossier_complete is False
        assert row.missing_documents == ["Quyết định công nhận"]
        services.attach_evidence(seed000.staff_city, at_city, upload("Quyết định.pdf"), decision)
        (row,) = self.rows(client, seed000)
        assert row.dossier_complete is True

    def test_the_query_count_does_not_grow_with_the_rows(self, client, seed000, queries):
        reach_city(seed000, honor=10, forward=1)
        decision = DocumentRequirement.objects.create(
            campaign=seed000.campaign, code="quyet-dinh", name="Quyết định công nhận"
        )
        client.force_login(seed000.staff_city)
        url = reverse(self.URL_NAME, args=[seed000.campaign.code])
        with queries() as small:
            client.get(url)
        # More reach the city while the decision is not yet asked for; two carry it.
        DocumentRequirement.objects.filter(pk=decision.pk).update(required=False)
        more = reach_city(seed000, honor=20, forward=2)
        DocumentRequirement.objects.filter(pk=decision.pk).update(required=True)
        for nomination in more:
            services.attach_evidence(seed000.staff_city, nomination, upload("a.pdf"), decision)
        with queries() as large:
            rows = self.rows(client, seed000)
        assert [row.dossier_complete for row in rows].count(True) == 2
        assert len(large) == len(small)
