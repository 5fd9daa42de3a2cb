"""Uploading, downloading and removing the files of a nomination.

Every lookup goes through ``Nomination.objects.visible_to(user)`` (for a file, through
``Evidence.objects.visible_to(user)``, built on it): outside the user's subtree, or a draft of
another unit, it does not exist (404). Files are never served from a public URL: only
``DownloadView`` streams them, with the type detected at upload and ``nosniff``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from core.downloads import content_disposition
from core.reads import ReadKind, note_read

from .. import evidence as services
from ..completeness import requirements_for
from ..evidence_forms import EvidenceForm
from ..forms import add_service_errors
from ..models import Evidence
from .detail import NominationDetailView, safe_next
from .evidence_section import evidence_section

#: room for the multipart envelope and the other fields around the file
MULTIPART_OVERHEAD = 64 * 1024
#: where the section sits on the nomination page
ANCHOR = "#tai-lieu"


def section_url(nomination) -> str:
    return reverse("nominations:detail", args=[nomination.public_id]) + ANCHOR


# CSRF is checked in ``post`` rather than by the middleware, so that an oversized upload is
# refused from its declared length before anything reads (and stores) its body. The nomination
# is looked up (404 outside the subtree) before either.
@method_decorator(csrf_exempt, name="dispatch")
class UploadView(NominationDetailView):
    """Attach one file. On success, back to the nomination page; when the file is refused, the
    nomination page again, with the reason at the field it concerns."""

    http_method_names = ["post"]
    evidence_form: EvidenceForm | None = None

    def post(self, request, *args, **kwargs):
        limit = settings.EVIDENCE_MAX_BYTES
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit + MULTIPART_OVERHEAD:
            form = EvidenceForm(data={}, requirements=[])
            form.is_valid()
            form.add_error(
                "file", _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}
            )
            return self.refused(form, status=413)
        return csrf_protect(self.checked_post)(request, *args, **kwargs)

    def checked_post(self, request, *args, **kwargs):
        nomination = self.nomination
        form = EvidenceForm(
            request.POST, request.FILES, requirements=list(requirements_for(nomination))
        )
        if not form.is_valid():
            return self.refused(form)
        try:
            evidence = services.attach_evidence(
                request.user, nomination, form.cleaned_data.get("file"), form.chosen_requirement()
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.refused(form)
        messages.success(request, _("%(name)s was attached.") % {"name": evidence.original_name})
        return redirect(section_url(nomination))

    def refused(self, form: EvidenceForm, status: int = 200):
        self.evidence_form = form
        return self.render_to_response(self.get_context_data(), status=status)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["evidence"] = evidence_section(
            self.request.user, self.nomination, form=self.evidence_form
        )
        return context


class DownloadView(LoginRequiredMixin, View):
    """The file itself: an image inline, anything else as an attachment, under the name it was
    uploaded with (RFC 5987 for Vietnamese names)."""

    def get(self, request, public_id):
        evidence = get_object_or_404(
            Evidence.objects.visible_to(request.user).select_related("nomination__person"),
            public_id=public_id,
        )
        try:
            handle = evidence.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, content_type=evidence.content_type)
        note_read(
            ReadKind.EVIDENCE,
            f"{evidence.original_name} ({evidence.nomination.nominee_name})",
            unit_id=evidence.nomination.filing_unit_id,
            object_id=evidence.public_id,
        )
        response["Content-Disposition"] = content_disposition(
            evidence.original_name, inline=evidence.is_image
        )
        response["X-Content-Type-Options"] = "nosniff"
        patch_cache_control(response, private=True, no_cache=True)
        return response


class RemoveView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, public_id):
        evidence = get_object_or_404(
            Evidence.objects.visible_to(request.user).select_related("nomination"),
            public_id=public_id,
        )
        back = safe_next(request, section_url(evidence.nomination))
        try:
            services.remove_evidence(request.user, evidence)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(back)
        messages.success(request, _("%(name)s was removed.") % {"name": evidence.original_name})
        return redirect(back)
