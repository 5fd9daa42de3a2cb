"""A campaign names its achievement-report form and page limit in its configuration."""

import pytest
from django.core.exceptions import ValidationError

from campaigns import config
from tests.campaigns.test_config import load_fixture

pytestmark = pytest.mark.django_db


def test_seed_004_names_mau_07_and_seed_002_a_two_page_limit(seed_units):
    assert config.import_campaign(load_fixture("004")).achievement_form == "mau_07_nd91_2017"
    assert config.import_campaign(load_fixture("002")).report_max_pages == 2


def test_an_unknown_form_is_refused_with_the_known_ones(seed_units):
    data = load_fixture("000")
    data["achievement_form"] = "mau_99"
    with pytest.raises(ValidationError) as error:
        config.import_campaign(data)
    assert "achievement_form" in str(error.value)
    assert "mau_07_nd91_2017" in str(error.value)


def test_the_page_limit_is_checked_at_its_bounds(seed_units):
    data = load_fixture("000")
    data["report_max_pages"] = 0
    with pytest.raises(ValidationError, match="report_max_pages: phải từ 1 trở lên"):
        config.import_campaign(data)
