"""The account pages of a unit's managers: list, create, change, deactivate, reactivate, reset a
password, read the log, import a file, print the sheet of new credentials; and the one-time
set-password page the holders open.

Every page declares its permission (``accounts.permissions``); an account outside the manager's
subtree is not found (404), a user who does not manage accounts is refused (403). The views read
through ``accounts.selectors`` and change through ``accounts.services``.

New passwords and links are never stored: they travel from the service to the session of the
manager who made them, for the sheet page only, and are dropped when the manager discards the
sheet, makes another one, or after ``SHEET_LIFETIME``.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import FormView, ListView, View

from committees.imports.samples import Template, build_template
from committees.views.imports import MULTIPART_OVERHEAD, ImportFormMixin
from core.downloads import XLSX_CONTENT_TYPE
from core.views.mixins import RulePermissionMixin
from core.views.sign_in import ResetLinkRefusalsMixin

from . import selectors, services, sheets
from .forms import AccountForm, AccountImportForm, ResetPasswordForm
from .imports import ACCOUNT_COLUMNS, import_accounts
from .models import AccountChange

SESSION_KEY = "accounts_sheet"
SHEET_LIFETIME = datetime.timedelta(hours=1)
TEMPLATE = Template(
    "accounts", "accounts", gettext_lazy("Accounts"), "mau-nhap-tai-khoan.xlsx", ACCOUNT_COLUMNS
)


def _site(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def keep_for_sheet(request, credentials: list[services.Credential]) -> None:
    """The new credentials, for this manager's sheet page only (replacing an earlier sheet)."""
    request.session[SESSION_KEY] = {
        "made_at": timezone.now().isoformat(),
        "base_url": _site(request),
        "credentials": [dataclasses.asdict(c) for c in credentials],
    }


def sheet_in_session(request) -> tuple[list[services.Credential], str] | None:
    kept = request.session.get(SESSION_KEY)
    if not kept:
        return None
    made_at = datetime.datetime.fromisoformat(kept["made_at"])
    if timezone.now() - made_at > SHEET_LIFETIME:
        del request.session[SESSION_KEY]
        return None
    return [services.Credential(**c) for c in kept["credentials"]], kept["base_url"]


class ManagerMixin(RulePermissionMixin):
    permission_required = "accounts.manage_accounts"


class AccountMixin(RulePermissionMixin):
    """A page about one account of the manager's subtree: 404 outside it, 403 for an account
    the manager may not change."""

    permission_required = "accounts.change_account"

    def get_permission_object(self):
        self.account = get_object_or_404(
            selectors.accounts_visible_to(self.request.user), pk=self.kwargs["pk"]
        )
        return self.account


class AccountListView(ManagerMixin, ListView):
    template_name = "accounts/account_list.html"
    context_object_name = "accounts"
    paginate_by = 50

    def get_queryset(self):
        accounts = selectors.accounts_visible_to(self.request.user)
        accounts = selectors.search(accounts, self.request.GET.get("q", ""))
        return accounts.order_by("unit__path", "username")

    def get_context_data(self, **kwargs):
        return super().get_context_data(q=self.request.GET.get("q", ""), **kwargs)


