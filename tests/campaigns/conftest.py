"""The units the seed campaigns name, on top of the test city."""

import pytest

from committees.models import Unit, UnitKind
from tests.factories import UnitFactory


@pytest.fixture
def seed_units(city_tree):
    """The test city plus the units the other seeds name: district NK with ward NK-AH and its
    cell, and the bloc committee KCQ."""
    city = Unit.objects.get(pk=city_tree.city.pk)
    nk = UnitFactory(parent=city, code="NK", name="Quận ủy Ninh Kiều (mẫu)", kind=UnitKind.QUAN_UY)
    ward = UnitFactory(
        parent=Unit.objects.get(pk=nk.pk),
        code="NK-AH",
        name="Đảng ủy phường An Hòa (mẫu)",
        kind=UnitKind.DANG_UY_CO_SO,
    )
    UnitFactory(parent=Unit.objects.get(pk=ward.pk), code="NK-AH-KV1", name="Chi bộ khu vực 1")
    UnitFactory(
        parent=Unit.objects.get(pk=city.pk),
        code="KCQ",
        kind=UnitKind.DANG_UY_KHOI,
        name="Đảng ủy Khối Cơ quan và Doanh nghiệp thành phố",
    )
    return city_tree
