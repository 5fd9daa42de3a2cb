"""Forms of the account pages: an account, a password reset, a file of accounts."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees.forms import ImportForm
from committees.models import Person, Role, Unit, User

from . import rules as account_rules
from .permissions import manager_rank
from .services import Issue

ISSUE_CHOICES = [
    (Issue.LINK, gettext_lazy("A one-time link to choose a password")),
    (Issue.PASSWORD, gettext_lazy("An initial password, to change at the first login")),
]


def _issue_field():
    return forms.ChoiceField(
        label=gettext_lazy("How the holder gets a password"),
        choices=ISSUE_CHOICES,
        initial=Issue.LINK,
        widget=forms.RadioSelect,
    )


def subtree_units(user):
    """The active units a manager may put accounts in: their own and everything below it."""
    units = Unit.objects.active()
    if user.is_superuser:
        return units
    return units.filter(path__startswith=user.unit.path) if user.unit else units.none()


class AccountForm(forms.ModelForm):
    """An account's details, with the units of the manager's subtree and the roles they may
    give; the services check both again."""

    person_code = forms.CharField(
        label=gettext_lazy("Member record code"),
        required=False,
        max_length=50,
        help_text=gettext_lazy("Optional: the code of the member record the account belongs to."),
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "unit", "role", "email", "phone", "can_manage_accounts"]

    def __init__(self, *args, manager, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.manager = manager
        rank = manager_rank(manager)
        self.fields["unit"].queryset = subtree_units(manager)
        self.fields["unit"].required = True
        self.fields["role"].required = True
        self.fields["role"].choices = [
            (role, Role(role).label) for role in account_rules.grantable_roles(rank)
        ]
        self.fields["full_name"].required = True
        if not account_rules.may_grant(rank, Role.STAFF, can_manage_accounts=True):
            del self.fields["can_manage_accounts"]
        else:
            self.fields["can_manage_accounts"].help_text = _(
                "Only for the organisation committee's staff: they may then manage the "
                "accounts of the units below, up to their own role."
            )
        if not creating:
            del self.fields["username"]
            if self.instance.person_id:
                self.fields["person_code"].initial = self.instance.person.code
        else:
            self.fields["issue"] = _issue_field()
        self.helper = FormHelper(self)
        self.helper.form_method = "post"
        self.helper.form_id = "account-form"
        self.helper.add_input(Submit("submit", _("Create the account") if creating else _("Save")))

    def _post_clean(self):
        # The form only reads the fields: the services check and save the account (a model
        # validation here would change the instance before the service compares it).
        pass

    def clean_person_code(self):
        code = self.cleaned_data["person_code"].strip()
        if not code:
            return None
        person = (
            Person.objects.visible_to(self.manager).select_related("unit").filter(code=code).first()
        )
        if person is None:
            raise forms.ValidationError(
                _("There is no member record %(code)s in your organisation.") % {"code": code}
            )
        return person

    def changes(self) -> dict:
        data = self.cleaned_data
        changes = {
            "full_name": data["full_name"],
            "unit": data["unit"],
            "role": data["role"],
            "email": data["email"],
            "phone": data["phone"],
            "person": data["person_code"],
        }
        if "can_manage_accounts" in self.fields:
            changes["can_manage_accounts"] = data["can_manage_accounts"]
        return changes


class ResetPasswordForm(forms.Form):
    issue = _issue_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_method = "post"
        self.helper.form_id = "reset-form"
        self.helper.add_input(Submit("submit", _("Reset the password"), css_class="btn-warning"))


class AccountImportForm(ImportForm):
    """A file of accounts, and how the new accounts get their passwords."""

    issue = _issue_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kind"]
        # The layout was built from the fields before "kind" went: built again without it.
        self.helper = FormHelper(self)
        self.helper.form_method = "post"
        self.helper.add_input(Submit("submit", _("Import")))
        self.helper.form_id = "account-import-form"
