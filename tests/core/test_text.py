"""Vietnamese as people type it and as offices sort it: folding and sort keys, no database."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.text import fold, name_sort_key, query_words, search_key, title_sort_key


@pytest.mark.parametrize(
    "typed", ["Nguyễn Văn Á", "nguyen van a", "NGUYEN VAN A", "NGUYỄN VĂN A", "  nguyễn   văn á "]
)
def test_case_tones_and_spacing_fold_away(typed):
    assert fold(typed) == "nguyen van a"


def test_d_with_stroke_folds_to_d_in_both_cases():
    assert fold("Đức") == fold("đức") == fold("DUC") == "duc"


def test_old_and_new_tone_placement_are_one_text():
    assert fold("Thuỷ") == fold("Thủy")
    assert fold("Hoà") == fold("Hòa")
    assert name_sort_key("Lê Thị Thuỷ") == name_sort_key("Lê Thị Thủy")


def test_decomposed_and_composed_input_fold_alike():
    assert fold(unicodedata.normalize("NFD", "Phạm Thị Dung")) == "pham thi dung"


def test_search_key_starts_every_word_with_a_space():
    assert search_key("Phạm Thị Dung", "NC0001") == " pham thi dung nc0001"
    assert search_key("", "") == ""


def test_query_words_are_folded_without_repeats_and_bounded():
    assert query_words("Dung DUNG dũng  pham") == ["dung", "pham"]
    assert len(query_words(" ".join(f"w{n}" for n in range(100)))) == 8


def sorted_names(names):
    return sorted(names, key=name_sort_key)


def test_offices_sort_by_given_name_first():
    assert sorted_names(["Nguyễn Văn Bình", "Trần Thị An"]) == ["Trần Thị An", "Nguyễn Văn Bình"]


def test_the_rest_of_the_name_decides_between_equal_given_names():
    assert sorted_names(["Trần Văn An", "Lê Văn An"]) == ["Lê Văn An", "Trần Văn An"]


def test_vietnamese_letters_sort_after_their_base_letter():
    assert sorted_names(["Lê Ân", "Lê Ăn", "Lê An", "Lê Bảo"]) == [
        "Lê An",
        "Lê Ăn",
        "Lê Ân",
        "Lê Bảo",
    ]
    assert sorted_names(["Lê Đông", "Lê Dung", "Lê Em"]) == ["Lê Dung", "Lê Đông", "Lê Em"]
    assert sorted_names(["Lê Ư", "Lê U", "Lê V"]) == ["Lê U", "Lê Ư", "Lê V"]
    assert sorted_names(["Lê Ơn", "Lê Ôn", "Lê On"]) == ["Lê On", "Lê Ôn", "Lê Ơn"]


def test_d_with_stroke_sorts_before_e_not_after_z():
    assert sorted_names(["Lê Zin", "Lê Đức"]) == ["Lê Đức", "Lê Zin"]


def test_tones_come_after_letters():
    # dictionary order of the tones: none, huyền, hỏi, ngã, sắc, nặng
    assert sorted_names(["Lê Mạ", "Lê Má", "Lê Mã", "Lê Mả", "Lê Mà", "Lê Ma"]) == [
        "Lê Ma",
        "Lê Mà",
        "Lê Mả",
        "Lê Mã",
        "Lê Má",
        "Lê Mạ",
    ]
    # a tone never outweighs a letter
    assert sorted_names(["Lê Bá", "Lê Bac"]) == ["Lê Bá", "Lê Bac"]


def test_a_shorter_name_sorts_before_its_longer_neighbour():
    assert sorted_names(["Lê Anh", "Lê An"]) == ["Lê An", "Lê Anh"]


def test_sort_keys_are_digits_only_so_every_collation_agrees():
    assert name_sort_key("Đặng Thị Ánh-Nguyệt (Út) 2").isdigit()
    assert title_sort_key("Chi bộ Khu phố 3").isdigit()


def test_unit_names_sort_as_they_read():
    assert sorted(["Chi bộ Đông", "Chi bộ Bắc", "Chi bộ An"], key=title_sort_key) == [
        "Chi bộ An",
        "Chi bộ Bắc",
        "Chi bộ Đông",
    ]


def _fold_whole_text(text: str) -> str:
    """``fold`` as it was before it went word by word: the whole text at once."""
    decomposed = unicodedata.normalize("NFD", text or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = bare.replace("đ", "d").replace("Đ", "D")
    return " ".join(unicodedata.normalize("NFC", bare).casefold().split())


# Vietnamese letters, combining marks alone, odd white space, letters whose case folding or
# decomposition changes their length (İ, ß, ﬁ, Ω), digits and ASCII.
_ALPHABET = st.sampled_from(
    [
        *"aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ0123456789-.",
        *("ễ", "Ỷ", "ụ", "\u0301", "\u0323", "\u0306"),
        *(" ", "\t", "\u00a0", "\u3000", "\u2000"),
        *("İ", "ß", "ﬁ", "Ω", "\u1fef", "Å"),
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(_ALPHABET, max_size=30), st.text(max_size=20)))
def test_folding_word_by_word_is_folding_the_whole_text(text):
    assert fold(text) == _fold_whole_text(text)
    assert fold(text) == fold(text)  # the second time from the cache


def test_a_word_of_marks_alone_leaves_no_double_space():
    assert fold("An \u0301 Bình") == "an binh"


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(max_codepoint=127), max_size=12))
def test_plain_ascii_words_are_coded_as_the_general_way_codes_them(word):
    from core.text import _marked_syllable, _syllable

    assert _syllable(word) == _marked_syllable.__wrapped__(word)


def _text_sort_key_as_it_was(words):
    from core.text import WORD_END, _syllable

    coded = [_syllable(word) for word in words]
    letters = "".join(code + WORD_END for code, _tone in coded)
    tones = "".join(str(tone) for _code, tone in coded)
    return (letters + WORD_END + tones)[:1000]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(_ALPHABET, min_size=1, max_size=8), max_size=6))
def test_sort_keys_joined_at_once_are_those_joined_word_by_word(words):
    from core.text import text_sort_key

    assert text_sort_key(words) == _text_sort_key_as_it_was(words)
