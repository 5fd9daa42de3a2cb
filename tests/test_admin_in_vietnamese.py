"""Django's admin speaks Vietnamese for the project's models: every model name, column, field,
help text, choice, list filter and action it shows has a Vietnamese translation (a field
without a ``verbose_name`` shows its English attribute name, "created at", in any language)."""

import contextlib
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.core.exceptions import FieldDoesNotExist
from django.test import RequestFactory
from django.utils import translation

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
#: labels the admin shows that come from a library, not from this project
NOT_OURS = {("committees.Unit", "depth"), ("reports.UnitReport", "id")}


def _both(text) -> tuple[str, str]:
    with translation.override("en"):
        english = str(text)
    with translation.override("vi"):
        vietnamese = str(text)
    return english, vietnamese


def _project_admins():
    for model, model_admin in admin.site._registry.items():
        if Path(model._meta.app_config.path).is_relative_to(ROOT) and "site-packages" not in str(
            model._meta.app_config.path
        ):
            yield model, model_admin


def _shown_names(model_admin, request) -> set[str]:
    names = set()
    for _title, options in model_admin.get_fieldsets(request):
        for entry in options["fields"]:
            names.update(entry if isinstance(entry, list | tuple) else [entry])
    names.update(n for n in model_admin.get_list_display(request) if isinstance(n, str))
    names.update(model_admin.get_readonly_fields(request))
    for entry in model_admin.get_list_filter(request):
        if isinstance(entry, str):
            names.add(entry)
        elif isinstance(entry, tuple):
            names.add(entry[0])
    return names - {"__str__"}


def _texts(model, model_admin, request):
    """``(where, text)`` for everything of the project the admin shows about ``model``."""
    label = model._meta.label
    yield f"{label} (name)", model._meta.verbose_name
    yield f"{label} (plural)", model._meta.verbose_name_plural
    for name in _shown_names(model_admin, request):
        if (label, name) in NOT_OURS:
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        if field is None:
            # not a field: a column (a method), or a form-only field of the add page (password1)
            with contextlib.suppress(AttributeError):
                yield f"{label}.{name}", label_for_field(name, model, model_admin)
            continue
        yield f"{label}.{name}", field.verbose_name
        if getattr(field, "help_text", ""):
            yield f"{label}.{name} (help)", field.help_text
        for _value, choice in getattr(field, "flatchoices", None) or []:
            yield f"{label}.{name} (choice)", choice
    for entry in model_admin.get_list_filter(request):
        if isinstance(entry, type):
            yield f"{label} filter {entry.__name__}", entry.title
    for name, (_function, _name, description) in model_admin.get_actions(request).items():
        yield f"{label} action {name}", description


def test_every_admin_text_of_the_projects_models_has_vietnamese(rf: RequestFactory):
    request = rf.get("/quan-tri/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    untranslated = []
    for model, model_admin in _project_admins():
        for where, text in _texts(model, model_admin, request):
            english, vietnamese = _both(text)
            if english == vietnamese and any(c.isalpha() for c in english):
                untranslated.append(f"{where}: {english!r}")
    assert not untranslated, "\n".join(sorted(set(untranslated)))
