"""Vietnamese text as people type it and as offices sort it: pure functions, no database.

``fold`` is the search form of a text: no case, no tone or other mark, Đ as D, so that
"nguyen van a", "NGUYỄN VĂN A" and "Nguyễn Văn A" are one text and "Thuỷ" (old tone placement)
is "Thủy" (new). ``name_sort_key`` is a string whose plain character order is the order an
office lists names in: by given name (the last word) first, then the rest, in the Vietnamese
alphabet (A < Ă < Â, D < Đ, …), tones compared only where the letters are equal. Both are stored
on the rows they describe and indexed, so search and sort work alike on SQLite and PostgreSQL.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

#: the combining marks of the Vietnamese tones, in dictionary order (no mark first)
TONES = {
    "\u0300": 1,  # huyền
    "\u0309": 2,  # hỏi
    "\u0303": 3,  # ngã
    "\u0301": 4,  # sắc
    "\u0323": 5,  # nặng
}
#: the marks that make a letter of its own: ă, â/ê/ô, ơ/ư
LETTER_MARKS = {"\u0306": "\u0306", "\u0302": "\u0302", "\u031b": "\u031b"}

#: the alphabet, Vietnamese letters in their place and the Latin ones beside them
ALPHABET = [
    "a",
    "a\u0306",
    "a\u0302",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "e\u0302",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "o\u0302",
    "o\u031b",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "u\u031b",
    "v",
    "w",
    "x",
    "y",
    "z",
]
# Two digits per letter: digits 0–9 are 01–10, letters 11 onwards, 00 ends a word. Only
# digits, so that every database collation (C, ICU, glibc) orders the key the same way.
_CODES = {
    **{str(d): f"{d + 1:02d}" for d in range(10)},
    **{letter: f"{index + 11:02d}" for index, letter in enumerate(ALPHABET)},
}
WORD_END = "00"

#: longest stored keys (the columns' lengths): a name of 255 characters and a code of 50
SEARCH_KEY_LENGTH = 320
SORT_KEY_LENGTH = 1000


#: distinct words whose folded form and sort code are kept. Names repeat enormously (a
#: roster of 250,000 people has a few thousand distinct family, middle and given names), so an
#: import folds each word once instead of once per person.
WORD_CACHE_SIZE = 65_536


def _fold_word_uncached(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = bare.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", bare).casefold()


_fold_word = lru_cache(maxsize=WORD_CACHE_SIZE)(_fold_word_uncached)


def fold(text: str) -> str:
    """Lower case, without marks, Đ as D, white space folded: the form people search in.

    Word by word (nothing in folding joins or splits words, but a word of marks alone
    vanishes), each word folded once per process: plain ASCII words (codes, numbers) directly,
    the others through a bounded cache."""
    folded = [word.lower() if word.isascii() else _fold_word(word) for word in (text or "").split()]
    if "" in folded:
        folded = [word for word in folded if word]
    return " ".join(folded)


def search_key(*parts: str) -> str:
    """The stored search form of a row: its folded words, each preceded by a space, so that
    ``LIKE '% word%'`` finds a word by its beginning ("NC000" finds "NC0001")."""
    words = " ".join(fold(part) for part in parts if part)
    return (" " + words)[:SEARCH_KEY_LENGTH] if words else ""


def query_words(query: str, limit: int = 8) -> list[str]:
    """The words of a typed query in search form, at most ``limit`` of them, without repeats."""
    words: list[str] = []
    for word in fold(query).split():
        if word not in words:
            words.append(word)
    return words[:limit]


#: the codes of the ASCII letters and digits, for ``str.translate``; other ASCII is dropped
_ASCII_CODES = str.maketrans({chr(c): _CODES.get(chr(c).casefold(), "") for c in range(128)})


def _syllable(word: str) -> tuple[str, int]:
    """A word's letters in code, and its tone (0 for none), wherever the mark was typed."""
    if word.isascii():  # codes and numbers: no mark, and seldom twice
        return word.translate(_ASCII_CODES), 0
    return _marked_syllable(word)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _marked_syllable(word: str) -> tuple[str, int]:
    letters, tone = [], 0
    for ch in unicodedata.normalize("NFD", word.casefold()):
        if ch in TONES:
            tone = TONES[ch]
        elif ch in LETTER_MARKS and letters:
            letters[-1] += ch
        elif unicodedata.combining(ch):
            continue
        else:
            letters.append(ch)
    return "".join(_CODES.get(letter, "") for letter in letters), tone


def text_sort_key(words: list[str]) -> str:
    """Letters of every word first (word by word), then their tones: tones decide only
    between texts whose letters are the same."""
    if not words:
        return WORD_END
    letters, tones = zip(*map(_syllable, words), strict=True)
    # each word's letters followed by WORD_END, one more WORD_END, then the tones
    key = WORD_END.join(letters) + WORD_END + WORD_END + "".join(map(str, tones))
    return key[:SORT_KEY_LENGTH]


def name_sort_key(full_name: str) -> str:
    """A person's name as offices sort it: the given name first, then the family and middle
    names ("Nguyễn Văn An" sorts as "An Nguyễn Văn")."""
    words = (full_name or "").split()
    return text_sort_key(words[-1:] + words[:-1])


def title_sort_key(title: str) -> str:
    """A unit's name in Vietnamese order, word by word as it reads."""
    return text_sort_key((title or "").split())
