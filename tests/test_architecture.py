"""The shape of the code, checked by a machine: the apps import each other only downwards
(the import contract in pyproject.toml), and no module uses another module's private names."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from django.conf import settings
from importlinter.cli import lint_imports

from tests.project import project_apps

ROOT = Path(settings.BASE_DIR)
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "importlinter"
]
PACKAGES = CONFIG["root_packages"]


def test_the_import_contract_holds():
    """Fails on an upward import (``lint-imports`` prints which one, and from which line)."""
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_every_app_of_the_project_has_a_layer():
    """A new app cannot escape the contract by not being listed in it."""
    layered = {
        name.strip()
        for contract in CONFIG["contracts"]
        if contract["type"] == "layers"
        for layer in contract["layers"]
        for name in layer.replace(":", "|").split("|")
    }
    local_apps = {config.name.split(".")[0] for config in project_apps()}
    assert local_apps <= layered <= set(PACKAGES)


# --- private names stay in their module ----------------------------------------------------------


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _absolute(module: str, node: ast.ImportFrom) -> str:
    """The module an ``import from`` names, relative imports resolved."""
    if not node.level:
        return node.module or ""
    package = module.split(".")
    is_package = (ROOT / Path(*package) / "__init__.py").exists()
    base = package if is_package else package[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _is_our_module(dotted: str) -> bool:
    path = ROOT / Path(*dotted.split("."))
    return dotted.split(".")[0] in PACKAGES and (
        path.with_suffix(".py").exists() or (path / "__init__.py").exists()
    )


def _private_uses(path: Path) -> set[tuple[str, str]]:
    module = _module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found, module_aliases = set(), {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _is_our_module(alias.name):
                    bound = alias.asname or alias.name.split(".")[0]
                    module_aliases[bound] = alias.name if alias.asname else bound
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node)
            if source.split(".")[0] not in PACKAGES:
                continue
            for alias in node.names:
                if _is_our_module(f"{source}.{alias.name}"):
                    module_aliases[alias.asname or alias.name] = f"{source}.{alias.name}"
                elif _is_private(alias.name) and source != module:
                    found.add(f"{source}.{alias.name}")
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in module_aliases
            and _is_private(node.attr)
            and module_aliases[node.value.id] != module
        ):
            found.add(f"{module_aliases[node.value.id]}.{node.attr}")
    relative = str(path.relative_to(ROOT))
    return {(relative, name) for name in found}


def _sources():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_no_module_uses_another_modules_private_names():
    """``from x import _helper`` or ``x._helper(...)`` across modules: the helper is private to
    its module, so its callers depend on what may change without notice. Make it public (and
    say so), or move the caller's need into the module."""
    uses = set().union(*(_private_uses(path) for path in _sources()))
    assert sorted(uses) == []


def test_the_private_names_check_can_fail(tmp_path, monkeypatch):
    monkeypatch.setattr("tests.test_architecture.ROOT", tmp_path)  # a small tree of our own
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "__init__.py").write_text("")
    (tmp_path / "core" / "a.py").write_text("def _helper(): ...\n")
    caller = tmp_path / "core" / "b.py"
    caller.write_text("from . import a\nfrom .a import _helper\n\na._helper()\n")
    assert _private_uses(caller) == {("core/b.py", "core.a._helper")}
