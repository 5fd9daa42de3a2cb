"""Factories for every model; tests build exactly the tree a rule needs."""

import datetime

import factory
from factory.django import DjangoModelFactory

from committees.models import (
    Body,
    BodyKind,
    Gender,
    Person,
    PersonRating,
    Rating,
    ReviewKind,
    ReviewRecord,
    Role,
    Unit,
    UnitKind,
    UnitRating,
    User,
)

DEFAULT_PASSWORD = "mat-khau-thu-nghiem-2025"


class UnitFactory(DjangoModelFactory):
    """``UnitFactory(parent=district, kind=UnitKind.CHI_BO)``; no parent makes a root."""

    class Meta:
        model = Unit

    parent = None
    code = factory.Sequence(lambda n: f"DV{n:05d}")
    name = factory.Sequence(lambda n: f"Chi bộ số {n}")
    kind = UnitKind.CHI_BO

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        unit = model_class(**kwargs)
        if parent is None:
            return model_class.objects.add_root(instance=unit)
        return model_class.objects.add_child(parent, instance=unit)


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    code = factory.Sequence(lambda n: f"CN{n:06d}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    date_of_birth = datetime.date(1980, 5, 17)
    gender = Gender.MALE
    unit = factory.SubFactory(UnitFactory)
    is_party_member = True
    position = "Đảng viên"
    phone = factory.Sequence(lambda n: f"09{n:08d}")


class PersonRatingFactory(DjangoModelFactory):
    class Meta:
        model = PersonRating

    person = factory.SubFactory(PersonFactory)
    year = 2024
    rating = Rating.HTTNV


class UnitRatingFactory(DjangoModelFactory):
    class Meta:
        model = UnitRating

    unit = factory.SubFactory(UnitFactory)
    year = 2024
    rating = Rating.HTTNV


class ReviewRecordFactory(DjangoModelFactory):
    class Meta:
        model = ReviewRecord

    person = factory.SubFactory(PersonFactory)
    kind = ReviewKind.INSPECTION
    started_on = datetime.date(2024, 3, 1)
    ended_on = None


class BodyFactory(DjangoModelFactory):
    class Meta:
        model = Body

    unit = factory.SubFactory(UnitFactory)
    kind = BodyKind.STANDING_COMMITTEE
    name = factory.LazyAttribute(lambda o: f"Ban Thường vụ {o.unit.name}")
    member_count = 11


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Trần Thị Cán Bộ {n}")
    unit = factory.SubFactory(UnitFactory)
    role = Role.STAFF
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


# --- campaigns and nominations -----------------------------------------------------------------

from campaigns.models import (  # noqa: E402
    Campaign,
    CampaignStatus,
    Category,
    Placement,
    Quota,
    ReviewLevel,
)


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = Campaign

    code = factory.Sequence(lambda n: f"dot-khen-thuong-{n}")
    title = factory.Sequence(lambda n: f"Biểu dương đảng viên tiêu biểu {n}")
    organiser = factory.SubFactory(UnitFactory, kind=UnitKind.THANH_UY)
    period_start = datetime.date(2024, 12, 1)
    period_end = datetime.date(2025, 2, 3)
    rating_year = 2024
    status = CampaignStatus.OPEN
    filing_kinds = [UnitKind.CHI_BO, UnitKind.CHI_BO_CO_SO]


class ReviewLevelFactory(DjangoModelFactory):
    class Meta:
        model = ReviewLevel

    campaign = factory.SubFactory(CampaignFactory)
    position = 1
    name = "Cấp xét"
    placement = Placement.GRASSROOTS


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category

    campaign = factory.SubFactory(CampaignFactory)
    code = factory.Sequence(lambda n: f"loai-{n}")
    name = "Đảng viên tiêu biểu"
    min_person_rating = Rating.HTTNV
    min_unit_rating = Rating.HTTNV


class QuotaFactory(DjangoModelFactory):
    class Meta:
        model = Quota

    campaign = factory.SubFactory(CampaignFactory)
