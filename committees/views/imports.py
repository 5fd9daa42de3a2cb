"""Importing units, people and ratings from a spreadsheet, for administrators."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import FormView, View

from core.downloads import XLSX_CONTENT_TYPE
from core.views.mixins import RulePermissionMixin

from ..forms import ImportForm
from ..imports import ConversionNotConfirmed, ImportRefused, import_file
from ..imports.samples import TEMPLATES, build_template
from ..scoping import EVERYTHING, scope_prefix

#: room for the multipart envelope and the other fields around the file
MULTIPART_OVERHEAD = 64 * 1024


class ImportFormMixin:
    """``form_valid`` of an import page: run ``run_import(form)``; when the file is refused,
    list its errors (at most ``max_errors_shown``) under the file field, nothing written;
    otherwise report the summary and go to ``success_url``."""

    #: a file can have an error on every row; the page lists this many
    max_errors_shown = 1000

    def run_import(self, form):
        """Import the form's file with ``legacy_options(form)``."""
        raise NotImplementedError

    @staticmethod
    def legacy_options(form) -> dict:
        return {
            "legacy_encoding": form.cleaned_data["legacy_encoding"],
            "conversions_confirmed": form.cleaned_data["confirm_conversion"],
        }

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            result = self.run_import(form)
        except ConversionNotConfirmed as preview:
            # Nothing is written until the user has seen what the conversion does.
            form.add_error(
                "file",
                _(
                    "This file holds text typed in an old Vietnamese encoding. Check the "
                    "conversion below; if it is right, tick the box and choose the file again."
                ),
            )
            return self.render_to_response(
                self.get_context_data(form=form, conversions=preview.conversions)
            )
        except ImportRefused as refused:
            errors = refused.errors
            form.add_error(
                "file",
                _("The file was refused and nothing was imported. Errors found: %(count)s.")
                % {"count": len(errors)},
            )
            return self.render_to_response(
                self.get_context_data(
                    form=form,
                    import_errors=errors[: self.max_errors_shown],
                    import_error_count=len(errors),
                )
            )
        messages.success(
            self.request,
            _("%(filename)s was imported: %(summary)s")
            % {"filename": upload.name, "summary": result},
        )
        return redirect(self.get_success_url())


# CSRF is checked in ``post`` instead of by the middleware, so that an oversized upload is
# refused from its declared length before anything reads (and stores) its body.
@method_decorator(csrf_exempt, name="dispatch")
class ImportView(ImportFormMixin, RulePermissionMixin, FormView):
    permission_required = "committees.import_data"
    template_name = "committees/import.html"
    form_class = ImportForm

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
        return import_file(
            form.cleaned_data["kind"],
            upload,
            upload.name,
            user=self.request.user,
            **self.legacy_options(form),
        )

    def get_success_url(self):
        return reverse("committees:import")

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            templates=TEMPLATES.values(),
            scope_unit=None if scope_prefix(user) == EVERYTHING else user.unit,
            max_upload=settings.IMPORT_MAX_UPLOAD_BYTES,
            **kwargs,
        )


class ImportTemplateView(RulePermissionMixin, View):
    """An empty .xlsx with the headers of one kind of file, formatted for filling in."""

    permission_required = "committees.import_data"

    def get(self, request, slug: str):
        template = TEMPLATES.get(slug)
        if template is None:
            raise Http404
        return HttpResponse(
            build_template(template),
            content_type=XLSX_CONTENT_TYPE,
            headers={"Content-Disposition": content_disposition_header(True, template.filename)},
        )
