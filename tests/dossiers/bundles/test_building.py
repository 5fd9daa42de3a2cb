"""The zip from a list of files: the root folder, UTF-8 names, content produced one file at a
time, the progress after each file, and a failure that names its file."""

import datetime
import io
import time
import zipfile

import pytest

from dossiers.bundles.building import (
    BuildTooLong,
    BundleFile,
    FileFailed,
    part_name,
    produced,
    resolve,
    write_files,
    write_zip,
)

MOMENT = datetime.datetime(2025, 1, 10, 9, 30, 15)
UTF8_FLAG = 0x800


def build(files, **kwargs) -> zipfile.ZipFile:
    target = io.BytesIO()
    write_zip(target, "QA - bieu-duong-2025", resolve(files), moment=MOMENT, **kwargs)
    return zipfile.ZipFile(io.BytesIO(target.getvalue()))


def test_every_file_under_the_root_folder_with_its_utf8_name():
    archive = build(
        [
            BundleFile("00 - Danh mục hồ sơ.txt", lambda: "Danh mục".encode()),
            BundleFile("01 - Nguyễn Văn A/Tài liệu khác/ảnh.png", lambda: b"\x89PNG"),
        ]
    )
    assert archive.namelist() == [
        "QA - bieu-duong-2025/",
        "QA - bieu-duong-2025/00 - Danh mục hồ sơ.txt",
        "QA - bieu-duong-2025/01 - Nguyễn Văn A/Tài liệu khác/ảnh.png",
    ]
    for info in archive.infolist()[1:]:
        assert info.flag_bits & UTF8_FLAG
        assert info.date_time == (2025, 1, 10, 9, 30, 14)  # zip keeps even seconds
    assert archive.read("QA - bieu-duong-2025/00 - Danh mục hồ sơ.txt") == "Danh mục".encode()
    # Already compressed kinds are stored as they are.
    assert (
        archive.getinfo(
            "QA - bieu-duong-2025/01 - Nguyễn Văn A/Tài liệu khác/ảnh.png"
        ).compress_type
        == zipfile.ZIP_STORED
    )


def test_pdfs_are_stored_and_text_deflated():
    archive = build(
        [
            BundleFile("a.PDF", lambda: b"%PDF-1.7 " + b"x" * 1000),
            BundleFile("b.txt", lambda: b"x" * 1000),
        ]
    )
    info = {i.filename.rsplit("/", 1)[-1]: i.compress_type for i in archive.infolist()[1:]}
    assert info == {"a.PDF": zipfile.ZIP_STORED, "b.txt": zipfile.ZIP_DEFLATED}


def test_each_folder_has_an_entry_even_when_empty():
    archive = build([BundleFile("01 - A/a.txt", lambda: b"x")], folders=["01 - A", "02 - B"])
    assert [i.filename for i in archive.infolist() if i.is_dir()] == [
        "QA - bieu-duong-2025/",
        "QA - bieu-duong-2025/01 - A/",
        "QA - bieu-duong-2025/02 - B/",
    ]


def test_a_file_object_is_streamed_and_closed():
    handle = io.BytesIO(b"%PDF-1.4 " + b"x" * 3_000_000)
    archive = build([BundleFile("a.pdf", lambda: handle)])
    assert handle.closed
    assert archive.read("QA - bieu-duong-2025/a.pdf") == b"%PDF-1.4 " + b"x" * 3_000_000


def test_contents_are_produced_one_at_a_time_with_progress_after_each():
    events = []

    def producer(n):
        def produce():
            events.append(f"produce {n}")
            return b"x"

        return produce

    build(
        [BundleFile(f"{n}.txt", producer(n)) for n in (1, 2, 3)],
        on_file=lambda done: events.append(f"done {done}"),
    )
    assert events == ["produce 1", "done 1", "produce 2", "done 2", "produce 3", "done 3"]


def test_a_failing_file_is_named():
    def broken():
        raise OSError("disk gone")

    with pytest.raises(FileFailed) as failure:
        build([BundleFile("ok.txt", lambda: b"x"), BundleFile("01 - A/hỏng.pdf", broken)])
    assert failure.value.path == "01 - A/hỏng.pdf"
    assert isinstance(failure.value.cause, OSError)


def test_past_the_deadline_the_build_stops():
    with pytest.raises(BuildTooLong):
        build([BundleFile("a.txt", lambda: b"x")], deadline=time.monotonic() - 1)


def test_resolving_keeps_whether_a_file_is_light():
    files = resolve([BundleFile("a/../b.txt", bytes, light=True), BundleFile("c.txt", bytes)])
    assert [(f.path, f.light) for f in files] == [("a/b.txt", True), ("c.txt", False)]


def test_files_produced_into_a_folder_are_zipped_as_they_were(tmp_path):
    handle = io.BytesIO(b"%PDF-1.4 evidence")
    files = resolve(
        [
            BundleFile("01 - A/a.pdf", lambda: b"%PDF-1.7 report"),
            BundleFile("01 - A/b.pdf", lambda: handle),
        ]
    )
    done = []
    write_files(str(tmp_path), [(7, files[0]), (8, files[1])], on_file=done.append)
    assert done == [1, 2] and handle.closed
    assert sorted(p.name for p in tmp_path.iterdir()) == [part_name(7), part_name(8)]
    target = io.BytesIO()
    write_zip(
        target,
        "QA",
        [produced(str(tmp_path), files[0], 7), produced(str(tmp_path), files[1], 8)],
        moment=MOMENT,
    )
    archive = zipfile.ZipFile(io.BytesIO(target.getvalue()))
    assert archive.read("QA/01 - A/a.pdf") == b"%PDF-1.7 report"
    assert archive.read("QA/01 - A/b.pdf") == b"%PDF-1.4 evidence"


def test_a_file_that_fails_into_a_folder_is_named_and_left_out(tmp_path):
    def broken():
        raise OSError("disk gone")

    with pytest.raises(FileFailed) as failure:
        write_files(
            str(tmp_path),
            [(1, BundleFile("ok.txt", lambda: b"x")), (2, BundleFile("01 - A/hỏng.pdf", broken))],
        )
    assert failure.value.path == "01 - A/hỏng.pdf"
    assert [p.name for p in tmp_path.iterdir()] == [part_name(1)]
    with pytest.raises(BuildTooLong):
        write_files(str(tmp_path), [(3, BundleFile("a.txt", bytes))], deadline=time.monotonic() - 1)
