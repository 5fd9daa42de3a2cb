"""Free text without control characters: every text field of every form refuses them (newline
and tab aside) and the invisible marks that turn a text's direction, at the field, changing
nothing, as the imports refuse them at their cell."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django import forms
from django.core.exceptions import ValidationError

from core.free_text import refuse_unsafe_characters
from nominations.models import Nomination
from tests.nominations.test_filing_pages import create_url, form_data
from tests.project import project_apps


@pytest.mark.parametrize(
    "text",
    ["Nguyễn Văn An", "Dòng một\r\nDòng hai", "Cột\tcột", "Ghi chú: 100% — “đạt”", ""],
)
def test_ordinary_text_passes(text):
    refuse_unsafe_characters(text)


@pytest.mark.parametrize(
    "character",
    ["\x00", "\x07", "\x1b", "\x0b", "\x7f", "\x85", "\u202e", "\u202a", "\u2066", "\ufffe"],
)
def test_control_characters_and_direction_marks_are_refused(character):
    with pytest.raises(ValidationError, match="ký tự điều khiển") as refused:
        refuse_unsafe_characters(f"Nguyễn{character}Văn An")
    assert refused.value.code == "unsafe_characters"


def project_form_classes() -> list[type[forms.BaseForm]]:
    """Every form class the project's apps define, found by importing their modules."""
    for app in project_apps():
        package = importlib.import_module(app.name)
        for module in pkgutil.walk_packages(package.__path__, f"{app.name}."):
            if ".migrations" not in module.name and ".management" not in module.name:
                importlib.import_module(module.name)
    found, stack = [], [forms.BaseForm]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in {app.name for app in project_apps()}:
            found.append(cls)
    return found


def test_every_text_field_of_every_project_form_refuses_them():
    classes = project_form_classes()
    assert len(classes) > 30  # the walk found the project's forms
    passed = []
    for cls in classes:
        for name, field in cls.base_fields.items():
            if not isinstance(field, forms.CharField):
                continue
            try:
                field.clean("Nguyễn\u202eVăn\x07An")
            except ValidationError as error:
                if "unsafe_characters" in {e.code for e in error.error_list}:
                    continue
            passed.append(f"{cls.__module__}.{cls.__qualname__}.{name}")
    assert passed == []


def test_fields_of_django_and_fields_made_later_refuse_them_too():
    from django.contrib.auth.forms import AuthenticationForm

    for field in (
        forms.CharField(),
        forms.EmailField(),
        AuthenticationForm.base_fields["username"],
    ):
        with pytest.raises(ValidationError) as refused:
            field.clean("an\u202e@example.org")
        assert "unsafe_characters" in {e.code for e in refused.value.error_list}


@pytest.fixture
def en(client, settings):
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_the_filing_form_refuses_a_direction_mark_at_its_field(en, seed000):
    person = seed000.member(seed000.tree.cell_a1)
    en.force_login(seed000.secretary_a1)
    response = en.post(
        create_url(seed000),
        form_data(person, seed000.members, achievement_summary="Gương mẫu \u202eôt náv"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["achievement_summary"] == [
        "This text holds control characters or invisible text-direction marks: retype it."
    ]
    assert not Nomination.objects.filter(person=person).exists()
