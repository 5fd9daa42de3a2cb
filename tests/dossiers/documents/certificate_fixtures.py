"""An issued decision of district A's standing committee with its annex, written straight to
the tables (the decision services are another part of issue 20; the certificates only read)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from awards.models import Decision, DecisionEntry
from committees.models import Person
from nominations.models import Nomination, NominationState

from .conftest import place_district

#: every tone mark (ngang, huyền, sắc, hỏi, ngã, nặng) and đ, in the annex's order
NAMES = (
    "Nguyễn Thị Hồng Nhung",
    "Lê Văn Tuấn",
    "Trương Thị Thủy Tiên",
    "Đặng Quốc Bảo",
    "Võ Thị Ngọc Hân",
    "Đỗ Minh Khôi",
)
ISSUED_ON = datetime.date(2025, 1, 20)
ACHIEVEMENT = (
    "Đã có thành tích xuất sắc trong học tập và làm theo tư tưởng, đạo đức, phong cách "
    "Hồ Chí Minh năm 2024"
)


def issued_decision(
    seed,
    names=NAMES,
    *,
    achievement=ACHIEVEMENT,
    unit=None,
    number=15,
    issued=True,
) -> Decision:
    district = place_district(seed)
    cell = unit or seed.tree.cell_a1
    start = Person.objects.count()
    people = Person.objects.bulk_create(
        [
            Person(
                code=f"CERT{start + i:06d}",
                full_name=name,
                unit=cell,
                position="Bí thư Chi bộ",
                phone=f"09{start + i:08d}",
            )
            for i, name in enumerate(names)
        ]
    )
    nominations = Nomination.objects.bulk_create(
        [
            Nomination(
                campaign=seed.campaign,
                category=seed.members,
                person=person,
                filing_unit=cell,
                level=seed.district,
                reviewing_unit=district,
                honored_level=seed.district,
                state=NominationState.HONORED,
                achievement_summary="Gương mẫu.",
                filed_by=seed.secretary_a1,
            )
            for person in people
        ]
    )
    decision = Decision.objects.create(
        campaign=seed.campaign,
        level=seed.district,
        unit=district,
        form_code="giay-khen",
        subject="về việc biểu dương",
        on_behalf="T/M BAN THƯỜNG VỤ",
        signer_title="PHÓ BÍ THƯ",
        signer_name="Nguyễn Văn Ký",
        place="Ninh Kiều",
        number=number if issued else None,
        year=ISSUED_ON.year if issued else None,
        issued_on=ISSUED_ON if issued else None,
        issued_at=timezone.now() if issued else None,
        issued_by=seed.staff_district_a if issued else None,
        created_by=seed.staff_district_a,
    )
    DecisionEntry.objects.bulk_create(
        [
            DecisionEntry(
                decision=decision,
                nomination=nomination,
                order=i + 1,
                form_code="giay-khen",
                nominee_name=nomination.person.full_name,
                position="Bí thư chi bộ",  # as the decision services copy them
                unit_name="Chi bộ khu vực 1, Đảng ủy phường An Hòa",
                achievement=achievement,
            )
            for i, nomination in enumerate(nominations)
        ]
    )
    return decision
