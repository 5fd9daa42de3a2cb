"""Filing: the unit's page for a campaign, the nomination form, submitting and withdrawing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView, View

from .. import permissions, services, workflow
from ..completeness import requirements_of
from ..deadlines import Desk, filing_chain, passed
from ..evidence import attach_evidence, attach_generated
from ..evidence_forms import DocumentsForm, document_field_name
from ..forms import FIELD_SUGGESTIONS, NominationForm, ReasonForm, add_service_errors
from ..models import Nomination
from ..models import NominationState as S
from ..quotas import remaining_for
from .common import campaign_or_404, own_unit
from .detail import NominationActionView, NominationLookupMixin, may_start_filing
from .evidence_section import documents_on_form

# --- the unit's page ---------------------------------------------------------------------------


def remaining_text(quota, remaining: dict) -> str:
    """ "1 collective or 1 individual", "1 collective and 2 individuals", "1 nomination"..."""
    individuals, collectives, total = (
        remaining["individuals"],
        remaining["collectives"],
        remaining["total"],
    )
    if total == 0 or (individuals == 0 and collectives == 0):
        text = _("nothing more: the quota is used up")
    elif quota.max_individuals is None and quota.max_collectives is None:
        text = (
            _("no limit")
            if total is None
            else ngettext("%(n)s nomination", "%(n)s nominations", total) % {"n": total}
        )
    else:
        parts = []
        if collectives is None:
            parts.append(_("collectives without limit"))
        elif collectives:
            parts.append(
                ngettext("%(n)s collective", "%(n)s collectives", collectives) % {"n": collectives}
            )
        if individuals is None:
            parts.append(_("individuals without limit"))
        elif individuals:
            parts.append(
                ngettext("%(n)s individual", "%(n)s individuals", individuals) % {"n": individuals}
            )
        if len(parts) == 1:
            text = parts[0]
        elif total is not None and individuals + collectives > total:
            text = _("%(first)s or %(second)s") % {"first": parts[0], "second": parts[1]}
            if total > 1:
                text = _("%(choice)s, at most %(n)s in all") % {"choice": text, "n": total}
        else:
            text = _("%(first)s and %(second)s") % {"first": parts[0], "second": parts[1]}
    if quota.category_id:
        text = _("%(category)s: %(text)s") % {"category": quota.category.name, "text": text}
    return text


class UnitNominationsView(LoginRequiredMixin, TemplateView):
    """One campaign as the filing unit sees it: deadlines, quota left, its nominations."""

    template_name = "nominations/unit_nominations.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        user = self.request.user
        campaign = campaign_or_404(user, self.kwargs["code"])
        unit = own_unit(user)
        nominations = (
            Nomination.objects.visible_to(user)
            .filter(campaign=campaign, filing_unit=unit)
            .select_related("category", "person", "collective", "level", "reviewing_unit")
            .order_by("-updated_at", "-id")
        )
        paginator = Paginator(nominations, self.paginate_by)
        page = paginator.get_page(self.request.GET.get("page"))
        chain = filing_chain(campaign, unit)
        # The deadline that binds the unit next: the earliest of the levels its nominations
        # pass (seed 000: the city's, the grassroots level having none).
        desk = Desk.of(campaign, unit, chain)
        deadline = desk.deadline
        deadline_passed = passed(deadline)
        quotas = [
            {**entry, "text": remaining_text(entry["quota"], entry["remaining"])}
            for entry in remaining_for(campaign, unit)
        ]
        return super().get_context_data(
            campaign=campaign,
            unit=unit,
            chain=chain,
            first_step=chain[0] if chain else None,
            quotas=quotas,
            files_here=campaign.files_from(unit),
            can_file=may_start_filing(user, campaign, unit, desk=desk),
            deadline=deadline,
            deadline_passed=deadline_passed,
            # After the deadline a unit that sent nothing did not propose (seed 000, III.3).
            proposed=deadline_passed
            and nominations.exclude(state__in=[S.DRAFT, S.WITHDRAWN]).exists(),
            nominations=page.object_list,
            page_obj=page,
            paginator=paginator,
            is_paginated=page.has_other_pages(),
            **kwargs,
        )


# --- the nomination form -----------------------------------------------------------------------


class NominationFormView(LoginRequiredMixin, View):
    """Create (``nomination`` is None) or edit a draft or returned nomination.

    "Save draft" calls ``save_draft``, then attaches the files chosen for each document
    (``attach_evidence``, one by one); "Save and submit" then calls ``submit``, which refuses a
    dossier with a required document missing and names it. A file refused (type, size) is
    refused at its document's field and nothing is submitted; the draft and the files accepted
    stay saved, and the form comes back as the draft's edit form with the reasons.
    """

    template_name = "nominations/nomination_form.html"
    nomination: Nomination | None = None

    def prepare(self, request, **kwargs):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        response = self.prepare(request, **kwargs)
        if response is not None:
            return response
        return super().dispatch(request, *args, **kwargs)

    def form_url(self) -> str:
        if self.nomination is not None:
            return reverse("nominations:edit", args=[self.nomination.public_id])
        return reverse("nominations:create", args=[self.campaign.code])

    def make_form(self, data=None, initial=None) -> NominationForm:
        return NominationForm(
            data,
            initial=initial,
            campaign=self.campaign,
            unit=self.unit,
            user=self.request.user,
            refresh_url=self.form_url(),
        )

    def initial(self) -> dict:
        return NominationForm.initial_from(self.nomination) if self.nomination else {}

    def suggestions(self) -> list[str]:
        used = (
            Nomination.objects.visible_to(self.request.user)
            .filter(campaign=self.campaign)
            .exclude(field_of_work="")
            .order_by("field_of_work")
            .values_list("field_of_work", flat=True)
            .distinct()[:50]
        )
        return sorted({str(s) for s in FIELD_SUGGESTIONS} | set(used))

    def documents_form(self, form: NominationForm, files=None) -> DocumentsForm:
        category = form.chosen_category
        requirements = list(requirements_of(self.campaign.pk, category.pk if category else None))
        return DocumentsForm(
            self.request.POST if files is not None else None, files, requirements=requirements
        )

    def documents(self, form: NominationForm, documents: DocumentsForm | None = None):
        category = form.chosen_category
        return documents_on_form(
            self.request.user,
            self.campaign.pk,
            category.pk if category else None,
            self.nomination,
            documents,
        )

    def render_page(self, form: NominationForm, documents: DocumentsForm | None = None):
        context = {
            "form": form,
            "campaign": self.campaign,
            "unit": self.unit,
            "nomination": self.nomination,
            "form_url": self.form_url(),
            "category": form.chosen_category,
            "suggestions": self.suggestions(),
            "documents": self.documents(form, documents),
        }
        return render(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        initial = self.initial()
        if "category" in request.GET:
            # The category select changed: rebuild the fields that depend on it.
            initial.update({k: request.GET.get(k) for k in ("category", "person", "collective")})
        form = self.make_form(initial=initial)
        if request.htmx:
            return render(
                request,
                "nominations/partials/category_fields.html",
                {
                    "form": form,
                    "category": form.chosen_category,
                    "documents": self.documents(form),
                },
            )
        return self.render_page(form)

    def post(self, request, *args, **kwargs):
        form = self.make_form(data=request.POST)
        documents = self.documents_form(form, request.FILES)
        if not form.is_valid() or not documents.is_valid():
            if request.FILES:
                documents.add_error(None, _("Nothing was saved: choose the files again."))
            return self.render_page(form, documents)
        user = request.user
        try:
            nomination = services.save_draft(
                user, self.campaign, self.unit, form.to_draft(), self.nomination
            )
        except ValidationError as error:
            add_service_errors(form, error)
            if request.FILES:
                documents.add_error(None, _("Nothing was saved: choose the files again."))
            return self.render_page(form, documents)
        self.nomination = nomination
        if not self.attach(nomination, documents):
            messages.warning(
                request,
                _("The draft was saved, but some files were refused: see each document."),
            )
            return self.render_page(form, documents)
        action = request.POST.get("action") or ""
        if action.startswith("generate:"):
            return self.generate(nomination, form, documents, action.partition(":")[2])
        if action != "submit":
            messages.success(request, _("The draft was saved."))
            return redirect("nominations:detail", public_id=nomination.public_id)
        try:
            nomination = services.submit(user, nomination)
        except ValidationError as error:
            add_service_errors(form, error)
            messages.warning(request, _("The draft was saved, but it was not submitted."))
            return self.render_page(form)
        messages.success(request, submitted_message(nomination))
        return redirect("nominations:detail", public_id=nomination.public_id)

    def generate(self, nomination, form, documents: DocumentsForm, requirement_pk: str):
        """ "Attach the generated copy" of one document: the draft as typed is saved first,
        then the document the product writes is attached for it; back to the form."""
        requirement = next((r for r in documents.requirements if str(r.pk) == requirement_pk), None)
        if requirement is None:
            documents.add_error(None, _("This document is not one the campaign asks of it."))
            return self.render_page(form, documents)
        try:
            evidence = attach_generated(self.request.user, nomination, requirement)
        except ValidationError as error:
            for message in error.messages:
                documents.add_error(document_field_name(requirement), message)
            return self.render_page(form, documents)
        messages.success(
            self.request,
            _("The draft was saved and %(name)s was attached as a generated copy.")
            % {"name": evidence.original_name},
        )
        return redirect(reverse("nominations:edit", args=[nomination.public_id]) + "#tai-lieu")

    def attach(self, nomination: Nomination, documents: DocumentsForm) -> bool:
        """Attach each chosen file to its document; a refused file's reason goes to its
        document's field. True when every file was attached."""
        attached_all = True
        for requirement, field, files in documents.uploads():
            for upload in files:
                try:
                    attach_evidence(self.request.user, nomination, upload, requirement)
                except ValidationError as error:
                    attached_all = False
                    for message in error.messages:
                        documents.add_error(
                            field,
                            _("%(file)s: %(reason)s") % {"file": upload.name, "reason": message},
                        )
        return attached_all