class AccountCreateView(ManagerMixin, FormView):
    template_name = "accounts/account_form.html"
    form_class = AccountForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "manager": self.request.user, "creating": True}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            account, credential = services.create_account(
                self.request.user,
                username=data["username"],
                full_name=data["full_name"],
                unit=data["unit"],
                role=data["role"],
                email=data["email"],
                phone=data["phone"],
                person=data["person_code"],
                can_manage_accounts=data.get("can_manage_accounts", False),
                issue=data["issue"],
                base_url=_site(self.request),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.form_invalid(form)
        keep_for_sheet(self.request, [credential])
        messages.success(
            self.request, _("The account %(username)s was created.") % {"username": account}
        )
        return redirect("accounts:sheet")


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class AccountDetailView(AccountMixin, FormView):
    """The account's details to change, its last login, its log and its actions."""

    template_name = "accounts/account_detail.html"
    form_class = AccountForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": self.account,
            "manager": self.request.user,
            "creating": False,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            account=self.account,
            changes=self.account.account_changes.select_related("recorded_by", "unit")[:50],
            reset_form=ResetPasswordForm(),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.update_account(self.request.user, self.account, **form.changes())
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The account was saved."))
        return redirect("accounts:detail", pk=self.account.pk)


class AccountActionView(AccountMixin, View):
    """A POST that calls one service on the account, then back to the account's page."""

    http_method_names = ["post"]
    done = ""

    def act(self, request):
        raise NotImplementedError

    def post(self, request, pk):
        try:
            response = self.act(request)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("accounts:detail", pk=pk)
        messages.success(request, self.done)
        return response or redirect("accounts:detail", pk=pk)


class DeactivateView(AccountActionView):
    def act(self, request):
        services.deactivate(request.user, self.account)
        self.done = _("The account was deactivated; its sessions have ended.")


class ReactivateView(AccountActionView):
    def act(self, request):
        services.reactivate(request.user, self.account)
        self.done = _("The account was reactivated.")


class ResetPasswordView(AccountActionView):
    def act(self, request):
        form = ResetPasswordForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Choose how the holder gets a new password."))
        credential = services.reset_password(
            request.user, self.account, issue=form.cleaned_data["issue"]
        )
        keep_for_sheet(request, [credential])
        self.done = _("The password was reset; hand the sheet to the holder.")
        return redirect("accounts:sheet")


class AccountLogView(ManagerMixin, ListView):
    """Every change to the accounts of the manager's subtree, newest first."""

    template_name = "accounts/account_log.html"
    context_object_name = "changes"
    paginate_by = 100

    def get_queryset(self):
        return AccountChange.objects.visible_to(self.request.user).select_related(
            "account", "unit", "recorded_by"
        )


# CSRF is checked in ``post`` (as on the import page of units and people), so that an
# oversized upload is refused from its declared length before its body is read.
@method_decorator(csrf_exempt, name="dispatch")
class AccountImportView(ImportFormMixin, ManagerMixin, FormView):
    template_name = "accounts/import.html"
    form_class = AccountImportForm

    def post(self, request, *args, **kwargs):
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit + MULTIPART_OVERHEAD:
            too_large = _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}
            return self.render_to_response(
                self.get_context_data(upload_refused=too_large), status=413
            )
        return csrf_protect(self.checked_post)(request, *args, **kwargs)

    def checked_post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def run_import(self, form):
        upload = form.cleaned_data["file"]
        result, credentials = import_accounts(
            upload,
            upload.name,
            user=self.request.user,
            issue=form.cleaned_data["issue"],
            base_url=_site(self.request),
        )
        if credentials:
            keep_for_sheet(self.request, credentials)
        self.created_any = bool(credentials)
        return result

    def get_success_url(self):
        return reverse("accounts:sheet" if self.created_any else "accounts:list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            template=TEMPLATE, max_upload=settings.IMPORT_MAX_UPLOAD_BYTES, **kwargs
        )


class ImportTemplateView(ManagerMixin, View):
    def get(self, request):
        return HttpResponse(
            build_template(TEMPLATE),
            content_type=XLSX_CONTENT_TYPE,
            headers={"Content-Disposition": content_disposition_header(True, TEMPLATE.filename)},
        )


class SheetView(ManagerMixin, View):
    """The sheet of the credentials just made: its downloads, or a note that there is none."""

    def get(self, request):
        kept = sheet_in_session(request)
        return TemplateResponse(
            request,
            "accounts/sheet.html",
            {"credentials": kept[0] if kept else [], "lifetime": SHEET_LIFETIME},
        )

    def post(self, request):
        """Discard the sheet: the passwords and links leave the session."""
        request.session.pop(SESSION_KEY, None)
        messages.success(request, _("The sheet was discarded."))
        return redirect("accounts:list")


class SheetDownloadView(ManagerMixin, View):
    FORMATS = {
        "pdf": (sheets.sheet_pdf, sheets.PDF_CONTENT_TYPE),
        "xlsx": (sheets.sheet_xlsx, XLSX_CONTENT_TYPE),
    }

    def get(self, request, fmt: str):
        if fmt not in self.FORMATS:
            raise Http404
        kept = sheet_in_session(request)
        if kept is None:
            raise Http404
        render, content_type = self.FORMATS[fmt]
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = HttpResponse(render(*kept), content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(
            True, f"tai-khoan-{stamp}.{fmt}"
        )
        response["Cache-Control"] = "no-store"
        return response


class SetPasswordView(ResetLinkRefusalsMixin, auth_views.PasswordResetConfirmView):
    """The one-time page a holder opens from the sheet or the invitation: choose a password.
    Once it is saved, the account no longer has to change it at login (the sign-in help's form
    clears the flag), and the link is spent (the token covers the password it replaces); a
    deactivated account, a used or expired link are refused with the reason."""

    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("login")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password was saved. Please log in with it."))
        return response
