"""No module of the project calls another module's private helper: what one module needs of
another is public (``workflow.lock``, not ``services._lock``), so a private name can change
without a search through the other apps."""

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent


def project_packages() -> list[pathlib.Path]:
    return sorted(
        path
        for path in ROOT.iterdir()
        if (path / "__init__.py").exists() and path.name not in {"tests"}
    )


def is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_uses(source: str, ours: set[str]) -> list[str]:
    """``from m import _x`` of a project module, and ``m._x`` on a project module imported by
    name (``ours``: the project's top-level packages; third-party internals are not counted)."""
    tree = ast.parse(source)
    modules: set[str] = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in ours:
                    modules.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            if not (node.level or (node.module or "").split(".")[0] in ours):
                continue
            for alias in node.names:
                if is_private(alias.name):
                    found.append(f"from {node.module} import {alias.name} (line {node.lineno})")
                # ``from . import services``: the name is a module when it is lower case.
                elif alias.name.islower():
                    modules.add(alias.asname or alias.name)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and is_private(node.attr)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
        ):
            found.append(f"{node.value.id}.{node.attr} (line {node.lineno})")
    return found


def test_a_private_helper_of_a_module_is_not_called_from_another():
    offences = []
    ours = {package.name for package in project_packages()}
    for package in project_packages():
        for path in package.rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for use in private_uses(path.read_text(encoding="utf-8"), ours):
                offences.append(f"{path.relative_to(ROOT)}: {use}")
    assert offences == []


def test_the_check_finds_a_private_call():
    source = (
        "from nominations import services\nservices._lock(n)\n"
        "from nominations.services import _record\nfrom docx.table import _Cell\n"
    )
    assert len(private_uses(source, {"nominations"})) == 2
