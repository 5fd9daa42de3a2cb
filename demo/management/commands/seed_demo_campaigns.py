"""The seed campaigns for the demo, moved to today, with a few nominations under way in seed 000.

Idempotent: a campaign whose code exists is left alone, and so are its nominations.
"""

import datetime
import io
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, MilestoneLevel, Movement
from committees.models import Person, PersonRating, Rating, Unit, User
from demo.public_vote import SEED_002, open_demo_vote
from movements import services as four_good
from movements.evaluation import EVALUATED_KINDS, GOOD_RATINGS
from nominations import services
from nominations.completeness import requirements_for
from nominations.eligibility import results_for
from nominations.evidence import attach_evidence
from nominations.samples import sample_upload
from public_votes.models import PublicVote
from reports import services as reports

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "campaigns"
SEED_000 = "bieu-duong-bi-thu-dang-vien-2025"
SEED_001 = "chi-bo-bon-tot-2022-2027"
DEMO_JUDGED_YEARS = (2023, 2024, 2025)
DEMO_SO_KET = {
    "I": "Chi bộ sinh hoạt tại khu vực 1 phường An Hòa; đảng viên phần lớn là cán bộ hưu trí.",
    "III": "Hoàn thành tốt nhiệm vụ chính trị; sinh hoạt chi bộ định kỳ đủ 12 kỳ mỗi năm; "
    "100% đảng viên hoàn thành tốt nhiệm vụ trở lên các năm 2023 - 2025.",
    "IV": "Đạt “Chi bộ bốn tốt” các năm 2023, 2024, 2025.",
}
DEMO_HTTNV_SCORE = 80  # Quy định 366-QĐ/TW: HTTNV is 70–89 points
DEMO_REGISTRATION = (
    "Đăng ký phấn đấu đạt “bốn tốt”: hoàn thành tốt nhiệm vụ chính trị; chất "
    "lượng sinh hoạt tốt; đoàn kết, kỷ luật tốt; cán bộ, đảng viên tốt."
)
MEMBERS_CATEGORY = "dang-vien-tieu-bieu"
SUMMARIES = [
    "Vận động 45 hộ hiến đất mở rộng hẻm, xây dựng mô hình “Tuyến hẻm sáng - xanh - sạch”.",
    "Chủ nhiệm mô hình “Dân vận khéo” chăm lo 20 hộ cận nghèo; 100% hộ trong khu vực đạt "
    "gia đình văn hóa.",
    "Đề xuất sáng kiến số hóa sổ theo dõi đảng viên, được Đảng ủy phường nhân rộng.",
]


