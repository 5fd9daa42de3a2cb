"""The search box: Vietnamese typed any way finds people, nominations and units, only inside
the user's subtree, and any input answers normally."""

import pytest
from django.urls import reverse

from committees.models import Role
from core import search
from tests.factories import PersonFactory, UserFactory


def found(client, query, group="nguoi", **params):
    response = client.get(reverse("search"), {"q": query, **params})
    assert response.status_code == 200
    groups = {g["section"].key: g for g in response.context["groups"]}
    return [str(row) for row in groups[group]["rows"]] if group in groups else []


@pytest.fixture
def staff_a(client, city_tree):
    user = UserFactory(unit=city_tree.district_a, role=Role.STAFF)
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "typed", ["nguyen van a", "Nguyen Van A", "NGUYỄN VĂN A", "nguyễn văn á", "NGUYEN VAN A"]
)
def test_a_name_is_found_whatever_the_case_and_tones(client, city_tree, staff_a, typed):
    PersonFactory(full_name="Nguyễn Văn A", unit=city_tree.cell_a1)
    PersonFactory(full_name="Nguyễn Văn Bình", unit=city_tree.cell_a1)

    assert found(client, typed) == ["Nguyễn Văn A"]


def test_d_and_d_with_stroke_are_one_letter(client, city_tree, staff_a):
    PersonFactory(full_name="Phạm Thị Dung", unit=city_tree.cell_a1)
    PersonFactory(full_name="Lê Minh Đức", unit=city_tree.cell_a1)

    assert found(client, "pham thi dung") == ["Phạm Thị Dung"]
    assert found(client, "đức") == found(client, "Đức") == found(client, "DUC") == ["Lê Minh Đức"]


def test_old_and_new_tone_placement_find_each_other(client, city_tree, staff_a):
    PersonFactory(full_name="Trần Thị Thuỷ", unit=city_tree.cell_a1)

    assert found(client, "Thủy") == found(client, "thuỷ") == ["Trần Thị Thuỷ"]


def test_a_code_is_found_by_its_beginning(client, city_tree, staff_a):
    PersonFactory(full_name="Võ Văn Kiệt", code="NC0001", unit=city_tree.cell_a1)

    assert found(client, "NC000") == ["Võ Văn Kiệt"]


def test_a_word_with_a_digit_is_a_code_prefix_with_the_name(client, city_tree, staff_a):
    """Read through the code's own index: any case, with a name word, only the beginning."""
    PersonFactory(full_name="Võ Văn Kiệt", code="DV00001234", unit=city_tree.cell_a1)
    PersonFactory(full_name="Võ Thị Sáu", code="DV00005678", unit=city_tree.cell_a1)

    assert found(client, "dv000012") == found(client, "DV000012") == ["Võ Văn Kiệt"]
    assert sorted(found(client, "vo dv0000")) == ["Võ Thị Sáu", "Võ Văn Kiệt"]
    assert found(client, "kiet dv00005") == []
    assert found(client, "00001234") == []  # the middle of a code is not its beginning
    assert found(client, "dv_000") == found(client, "dv%0") == []  # no wildcards


def test_words_match_in_any_order_by_their_beginning(client, city_tree, staff_a):
    PersonFactory(full_name="Phạm Thị Dung", unit=city_tree.cell_a1)

    assert found(client, "dung pham") == ["Phạm Thị Dung"]
    assert found(client, "ung ham") == []


def test_results_are_in_office_order(client, city_tree, staff_a):
    for name in ["Nguyễn Văn Đông", "Trần Văn Dũng", "Lê Văn Bình", "Hồ Văn An"]:
        PersonFactory(full_name=name, unit=city_tree.cell_a1)

    assert found(client, "van") == [
        "Hồ Văn An",
        "Lê Văn Bình",
        "Trần Văn Dũng",
        "Nguyễn Văn Đông",
    ]


def test_nothing_outside_the_subtree_is_found(client, city_tree, staff_a):
    PersonFactory(full_name="Phạm Thị Dung", unit=city_tree.cell_a1)
    PersonFactory(full_name="Phạm Thị Dung", unit=city_tree.cell_b1)

    response = client.get(reverse("search"), {"q": "dung"})

    people = response.context["groups"][0]["rows"]
    assert [p.unit for p in people] == [city_tree.cell_a1]
    assert "Nhơn Ái" not in found(client, "nhon ai", "don-vi")
    assert found(client, "ninh kieu", "don-vi") == [
        "Quận ủy Ninh Kiều",
        "Ủy ban MTTQ Việt Nam quận Ninh Kiều",
    ]


