"""A nomination's files are scoped like the nomination: listing them needs a scope, and a
draft's files are seen only at the unit that writes it."""

import pytest

from committees.scoping import OutOfScope
from nominations import evidence as services
from nominations.models import Evidence
from tests.committees.test_scoping_refusal import run

from .conftest import draft_of, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafted(seed000):
    nomination = draft_of(seed000)
    services.attach_evidence(seed000.secretary_a1, nomination, upload("Báo cáo.pdf"))
    return nomination


def test_listing_the_files_without_a_scope_is_refused(drafted):
    with pytest.raises(OutOfScope, match="Evidence read without a scope"):
        run("list(qs)", qs=Evidence.objects.all())


def test_the_files_hanging_from_a_nomination_in_hand_are_scoped(drafted):
    assert [e.original_name for e in run("list(n.evidence.all())", n=drafted)] == ["Báo cáo.pdf"]


def test_a_drafts_files_are_seen_only_where_it_is_written(seed000, drafted):
    own = run("list(qs)", qs=Evidence.objects.visible_to(seed000.secretary_a1))
    above = run("list(qs)", qs=Evidence.objects.visible_to(seed000.staff_grassroots_a))
    assert [e.nomination_id for e in own] == [drafted.pk]
    assert above == []
