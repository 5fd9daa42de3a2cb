"""Names inside a bundle: Vietnamese kept, nothing from user data can open a folder or climb
out of one."""

import unicodedata

import pytest

from dossiers.bundles.building import BundleFile, resolve
from dossiers.bundles.naming import (
    MAX_SEGMENT,
    join_path,
    normalise_path,
    numbered,
    safe_segment,
)


def test_vietnamese_is_kept_and_composed():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
    assert safe_segment(decomposed) == "Nguyễn Thị Ánh Tuyết"
    assert unicodedata.is_normalized("NFC", safe_segment(decomposed))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tờ trình/Biên bản", "Tờ trình-Biên bản"),
        ("Số 12\\QĐ-UBND.pdf", "Số 12-QĐ-UBND.pdf"),
        ("Giờ họp: 14h", "Giờ họp- 14h"),
        ("../../etc/passwd", "-..-etc-passwd"),
        ("..", "_"),
        ("  . ẩn .  ", "ẩn"),
        ("báo\u202ecáo\x00.pdf", "báocáo.pdf"),
        ("dòng một\ndòng\thai", "dòng một dòng hai"),
        ('ý kiến "tốt"?.pdf', "ý kiến _tốt__.pdf"),
        ("CON.pdf", "_CON.pdf"),
        ("", "_"),
    ],
)
def test_a_name_is_one_safe_segment(text, expected):
    assert safe_segment(text) == expected


def test_a_long_name_keeps_its_extension():
    name = safe_segment("Quyết định " * 30 + ".pdf")
    assert MAX_SEGMENT - 2 <= len(name) <= MAX_SEGMENT
    assert name.endswith(".pdf")


def test_join_path_keeps_each_name_in_its_folder():
    assert join_path("Tờ trình/Biên bản", "../../x.pdf") == "Tờ trình-Biên bản/-..-x.pdf"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("../../etc/passwd", "etc/passwd"),
        ("/tuyệt đối/a.pdf", "tuyệt đối/a.pdf"),
        ("a/./b//c.pdf", "a/b/c.pdf"),
        ("a\\..\\..\\b.pdf", "a/b.pdf"),
        ("../..", "_"),
    ],
)
def test_the_builder_never_lets_a_path_climb_out(path, expected):
    assert normalise_path(path) == expected


def test_numbered_folders_sort_in_list_order():
    assert numbered(7, 2, "Nguyễn Văn A/B") == "07 - Nguyễn Văn A-B"
    assert numbered(7, 3, "Trần Thị C") == "007 - Trần Thị C"


def test_duplicate_paths_get_a_number_whatever_the_case():
    files = [
        BundleFile(path, bytes)
        for path in (
            "01 - A/Báo cáo.pdf",
            "01 - A/báo cáo.PDF",
            "01 - A/Báo cáo.pdf",
            "02 - B/Báo cáo.pdf",
        )
    ]
    assert [f.path for f in resolve(files)] == [
        "01 - A/Báo cáo.pdf",
        "01 - A/báo cáo (2).PDF",
        "01 - A/Báo cáo (3).pdf",
        "02 - B/Báo cáo.pdf",
    ]
