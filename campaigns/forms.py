"""Forms for campaigns. The editor turns the page into a configuration (the same format as the
files) and the configuration service checks it, so a page and a file obey the same rules; the
service's problems come back here and are placed at the fields they name."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from committees.models import BodyKind, Rating, Unit, UnitKind

from .config import (
    CAMPAIGN,
    FORMAT,
    MAX_FILE_BYTES,
    MAX_ROWS_PER_SECTION,
    export_campaign,
    moment_text,
    parse_file,
)
from .models import (
    CampaignStatus,
    CapBase,
    GeneratedDocument,
    NomineeKind,
    Placement,
    QuotaScope,
    Rounding,
)
from .report_forms import available_forms

BLANK = [("", "—")]


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class KindsField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(choices=UnitKind.choices, **kwargs)


class LinesField(forms.CharField):
    """A list of texts, typed one per line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]

    def has_changed(self, initial, data):
        return self.to_python(self.prepare_value(initial) or "") != self.to_python(data or "")


class MomentField(forms.DateTimeField):
    """An exact moment, typed in Asia/Ho_Chi_Minh time to the second."""

    widget = forms.DateTimeInput(
        attrs={"type": "datetime-local", "step": "1"}, format="%Y-%m-%dT%H:%M:%S"
    )

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class Form(forms.Form):
    """Labels are the models' verbose names, which are lower case: shown capitalised."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.label = capfirst(field.label)


# --- the campaign and its parts -----------------------------------------------------------------


class CampaignForm(Form):
    code = forms.SlugField(
        label=_("code"), max_length=80, help_text=_("Used in addresses, e.g. bieu-duong-2025.")
    )
    title = forms.CharField(label=_("title"), max_length=300)
    organiser_code = forms.ModelChoiceField(
        label=_("organising unit"),
        queryset=Unit.objects.none(),
        to_field_name="code",
    )
    legal_basis = forms.CharField(
        label=_("legal basis"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    period_start = forms.DateField(label=_("period start"), widget=_date_input())
    period_end = forms.DateField(label=_("period end"), widget=_date_input())
    rating_year = forms.IntegerField(
        label=_("rating year"),
        min_value=1930,
        max_value=2200,
        help_text=_("The year whose annual ratings count as 'the latest year' for eligibility."),
    )
    status = forms.ChoiceField(label=_("status"), choices=CampaignStatus.choices)
    filing_kinds = KindsField(label=_("kinds of units that file"))
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    achievement_form = forms.ChoiceField(label=_("achievement report form"), required=False)
    report_max_pages = forms.IntegerField(
        label=_("achievement report: at most this many A4 pages"),
        required=False,
        min_value=1,
        max_value=50,
        help_text=_("Empty: no limit."),
    )
    fields_of_work = LinesField(
        label=_("fields of work"),
        required=False,
        help_text=_(
            "One per line; a nomination chooses one of them. Empty: the filer types the field."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["achievement_form"].choices = [
            ("", _("Plain achievement summary")),
            *((name, title) for name, title in available_forms().items() if name != "plain"),
        ]
        # Any party committee the user may administer can organise; cells and mass
        # organisations do not run campaigns.
        self.fields["organiser_code"].queryset = (
            Unit.objects.visible_to(user)
            .active()
            .exclude(kind__in=[*UnitKind.cell_kinds(), UnitKind.DOAN_THE])
        )


# Every choice of an empty row starts on what a browser submits for it (a blank first option or
# the default), so that a row left untouched counts as unchanged and is ignored.


class LevelForm(Form):
    position = forms.IntegerField(label=_("order, from the bottom"), min_value=1)
    name = forms.CharField(label=_("name"), max_length=200)
    placement = forms.ChoiceField(label=_("placement"), choices=BLANK + Placement.choices)
    kinds = KindsField(
        label=_("unit kinds"), help_text=_("Only for the placement 'units of the listed kinds'.")
    )
    appraising_body = forms.ChoiceField(
        label=_("appraising body"),
        choices=BodyKind.choices,
        initial=BodyKind.ORGANISATION_COMMITTEE,
    )
    voting_body = forms.ChoiceField(
        label=_("voting body"),
        choices=BLANK + BodyKind.choices,
        required=False,
        help_text=_("Empty when this level only appraises and passes nominations on."),
    )
    can_honor = forms.BooleanField(label=_("honors at this level"), required=False)
    can_forward = forms.BooleanField(
        label=_("forwards to the next level"), required=False, initial=True
    )
    forward_cap_percent = forms.IntegerField(
        label=_("forwarding cap (%)"), required=False, min_value=0, max_value=100
    )
    cap_base = forms.ChoiceField(
        label=_("cap base"), choices=CapBase.choices, initial=CapBase.HONORED_HERE
    )
    cap_rounding = forms.ChoiceField(
        label=_("cap rounding"), choices=Rounding.choices, initial=Rounding.FLOOR
    )
    opens_at = MomentField(
        label=_("receives from"),
        help_text=_("Nominations cannot be sent to this level before this moment."),
    )
    closes_at = MomentField(
        label=_("deadline"),
        help_text=_("The first moment at which nominations are no longer accepted."),
    )


class CategoryForm(Form):
    code = forms.SlugField(label=_("code"), max_length=60)
    name = forms.CharField(label=_("name"), max_length=200)
    nominee_kind = forms.ChoiceField(
        label=_("nominee kind"), choices=NomineeKind.choices, initial=NomineeKind.INDIVIDUAL
    )
    order = forms.IntegerField(label=_("order"), min_value=0, initial=0)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    party_members_only = forms.BooleanField(
        label=_("party members only"), required=False, initial=True
    )
    min_person_rating = forms.ChoiceField(
        label=_("minimum personal rating"), choices=BLANK + Rating.choices, required=False
    )
    min_unit_rating = forms.ChoiceField(
        label=_("minimum rating of the nominee's party organisation"),
        choices=BLANK + Rating.choices,
        required=False,
    )
    exclude_under_review = forms.BooleanField(
        label=_("exclude people under inspection or discipline review"),
        required=False,
        initial=True,
    )
    required_position = forms.CharField(
        label=_("required position"),
        max_length=100,
        required=False,
        help_text=_(
            "A recorded position must begin with it, e.g. 'Bí thư chi bộ' (a deputy, "
            "'Phó Bí thư chi bộ', does not match)."
        ),
    )
    checklist = LinesField(
        label=_("qualitative criteria"), required=False, help_text=_("One criterion per line.")
    )


class QuotaForm(Form):
    scope = forms.ChoiceField(
        label=_("applies to"), choices=QuotaScope.choices, initial=QuotaScope.FILED
    )
    unit_kinds = KindsField(label=_("unit kinds"))
    unit_code = forms.CharField(
        label=_("or the code of one unit"),
        max_length=50,
        required=False,
        help_text=_("A fixed allocation for one unit; overrides the quota by kind."),
    )
    category_code = forms.CharField(
        label=_("category code"),
        max_length=60,
        required=False,
        help_text=_("Empty: counts every category together."),
    )
    max_individuals = forms.IntegerField(
        label=_("at most, individuals"), required=False, min_value=0
    )
    max_collectives = forms.IntegerField(
        label=_("at most, collectives"), required=False, min_value=0
    )
    max_total = forms.IntegerField(label=_("at most, in all"), required=False, min_value=0)
    min_total = forms.IntegerField(label=_("at least, in all"), required=False, min_value=0)


class DocumentForm(Form):
    code = forms.SlugField(label=_("code"), max_length=60)
    name = forms.CharField(label=_("name"), max_length=200)
    category_code = forms.CharField(
        label=_("category code"),
        max_length=60,
        required=False,
        help_text=_("Empty: every nomination carries it."),
    )
    required = forms.BooleanField(label=_("required"), required=False, initial=True)
    copies = forms.IntegerField(label=_("copies"), min_value=1, initial=1)
    copies_to_superior = forms.IntegerField(
        label=_("copies sent above the organiser"),
        min_value=1,
        required=False,
        help_text=_("Empty: as many as above."),
    )
    generated_from = forms.ChoiceField(
        label=_("generated from"),
        required=False,
        choices=[("", _("— not generated —")), *GeneratedDocument.choices],
        help_text=_("The filer may attach the document the product writes, in one click."),
    )
    signed_copy_required = forms.BooleanField(
        label=_("signed copy required"),
        required=False,
        help_text=_("The generated copy counts only once the signed copy is scanned and uploaded."),
    )


# --- from the page to a configuration and back ------------------------------------------------


PART = re.compile(r"^(?P<section>\w+)\[(?P<index>\d+)\](?:\.(?P<key>\w+))?")
SECTION_FORMS = {
    "levels": (LevelForm, _("Reviewing levels")),
    "categories": (CategoryForm, _("Categories")),
    "quotas": (QuotaForm, _("Quotas")),
    "documents": (DocumentForm, _("Required documents")),
}


def _json_value(value):
    if isinstance(value, datetime.datetime):
        return moment_text(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Unit):
        return value.code
    if value == "" or value is None:
        return None
    return value


def place_errors(form: forms.Form, error: ValidationError, forms_at=None, fields=None) -> None:
    """Put each problem of a configuration at the field it names, or above the form.

    ``forms_at(section, index)`` finds the form of one row of a section, when there are rows;
    ``fields`` limits the fields of ``form`` that problems may be placed at (default: all).
    """
    fields = form.fields if fields is None else fields
    for item in error.error_list:
        params = item.params or {}
        path, problem = params.get("path", ""), params.get("problem")
        message = item.messages[0]
        match = PART.match(path)
        row = forms_at(match["section"], int(match["index"])) if match and forms_at else None
        if row is not None:
            key = match["key"]
            if problem is not None and key in row.fields:
                row.add_error(key, problem)
            else:
                row.add_error(None, message)
        elif problem is not None and path in fields:
            form.add_error(path, problem)
        else:
            form.add_error(None, message)


#: rows a part of the campaign may have (the same limit as a campaign file's): a posted
#: TOTAL_FORMS of 99999999 otherwise built and validated Django's absolute maximum of 2,000 forms
#: per part (93 seconds for one request)
MAX_ROWS_PER_PART = MAX_ROWS_PER_SECTION


class CampaignEditor:
    """The campaign form and one formset per part (levels, categories, quotas, documents)."""

    def __init__(self, *, user, data=None, initial: dict | None = None, extra: int = 1):
        initial = initial or {}
        self.form = CampaignForm(
            data, user=user, initial={k: v for k, v in initial.items() if k not in SECTION_FORMS}
        )
        self.formsets = {}
        for section, (form_class, title) in SECTION_FORMS.items():
            formset_class = forms.formset_factory(
                form_class,
                extra=extra,
                can_delete=True,
                max_num=MAX_ROWS_PER_PART,
                absolute_max=MAX_ROWS_PER_PART,
                validate_max=True,
            )
            formset = formset_class(data, prefix=section, initial=initial.get(section, []))
            formset.title = title
            self.formsets[section] = formset
        self.rows: dict[str, list[forms.Form]] = {}

    def is_valid(self) -> bool:
        results = [self.form.is_valid()] + [fs.is_valid() for fs in self.formsets.values()]
        return all(results)

    def _kept_rows(self, formset) -> list[forms.Form]:
        kept = []
        for i, form in enumerate(formset.forms):
            if formset.can_delete and form.cleaned_data.get("DELETE"):
                continue
            if i >= formset.initial_form_count() and not form.has_changed():
                continue
            kept.append(form)
        return kept

    def to_config(self) -> dict:
        """The page as a configuration in the file format (call after ``is_valid``)."""
        data = {"format": FORMAT}
        for key in CAMPAIGN:
            if key in self.form.cleaned_data:
                data[key] = _json_value(self.form.cleaned_data[key])
        for key in ("legal_basis", "description", "achievement_form"):
            data[key] = data.get(key) or ""
        for section, formset in self.formsets.items():
            self.rows[section] = self._kept_rows(formset)
            data[section] = [
                {
                    key: self._row_value(key, value)
                    for key, value in form.cleaned_data.items()
                    if key != "DELETE"
                }
                for form in self.rows[section]
            ]
        return data

    @staticmethod
    def _row_value(key: str, value):
        # Texts and choices that may be empty stay "", only codes and numbers become null.
        if value == "" and key not in ("unit_code", "category_code"):
            return ""
        return _json_value(value)

    def _row(self, section: str, index: int):
        rows = self.rows.get(section, [])
        return rows[index] if index < len(rows) else None

    def place_errors(self, error: ValidationError) -> None:
        place_errors(self.form, error, self._row)

    @property
    def sections(self):
        return list(self.formsets.values())


def editor_initial(campaign) -> dict:
    """The editor's starting values: the campaign's export, with dates and moments as values."""
    data = export_campaign(campaign)
    data["period_start"] = campaign.period_start
    data["period_end"] = campaign.period_end
    for level in data["levels"]:
        for key in ("opens_at", "closes_at"):
            if level[key]:
                level[key] = timezone.localtime(datetime.datetime.fromisoformat(level[key]))
    for key in ("unit_code", "category_code"):
        for row in data["quotas"]:
            row[key] = row[key] or ""
    for row in data["documents"]:
        row["category_code"] = row["category_code"] or ""
    return data


def new_campaign_initial() -> dict:
    year = timezone.localdate().year
    return {
        "status": CampaignStatus.DRAFT,
        "rating_year": year - 1,
        "filing_kinds": [UnitKind.CHI_BO, UnitKind.CHI_BO_CO_SO],
    }


# --- clone and import ---------------------------------------------------------------------------


class CloneForm(Form):
    code = forms.SlugField(label=_("new code"), max_length=80)
    title = forms.CharField(label=_("new title"), max_length=300)


class ImportForm(Form):
    file = forms.FileField(
        label=_("configuration file (JSON)"),
        help_text=_("A file exported from a campaign, at most 1 MB."),
    )
    code = forms.SlugField(
        label=_("new code"),
        max_length=80,
        required=False,
        help_text=_("Empty: the code in the file."),
    )
    title = forms.CharField(
        label=_("new title"),
        max_length=300,
        required=False,
        help_text=_("Empty: the title in the file."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(_("The file is larger than 1 MB."))
        return parse_file(upload.read())
