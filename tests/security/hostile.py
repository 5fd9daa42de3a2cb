"""Hypothesis strategies for hostile input, shared by the hostile-input tests."""

import unicodedata

from hypothesis import strategies as st

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
RTL = "\u202e"  # right-to-left override: "\u202efdp.exe" shows as "exe.pdf"

NAMES = [
    "Nguyễn Thị Ánh",
    "Trần Văn Hùng",
    "Lê Hoàng Phượng",
    "Phạm Quốc Việt",
    "Đặng Thuỷ Tiên",
    "Huỳnh Ngọc Ẩn",
]

LITERALS = [
    XSS,
    "'\"><svg onload=alert(1)>",
    "{{ 7|add:7 }}",
    "{% debug %}",
    "${7*7}",
    '=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    RTL + "gnp.exe",
    "\u2066admin\u2069",
    "\u200b",
    "\ufeff",
    "\x00",
    "a\x00b",
    "\x07\x1b[31m",
    "\x0b\x0c",
    "\ud7ff",
    "\ufffe",
    "a\uffffb",
    "-1",
    "0",
    "1e309",
    "NaN",
    "inf",
    "99999999999999999999999",
    "2025-02-30",
    "31/02/2025",
    "00:00",
    "../../etc/passwd",
    "C:\\Windows\\win.ini",
    "null",
    "None",
    "true",
    "[]",
    "{}",
    " ",
    "",
    unicodedata.normalize("NFD", "Nguyễn Thị Ánh"),
    "x" * 70_000,
]

#: characters a user may paste: anything, control characters and bidi marks included
any_char = st.characters(codec="utf-8", exclude_categories=["Cs"])
hostile_text = st.one_of(
    st.sampled_from(LITERALS),
    st.text(any_char, max_size=40),
    st.text(
        st.sampled_from(
            "\x00\x01\x08\x0b\x0c\x1b\x7f\u202a\u202e\u2066\u2069\u200b<>&\"'=+-@\t\r\n"
        ),
        max_size=12,
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(NAMES).map(lambda name: unicodedata.normalize("NFD", name)),
    st.integers(min_value=1000, max_value=100_000).map(lambda n: "Ậ" * n),
)