def test_units_are_found_by_folded_name_and_code(client, city_tree, staff_a):
    assert found(client, "an hoa", "don-vi") == ["Đảng ủy phường An Hòa"]
    assert found(client, "qa-p1-c", "don-vi") == ["Chi bộ khu vực 1", "Chi bộ khu vực 2"]


def test_nominations_are_found_by_nominee(client, seed000):
    person = seed000.member(seed000.tree.cell_a1, full_name="Đinh Thị Ngọc Hà")
    seed000.file(person)
    client.force_login(seed000.staff_district_a)

    expected = ["Đinh Thị Ngọc Hà · Đảng viên tiêu biểu"]
    assert found(client, "dinh thi ngoc ha", "de-nghi") == expected

    client.force_login(seed000.staff_district_b)
    assert found(client, "dinh thi ngoc ha", "de-nghi") == []


@pytest.mark.parametrize(
    "typed",
    [
        "%",
        "_",
        "%%__",
        "' OR 1=1 --",
        '"quoted"',
        "<script>alert(1)</script>",
        "\\",
        "😀😀",
        "漢字 テスト",
        "a\u0301\u0301\u0301",
        "x" * 100,
    ],
)
def test_hostile_input_answers_normally_and_matches_nothing_it_should_not(
    client, city_tree, staff_a, typed
):
    PersonFactory(full_name="Nguyễn Văn A", unit=city_tree.cell_a1)

    response = client.get(reverse("search"), {"q": typed})

    assert response.status_code == 200
    assert found(client, typed) == []


def test_a_very_long_query_is_refused_with_a_message(client, city_tree, staff_a):
    response = client.get(reverse("search"), {"q": "a" * 10_000})

    assert response.status_code == 200
    assert "tối đa 100 ký tự" in response.content.decode()
    assert response.context["groups"] == []


def test_a_null_character_is_refused_with_a_message(client, city_tree, staff_a):
    response = client.get(reverse("search"), {"q": "ab\x00cd"})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["groups"] == []


def test_a_one_letter_query_asks_for_more(client, city_tree, staff_a):
    response = client.get(reverse("search"), {"q": "a"})

    assert "ít nhất hai chữ cái hoặc chữ số" in response.content.decode()


def test_an_unknown_group_is_not_found_and_a_bad_page_is_the_last(client, city_tree, staff_a):
    assert client.get(reverse("search"), {"q": "chi", "nhom": "x"}).status_code == 404
    response = client.get(reverse("search"), {"q": "chi", "nhom": "don-vi", "page": "999"})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1


def test_one_group_is_paginated(client, city_tree, staff_a):
    PersonFactory.create_batch(60, full_name="Lý Thị Mai", unit=city_tree.cell_a1)

    response = client.get(reverse("search"), {"q": "mai", "nhom": "nguoi", "page": "2"})

    assert len(response.context["groups"][0]["rows"]) == 10
    assert response.context["paginator"].count == 60


def test_the_search_box_is_in_the_navigation_bar(client, city_tree, staff_a):
    body = client.get(reverse("dashboard")).content.decode()

    assert 'data-testid="nav-search"' in body
    assert f'action="{reverse("search")}"' in body


def test_query_counts_do_not_grow_with_the_results(client, seed000, queries):
    client.force_login(seed000.staff_district_a)

    def count():
        return queries.of_page(client, reverse("search"), {"q": "thu"})

    seed000.file(seed000.member(seed000.tree.cell_a1))
    small = count()  # no preview full: no section is counted apart
    for _ in range(11):
        seed000.file(seed000.member(seed000.tree.cell_a1))
    PersonFactory.create_batch(15, unit=seed000.tree.cell_a2)
    full = count()  # a full preview adds its section's count, one query
    assert small < full <= small + len(search.sections())
    for _ in range(4):
        seed000.file(seed000.member(seed000.tree.cell_a1))
    PersonFactory.create_batch(30, unit=seed000.tree.cell_a2)

    assert count() == full


