"""Text fitted to a certificate's box with Liberation Serif (pure: no database)."""

import pytest

from awards import certificate_fit as fit
from campaigns.awards import MIN_FONT_PT


def test_the_font_is_the_one_the_pdf_embeds():
    assert fit.font_file("regular").name == "LiberationSerif-Regular.ttf"
    assert fit.font_file("bold").name == "LiberationSerif-Bold.ttf"


def test_widths_grow_with_the_size_and_the_weight():
    name = "Đồng chí Nguyễn Thị Hồng Nhung"
    assert fit.width_mm(name, 24) == pytest.approx(2 * fit.width_mm(name, 12))
    assert fit.width_mm(name, 24, "bold") > fit.width_mm(name, 24)
    # About 12.5 cm at 24 pt bold (the PDF's own width is checked in test_certificates).
    assert 115 < fit.width_mm(name, 24, "bold") < 135


def test_a_short_text_keeps_the_boxs_size():
    fitted = fit.fit("Đồng chí Lê Văn Tuấn", width=237, height=14, size=24, face="bold")
    assert fitted == fit.Fitted(lines=("Đồng chí Lê Văn Tuấn",), size=24, shrunk=False)


def test_a_long_text_wraps_then_shrinks_by_half_points():
    text = "Đã có thành tích xuất sắc trong học tập và làm theo tư tưởng, đạo đức " * 9
    fitted = fit.fit(text, width=217, height=30, size=14)
    assert fitted is not None and fitted.shrunk
    assert fitted.size * 2 == int(fitted.size * 2) and MIN_FONT_PT <= fitted.size < 14
    assert " ".join(fitted.lines) == " ".join(text.split())
    assert all(fit.width_mm(line, fitted.size) <= 217 for line in fitted.lines)
    assert len(fitted.lines) * fit.line_height_mm(fitted.size) <= 30
    # One size larger would not have fitted.
    larger = fitted.size + fit.STEP_PT
    lines = fit.wrap(text, larger, 217)
    assert lines is None or len(lines) * fit.line_height_mm(larger) > 30


def test_what_never_fits_is_none():
    assert fit.fit("thành tích " * 500, width=217, height=30, size=14) is None
    # One word wider than the box at the smallest size.
    assert fit.fit("A" * 200, width=50, height=30, size=14) is None
    assert fit.wrap("Nguyễn", 14, 1) is None
