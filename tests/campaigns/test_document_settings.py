"""A required document's generated copy and signed-copy settings: in the file format, checked,
exported, and shipped in the seed campaigns."""

import copy

import pytest
from django.core.exceptions import ValidationError

from campaigns import config
from tests.campaigns.test_config import load_fixture, problems


def test_exported_and_read_back(seed_units):
    campaign = config.import_campaign(load_fixture("002"))
    (document,) = config.export_campaign(campaign)["documents"]
    assert (document["generated_from"], document["signed_copy_required"]) == (
        "achievement_report",
        True,
    )


def test_a_signed_copy_only_of_a_generated_document(seed_units):
    data = copy.deepcopy(load_fixture("002"))
    data["documents"][0].update(generated_from="", signed_copy_required=True)
    with pytest.raises(ValidationError) as caught:
        config.check_config(data)
    assert "documents[0].signed_copy_required" in problems(caught.value)


def test_an_unknown_generator_is_refused(seed_units):
    data = copy.deepcopy(load_fixture("002"))
    data["documents"][0].update(generated_from="tu-viet")
    with pytest.raises(ValidationError) as caught:
        config.check_config(data)
    assert "documents[0].generated_from" in problems(caught.value)


def test_files_without_the_settings_still_read(seed_units):
    data = copy.deepcopy(load_fixture("000"))
    for document in data["documents"]:
        document.pop("generated_from")
        document.pop("signed_copy_required")
    campaign = config.import_campaign(data)
    (document,) = campaign.document_requirements.all()
    assert (document.generated_from, document.signed_copy_required) == ("", False)
