"""Issue 7, point 6: a person or a unit that nominations name is never deleted, and never takes
anything with it; the admin, and any page whose delete is refused, says why, with the count."""

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.db import models
from django.db.models import ProtectedError
from django.urls import reverse

from committees.models import Person, PersonRating, Unit
from core.protection import why_not_deletable
from nominations import services
from nominations.models import Nomination
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

#: what must outlive the people and units it names
KEPT = {
    "nominations.Nomination",
    "nominations.NominationEvent",
    "nominations.LevelDecision",
    "nominations.VoteSession",
    "nominations.Tally",
    "dossiers.Evidence",
    "dossiers.DossierBundle",
    "committees.UnitChange",
}


def test_nothing_kept_is_deleted_with_what_it_names():
    """Every foreign key from a kept record protects what it points at, and every foreign key
    pointing at a nomination protects it: no delete ever cascades into them."""
    cascading = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                not ((field.is_relation and field.many_to_one) or field.one_to_one)
                or not field.concrete
            ):
                continue
            target = field.related_model._meta.label
            kept = model._meta.label in KEPT and target in KEPT | {
                "committees.Person",
                "committees.Unit",
                "committees.User",
                "campaigns.Campaign",
                "campaigns.Category",
                "campaigns.ReviewLevel",
            }
            if (
                kept or target == "nominations.Nomination"
            ) and field.remote_field.on_delete is not models.PROTECT:
                cascading.append(f"{model._meta.label}.{field.name}")
    # A tally belongs to its session (sessions are never deleted: the admin is read-only).
    assert cascading == ["nominations.Tally.session"]


@pytest.fixture
def nominee(seed000):
    person = seed000.member(seed000.tree.cell_a1, full_name="Nguyễn Văn Bền")
    seed000.file(person)
    return person


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


class TestAPersonWithNominations:
    def test_the_orm_refuses_and_nothing_cascades(self, nominee):
        ratings = PersonRating.objects.filter(person=nominee).count()
        with pytest.raises(ProtectedError):
            nominee.delete()
        assert Person.objects.filter(pk=nominee.pk).exists()
        assert PersonRating.objects.filter(person=nominee).count() == ratings == 1

    def test_the_reason_names_the_count(self, seed000, nominee, settings):
        settings.LANGUAGE_CODE = "en"
        services.withdraw(seed000.secretary_a1, nominee.nominations.get(), "Rút")
        seed000.file(nominee)  # a withdrawn nomination and a new one: two
        assert why_not_deletable(nominee) == (
            "“Nguyễn Văn Bền” cannot be deleted: 2 nominations name it, and nominations and "
            "their history are kept for good."
        )

    def test_one_without_nominations_can_be_deleted(self, city_tree):
        assert why_not_deletable(PersonFactory(unit=city_tree.cell_a1)) is None

    def test_the_admin_delete_page_says_why(self, admin_client, nominee, settings):
        settings.LANGUAGE_CODE = "en"
        url = reverse("admin:committees_person_delete", args=[nominee.pk])
        for response in (admin_client.get(url), admin_client.post(url, {"post": "yes"})):
            assert response.status_code == 302
            assert response.url == reverse("admin:committees_person_change", args=[nominee.pk])
            assert messages_of(response)[-1] == (
                "“Nguyễn Văn Bền” cannot be deleted: 1 nomination names it, and nominations "
                "and their history are kept for good."
            )
        assert Person.objects.filter(pk=nominee.pk).exists()

    def test_the_admin_bulk_delete_deletes_nothing(
        self, admin_client, nominee, city_tree, settings
    ):
        settings.LANGUAGE_CODE = "en"
        free = PersonFactory(unit=city_tree.cell_a1)
        response = admin_client.post(
            reverse("admin:committees_person_changelist"),
            {"action": "delete_selected", "_selected_action": [nominee.pk, free.pk], "post": "yes"},
        )
        assert response.status_code == 302
        assert Person.objects.filter(pk__in=[nominee.pk, free.pk]).count() == 2
        assert any("1 nomination names it" in m for m in messages_of(response))

    def test_the_admin_still_deletes_a_person_without_nominations(self, admin_client, city_tree):
        free = PersonFactory(unit=city_tree.cell_a1)
        url = reverse("admin:committees_person_delete", args=[free.pk])
        assert admin_client.post(url, {"post": "yes"}).status_code == 302
        assert not Person.objects.filter(pk=free.pk).exists()


class TestAUnit:
    def test_the_admin_says_units_are_never_deleted_and_why(
        self, admin_client, seed000, nominee, settings
    ):
        settings.LANGUAGE_CODE = "en"
        cell = seed000.tree.cell_a1
        response = admin_client.post(
            reverse("admin:committees_unit_delete", args=[cell.pk]), {"post": "yes"}
        )
        assert response.status_code == 302
        [message] = messages_of(response)
        assert message.startswith("“Chi bộ khu vực 1” cannot be deleted: 1 nomination names it")
        assert message.endswith(
            "Units are never deleted: close or merge a unit from its page "
            "in the application, so that its history is kept."
        )
        assert Unit.objects.filter(pk=cell.pk).exists()

    def test_the_orm_refuses(self, seed000, nominee):
        with pytest.raises(ProtectedError):
            seed000.tree.cell_a1.delete()
        assert Nomination.objects.count() == 1


def test_a_refused_delete_anywhere_is_a_page_with_the_reason(
    client, seed000, nominee, settings, monkeypatch
):
    """A delete path that forgets to check first still ends on a page that says why (409)."""
    settings.LANGUAGE_CODE = "en"
    nomination = nominee.nominations.get()

    def delete_the_nominee(*args, **kwargs):
        nominee.delete()

    monkeypatch.setattr(services, "withdraw", delete_the_nominee)
    client.force_login(seed000.secretary_a1)
    response = client.post(
        reverse("nominations:withdraw", args=[nomination.public_id]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 409
    assert (
        "This record cannot be deleted: 1 nomination names it, and nominations and their "
        "history are kept for good."
    ) in response.content.decode()
