"""The decisions in a person's and a unit's record ("hồ sơ thi đua"): each line of an issued
decision that names them, as it is cited ("Giấy khen — Quyết định số 15-QĐ/QU ngày 20/01/2025 của
Ban Thường vụ Quận ủy Ninh Kiều"), an annulled one marked with the decision that annulled it."""

from __future__ import annotations

from campaigns.awards import award_rules
from committees.records import RecordSection

from . import wording as w
from .selectors import record_entries


def record_rows(entries) -> list[dict]:
    rows = []
    for entry in entries:
        decision = entry.decision
        # The forms do not depend on the levels: read without them (no query a row).
        form = award_rules(decision.campaign.award_rules).form(entry.form_code)
        annulment = getattr(decision, "annulled_by", None) if not entry.live else None
        rows.append(
            {
                "entry": entry,
                "form": form.name if form else entry.form_code,
                "citation": f"{decision.reference} của {w.standing_committee_of(decision.unit)}",
                "live": entry.live,
                "annulment": annulment,
                "annulment_citation": (
                    f"{annulment.reference} của {w.standing_committee_of(annulment.unit)}"
                    if annulment
                    else ""
                ),
            }
        )
    return rows


def person_record(user, person) -> RecordSection | None:
    rows = record_rows(record_entries(user, person=person))
    if not rows:
        return None
    return RecordSection("awards/records/decisions.html", {"rows": rows})


def unit_record(user, unit) -> RecordSection | None:
    rows = record_rows(record_entries(user, collective=unit))
    if not rows:
        return None
    return RecordSection("awards/records/decisions.html", {"rows": rows})
