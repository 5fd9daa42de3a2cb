from dataclasses import dataclass

import pgtrigger
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from committees.models import Unit, UnitKind

from .factories import UnitFactory
from .shared_data import run_shared_data_last

# Playwright fixtures (``browser``, ``page``, ``artifacts_dir``) for any test marked ``browser``.
# The seed-000 campaign on the test city (``seed000``), for the workflow tests of any app.
pytest_plugins = [
    "tests.browser_fixtures",
    "tests.workflow_fixtures",
    "tests.public_vote_fixtures",
    "tests.seed_fixtures",
    # the district's conference with an issued decision (``conf``), for awards and dossiers
    "tests.awards.conference_fixtures",
]


@pytest.fixture(autouse=True)
def celery_inline(request):
    """Tasks run inline in tests, even with REDIS_URL set; tests marked ``celery_worker`` get a
    real worker on the broker instead."""
    from config.celery import app

    if request.node.get_closest_marker("celery_worker"):
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts in the site's language and leaves it so: a request in English
    (``HTTP_ACCEPT_LANGUAGE="en"``) activates English in the thread (``LocaleMiddleware``) and
    would otherwise turn the next test's messages English on the same worker."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a test's database is rolled back, its cached
    values (the dashboards' counts, rate limits) must go with it."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    # Hashing strength is Django's business; here it only slows every account a test creates.
    # Once for the session: per test, the override and its undo cost more than the hashing.
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


class QueryCount:
    """The tests' one way to count database queries: a page that must not grow with its rows
    is counted small and large and the two compared; a fixed bound goes through pytest-django's
    assertion, which lists the queries when run with ``-v``."""

    def __init__(self, at_most, exactly):
        self.at_most = at_most
        self.exactly = exactly

    def __call__(self) -> CaptureQueriesContext:
        """Counts a block: ``with queries() as counted: ...``, then ``len(counted)``."""
        return CaptureQueriesContext(connection)

    def of(self, action) -> int:
        """The number of queries ``action()`` takes."""
        with self() as counted:
            action()
        return len(counted)

    def page(self, client, url, data=None, **extra):
        """GETs a page that must answer 200: its response and the number of queries it took."""
        with self() as counted:
            response = client.get(url, data, **extra)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        return response, len(counted)

    def of_page(self, client, url, data=None, **extra) -> int:
        return self.page(client, url, data, **extra)[1]


@pytest.fixture
def media(settings, tmp_path):
    """Uploads land in the test's own directory, never under var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def queries(django_assert_max_num_queries, django_assert_num_queries) -> QueryCount:
    """``queries.of_page(client, url)``, ``queries.of(action)``, ``with queries() as counted``,
    ``with queries.at_most(n)``, ``with queries.exactly(n)``."""
    return QueryCount(at_most=django_assert_max_num_queries, exactly=django_assert_num_queries)


@dataclass
class CityTree:
    """A city with two districts, each with a grassroots committee and two cells,
    plus a grassroots cell directly under district A and a mass organisation."""

    city: Unit
    district_a: Unit
    district_b: Unit
    grassroots_a: Unit
    grassroots_b: Unit
    cell_a1: Unit
    cell_a2: Unit
    cell_b1: Unit
    cell_b2: Unit
    grassroots_cell_a: Unit
    mass_org_a: Unit


@pytest.fixture
def city_tree(db) -> CityTree:
    city = UnitFactory(code="TU", name="Thành ủy Cần Thơ", kind=UnitKind.THANH_UY)
    district_a = UnitFactory(
        parent=city, code="QA", name="Quận ủy Ninh Kiều", kind=UnitKind.QUAN_UY
    )
    district_b = UnitFactory(
        parent=city, code="HB", name="Huyện ủy Phong Điền", kind=UnitKind.HUYEN_UY
    )
    grassroots_a = UnitFactory(
        parent=district_a, code="QA-P1", name="Đảng ủy phường An Hòa", kind=UnitKind.DANG_UY_CO_SO
    )
    grassroots_b = UnitFactory(
        parent=district_b, code="HB-X1", name="Đảng ủy xã Nhơn Ái", kind=UnitKind.DANG_UY_CO_SO
    )
    cell_a1 = UnitFactory(parent=grassroots_a, code="QA-P1-C1", name="Chi bộ khu vực 1")
    cell_a2 = UnitFactory(parent=grassroots_a, code="QA-P1-C2", name="Chi bộ khu vực 2")
    cell_b1 = UnitFactory(parent=grassroots_b, code="HB-X1-C1", name="Chi bộ ấp Nhơn Lộc")
    cell_b2 = UnitFactory(parent=grassroots_b, code="HB-X1-C2", name="Chi bộ ấp Nhơn Thọ")
    grassroots_cell_a = UnitFactory(
        parent=district_a,
        code="QA-CBCS",
        kind=UnitKind.CHI_BO_CO_SO,
        name="Chi bộ Trường THPT Châu Văn Liêm",
    )
    mass_org_a = UnitFactory(
        parent=district_a,
        code="QA-MTTQ",
        kind=UnitKind.DOAN_THE,
        name="Ủy ban MTTQ Việt Nam quận Ninh Kiều",
    )
    return CityTree(
        *(
            Unit.objects.get(pk=u.pk)
            for u in (
                city,
                district_a,
                district_b,
                grassroots_a,
                grassroots_b,
                cell_a1,
                cell_a2,
                cell_b1,
                cell_b2,
                grassroots_cell_a,
                mass_org_a,
            )
        )
    )


@pytest.fixture(autouse=True, scope="session")
def flush_past_the_history_triggers():
    """Transactional tests end with ``flush``, a TRUNCATE of every table: on PostgreSQL the
    histories refuse it (as they must in production), so the tests' flush passes their
    triggers, and only it."""
    from django.core.management.commands import flush

    from .history import truncate_triggers

    original = flush.Command.handle

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            return original(self, *args, **options)
        with pgtrigger.ignore(*truncate_triggers()):
            return original(self, *args, **options)

    flush.Command.handle = handle
    yield
    flush.Command.handle = original


def pytest_collection_modifyitems(items):
    run_shared_data_last(items)
    run_once_on_sqlite(items)


#: what does not depend on the database engine: the browser (pages, accessibility), the crawl
#: of every link. CI runs the suite twice, on SQLite and on
#: PostgreSQL; these run in the first only, which keeps each run under its time budget.
ONCE = ("browser", "once")


def run_once_on_sqlite(items):
    """Each of the two runs skips what the other one runs: the database-independent tests run
    on SQLite, and the walks of the migrations with data (``migrations``) on PostgreSQL, the
    production engine, where they take seconds instead of minutes of table rebuilds."""
    if connection.vendor == "sqlite":
        skip = pytest.mark.skip(reason="walks the migrations with data: runs in the PostgreSQL run")
        names: tuple[str, ...] = ("migrations",)
    else:
        skip = pytest.mark.skip(reason="independent of the database: runs in the SQLite run")
        names = ONCE
    for item in items:
        if any(item.get_closest_marker(name) for name in names):
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    """The figures of the security tests, visible in a plain ``-q`` run."""
    from tests.security import figures

    lines = figures.summary()
    if lines:
        terminalreporter.section("security figures")
        for line in lines:
            terminalreporter.write_line(line)