class Command(BaseCommand):
    help = "Load the seed campaigns for the demo (dates moved to today) and a few nominations."

    def handle(self, *args, **options):
        out = self.stdout if options["verbosity"] else io.StringIO()
        loaded = 0
        for path in sorted(FIXTURES.glob("*.json")):
            code = path.stem.split("-", 1)[1]
            if Campaign.objects.filter(code=code).exists():
                continue
            call_command("load_campaign", str(path), shift_to_today=True, stdout=out)
            loaded += 1
        self.stdout.write(f"Seed campaigns loaded, open until 30 days from today: {loaded}.")
        campaign = Campaign.objects.filter(code=SEED_000).first()
        if campaign is not None and not campaign.nominations.exists():
            with transaction.atomic():
                filed = self.nominations_under_way(campaign)
            self.stdout.write(f"Seed 000: {filed} nominations under way.")
        movement = Movement.objects.filter(campaign__code=SEED_001).first()
        if movement is not None and not movement.registrations.exists():
            with transaction.atomic():
                registered, judged = self.four_good_under_way(movement)
            self.stdout.write(f"Seed 001: {registered} units registered, {judged} judgements.")
        campaign = Campaign.objects.filter(code=SEED_002).first()
        if (
            campaign is not None
            and not PublicVote.objects.unscoped("demo seeding").filter(campaign=campaign).exists()
        ):
            with transaction.atomic():
                vote = open_demo_vote(campaign)
            if vote is not None:
                url = reverse("public_votes:public-vote", kwargs={"public_id": vote.public_id})
                self.stdout.write(
                    f"Seed 002: public vote open for 7 days on "
                    f"{vote.entries.count()} nominees at {url} "
                    "(the committee's page: log in as kcq_tuyengiao)."
                )

    @staticmethod
    def four_good_under_way(movement: Movement) -> tuple[int, int]:
        """Registrations (one late, one missing) and the level above's judgements of 2023–2025,
        so that the results, the overview and the reward candidates show something real: the
        first cell (bithu_kv1's) is bốn tốt every judged year, so it is a reward candidate."""
        organiser = movement.campaign.organiser
        units = list(organiser.subtree().filter(kind__in=EVALUATED_KINDS).order_by("path"))
        model_cell = next((u for u in units if u.is_cell), None)
        if model_cell is not None:
            Command.all_members_good(model_cell, DEMO_JUDGED_YEARS)
        deadlines = four_good.registration_deadlines(movement)
        registered = judged = 0
        for index, unit in enumerate(units):
            judge = User.objects.filter(role="staff", unit__path=unit.path[: -Unit.steplen]).first()
            if index == len(units) - 1:
                continue  # never registered: highlighted on the overview
            deadline = deadlines.get(MilestoneLevel.of(unit.kind))
            if deadline is None:
                continue
            late = index == len(units) - 2
            at = deadline + datetime.timedelta(days=2 if late else -3)
            owner = User.objects.filter(unit=unit).first() or judge
            if owner is None:
                continue
            four_good.register(owner, movement, unit, DEMO_REGISTRATION, now=at)
            registered += 1
            if judge is None:
                continue
            for year in DEMO_JUDGED_YEARS:
                # A little variety: one cell's meetings fell short in 2024, another had a
                # violation exposed by the press in 2023.
                verdict = four_good.Verdict(
                    True,
                    not (index == 2 and year == 2024),
                    True,
                    press_exposed_violation=index == 3 and year == 2023,
                    notes=f"Biên bản kiểm tra cuối năm {year}.",
                )
                four_good.judge(
                    judge,
                    movement,
                    unit,
                    year,
                    verdict,
                    now=datetime.datetime(year + 1, 1, 15, tzinfo=datetime.UTC),
                )
                judged += 1
        if model_cell is not None:
            Command.mid_term_report_sent(movement, model_cell)
        return registered, judged

    @staticmethod
    def mid_term_report_sent(movement: Movement, cell: Unit) -> None:
        """The model cell has already sent its sơ kết report (through the review reports)."""
        request = next(
            (
                r
                for r in movement.campaign.report_requests.filter(milestones__kind="mid_term")
                if cell.kind in r.unit_kinds
            ),
            None,
        )
        secretary = User.objects.filter(unit=cell, role="cell_secretary").first()
        if request is None or secretary is None or timezone.now() >= request.due_at:
            return
        texts = {
            s["number"]: DEMO_SO_KET.get(s["number"], "Theo biên bản họp chi bộ.")
            for s in request.sections
        }
        reports.save_report_draft(secretary, request, cell, texts)
        reports.submit_report(secretary, request, cell)

    @staticmethod
    def all_members_good(cell: Unit, years) -> int:
        """Lift the cell's members rated below HTTNV in ``years`` to HTTNV (T4 of a cell needs
        all of them), with a score in the HTTNV range where the year is scored. The random
        ratings of seed_demo leave almost no cell with every member HTTNV or better."""
        below = (
            PersonRating.objects.unscoped("demo seeding")
            .filter(person__unit=cell, person__is_party_member=True, year__in=years)
            .exclude(rating__in=GOOD_RATINGS)
        )
        lifted = below.filter(score__isnull=True).update(rating=Rating.HTTNV)
        return lifted + below.update(rating=Rating.HTTNV, score=DEMO_HTTNV_SCORE)

    def nominations_under_way(self, campaign: Campaign) -> int:
        """Two proposed at a ward committee, one appraised at a district, one draft; the
        submitted ones carry a stand-in file for each document (under MEDIA_ROOT)."""
        members = campaign.categories.get(code=MEMBERS_CATEGORY)
        filed = 0
        plan = [
            ("bithu_kv1", 2, "submit"),
            ("bithu_thpt", 1, "appraise"),
            ("bithu_nhonloc", 1, "draft"),
        ]
        for username, count, step in plan:
            user = User.objects.filter(username=username).first()
            if user is None:
                continue
            for person in self.eligible(campaign, members, user)[:count]:
                # The secretary has checked every qualitative criterion with the cell.
                draft = services.Draft(
                    category=members,
                    person=person,
                    achievement_summary=SUMMARIES[filed % len(SUMMARIES)],
                    checklist_confirmed=[True] * len(members.checklist),
                )
                nomination = services.save_draft(user, campaign, user.unit, draft)
                filed += 1
                if step == "draft":
                    continue
                self.attach_documents(user, nomination)
                nomination = services.submit(user, nomination)
                if step == "appraise":
                    staff = User.objects.filter(
                        unit=nomination.reviewing_unit, role="staff"
                    ).first()
                    if staff is not None:
                        services.appraise(
                            staff, nomination, verified=[True] * len(members.checklist)
                        )
        return filed

    @staticmethod
    def attach_documents(user, nomination) -> None:
        """A stand-in PDF for each document the campaign asks for (the draft keeps none)."""
        for requirement in requirements_for(nomination):
            attach_evidence(
                user,
                nomination,
                sample_upload(requirement.name, f"{requirement.code}.pdf"),
                requirement,
            )

    @staticmethod
    def eligible(campaign: Campaign, category, user) -> list[Person]:
        today = timezone.localdate()
        people = (
            Person.objects.unscoped("demo seeding")
            .filter(unit=user.unit, is_party_member=True)
            .exclude(position__istartswith="Bí thư")
            .filter(
                ratings__year=campaign.rating_year,
                ratings__rating__in=[Rating.HTXSNV, Rating.HTTNV],
            )
            .select_related("unit")
            .order_by("code")
        )
        return [
            p
            for p in people
            if all(
                r.passed
                for r in results_for(category, campaign, person=p, collective=None, day=today)
            )
        ]
