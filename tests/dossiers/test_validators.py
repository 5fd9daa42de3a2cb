"""What a piece of evidence may be: decided from its content, with a name that must agree.
Pure functions, on bytes: no database."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from nominations import validators
from nominations.validators import DOCX, JPEG, PDF, PNG, check_upload, display_name

from .conftest import JPEG_BYTES, PNG_BYTES, docx_bytes, pdf_bytes

MAX = 10 * 1024 * 1024
UNPACKED = 200 * 1024 * 1024


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def check(name, data, *, max_bytes=MAX, max_unpacked=UNPACKED, size=None):
    return check_upload(
        io.BytesIO(data),
        name,
        len(data) if size is None else size,
        max_bytes=max_bytes,
        max_unpacked=max_unpacked,
    )


def refusal(name, data, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        check(name, data, **kwargs)
    (message,) = caught.value.message_dict["file"]
    return message


class TestAcceptedKinds:
    @pytest.mark.parametrize(
        ("name", "data", "kind"),
        [
            ("Quyết định công nhận.pdf", pdf_bytes(), PDF),
            ("ảnh hoạt động.jpg", JPEG_BYTES, JPEG),
            ("ẢNH.JPEG", JPEG_BYTES, JPEG),
            ("chân dung.png", PNG_BYTES, PNG),
            ("Báo cáo thành tích.docx", docx_bytes(), DOCX),
        ],
    )
    def test_each_kind_is_recognised_from_its_content(self, name, data, kind):
        checked = check(name, data)
        assert checked.kind == kind
        assert checked.name == name
        assert checked.size == len(data)

    def test_the_stream_is_left_at_its_start_for_storing(self):
        stream = io.BytesIO(docx_bytes())
        check_upload(stream, "a.docx", 100, max_bytes=MAX, max_unpacked=UNPACKED)
        assert stream.tell() == 0


class TestContentMustMatchTheName:
    def test_png_content_behind_a_pdf_name(self):
        message = refusal("quyet-dinh.pdf", PNG_BYTES)
        assert message == (
            "The file's content does not match its name: it is a PNG file, not a PDF file."
        )

    def test_text_behind_a_docx_name(self):
        message = refusal("bao-cao.docx", "Báo cáo thành tích".encode())
        assert message == (
            "The file's content does not match its name: it is not a Word (.docx) file."
        )

    def test_a_zip_without_a_word_document(self):
        data = docx_bytes(parts=("[Content_Types].xml", "xl/workbook.xml"))
        assert "it is not a Word (.docx) file" in refusal("bao-cao.docx", data)

    def test_a_macro_enabled_document_renamed_docx(self):
        data = docx_bytes(extra=("word/vbaProject.bin",))
        assert "it is not a Word (.docx) file" in refusal("bao-cao.docx", data)

    def test_a_zip_that_would_unpack_to_an_unreasonable_size(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<x/>")
            archive.writestr("word/document.xml", b"\x00" * (2 * 1024 * 1024))
        message = refusal("bao-cao.docx", buffer.getvalue())
        assert message == "This document unpacks to an unreasonable size and was refused."

    def test_the_declared_unpacked_total_is_bounded_too(self):
        assert "unreasonable size" in refusal("bao-cao.docx", docx_bytes(), max_unpacked=10)

    @pytest.mark.parametrize("name", ["virus.exe", "ghi-chu.txt", "cu.doc", "khong-duoi"])
    def test_other_kinds_of_name_are_refused(self, name):
        assert refusal(name, pdf_bytes()) == (
            "Only PDF, JPEG, PNG and Word (.docx) files can be attached."
        )


class TestSize:
    def test_oversize_is_refused_with_the_limit(self):
        message = refusal("a.pdf", pdf_bytes(), max_bytes=100)
        assert message == "The file is larger than 100\xa0bytes."

    def test_the_declared_size_is_checked_before_the_content_is_read(self):
        class Unreadable(io.BytesIO):
            def read(self, *args):
                raise AssertionError("the body was read")

        with pytest.raises(ValidationError, match="larger than"):
            check_upload(Unreadable(), "a.pdf", 101, max_bytes=100, max_unpacked=UNPACKED)

    def test_exactly_the_limit_is_accepted(self):
        data = pdf_bytes()
        assert check("a.pdf", data, max_bytes=len(data)).kind == PDF

    def test_an_empty_file(self):
        assert refusal("a.pdf", b"") == "The file is empty."

    def test_no_file_at_all(self):
        with pytest.raises(ValidationError) as caught:
            check_upload(None, None, None, max_bytes=MAX, max_unpacked=UNPACKED)
        assert caught.value.message_dict == {"file": ["Choose the file to attach."]}


class TestDisplayName:
    @pytest.mark.parametrize(
        ("raw", "shown"),
        [
            ("../../etc/passwd.pdf", "passwd.pdf"),
            ("C:\\Users\\Lan\\Quyết định khen thưởng.pdf", "Quyết định khen thưởng.pdf"),
            ("bao..cao....pdf", "bao.cao.pdf"),
            ("..", ""),
            ("  .an.pdf  ", "an.pdf"),
            ("a\x00b\x01\x7fc\u200b.pdf", "abc.pdf"),
            ("hinh\u202egpj.pdf", "hinhgpj.pdf"),  # a right-to-left override cannot disguise it
            ("Nguye\u0302\u0303n   Va\u0306n\tA.png", "Nguyễn Văn A.png"),  # NFC, spaces folded
        ],
    )
    def test_names_are_made_safe_to_show(self, raw, shown):
        assert display_name(raw) == shown

    def test_a_long_name_keeps_its_extension(self):
        shown = display_name("Báo cáo " * 40 + ".docx")
        assert len(shown) <= validators.MAX_NAME_LENGTH
        assert shown.endswith(".docx")
        assert shown.startswith("Báo cáo Báo cáo")

    def test_the_checked_name_is_the_safe_one(self):
        assert check("../../etc/passwd.pdf", pdf_bytes()).name == "passwd.pdf"
