"""The ``awards`` part of a campaign file: the forms of commendation, the decision's wording,
the certificate's layout (``campaigns.awards``, pure)."""

import json
from pathlib import Path

import pytest
from django.utils import translation

from campaigns import awards
from campaigns.awards import Box, award_rules, box_problem, problems


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


SEEDS = sorted(Path(__file__).resolve().parents[2].joinpath("fixtures", "campaigns").glob("*.json"))


def test_a_campaign_without_awards_gets_one_form_at_every_level_that_honors():
    rules = award_rules(None, honoring_positions=[2, 3])
    assert [f.name for f in rules.forms] == ["Giấy khen"]
    assert rules.form_at(2).code == rules.form_at(3).code == "giay-khen"
    assert rules.certificate.page_mm == (297, 210)  # A4, landscape by default
    assert rules.decision.type_code == "QĐ"


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_every_seed_names_its_forms_and_its_layout_fits_the_page(seed):
    data = json.loads(seed.read_text())
    positions = {lvl["position"] for lvl in data["levels"]}
    assert problems(data["awards"], level_positions=positions) == []
    rules = award_rules(data["awards"])
    honoring = [lvl["position"] for lvl in data["levels"] if lvl["can_honor"]]
    assert {a.position for a in rules.levels} == set(honoring)


def test_seed_000_gives_a_giay_khen_at_the_district_and_a_bang_khen_at_the_city():
    data = json.loads(next(p for p in SEEDS if p.name.startswith("000")).read_text())
    rules = award_rules(data["awards"])
    assert rules.form_at(2).name == "Giấy khen"
    assert rules.form_at(3).name == "Bằng khen"


PAGE = (297, 210)


def test_a_box_touching_the_page_edge_fits_and_a_tenth_of_a_millimetre_more_does_not():
    assert box_problem(Box(x=0, y=0, width=297, height=210, size=12), PAGE) is None
    assert "outside" in box_problem(Box(x=0.1, y=0, width=297, height=210, size=12), PAGE)
    assert "outside" in box_problem(Box(x=0, y=0, width=100, height=10, size=12), PAGE, (0, -1))


def test_a_position_outside_the_page_is_refused_at_its_path():
    found = problems({"certificate": {"boxes": {"name": {"x": 280}}}})
    assert [path for path, _ in found] == ["awards.certificate.boxes.name"]


def test_a3_portrait_is_a_bigger_page():
    rules = award_rules({"certificate": {"paper": "A3", "orientation": "portrait"}})
    assert rules.certificate.page_mm == (297, 420)


@pytest.mark.parametrize(
    ("raw", "path"),
    [
        ({"forms": [{"code": "x"}]}, "awards.forms[0].name"),
        (
            {"forms": [{"code": "a", "name": "A"}, {"code": "a", "name": "B"}]},
            "awards.forms[1].code",
        ),
        ({"levels": [{"position": 9, "form": "giay-khen"}]}, "awards.levels[0].position"),
        ({"levels": [{"position": 1, "form": "nope"}]}, "awards.levels[0].form"),
        ({"certificate": {"paper": "A5"}}, "awards.certificate.paper"),
        ({"certificate": {"boxes": {"logo": {}}}}, "awards.certificate.boxes.logo"),
        ({"certificate": {"boxes": {"name": {"size": 200}}}}, "awards.certificate.boxes.name"),
        ({"decision": {"type_code": "Quyết định 1"}}, "awards.decision.type_code"),
        ({"forms": [{"code": "a", "name": "A", "template": "../x"}]}, "awards.forms[0].template"),
    ],
)
def test_each_mistake_is_named_at_its_path(raw, path):
    assert path in [p for p, _ in problems(raw, level_positions={1})]


def test_the_box_names_are_the_certificates_variable_texts():
    assert set(awards.DEFAULT_BOXES) == set(awards.BOX_NAMES)


@pytest.mark.parametrize(("paper", "orientation"), [("A3", "landscape"), ("A4", "portrait")])
def test_the_default_boxes_follow_the_sheet_and_stay_on_it(paper, orientation):
    layout = {"paper": paper, "orientation": orientation}
    rules = award_rules({"certificate": layout})
    page = rules.certificate.page_mm
    assert problems({"certificate": layout}) == []
    name = rules.certificate.boxes["name"]
    # the name's box spans the same share of the sheet as on A4 landscape (237 of 297 mm)
    assert name.width / page[0] == pytest.approx(237 / 297, abs=0.01)
    assert all(box_problem(box, page) is None for box in rules.certificate.boxes.values())
