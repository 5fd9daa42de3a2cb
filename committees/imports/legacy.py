"""Vietnamese text typed in the legacy 8-bit encodings, found and converted to Unicode.

Before Unicode, offices typed Vietnamese with 8-bit fonts: TCVN3 (also called ABC, the
".VnTime" fonts, TCVN 5712:1993) and VNI ("VNI-Times"). A spreadsheet program stores such text
as the Western characters of its bytes, so "Nguyễn Văn An" typed in TCVN3 reads "NguyÔn V¨n An"
and in VNI "Nguyeãn Vaên An". Re-saving the file as .xlsx does not change that.

Text is converted by column, never by cell and never by guess: a column is TCVN3 or VNI when its
non-ASCII cells are not Vietnamese as they stand and become Vietnamese words once converted
(every word a possible Vietnamese syllable), under one encoding only. A column whose text reads
the same way under both is ambiguous and refused unless the caller names the encoding (or the
workbook's fonts name it, see ``font_hint``). A column holding both Unicode Vietnamese and legacy
text is refused at the Unicode cells: converting only some of its cells would hide the problem.

The tables are written here from the standards: TCVN3 is the 8-bit subset of TCVN 5712:1993
(VN3: every lower-case letter and the upper-case letters without a tone; the upper-case toned
letters the standard places in the same range are included), VNI is a base letter followed by
a mark byte. ``tests/committees/test_legacy_encodings.py`` converts every letter with every tone
both ways.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

AUTO, TCVN3, VNI, NONE = "auto", "tcvn3", "vni", "none"
MODES = (AUTO, TCVN3, VNI, NONE)
ENCODINGS = (TCVN3, VNI)
NAMES = {TCVN3: "TCVN3", VNI: "VNI"}

# --- TCVN3 -------------------------------------------------------------------------------------

# Bytes 0xA1-0xFF (as the Western characters a spreadsheet shows for them) and their letters;
# 0xB0-0xB4 are combining marks in the standard's 7-bit form and are not used by the 8-bit fonts.
_TCVN3_BYTES = (
    "¡¢£¤¥¦§¨©ª«¬\xad®¯µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ"
)
_TCVN3_LETTERS = (
    "ĂÂÊÔƠƯĐăâêôơưđẰàảãáạẲằẳẵắẴẮẦẨẪẤỀặầẩẫấậèỂẻẽéẹềểễếệìỉỄẾỒĩíịòỔỏõóọồổỗốộờởỡớợùỖủũúụừửữứựỳỷỹýỵỐ"
)
TCVN3_TO_UNICODE = dict(zip(_TCVN3_BYTES, _TCVN3_LETTERS, strict=True))
UNICODE_TO_TCVN3 = {letter: byte for byte, letter in TCVN3_TO_UNICODE.items()}
_TCVN3_TABLE = str.maketrans(TCVN3_TO_UNICODE)

# --- VNI ---------------------------------------------------------------------------------------

_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
TONES = ("", _GRAVE, _ACUTE, _HOOK, _TILDE, _DOT)

# The mark bytes after a base letter, lower case (upper case letters take the upper-case byte).
_VNI_TONE = {_GRAVE: "ø", _ACUTE: "ù", _HOOK: "û", _TILDE: "õ", _DOT: "ï"}
_VNI_CIRCUMFLEX = {"": "â", _GRAVE: "à", _ACUTE: "á", _HOOK: "å", _TILDE: "ã", _DOT: "ä"}
_VNI_BREVE = {"": "ê", _GRAVE: "è", _ACUTE: "é", _HOOK: "ú", _TILDE: "ü", _DOT: "ë"}
# "i" with a tone is one byte; "ơ", "ư" and "đ" are one byte each.
_VNI_I = {_GRAVE: "ì", _ACUTE: "í", _HOOK: "æ", _TILDE: "ó", _DOT: "ò"}
_VNI_SINGLE = {"ơ": "ô", "ư": "ö", "đ": "ñ"}
_VNI_Y_DOT = "î"  # the dot below on "y" has a byte of its own

VOWELS = "aăâeêioôơuưy"


def _vowel(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


def _vni_lower(letter: str) -> str:
    """The VNI spelling of one lower-case Vietnamese letter (NFC)."""
    if letter == "đ":
        return _VNI_SINGLE["đ"]
    parts = unicodedata.normalize("NFD", letter)
    base, marks = parts[0], parts[1:]
    tone = next((m for m in marks if m in _VNI_TONE), "")
    if _CIRCUMFLEX in marks:
        return base + _VNI_CIRCUMFLEX[tone]
    if _BREVE in marks:
        return base + _VNI_BREVE[tone]
    if _HORN in marks:
        return _VNI_SINGLE[unicodedata.normalize("NFC", base + _HORN)] + _VNI_TONE.get(tone, "")
    if base == "i" and tone:
        return _VNI_I[tone]
    if base == "y" and tone == _DOT:
        return "y" + _VNI_Y_DOT
    return base + _VNI_TONE.get(tone, "")


def _vni_letters() -> dict[str, str]:
    """Every Vietnamese letter with a mark (both cases) and its VNI spelling."""
    table = {}
    for base in VOWELS:
        for tone in TONES:
            lower = _vowel(base, tone)
            if lower in VOWELS and not tone:
                if base in "ăâêôơư":
                    table[lower] = _vni_lower(lower)
                continue
            table[lower] = _vni_lower(lower)
    table["đ"] = _vni_lower("đ")
    for lower, spelled in list(table.items()):
        table[lower.upper()] = spelled.upper()
    return table


UNICODE_TO_VNI = _vni_letters()
VNI_TO_UNICODE = {spelled: letter for letter, spelled in UNICODE_TO_VNI.items()}
# A mark written in the other case than its letter ("Aù" for "Á") is still that letter.
for _letter, _spelled in list(UNICODE_TO_VNI.items()):
    if len(_spelled) == 2:
        for _mark in {_spelled[1].lower(), _spelled[1].upper()}:
            VNI_TO_UNICODE.setdefault(_spelled[0] + _mark, _letter)
_VNI_PATTERN = re.compile(
    "|".join(re.escape(key) for key in sorted(VNI_TO_UNICODE, key=len, reverse=True))
)

# --- conversion --------------------------------------------------------------------------------


def from_tcvn3(text: str) -> str:
    return unicodedata.normalize("NFC", text.translate(_TCVN3_TABLE))


def from_vni(text: str) -> str:
    return unicodedata.normalize("NFC", _VNI_PATTERN.sub(lambda m: VNI_TO_UNICODE[m[0]], text))


def to_tcvn3(text: str) -> str:
    """TCVN3 as a spreadsheet shows it. An upper-case toned letter the 8-bit fonts lack is
    written with its lower-case byte, as offices typed them (the capital came from the font)."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        byte = UNICODE_TO_TCVN3.get(char)
        if byte is None and char != char.lower():
            byte = UNICODE_TO_TCVN3.get(char.lower())
        out.append(byte or char)
    return "".join(out)


