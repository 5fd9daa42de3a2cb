"""The decision (quyết định) as a document: its data as the dict the template reads.

Everything printed comes from the stored ``awards.Decision`` and its annex lines
(``DecisionEntry``): the wording was composed when the decision was drafted and is frozen once
it is issued, so the document reads the same whenever it is downloaded. What is not stored is
derived here, in the Party format (``party_format``): the letterhead (the organisation above and
the issuing unit in capitals), the number ("Số 15-QĐ/QU", blank room on a draft), the place and
date line, the issuing body ("BAN THƯỜNG VỤ QUẬN ỦY NINH KIỀU"), the line naming the body that
proposed it ("Xét đề nghị của Ban Tổ chức Quận ủy Ninh Kiều,"), the signature block and the
annex's heading and count. Where a draft's articles are still empty, the commendation's (or the
annulment's) default wording is used, so a document is never printed without its Điều 1.

Three queries: the decision with its campaign, level, unit and annulled decision; the units
above; the annex lines (none for an annulment). One more for the appraising body's name.
"""

from __future__ import annotations

import re

from awards.models import Decision, DecisionKind
from campaigns.awards import AwardRules
from committees.models import BodyKind, UnitKind
from committees.symbols import unit_symbol

from . import context
from . import party_format as pf

NBSP = "\u00a0"
#: the blanks a draft leaves for what is written when it is issued
BLANK_NUMBER = NBSP * 5
BLANK_DAY = NBSP * 4

#: how a decision names the staff body of its level that proposed it ("Xét đề nghị của …")
PROPOSING_BODY_WORDS: dict[str, str] = {
    BodyKind.ORGANISATION_COMMITTEE: "Ban Tổ chức",
    BodyKind.PROPAGANDA_COMMITTEE: "Ban Tuyên giáo và Dân vận",
    BodyKind.EMULATION_COUNCIL: "Hội đồng Thi đua - Khen thưởng",
}

#: an article's own "Điều 1." (or "Điều 1:") at its start: the template writes the label itself
ARTICLE_LABEL = re.compile(r"^\s*Điều\s+\d+\s*[.:]?\s*", re.IGNORECASE)
#: the opening words that make a line a basis already ("Căn cứ", "Thực hiện", "Xét")
BASIS_OPENING = re.compile(r"^(căn cứ|thực hiện|xét)\b", re.IGNORECASE)
#: "2020 - 2025", "3/2/1930 - 3/2/2025": a range that must not wrap at its dash, where the next
#: line would then start with "- 2025" and read as a new item of the list
RANGE_DASH = re.compile(r"(?<=\d) ([-–]) (?=\d)")


def unbroken_ranges(text: str) -> str:
    return RANGE_DASH.sub(rf"{NBSP}\1{NBSP}", text)


def decision_for_document(queryset, public_id) -> Decision:
    """The decision of ``queryset`` (already scoped) with what the document reads, or
    ``Decision.DoesNotExist``."""
    return queryset.select_related("campaign", "level", "unit", "annuls__unit").get(
        public_id=public_id
    )


def issuer_of(decision: Decision) -> str:
    """The body whose decision it is: "Ban Thường vụ Quận ủy Ninh Kiều" (a cell: itself)."""
    if decision.body not in ("", BodyKind.STANDING_COMMITTEE, BodyKind.CELL_COMMITTEE):
        body = decision.unit.bodies.filter(kind=decision.body).first()
        if body is not None:
            return pf.nfc(body.name).strip()
    return pf.standing_committee_of(decision.unit)


def number_line(decision: Decision) -> str:
    """ "Số 15-QĐ/QU"; a draft leaves room for the number: "Số      -QĐ/QU"."""
    number = decision.number_text
    if not number:
        number = f"{BLANK_NUMBER}-{pf.nfc(decision.type_code)}/{unit_symbol(decision.unit)}"
    return f"Số {number}"


def date_of(decision: Decision, place: str) -> str:
    """ "Ninh Kiều, ngày 20 tháng 01 năm 2025"; a draft: "Ninh Kiều, ngày    tháng    năm 2025"
    (the year the decision will carry, the current one until it is issued)."""
    if decision.issued_on is not None:
        return pf.date_line(place, decision.issued_on)
    year = decision.year or context.today().year
    when = f"ngày {BLANK_DAY} tháng {BLANK_DAY} năm {year}"
    return f"{place}, {when}" if place else when.capitalize()


def short_reference(decision: Decision) -> str:
    """ "Quyết định số 15-QĐ/QU, ngày 20/01/2025" as the annex cites it; a draft: blanks."""
    if decision.is_issued:
        return f"Quyết định số {decision.number_text}, ngày {decision.issued_on:%d/%m/%Y}"
    year = decision.year or context.today().year
    return (
        f"Quyết định số {number_line(decision).removeprefix('Số ')}, "
        f"ngày {BLANK_DAY}/{BLANK_DAY}/{year}"
    )


