"""Scoping cannot be skipped by accident: a scoped model read without a scope is refused at run
time, and no view names a scoped model's manager without scoping it (checked on the source)."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch

from committees.models import Person, PersonRating, Unit
from committees.scoping import OutOfScope, ScopedQuerySet, unscoped_block
from tests.factories import PersonFactory, PersonRatingFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent.parent


PROBE_FILE = str(ROOT / "committees" / "_scoping_probe.py")


def run(expression: str, **names):
    """Evaluate ``expression`` as if it were code of a project module, not of the test suite:
    test modules may list freely, so the refusal is seen only from code outside ``tests``."""
    code = compile(expression, PROBE_FILE, "eval")
    return eval(code, {"__name__": "committees._scoping_probe", **names})  # noqa: S307


@pytest.fixture
def people(city_tree):
    for unit in (city_tree.cell_a1, city_tree.cell_b1):
        PersonRatingFactory(person=PersonFactory(unit=unit), year=2024)
    return city_tree


@pytest.mark.django_db
class TestRefusal:
    @pytest.mark.parametrize(
        "expression",
        [
            "list(qs)",
            "len(qs)",
            "bool(qs)",
            "qs[0]",
            "qs.count()",
            "qs.exists()",
            "qs.first()",
            "qs.aggregate(n=Count('id'))",
            "list(qs.iterator())",
            "list(qs.values_list('code', flat=True))",
            "qs.get(code='x')",
            "qs.in_bulk()",
            "qs.update(position='x')",
            "qs.delete()",
            "list(qs.filter(pk__in=[1, 2]))",
        ],
    )
    def test_an_unscoped_read_or_bulk_change_is_refused(self, people, expression):
        qs = Person.objects.filter(is_party_member=True)
        with pytest.raises(OutOfScope, match="Person read without a scope"):
            run(expression, qs=qs, Count=Count)

    def test_the_refusal_survives_chaining_and_combining(self, people, city_tree):
        scoped = Person.objects.within(city_tree.district_a)
        other = Person.objects.filter(unit=city_tree.cell_b1)
        for qs in (
            Person.objects.order_by("code").select_related("unit").distinct(),
            scoped | other,
            scoped.union(other),
        ):
            with pytest.raises(OutOfScope):
                run("list(qs)", qs=qs)
        assert len(run("list(qs)", qs=scoped & other)) == 0

    def test_every_scope_lets_the_rows_through(self, people, city_tree):
        user = UserFactory(unit=city_tree.district_a)
        cell = city_tree.cell_a1
        person = Person.objects.get(unit=cell)

        def listed(qs):
            return run("list(qs)", qs=qs)

        assert len(listed(Person.objects.visible_to(user))) == 1
        assert len(listed(Person.objects.within(city_tree.district_b))) == 1
        assert len(listed(Person.objects.unscoped("the test's own reason"))) == 2
        assert listed(Person.objects.visible_to(UserFactory(unit=None, role=""))) == []
        assert listed(Person.objects.none()) == []
        assert listed(cell.people.all()) == [person]  # a related manager of an object in hand
        assert listed(person.ratings.all()) == list(PersonRating.objects.filter(person=person))
        units = listed(Unit.objects.filter(pk=cell.pk).prefetch_related("people"))
        assert list(units[0].people.all()) == [person]  # a prefetch hangs from its object
        units = listed(
            Unit.objects.filter(pk=cell.pk).prefetch_related(
                Prefetch("people", queryset=Person.objects.order_by("code"))
            )
        )
        assert list(units[0].people.all()) == [person]
        names = {"Person": Person, "person": person, "user": user}
        assert run("Person.objects.get(pk=person.pk)", **names) == person  # one row by pk
        assert run("Person.objects.filter(pk=person.pk).update(position='x')", **names) == 1
        assert run("Person.objects.visible_to(user).filter(code=person.code).exists()", **names)

    def test_a_subquery_only_narrows_the_outer_query(self, people, city_tree):
        inner = Person.objects.filter(unit=city_tree.cell_a1).values("id")  # never run alone
        outer = PersonRating.objects.within(city_tree.district_a).filter(person__in=inner)
        assert len(run("list(qs)", qs=outer)) == 1

    def test_unscoped_needs_a_reason(self):
        with pytest.raises(ValueError, match="needs a reason"):
            Person.objects.unscoped("  ")
        with pytest.raises(ValueError, match="needs a reason"), unscoped_block(""):
            pass

    def test_framework_code_reads_inside_an_unscoped_block(self, people):
        with unscoped_block("the test's framework"):
            assert run("Person.objects.count()", Person=Person) == 2
        with pytest.raises(OutOfScope):
            run("Person.objects.count()", Person=Person)

    def test_uniqueness_validation_spans_the_tree(self, people, city_tree):
        taken = Person.objects.get(unit=city_tree.cell_b1).code
        duplicate = Person(code=taken, full_name="Nguyễn Văn A", unit=city_tree.cell_a1)
        with pytest.raises(ValidationError) as refused:
            run("duplicate.full_clean()", duplicate=duplicate)
        assert "code" in refused.value.message_dict

    def test_the_tree_itself_is_not_refused(self, city_tree):
        assert len(run("list(Unit.objects.all())", Unit=Unit)) > 1


def scoped_models() -> list[str]:
    names = []
    for model in apps.get_models():
        queryset = model._default_manager.get_queryset()
        if isinstance(queryset, ScopedQuerySet) and queryset.require_scope:
            names.append(model.__name__)
    return sorted(names)


SCOPES = ("visible_to", "within", "unscoped", "none")


def view_modules() -> list[Path]:
    found = set()
    for pattern in ("*/views/**/*.py", "*/**/views.py"):
        found.update(p for p in ROOT.glob(pattern) if ".venv" not in p.parts)
    return sorted(p for p in found if "tests" not in p.relative_to(ROOT).parts)


def unscoped_uses(source: str, names: list[str]) -> list[str]:
    """Each place in ``source`` that names a scoped model's manager without scoping it first,
    or hands the model class itself to a shortcut that reads through its manager."""
    alternation = "|".join(names)
    manager = re.compile(
        rf"\b({alternation})\s*\.\s*(objects|_default_manager)\b(?!\s*\.\s*({'|'.join(SCOPES)})\()"
    )
    shortcut = re.compile(rf"\b(get_object_or_404|get_list_or_404)\(\s*({alternation})\s*[,)]")
    found = []
    for pattern in (manager, shortcut):
        for match in pattern.finditer(source):
            line = source.count("\n", 0, match.start()) + 1
            found.append(f"{line}: {match.group(0)}")
    return found


def test_the_static_check_knows_the_scoped_models_and_catches_a_skip():
    names = scoped_models()
    assert {"Nomination", "Person", "PersonRating", "DossierBundle", "PublicVote"} <= set(names)
    assert "Unit" not in names
    bad = (
        "rows = Nomination.objects.filter(campaign=c)\n"
        "one = get_object_or_404(Person, code=code)\n"
        "also = PublicVote.objects\\\n    .get(public_id=x)\n"
    )
    assert len(unscoped_uses(bad, names)) == 3
    good = (
        "rows = Nomination.objects.visible_to(user).filter(campaign=c)\n"
        "vote = PublicVote.objects.unscoped('anonymous page').get(public_id=x)\n"
        "rows = Nomination.objects.none()\n"
        "body = (\n    Body.objects\n    .within(unit)\n)\n"
    )
    assert unscoped_uses(good, names) == []


def test_no_view_reads_a_scoped_model_without_a_scope():
    names = scoped_models()
    modules = view_modules()
    assert len(modules) > 20  # the glob must find the views, or the test proves nothing
    offending = {}
    for path in modules:
        found = unscoped_uses(path.read_text(encoding="utf-8"), names)
        if found:
            offending[str(path.relative_to(ROOT))] = found
    assert offending == {}, (
        "scope these reads with .visible_to(user) / .within(unit), or say why with "
        ".unscoped('reason')"
    )


def test_every_unscoped_call_in_a_view_says_why():
    for path in view_modules():
        source = path.read_text(encoding="utf-8")
        for match in re.finditer(r"\.unscoped\(\s*(.)", source):
            assert match.group(1) in "\"'", f"{path}: unscoped() without a literal reason"
