"""Conventions of the test suite itself, checked over its source with ``ast``."""

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent


def _names_validation_error(node: ast.expr) -> bool:
    if isinstance(node, ast.Tuple):
        return any(_names_validation_error(element) for element in node.elts)
    if isinstance(node, ast.Name):
        return node.id.endswith("ValidationError")
    if isinstance(node, ast.Attribute):
        return node.attr.endswith("ValidationError")
    return False


def _is_bare_raises(call: ast.expr) -> bool:
    """``pytest.raises(ValidationError)`` (or a tuple naming it) without ``match=``."""
    return (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == "raises"
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id == "pytest"
        and bool(call.args)
        and _names_validation_error(call.args[0])
        and not any(keyword.arg == "match" for keyword in call.keywords)
    )


def _uses(statement: ast.stmt, name: str) -> bool:
    return any(isinstance(node, ast.Name) and node.id == name for node in ast.walk(statement))


def _following(parents: dict[ast.AST, ast.AST], statement: ast.stmt) -> ast.stmt | None:
    """The statement that runs after ``statement``, climbing out of enclosing blocks."""
    node: ast.AST = statement
    while node in parents:
        parent = parents[node]
        for field in ("body", "orelse", "finalbody", "handlers"):
            block = getattr(parent, field, None)
            if isinstance(block, list) and node in block:
                index = block.index(node)
                if index + 1 < len(block):
                    return block[index + 1]
                break
        if isinstance(parent, ast.FunctionDef | ast.AsyncFunctionDef | ast.Module):
            return None
        node = parent
    return None


def unexplained_refusals(source: str) -> list[int]:
    """Lines where ``pytest.raises(ValidationError)`` does not say which rule refused: no
    ``match=``, and the statement right after the ``with`` does not look at the caught error."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _is_bare_raises(node):
            parent = parents.get(node)
            item = parent if isinstance(parent, ast.withitem) else None
            statement = parents.get(item) if item else None
            name = item.optional_vars if item else None
            following = _following(parents, statement) if statement else None
            if not (
                isinstance(name, ast.Name) and following is not None and _uses(following, name.id)
            ):
                lines.append(node.lineno)
    return lines


def test_the_scanner_tells_a_bare_refusal_from_an_explained_one():
    bare = "with pytest.raises(ValidationError):\n    act()\n"
    unchecked = "with pytest.raises(ValidationError) as caught:\n    act()\nother()\n"
    matched = "with pytest.raises(ValidationError, match='cap'):\n    act()\n"
    checked = (
        "with pytest.raises(ValidationError) as caught:\n    act()\n"
        "assert 'cap' in caught.value.message_dict\n"
    )
    nested = (
        "def test():\n    with override('en'):\n"
        "        with pytest.raises(forms.ValidationError) as caught:\n            act()\n"
        "    assert caught.value.code == 'cap'\n"
    )
    assert unexplained_refusals(bare) == [1]
    assert unexplained_refusals(unchecked) == [1]
    assert unexplained_refusals("with pytest.raises((ValidationError, KeyError)):\n  a()\n") == [1]
    assert unexplained_refusals(matched) == []
    assert unexplained_refusals(checked) == []
    assert unexplained_refusals(nested) == []


def test_every_validation_error_in_the_tests_says_which_rule_refused():
    """A test that expects a refusal names the rule: ``match=`` with (part of) the message, or
    an assertion on the caught error right after. A bare ``pytest.raises(ValidationError)``
    also passes when a different rule refuses, so it cannot catch a rule that went missing."""
    found = [
        f"{path.relative_to(TESTS.parent)}:{line}"
        for path in sorted(TESTS.rglob("*.py"))
        for line in unexplained_refusals(path.read_text(encoding="utf-8"))
    ]
    assert not found, "pytest.raises(ValidationError) without match= or a check:\n" + "\n".join(
        found
    )


@pytest.mark.django_db
def test_the_shared_query_count_counts_and_its_bounds_can_fail(queries):
    from committees.models import Unit

    def two_queries():
        list(Unit.objects.all())
        list(Unit.objects.all())

    assert queries.of(two_queries) == 2
    exact = pytest.raises(pytest.fail.Exception, match="Expected to perform 1 queries but 2")
    with exact, queries.exactly(1):
        two_queries()
    bound = pytest.raises(pytest.fail.Exception, match="1 queries or less but 2 were done")
    with bound, queries.at_most(1):
        two_queries()


def test_queries_are_counted_through_the_shared_fixture():
    """One ``queries`` fixture (tests/conftest.py) counts queries; copies of the counting
    helper drift apart in what they assert (status code, language, bounds)."""
    own = {TESTS / "conftest.py", Path(__file__).resolve()}
    found = [
        f"{path.relative_to(TESTS.parent)}: {name}"
        for path in sorted(TESTS.rglob("*.py"))
        if path not in own
        for name in ("CaptureQueriesContext", "django_assert_", "assertNumQueries")
        if name in path.read_text(encoding="utf-8")
    ]
    assert not found, "count queries with the `queries` fixture:\n" + "\n".join(found)