def to_vni(text: str) -> str:
    return "".join(UNICODE_TO_VNI.get(char, char) for char in unicodedata.normalize("NFC", text))


DECODERS = {TCVN3: from_tcvn3, VNI: from_vni}
ENCODERS = {TCVN3: to_tcvn3, VNI: to_vni}

# --- is it Vietnamese? -------------------------------------------------------------------------

_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
# Rimes ending in a semivowel take no final consonant; the others may.
_OPEN_NUCLEI = (  # noqa: SIM905 - a line of Vietnamese rimes reads better than a list
    "iêu yêu oai oay oao oeo uây uôi ươi ươu uya uyu "
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu"
).split()
_NUCLEI = (  # noqa: SIM905
    "uyê iê yê oa oă oe oo uâ uê uô uơ ươ uy a ă â e ê i o ô ơ u ư y"
).split()
_STOPS = "ch|c|p|t"
_SYLLABLE = re.compile(
    f"(?:{_ONSET})?(?:(?:{'|'.join(_OPEN_NUCLEI)})|(?:{'|'.join(_NUCLEI)})"
    f"(?P<coda>nh|ng|m|n|{_STOPS})?)|(?:{_ONSET})"
)
# after a stop (c, ch, p, t) only the acute or the dot below can stand
_STOP_TONES = frozenset(("", "\u0301", "\u0323"))
# A word: letters, and the Western signs a legacy encoding puts in its letters ("V¨n").
_WORD = re.compile(r"(?:[^\W\d_]|[\xa1-\xff])+")
_TONE_MARKS = frozenset(TONES[1:])
_BEYOND_LATIN1 = re.compile("[\u0100-\uffff]")
_HIGH = re.compile("[\x80-\xff]")


