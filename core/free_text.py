"""What free text may hold: no control characters but newline and tab, no invisible marks that
turn a text's direction, no non-characters. One definition for every form and every import."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: control characters (a NUL cannot even be stored in PostgreSQL; .xlsx writes it as _x0000_),
#: text-direction overrides and isolates that make a name read differently from what it holds,
#: non-characters; tab, newline and carriage return (a text area's line ends) are allowed
UNSAFE_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)


def has_unsafe_characters(text: str) -> bool:
    return bool(UNSAFE_CHARACTERS.search(text))


def refuse_unsafe_characters(value) -> None:
    """The validator every form's text field carries (``CoreConfig.ready``)."""
    if isinstance(value, str) and has_unsafe_characters(value):
        raise ValidationError(
            _("This text holds control characters or invisible text-direction marks: retype it."),
            code="unsafe_characters",
        )
