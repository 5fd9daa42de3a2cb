"""Which form each campaign's documents follow, by campaign code. No settings, no model field.

The achievement report (báo cáo thành tích) is the one document whose form a campaign prescribes:
seed 004 asks for "mẫu 07, Nghị định 91/2017/NĐ-CP"; others take a plain summary. A form is a
template file ``templates/documents/achievement/<name>.html``; to add one (e.g. the forms of
Nghị định 152/2025/NĐ-CP), write that file and add a line below mapping a campaign code to it.

Limitation: the choice is keyed by the campaign's code, so a campaign cloned under a new code
falls back to the plain form until a line is added here. (It could move into the campaign model.)
"""

from __future__ import annotations

#: the form used when a campaign names none
DEFAULT_ACHIEVEMENT_FORM = "plain"

#: campaign code → achievement report form (a template under ``documents/achievement/``)
ACHIEVEMENT_FORMS: dict[str, str] = {
    # Seed 004: "báo cáo thành tích ... theo quy định tại mẫu 07 Nghị định số 91/2017/NĐ-CP".
    "so-ket-01-kltw-2023": "mau_07_nd91_2017",
}

#: how the download page names a form (optional: a form without a line here shows its file name)
FORM_TITLES: dict[str, str] = {
    "plain": "Báo cáo tóm tắt thành tích",
    "mau_07_nd91_2017": "Mẫu 07, Nghị định 91/2017/NĐ-CP",
}

#: campaign code → the most A4 pages an achievement report may have
REPORT_PAGE_LIMITS: dict[str, int] = {
    # Seed 002: "báo cáo thành tích ... tối đa 02 trang A4".
    "dien-hinh-hoc-tap-lao-dong-sang-tao-2023": 2,
}


def achievement_form(campaign) -> str:
    return ACHIEVEMENT_FORMS.get(campaign.code, DEFAULT_ACHIEVEMENT_FORM)


def achievement_form_title(campaign) -> str:
    form = achievement_form(campaign)
    return FORM_TITLES.get(form, form)


def achievement_template(campaign) -> str:
    return f"documents/achievement/{achievement_form(campaign)}.html"


def report_page_limit(campaign) -> int | None:
    """The page limit of the campaign's achievement reports, or None when it sets none."""
    return REPORT_PAGE_LIMITS.get(campaign.code)