def _is_syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [char for char in decomposed if char in _TONE_MARKS]
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    match = _SYLLABLE.fullmatch(base) if len(tones) <= 1 else None
    if match is None:
        return False
    coda = match.group("coda") or ""
    return coda not in ("c", "ch", "p", "t") or "".join(tones) in _STOP_TONES


def is_vietnamese(text: str) -> bool:
    """Every word of ``text`` that is not plain ASCII is a possible Vietnamese syllable."""
    return all(_is_syllable(word) for word in _WORD.findall(text) if not word.isascii())


@lru_cache(maxsize=65536)
def readings(text: str) -> tuple[bool, bool, bool]:
    """Whether ``text`` (ASCII and Western characters only) is Vietnamese as it stands, once
    converted from TCVN3, and once converted from VNI."""
    return (
        is_vietnamese(text),
        is_vietnamese(from_tcvn3(text)),
        is_vietnamese(from_vni(text)),
    )


# --- columns -----------------------------------------------------------------------------------


def split_cells(cells) -> tuple[list, list]:
    """``cells`` (row, text) as ``judge_column`` takes them: Unicode, and Western not ASCII."""
    unicode_cells, western_cells = [], []
    for number, text in cells:
        if _BEYOND_LATIN1.search(text):
            unicode_cells.append((number, text))
        elif _HIGH.search(text):
            western_cells.append((number, text))
    return unicode_cells, western_cells


@dataclass
class ColumnVerdict:
    encoding: str | None = None
    #: (row, text) of the cells written in Unicode in a column found to be legacy text
    unicode_cells: list = field(default_factory=list)
    ambiguous: bool = False


def judge_column(
    unicode_cells, western_cells, mode: str = AUTO, hint=None, context=None
) -> ColumnVerdict:
    """What encoding the text cells of one column are in. ``unicode_cells`` hold characters
    beyond the Western ones (Unicode Vietnamese), ``western_cells`` only Western characters and
    not all ASCII; both are pairs of row number and text (``split_cells`` sorts them).

    ``mode`` ``tcvn3`` or ``vni`` converts the column unless its text is Vietnamese as it
    stands and not once converted; ``auto`` decides by the text. ``hint`` (the workbook's fonts)
    settles text that reads both ways. ``context`` (the encoding the file's other columns are
    in) converts a column of short words that are Vietnamese both as written and converted
    ("Cã", TCVN3 for "Có"), when the column has no Unicode cell.
    """
    legacy = [text for _number, text in western_cells]
    if mode == NONE or not legacy:
        return ColumnVerdict()
    tcvn3 = vni = foreign = 0
    for text in legacy:
        as_is, tcvn3_ok, vni_ok = readings(text)
        if not as_is:
            foreign += 1
            tcvn3 += tcvn3_ok
            vni += vni_ok

    def fits(encoding: str) -> bool:
        position = 1 if encoding == TCVN3 else 2
        return all(readings(text)[position] for text in legacy)

    if mode in ENCODINGS:
        if foreign or (context == mode and not unicode_cells and fits(mode)):
            return ColumnVerdict(mode, unicode_cells)
        return ColumnVerdict()
    if not foreign:
        # Western letters that are Vietnamese as they stand ("Hoàng Lê"): Unicode text, unless
        # the rest of the file is in a legacy encoding that reads them as well.
        if context in ENCODINGS and not unicode_cells and fits(context):
            return ColumnVerdict(context)
        return ColumnVerdict()
    if tcvn3 == vni:
        settled = hint if hint in ENCODINGS else context
        if tcvn3 and settled in ENCODINGS:
            return ColumnVerdict(settled, unicode_cells)
        # Neither reads as Vietnamese: not legacy text; the importer judges the values.
        return ColumnVerdict(ambiguous=bool(tcvn3))
    return ColumnVerdict(TCVN3 if tcvn3 > vni else VNI, unicode_cells)


def font_encoding(font_names) -> str | None:
    """The legacy encoding the workbook's fonts name, if they name exactly one: ".VnTime",
    ".VnArial"… are TCVN3 fonts, "VNI-Times", "VNI-Helve"… VNI fonts."""
    found = set()
    for name in font_names:
        name = (name or "").strip().lower()
        if name.startswith(".vn"):
            found.add(TCVN3)
        elif name.startswith("vni"):
            found.add(VNI)
    return found.pop() if len(found) == 1 else None