def subject_of(decision: Decision) -> str:
    """ "về việc biểu dương …" (the words "về việc" added when the stored subject lacks them)."""
    subject = pf.nfc(decision.subject).strip().rstrip(".")
    if not subject.lower().startswith("về việc"):
        subject = f"về việc {pf.lower_first(subject)}"
    return subject


def basis_lines(decision: Decision) -> list[str]:
    """Each basis as its own line, "Căn cứ …;" (the opening added where it is missing)."""
    lines = []
    for raw in decision.bases:
        text = pf.basis_clause(raw)
        if not text:
            continue
        if not BASIS_OPENING.match(text):
            text = f"Căn cứ {pf.lower_first(text)}"
        lines.append(unbroken_ranges(f"{text};"))
    return lines


def proposing_body(decision: Decision) -> str:
    """ "Ban Tổ chức Quận ủy Ninh Kiều": the unit's body of the level's appraising kind, by its
    recorded name, else worded from the kind; none for a cell, which has no staff body."""
    unit = decision.unit
    if unit.kind in UnitKind.cell_kinds():
        return ""
    kind = decision.level.appraising_body
    body = unit.bodies.filter(kind=kind).first()
    if body is not None:
        return pf.nfc(body.name).strip()
    words = PROPOSING_BODY_WORDS.get(kind)
    return f"{words} {pf.nfc(unit.name)}" if words else ""


def consideration_line(decision: Decision) -> str:
    """ "Xét đề nghị của Ban Tổ chức Quận ủy Ninh Kiều," unless the bases already say it."""
    if any(pf.nfc(b).strip().lower().startswith("xét") for b in decision.bases):
        return ""
    body = proposing_body(decision)
    return f"Xét đề nghị của {body}," if body else ""


def form_words(rules: AwardRules, code: str) -> str:
    """The name of a form of commendation ("Giấy khen") from the campaign's award rules."""
    form = rules.form(code)
    return pf.nfc(form.name if form else code)


def default_articles(decision: Decision, rules: AwardRules, rows: list[dict]) -> list[str]:
    """The articles of a draft whose wording is still empty (the decisions service writes them
    when it drafts; this keeps a document from ever going out without its Điều 1)."""
    executors = pf.nfc(rules.decision.executors).strip() or (
        "Văn phòng, Ban Tổ chức, các cơ quan, đơn vị liên quan và các đồng chí có tên tại "
        "Điều 1 căn cứ Quyết định thi hành."
    )
    if decision.kind == DecisionKind.ANNUL:
        annulled = decision.annuls
        assert annulled is not None  # the table's constraint: an annulment names its decision
        return [
            f"Hủy bỏ {annulled_reference(annulled)} của {pf.standing_committee_of(annulled.unit)} "
            f"{subject_of(annulled)}.",
            "Quyết định có hiệu lực kể từ ngày ký.",
            executors,
        ]
    form = rules.form(decision.form_code) or rules.forms[0]
    articles = [
        f"{pf.nfc(form.verb).capitalize()} {pf.nfc(form.name)} cho {len(rows):02d} đồng chí "
        "có tên trong danh sách kèm theo, đã có thành tích tiêu biểu."
    ]
    if form.reward:
        articles.append(pf.nfc(form.reward).strip())
    articles.append(executors)
    return articles


def annulled_reference(annulled: Decision) -> str:
    """ "Quyết định số 15-QĐ/QU ngày 20/01/2025" (the model's own wording)."""
    return annulled.reference or f"Quyết định {pf.nfc(annulled.subject)}"


def article_lines(decision: Decision, rules: AwardRules, rows: list[dict]) -> list[dict]:
    """ "Điều 1.", "Điều 2." … with their text; the last one closes the decision with "./."."""
    texts = [pf.nfc(t).strip() for t in decision.articles if pf.nfc(t).strip()]
    texts = [ARTICLE_LABEL.sub("", t, count=1) for t in texts] or default_articles(
        decision, rules, rows
    )
    articles = [
        {"label": f"Điều {i}.", "text": unbroken_ranges(text)}
        for i, text in enumerate(texts, start=1)
    ]
    last = articles[-1]
    last["text"] = last["text"].removesuffix("./.").rstrip(" .;,") + "./."
    return articles


def recipient_lines(decision: Decision) -> list[str]:
    """ "- Như Điều 3,", …, "- Lưu Văn phòng." (the dash and the closing commas added)."""
    items = [pf.nfc(r).strip().lstrip("-–• ").rstrip(" ,.;") for r in decision.recipients]
    items = [item for item in items if item]
    return [f"- {item}{'.' if i == len(items) - 1 else ','}" for i, item in enumerate(items)]