def test_a_common_name_is_counted_and_paged_up_to_a_bound(client, city_tree, staff_a, monkeypatch):
    from core.views import search as search_view

    monkeypatch.setattr(search_view, "MOST", 5)
    monkeypatch.setattr(search_view, "OVERVIEW_MOST", 3)
    PersonFactory.create_batch(8, full_name="Nguyễn Thị Lan", unit=city_tree.cell_a1)

    response = client.get(reverse("search"), {"q": "lan"})
    people = response.context["groups"][0]
    assert (people["count"], people["capped"]) == (3, True)
    assert 'data-testid="search-capped"' in response.content.decode()

    one_group = client.get(reverse("search"), {"q": "lan", "nhom": "nguoi"})
    assert one_group.context["paginator"].count == 5
    assert len(one_group.context["groups"][0]["rows"]) == 5
    assert one_group.context["groups"][0]["capped"] is True


def test_the_overview_counts_a_group_up_to_its_own_bound(client, city_tree, staff_a, monkeypatch):
    """More than a preview: counted apart up to ``OVERVIEW_MOST``, the group's link says so."""
    from core.views import search as search_view

    monkeypatch.setattr(search_view, "OVERVIEW_MOST", 12)
    PersonFactory.create_batch(12, full_name="Trần Văn Hải", unit=city_tree.cell_a1)
    people = client.get(reverse("search"), {"q": "hai"}).context["groups"][0]
    assert (people["count"], people["capped"], people["more"]) == (12, False, True)

    PersonFactory(full_name="Trần Văn Hải", unit=city_tree.cell_a1)
    response = client.get(reverse("search"), {"q": "hai"})
    people = response.context["groups"][0]
    assert (people["count"], people["capped"], len(people["rows"])) == (12, True, 10)
    assert "&amp;nhom=nguoi" in response.content.decode()  # the group, counted to MOST


def test_hostile_queries_never_break_the_page_nor_leave_the_subtree(client, city_tree, staff_a):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from tests.security.hostile import NAMES, hostile_text

    for name in NAMES:
        PersonFactory(full_name=name, unit=city_tree.cell_a1)
        PersonFactory(full_name=name, unit=city_tree.cell_b1)

    @settings(max_examples=40, deadline=None)
    @given(
        q=st.one_of(hostile_text, st.sampled_from(NAMES), st.text(max_size=10_000)),
        group=st.sampled_from(["", "nguoi", "don-vi", "de-nghi"]),
        page=st.one_of(st.just(""), hostile_text),
    )
    def search(q, group, page):
        response = client.get(reverse("search"), {"q": q, "nhom": group, "page": page})
        assert response.status_code < 500
        assert b"<script>alert" not in response.content
        for found in response.context["groups"] if response.status_code == 200 else []:
            for row in found["rows"]:
                unit = getattr(row, "unit", None) or getattr(row, "filing_unit", None) or row
                assert unit.path.startswith(city_tree.district_a.path)

    search()


@pytest.mark.parametrize("walk", [1, 3, 5, 40])
@pytest.mark.parametrize("n", [1, 2, 4, 11])
def test_the_first_people_are_the_same_however_far_the_walk_goes(
    city_tree, staff_a, monkeypatch, walk, n
):
    """The preview of people reads the name order up to a point, then sorts what is after it:
    the same rows in the same order as the plain sorted query, wherever the point falls."""
    from committees import search as people_search
    from core.text import query_words

    monkeypatch.setattr(people_search, "WALK", walk)
    top = UserFactory(unit=city_tree.city, role=Role.STAFF)  # the walk is for the top's scope
    assert top.unit.depth == 1
    for name in (
        "Nguyễn Thị Vy",
        "Lê Văn An",
        "Trần Vy",
        "Vy Thị Bình",
        "Phạm Thị Yến",
        "Nguyễn Văn Vy",
        "Đỗ Thị Vy",
        "Hoàng Vy Anh",
        "Bùi Thị Ánh",
    ):
        PersonFactory(full_name=name, unit=city_tree.cell_a1)

    for typed in ("vy", "thi", "nguyen", "yen", "xyz"):
        found = people_search.search_people(top, query_words(typed))
        first = people_search.first_people(top, found, n)
        assert first == list(found[:n]), (typed, walk, n)
