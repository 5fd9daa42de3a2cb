"""Seed 002 in the demo: the bloc committee's units file their typical examples, its staff
appraise them and open a public vote on the shortlist that anyone can try.

The demo tree's bloc committee has only a handful of filing units (seed 002's quotas allow at
most two each), so the demo vote is a small one: its bounds are set to what the tree can file.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from campaigns.models import Campaign
from committees.models import Person, Role, Unit, User
from demo.management.commands.seed_demo import DEMO_PASSWORD
from nominations import services as workflow
from nominations.completeness import requirements_for
from nominations.evidence import attach_evidence
from nominations.samples import sample_upload
from public_votes import services
from public_votes.models import PublicVote

SEED_002 = "dien-hinh-hoc-tap-lao-dong-sang-tao-2023"
# (username, role, unit code, full name, how many it files)
ACCOUNTS = [
    ("kcq_tuyengiao", Role.STAFF, "KCQ", "Trương Thị Bích Ngọc", 0),
    ("stc_tochuc", Role.STAFF, "KCQ-STC", "Lâm Văn Tài", 2),
    ("ctn_tochuc", Role.STAFF, "KCQ-CTN", "Phan Thị Mai", 2),
]
SUMMARIES = [
    "Chủ trì sáng kiến số hóa quy trình thẩm định dự toán, rút ngắn 40% thời gian xử lý hồ sơ.",
    "Dẫn đầu phong trào học tập chuyên môn; 3 năm liền là chiến sĩ thi đua cơ sở.",
    "Thiết kế hệ thống cảnh báo rò rỉ đường ống, giảm thất thoát nước từ 24% xuống 17%.",
    "Tổ trưởng tổ sửa chữa lưu động, bảo đảm cấp nước liên tục trong mùa mưa bão.",
]
FIELDS = [
    "Quản lý hành chính - nhà nước",
    "Xây dựng Đảng, đoàn thể",
    "Nghiên cứu khoa học",
    "Lao động sản xuất",
]


def accounts() -> dict[str, User]:
    made = {}
    password = None
    for username, role, unit_code, full_name, _count in ACCOUNTS:
        user = User.objects.filter(username=username).first()
        unit = Unit.objects.filter(code=unit_code).first()
        if user is None and unit is not None:
            password = password or make_password(DEMO_PASSWORD)
            user = User.objects.create(
                username=username,
                password=password,
                email=f"{username}@example.org",
                role=role,
                unit=unit,
                full_name=full_name,
            )
        if user is not None:
            made[username] = user
    return made


def open_demo_vote(campaign: Campaign) -> PublicVote | None:
    """File, appraise, shortlist and publish; None when the tree lacks the bloc committee."""
    users = accounts()
    staff = users.get("kcq_tuyengiao")
    if staff is None or staff.unit_id != campaign.organiser_id:
        return None
    category = campaign.categories.first()
    checklist = [True] * len(category.checklist or [])
    nominations = []
    for username, _role, _unit, _name, count in ACCOUNTS:
        filer = users.get(username)
        if filer is None or not count:
            continue
        people = Person.objects.within(filer.unit).order_by("code")
        for person in people[:count]:
            i = len(nominations)
            draft = workflow.Draft(
                category=category,
                person=person,
                achievement_summary=SUMMARIES[i % len(SUMMARIES)],
                field_of_work=FIELDS[i % len(FIELDS)],
                checklist_confirmed=checklist,
            )
            nomination = workflow.save_draft(filer, campaign, filer.unit, draft)
            for requirement in requirements_for(nomination):
                attach_evidence(
                    filer,
                    nomination,
                    sample_upload(requirement.name, f"{requirement.code}.pdf"),
                    requirement,
                )
            nomination = workflow.submit(filer, nomination)
            nominations.append(workflow.appraise(staff, nomination, verified=checklist))
    if len(nominations) < 2:
        return None
    now = timezone.now()
    size = len(nominations)
    vote = services.save_vote(
        staff,
        campaign,
        services.VoteSettings(
            title="Bình chọn gương điển hình tiêu biểu (bản trình diễn)",
            min_shortlist=size,
            max_shortlist=size,
            max_choices=max(1, size // 2),
            honor_count=max(1, size // 2),
            opens_at=now - datetime.timedelta(minutes=5),
            closes_at=now + datetime.timedelta(days=7),
        ),
    )
    services.set_shortlist(staff, vote, nominations)
    return services.publish(staff, vote, now=now)