def submitted_message(nomination: Nomination) -> str:
    return _("Submitted: the nomination now waits at %(unit)s.") % {
        "unit": nomination.reviewing_unit.name
    }


class NominationCreateView(NominationFormView):
    def prepare(self, request, **kwargs):
        self.campaign = campaign_or_404(request.user, kwargs["code"])
        self.unit = own_unit(request.user)
        if not permissions.can_file_for(request.user, self.unit):
            raise PermissionDenied


class NominationEditView(NominationLookupMixin, NominationFormView):
    def prepare(self, request, **kwargs):
        nomination = self.nomination
        if not permissions.can_file_for(request.user, nomination.filing_unit):
            raise PermissionDenied
        self.campaign = nomination.campaign
        self.unit = nomination.filing_unit
        if nomination.state not in workflow.states_for("edit"):
            messages.error(request, _("Only a draft or a returned nomination can be edited."))
            return redirect(self.detail_url())
        return None


# --- buttons of the filer ----------------------------------------------------------------------


class SubmitView(NominationActionView):
    def act(self, form):
        return services.submit(self.request.user, self.nomination)

    def success_message(self, nomination):
        return submitted_message(nomination)


class WithdrawView(NominationActionView):
    form_class = ReasonForm

    def act(self, form):
        reason = (form.cleaned_data.get("reason") or "").strip()
        return services.withdraw(self.request.user, self.nomination, reason)

    def success_message(self, nomination):
        return _("The nomination was withdrawn.")


urlpatterns = [
    path("c/<slug:code>/don-vi/", UnitNominationsView.as_view(), name="unit-nominations"),
    path("c/<slug:code>/moi/", NominationCreateView.as_view(), name="create"),
    path("<uuid:public_id>/sua/", NominationEditView.as_view(), name="edit"),
    path("<uuid:public_id>/gui/", SubmitView.as_view(), name="submit"),
    path("<uuid:public_id>/rut/", WithdrawView.as_view(), name="withdraw"),
]
