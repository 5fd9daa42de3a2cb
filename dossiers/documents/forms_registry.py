"""The achievement-report forms: one template each under ``templates/documents/achievement/``.

A campaign names its form (``Campaign.achievement_form``; empty means the plain summary) and, if
it has one, the page limit of its reports (``Campaign.report_max_pages``). Adding a form — e.g.
those of Nghị định 152/2025/NĐ-CP — is adding a template file there, whose line
``{# form-title: … #}`` gives the name shown to users; no code changes.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django.conf import settings

#: the form used when a campaign names none
DEFAULT_ACHIEVEMENT_FORM = "plain"
FORMS_DIR = Path(settings.BASE_DIR) / "templates" / "documents" / "achievement"
TITLE = re.compile(r"\{#\s*form-title:\s*(.+?)\s*#\}")


@cache
def available_forms() -> dict[str, str]:
    """Form name (the template's file name) → its title, for every template in the folder."""
    forms = {}
    for path in sorted(FORMS_DIR.glob("*.html")):
        match = TITLE.search(path.read_text(encoding="utf-8"))
        forms[path.stem] = match.group(1) if match else path.stem
    return forms


def achievement_form(campaign) -> str:
    chosen = campaign.achievement_form
    return chosen if chosen in available_forms() else DEFAULT_ACHIEVEMENT_FORM


def achievement_form_title(campaign) -> str:
    return available_forms().get(achievement_form(campaign), achievement_form(campaign))


def achievement_template(campaign) -> str:
    return f"documents/achievement/{achievement_form(campaign)}.html"


def report_page_limit(campaign) -> int | None:
    """The page limit of the campaign's achievement reports, or None when it sets none."""
    return campaign.report_max_pages
