"""Ratings by year and "under inspection or discipline review on date D"."""

import datetime

import pytest

from committees.models import Person, PersonRating, Rating, ReviewKind, UnitRating
from tests.factories import (
    PersonFactory,
    PersonRatingFactory,
    ReviewRecordFactory,
    UnitFactory,
    UnitRatingFactory,
)


class TestRatingOrder:
    def test_httnv_or_better_means_htxsnv_or_httnv(self):
        assert Rating.at_least(Rating.HTXSNV, Rating.HTTNV)
        assert Rating.at_least(Rating.HTTNV, Rating.HTTNV)
        assert not Rating.at_least(Rating.HTNV, Rating.HTTNV)
        assert not Rating.at_least(Rating.KHTNV, Rating.HTTNV)

    def test_a_missing_rating_is_never_good_enough(self):
        assert not Rating.at_least(None, Rating.KHTNV)

    def test_ranks_run_best_first(self):
        assert [Rating.rank(r) for r in Rating.values] == [0, 1, 2, 3]


@pytest.mark.django_db
class TestRatingLookups:
    def test_rating_for_a_year_is_that_years_rating(self):
        person = PersonFactory()
        PersonRatingFactory(person=person, year=2023, rating=Rating.HTNV)
        PersonRatingFactory(person=person, year=2024, rating=Rating.HTXSNV)
        assert person.rating_for(2023).rating == Rating.HTNV
        assert person.rating_for(2024).rating == Rating.HTXSNV
        assert person.rating_for(2025) is None

    def test_latest_rating_on_or_before_skips_later_years(self):
        person = PersonFactory()
        PersonRatingFactory(person=person, year=2022, rating=Rating.HTTNV)
        PersonRatingFactory(person=person, year=2024, rating=Rating.KHTNV)
        assert person.ratings.latest_on_or_before(2023).year == 2022
        assert person.ratings.latest_on_or_before(2024).rating == Rating.KHTNV
        assert person.ratings.latest_on_or_before(2021) is None

    def test_unit_ratings_are_per_year(self):
        cell = UnitFactory()
        UnitRatingFactory(unit=cell, year=2024, rating=Rating.HTXSNV)
        assert UnitRating.objects.filter(unit=cell).for_year(2024).get().rating == Rating.HTXSNV
        assert not UnitRating.objects.filter(unit=cell).for_year(2023).exists()

    def test_one_rating_per_person_and_year(self):
        from django.db import IntegrityError, transaction

        rating = PersonRatingFactory(year=2024)
        with pytest.raises(IntegrityError), transaction.atomic():
            PersonRating.objects.create(person=rating.person, year=2024, rating=Rating.HTNV)


@pytest.mark.django_db
class TestUnderReviewOnDate:
    START = datetime.date(2024, 3, 1)
    END = datetime.date(2024, 9, 30)

    @pytest.fixture
    def person(self):
        person = PersonFactory()
        ReviewRecordFactory(
            person=person, kind=ReviewKind.INSPECTION, started_on=self.START, ended_on=self.END
        )
        return person

    def test_not_under_review_the_day_before_it_starts(self, person):
        assert not person.is_under_review_on(self.START - datetime.timedelta(days=1))

    def test_under_review_from_the_first_day(self, person):
        assert person.is_under_review_on(self.START)

    def test_under_review_on_the_last_day(self, person):
        assert person.is_under_review_on(self.END)

    def test_not_under_review_the_day_after_it_ends(self, person):
        assert not person.is_under_review_on(self.END + datetime.timedelta(days=1))

    def test_an_open_record_lasts_until_it_is_closed(self):
        person = PersonFactory()
        ReviewRecordFactory(
            person=person, kind=ReviewKind.DISCIPLINE_REVIEW, started_on=self.START, ended_on=None
        )
        assert person.is_under_review_on(datetime.date(2030, 1, 1))

    def test_queryset_and_instance_agree(self, person):
        other = PersonFactory()
        for day in (
            self.START - datetime.timedelta(days=1),
            self.START,
            self.END,
            self.END + datetime.timedelta(days=1),
        ):
            from_queryset = set(
                Person.objects.filter(pk__in=[person.pk, other.pk]).under_review_on(day)
            )
            assert from_queryset == ({person} if person.is_under_review_on(day) else set())
