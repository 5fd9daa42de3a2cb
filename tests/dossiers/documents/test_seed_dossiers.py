"""Every shipped campaign, at every reviewing level: the level's whole-dossier zip builds, with
nothing refused, and every document its own danh mục names is in it (seed 000's biên bản of the
district's standing committee, seed 004's tờ trình of the district to the city)."""

import hashlib
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.test import TestCase

from campaigns.models import NomineeKind
from committees.models import Role
from dossiers.bundles import services
from dossiers.bundles.naming import join_path
from dossiers.documents import context
from nominations.models import (
    Evidence,
    LevelDecision,
    Nomination,
    NominationState,
    Outcome,
    SessionState,
    Tally,
    VoteSession,
)
from tests.factories import BodyFactory, PersonFactory, UserFactory
from tests.seed_fixtures import load_seed
from tests.workflow_fixtures import BEFORE

from ..conftest import pdf_bytes

pytestmark = pytest.mark.django_db

#: each shipped campaign and the unit of the test city that organises it
SHIPPED = {
    "000-bieu-duong-bi-thu-dang-vien-2025.json": "city",
    "001-chi-bo-bon-tot-2022-2027.json": "grassroots_a",
    "002-dien-hinh-hoc-tap-lao-dong-sang-tao-2023.json": "district_a",
    "004-so-ket-01-kltw-2023.json": "district_a",
}
#: the zip's file of each document a level's danh mục names for itself
OWN_FILES = {
    "Tờ trình": "01 - Tờ trình",
    "Danh sách trích ngang": "02 - Danh sách trích ngang",
    "Biên bản": "03 - Biên bản",
}


def levels_of_shipped():
    return [(name, position) for name in SHIPPED for position in (1, 2, 3)]


def unit_of(tree, level, organiser):
    """The first unit of the test city where ``level`` sits."""
    for name in ("city", "district_a", "grassroots_a", "grassroots_cell_a", "cell_a1"):
        unit = getattr(tree, name)
        if level.matches(unit, organiser):
            return unit
    raise AssertionError(f"no unit for {level.name}")


def decided_here(campaign, level, unit, staff, home) -> Nomination:
    """One nominee of ``home`` decided at ``unit``: forwarded by a level that sends up, honored
    by one that does not, through a closed vote session where the level votes; every document
    the campaign asks for attached."""
    category = campaign.categories.order_by("id").first()
    collective = category.nominee_kind == NomineeKind.COLLECTIVE
    sends_up = context.sends_up(level)
    nomination = Nomination.objects.create(
        campaign=campaign,
        category=category,
        person=None if collective else PersonFactory(unit=home, full_name="Trần Thị Thu Hương"),
        collective=home if collective else None,
        filing_unit=home,
        filed_by=staff,
        submitted_at=BEFORE,
        achievement_summary="- Gương mẫu, nhiều sáng kiến ở khu vực.\n- Vận động quần chúng.",
        state=NominationState.FORWARDED if sends_up else NominationState.HONORED,
        level=level,
        reviewing_unit=unit,
        honored_level=None if sends_up else level,
    )
    session = None
    outcome = Outcome.FORWARD if sends_up else Outcome.HONOR
    if level.voting_body:
        body = BodyFactory(unit=unit, kind=level.voting_body, member_count=11)
        session = VoteSession.objects.create(
            campaign=campaign,
            level=level,
            unit=unit,
            body=body,
            held_at=BEFORE,
            sitting_members=11,
            present_members=11,
            state=SessionState.CLOSED,
            closed_at=BEFORE,
            recorded_by=staff,
        )
        Tally.objects.create(
            session=session, nomination=nomination, proposed_outcome=outcome, votes_for=11
        )
    LevelDecision.objects.create(
        nomination=nomination,
        level=level,
        unit=unit,
        outcome=outcome,
        decided_at=BEFORE,
        vote_session=session,
    )
    for requirement in campaign.document_requirements.all():
        if requirement.category_id not in (None, category.pk):
            continue
        data = pdf_bytes(requirement.name)
        Evidence.objects.create(
            nomination=nomination,
            requirement=requirement,
            original_name="minh-chung.pdf",
            content_type="application/pdf",
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=staff,
            uploaded_at=BEFORE,
            file=ContentFile(data, name="minh-chung.pdf"),
        )
    return nomination


@pytest.mark.parametrize(("filename", "position"), levels_of_shipped())
def test_every_level_builds_its_dossier_with_every_document_its_danh_muc_names(
    city_tree, filename, position
):
    organiser = getattr(city_tree, SHIPPED[filename])
    campaign = load_seed(filename, organiser)
    level = campaign.levels.filter(position=position).first()
    if level is None:
        pytest.skip(f"{filename} has no level {position}")
    unit = unit_of(city_tree, level, organiser)
    staff = UserFactory(unit=unit, role=Role.STAFF)
    decided_here(campaign, level, unit, staff, city_tree.cell_a1)

    with TestCase.captureOnCommitCallbacks(execute=True):
        bundle = services.request_bundle(staff, campaign, unit)
    bundle.refresh_from_db()
    assert bundle.state == "done", bundle.error
    with zipfile.ZipFile(bundle.file.open("rb")) as archive:
        root = archive.namelist()[0].split("/")[0]
        names = {name.removeprefix(f"{root}/") for name in archive.namelist()}

    index = context.level_index(
        campaign, unit, staff, context.Details.from_form(context.unit_defaults(unit, []))
    )
    own, *nominees = index["sections"]
    assert {"00 - Danh mục hồ sơ.pdf", "00 - Danh mục hồ sơ.docx"} <= names
    for row in own["rows"]:
        stem = next(file for word, file in OWN_FILES.items() if row.name.startswith(word))
        assert {f"{stem}.pdf", f"{stem}.docx"} <= names, row.name
    assert ("01 - Tờ trình.pdf" in names) == context.sends_up(level)
    assert ("03 - Biên bản.pdf" in names) == bool(level.voting_body)
    folders = sorted({name.split("/")[0] for name in names if "/" in name})
    assert len(folders) == len(nominees) == 1
    for folder, section in zip(folders, nominees, strict=True):
        assert f"{folder}/Báo cáo tóm tắt thành tích.pdf" in names
        for row in section["rows"]:
            assert any(name.startswith(f"{folder}/{join_path(row.name)}/") for name in names), (
                row.name
            )


def test_the_minutes_in_the_dossier_name_the_body_that_voted(city_tree):
    """Seed 004 asks for the biên bản of the Hội đồng Thi đua - Khen thưởng: the danh mục and
    the biên bản name the body whose session decided, not the standing committee."""
    campaign = load_seed("004-so-ket-01-kltw-2023.json", city_tree.district_a)
    level = campaign.levels.get()
    staff = UserFactory(unit=city_tree.district_a, role=Role.STAFF)
    nomination = decided_here(campaign, level, city_tree.district_a, staff, city_tree.cell_a1)
    council = nomination.decisions.get().vote_session.body
    council.name = "Hội đồng Thi đua - Khen thưởng quận Ninh Kiều"
    council.save()
    index = context.level_index(
        campaign, city_tree.district_a, staff, context.Details.from_form({"day": BEFORE.date()})
    )
    names = [row.name for row in index["sections"][0]["rows"]]
    assert "Biên bản họp Hội đồng Thi đua - Khen thưởng quận Ninh Kiều" in names
