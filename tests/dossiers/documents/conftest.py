"""Seed 000 at district A, with what the documents print: the district's place and symbol, a
nominee named with tone marks, a closed vote session that honored two members and forwarded her."""

import datetime
from dataclasses import dataclass

import pytest

from campaigns.models import Rounding
from committees.models import Unit
from dossiers.documents import context
from nominations import services
from nominations.models import Nomination, Outcome, VoteSession
from tests.libreoffice import libreoffice  # noqa: F401  (a session fixture)
from tests.workflow_fixtures import BEFORE, Seed000

DAY = datetime.date(2025, 2, 7)
HUONG = "Trần Thị Thu Hương"


@dataclass
class DistrictDocs:
    seed: Seed000
    district: Unit
    session: VoteSession
    forwarded: Nomination  # Trần Thị Thu Hương, voted to be forwarded to the city
    honored: list[Nomination]

    def details(self, **overrides) -> context.Details:
        values = {
            "day": DAY,
            "number": "12",
            "place": "Ninh Kiều",
            "on_behalf": "T/M BAN THƯỜNG VỤ",
            "signer_title": "PHÓ BÍ THƯ",
            "signer_name": "Nguyễn Văn Ký",
        }
        values.update(overrides)
        return context.Details(**values)


def place_district(seed: Seed000) -> Unit:
    district = seed.tree.district_a
    district.place_name = "Ninh Kiều"
    district.document_symbol = "QU"
    district.save()
    return district


@pytest.fixture
def district_docs(seed000) -> DistrictDocs:
    """Two members honored at district A and one forwarded. To keep the fixture small the
    district rounds its cap up here: 10% × 2 = 1 (seed 000 rounds down; see test_pdf)."""
    district = place_district(seed000)
    seed000.district.cap_rounding = Rounding.CEIL
    seed000.district.save()
    honored = seed000.appraised_at_district(2)
    huong = seed000.member(
        seed000.tree.cell_a1, full_name=HUONG, position="Bí thư chi bộ", phone="0912345678"
    )
    forwarded = services.appraise(seed000.staff_district_a, seed000.at_district(huong), now=BEFORE)
    session = seed000.session(chaired_by="Lê Văn Chủ Trì")
    for nomination in honored:
        seed000.vote(session, nomination, Outcome.HONOR)
    seed000.vote(session, forwarded, Outcome.FORWARD, votes_for=9)
    services.close_session(seed000.staff_district_a, session, now=BEFORE)
    forwarded.refresh_from_db()
    session.refresh_from_db()
    return DistrictDocs(
        seed=seed000, district=district, session=session, forwarded=forwarded, honored=honored
    )
