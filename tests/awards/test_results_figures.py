"""The figures of a report of results, from plain rows (no database)."""

import datetime

import pytest

from awards import results as r
from awards.results import CapInfo, CategoryInfo, HonoredRow, QuotaInfo
from awards.results_services import header_groups

END = datetime.date(2024, 12, 31)
CATEGORIES = [CategoryInfo("dang-vien", "Đảng viên tiêu biểu"), CategoryInfo("bi-thu", "Bí thư")]


def born(years_before_end: int, *, day_after: bool = False) -> datetime.date:
    """The date of birth that makes someone exactly ``years_before_end`` on END (or one day
    short of it)."""
    birth = END.replace(year=END.year - years_before_end)
    return birth + datetime.timedelta(days=1) if day_after else birth


@pytest.mark.parametrize(
    ("birth", "group"),
    [
        (born(30), "30_45"),  # 30 on the period's last day
        (born(30, day_after=True), "under_30"),  # one day short of 30
        (born(45), "30_45"),
        (born(46, day_after=True), "30_45"),
        (born(46), "46_60"),
        (born(60), "46_60"),
        (born(61, day_after=True), "46_60"),
        (born(61), "over_60"),
        (None, "unknown"),
        (datetime.date(2025, 1, 1), "unknown"),  # born after the period: a typing mistake
    ],
)
def test_age_groups_at_their_boundaries(birth, group):
    assert r.age_group(birth, END) == group


def test_a_birthday_on_29_february():
    assert r.age_on(datetime.date(1996, 2, 29), datetime.date(2026, 2, 28)) == 29
    assert r.age_on(datetime.date(1996, 2, 29), datetime.date(2026, 3, 1)) == 30


def test_the_grassroots_kind_is_the_first_on_the_way_up():
    grassroots = {"dang_uy_xa", "dang_uy_co_so", "chi_bo_co_so"}
    assert r.grassroots_kind(["chi_bo", "dang_uy_xa", "quan_uy"], grassroots) == "dang_uy_xa"
    assert r.grassroots_kind(["chi_bo_co_so", "quan_uy"], grassroots) == "chi_bo_co_so"
    assert r.grassroots_kind(["doan_the", "quan_uy"], grassroots) == "doan_the"
    assert r.grassroots_kind([], grassroots) == "unknown"


def figures(rows, **kwargs):
    values = {"categories": CATEGORIES, "as_of": END, "received": 10, "forwarded": 1}
    values.update(kwargs)
    return r.compute_figures(rows, **values)


def test_counts_by_category_gender_age_and_kind():
    rows = [
        HonoredRow("dang-vien", True, "male", born(30), "dang_uy_xa"),
        HonoredRow("dang-vien", True, "female", born(29), "dang_uy_co_so"),
        HonoredRow("bi-thu", True, "", None, "dang_uy_xa"),
        HonoredRow("dang-vien", False, "", None, "chi_bo_co_so"),  # a collective
    ]
    result = figures(rows, rejected=2)
    assert (result["honored"], result["individuals"], result["collectives"]) == (4, 3, 1)
    assert [(c["code"], c["count"]) for c in result["by_category"]] == [
        ("dang-vien", 3),
        ("bi-thu", 1),
    ]
    # Gender and age are of individuals only: a collective has neither.
    assert result["by_gender"] == {"male": 1, "female": 1, "unknown": 1}
    assert result["by_age"] == {
        "under_30": 1,
        "30_45": 1,
        "46_60": 0,
        "over_60": 0,
        "unknown": 1,
    }
    assert result["by_unit_kind"] == {"chi_bo_co_so": 1, "dang_uy_co_so": 1, "dang_uy_xa": 2}
    assert (result["received"], result["forwarded"], result["rejected"]) == (10, 1, 2)
    assert result["as_of"] == "2024-12-31"


def test_a_unit_that_honored_nobody_reports_zeros_in_every_group():
    result = figures([], received=0, forwarded=0)
    assert result["honored"] == 0
    assert all(c["count"] == 0 for c in result["by_category"])
    assert set(result["by_age"].values()) == {0}
    assert result["by_unit_kind"] == {}


def test_the_cap_and_the_quotas_say_whether_they_were_kept():
    result = figures(
        [],
        cap=CapInfo(base=37, percent=10, limit=3, requested=4),
        quotas=[QuotaInfo("", 2, 1, 2, individuals=2, collectives=0)],
    )
    assert result["cap"] == {"base": 37, "percent": 10, "limit": 3, "requested": 4, "ok": False}
    assert result["quotas"][0]["ok"] is True
    over = figures([], quotas=[QuotaInfo("", 2, 1, 2, individuals=2, collectives=1)])
    assert over["quotas"][0]["ok"] is False  # 3 in all against 2
    assert figures([])["cap"] is None


def test_the_total_row_sums_each_column():
    one = figures([HonoredRow("dang-vien", True, "male", born(50), "dang_uy_xa")], received=3)
    two = figures(
        [
            HonoredRow("bi-thu", True, "female", born(20), "dang_uy_co_so"),
            HonoredRow("bi-thu", True, "female", born(70), "dang_uy_co_so"),
        ],
        received=5,
        cap=CapInfo(base=2, percent=10, limit=0, requested=0),
    )
    cols = r.columns([one, two, None], CATEGORIES)
    assert ("by_unit_kind", "dang_uy_co_so") in cols and ("by_unit_kind", "dang_uy_xa") in cols
    total = r.totals([one, two, None], cols)
    by_column = dict(zip(cols, total, strict=True))
    assert by_column[("total", "honored")] == 3
    assert by_column[("by_category", "bi-thu")] == 2
    assert by_column[("by_gender", "female")] == 2
    assert by_column[("by_age", "over_60")] == 1
    assert by_column[("total", "received")] == 8
    assert by_column[("cap", "limit")] == 0  # only the second has a cap
    for column, summed in by_column.items():
        assert summed == sum(r.value(f, column) or 0 for f in (one, two))
    assert r.value(None, ("total", "honored")) is None


def test_header_groups_span_their_columns():
    headers = [("", "a"), ("", "b"), ("G", "x"), ("G", "y"), ("H", "z"), ("", "c")]
    assert header_groups(headers) == [("", 1), ("", 1), ("G", 2), ("H", 1), ("", 1)]
