"""One voice: the interface addresses its users as "đồng chí", never as "bạn", in the
translations, the templates, the code's own Vietnamese and the role guides."""

import re
from pathlib import Path

from django.conf import settings

from tests.project import project_apps

ROOT = Path(settings.BASE_DIR)
YOU = re.compile(r"\bbạn\b", re.IGNORECASE)


def _translations() -> list[tuple[str, str]]:
    """The Vietnamese side of each entry (msgstr and its continuation lines)."""
    lines = []
    inside_msgstr = False
    po = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    for number, line in enumerate(po.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("msgstr"):
            inside_msgstr = True
        elif not line.startswith('"'):
            inside_msgstr = False
        if inside_msgstr:
            lines.append((f"{po.name}:{number}", line))
    return lines


def _files() -> list[Path]:
    paths = [*(ROOT / "templates").rglob("*.html"), *(ROOT / "templates").rglob("*.txt")]
    paths += (ROOT / "docs").rglob("*.md")
    for app in project_apps():
        paths += Path(app.path).rglob("*.py")
    return paths


def test_no_translation_calls_the_user_ban():
    found = [where for where, line in _translations() if YOU.search(line)]
    assert not found, f'"bạn" instead of "đồng chí": {found}'


def test_no_template_code_or_guide_calls_the_user_ban():
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if YOU.search(line)
    ]
    assert not found, f'"bạn" instead of "đồng chí": {found}'