def annex_rows(decision: Decision, rules: AwardRules) -> list[dict]:
    """The annex as it was written: every line, ``live`` or not (an annulled decision's lines
    are no longer live, yet its document still reads as it was issued)."""
    entries = (
        decision.entries.all()
        .select_related("nomination")
        .only(
            "decision",  # the related manager sets it on each line: deferred, one query each
            "order",
            "form_code",
            "nominee_name",
            "position",
            "unit_name",
            "nomination__person_id",
        )
        .order_by("order", "id")
    )
    forms: dict[str, str] = {}
    rows = []
    for number, entry in enumerate(entries, start=1):
        if entry.form_code not in forms:
            forms[entry.form_code] = form_words(rules, entry.form_code)
        rows.append(
            {
                "number": number,
                "name": pf.nfc(entry.nominee_name).strip(),
                "position": pf.nfc(entry.position).strip(),
                "unit": pf.nfc(entry.unit_name).strip(),
                "form": forms[entry.form_code],
                "is_collective": entry.nomination.person_id is None,
            }
        )
    return rows


def count_line(rows: list[dict]) -> str:
    """ "Danh sách có 05 đồng chí./." (and "… và 01 tập thể" when collectives are honored)."""
    people = sum(1 for r in rows if not r["is_collective"])
    collectives = len(rows) - people
    parts = []
    if people or not collectives:
        parts.append(f"{people:02d} đồng chí")
    if collectives:
        parts.append(f"{collectives:02d} tập thể")
    return f"Danh sách có {' và '.join(parts)}./."


def annex_subject(decision: Decision, rules: AwardRules, rows: list[dict]) -> str:
    """ "các đồng chí được tặng Giấy khen" (the verb and the form of the campaign's rules)."""
    codes = list(dict.fromkeys(r["form"] for r in rows))
    who = "tập thể, cá nhân" if any(r["is_collective"] for r in rows) else "các đồng chí"
    if len(codes) == 1:
        form = rules.form(decision.form_code) or rules.forms[0]
        verb = pf.nfc(form.verb).strip().lower()
        name = codes[0]
        what = f"được {verb}" if name.lower() == verb else f"được {verb} {name}"
        return f"{who} {what}"
    return f"{who} được khen thưởng"


def decision_document(decision: Decision) -> dict:
    """The decision's data for ``documents/print/quyet_dinh.html``."""
    unit = decision.unit
    ancestors = context.ancestors_of(unit)
    parent = context.parent_of(ancestors)
    place = pf.nfc(decision.place).strip() or pf.place_of(unit, ancestors)
    issuer = issuer_of(decision)
    rules = decision.campaign.awards  # one query (the levels that honor), read once
    letterhead = pf.Letterhead(
        superior=pf.upper(pf.organisation_name(parent)) if parent is not None else "",
        issuing=pf.upper(unit.name),
        number=number_line(decision),
        date_line=date_of(decision, place),
        on_behalf=pf.upper(decision.on_behalf or pf.default_on_behalf(unit)),
        signer_title=pf.upper(decision.signer_title or pf.default_signer_title(unit)),
        signer_name=pf.nfc(decision.signer_name).strip(),
        recipients=recipient_lines(decision),
    )
    honors = decision.kind == DecisionKind.HONOR
    rows = annex_rows(decision, rules) if honors else []
    annex = None
    if honors:
        annex = {
            "subject": annex_subject(decision, rules, rows),
            "reference": f"(Kèm theo {short_reference(decision)} của {issuer})",
            "rows": rows,
            "count": count_line(rows),
        }
    return {
        "document": "quyet_dinh",
        "decision": decision,
        "campaign": decision.campaign,
        "unit": unit,
        "letterhead": letterhead,
        "is_draft": not decision.is_issued,
        "number_text": decision.number_text,
        "subject": subject_of(decision),
        "issuer": pf.upper(issuer),
        "bases": basis_lines(decision),
        "consideration": consideration_line(decision),
        "articles": article_lines(decision, rules, rows),
        "annex": annex,
    }


def file_stem(decision: Decision) -> str:
    """ "quyet-dinh-15-QD-QU-2025"; a draft: "du-thao-quyet-dinh-<id>"."""
    if not decision.is_issued:
        return f"du-thao-quyet-dinh-{decision.public_id.hex[:8]}"
    symbol = unit_symbol(decision.unit)
    code = pf.nfc(decision.type_code).replace("Đ", "D").replace("đ", "d")
    return f"quyet-dinh-{decision.number}-{code}-{symbol}-{decision.year}"
