"""The portal's CSV and XLSX writers: typed cells, links, the formula guard, streaming."""

import csv
import io
import tracemalloc
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook

from vpp_portal.exports import (
    BOM,
    CellStyle,
    Link,
    csv_bytes,
    csv_chunks,
    csv_rows,
    xlsx_bytes,
    xlsx_file,
)

ROW = [
    "Hull ISA",
    Link("AG-1", "https://portal.example/sharing/agreements/1/"),
    date(2026, 12, 2),
    datetime(2026, 7, 1, 8, 30, tzinfo=UTC),  # 09:30 in London (summer time)
    True,
    False,
    None,
    42,
]


def read_csv(body: bytes) -> list[list[str]]:
    assert body.startswith(BOM.encode("utf-8"))
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def read_xlsx(body: bytes):
    return load_workbook(io.BytesIO(body)).active


def test_csv_writes_iso_dates_yes_no_link_addresses_and_empty_for_nothing():
    assert read_csv(csv_bytes([ROW])) == [
        [
            "Hull ISA",
            "https://portal.example/sharing/agreements/1/",
            "2026-12-02",
            "2026-07-01 09:30",
            "Yes",
            "No",
            "",
            "42",
        ]
    ]


def test_xlsx_writes_date_cells_clickable_links_and_yes_no():
    sheet = read_xlsx(xlsx_bytes([ROW]))
    title, link, day, moment, yes, no, empty, number = sheet[1]

    assert title.value == "Hull ISA"
    assert link.value == "AG-1"
    assert link.hyperlink.target == "https://portal.example/sharing/agreements/1/"
    assert link.style == "Hyperlink"
    assert day.is_date and day.value.date() == date(2026, 12, 2)
    assert day.number_format == "yyyy-mm-dd"
    assert moment.is_date and moment.value.timetuple()[:5] == (2026, 7, 1, 9, 30)
    assert moment.number_format == "yyyy-mm-dd hh:mm"
    assert (yes.value, no.value, empty.value, number.value) == ("Yes", "No", None, 42)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'=1+1"])
def test_every_string_cell_is_guarded_against_formulas_in_both_formats(text):
    row = [text, Link(text, "https://portal.example/x")]

    assert read_csv(csv_bytes([row])) == [["'" + text, "https://portal.example/x"]]
    cells = read_xlsx(xlsx_bytes([row]))[1]
    guarded = ("'" + text).replace("\r", "\n")  # XML reads a carriage return back as \n
    assert [cell.value for cell in cells] == [guarded, guarded]
    assert cells[0].data_type == "s"


def test_styled_xlsx_cells_keep_their_style_and_their_type():
    def bold_header(row: int, column: int) -> CellStyle | None:
        return CellStyle(bold=True, wrap=True) if row == 1 else None

    sheet = read_xlsx(xlsx_bytes([["Due", "Link"], [date(2027, 1, 1), "x"]], style=bold_header))

    assert sheet["A1"].font.b and sheet["A1"].alignment.wrap_text
    assert not sheet["A2"].font.b
    assert sheet["A2"].is_date


def test_csv_chunks_are_the_same_bytes_as_the_whole_file_in_a_few_large_pieces():
    rows = [[f"row {number}", number] for number in range(5000)]

    chunks = list(csv_chunks(rows, size=16 * 1024))

    assert b"".join(chunks) == csv_bytes(rows) == b"".join(csv_rows(rows))
    assert 1 < len(chunks) < 10
    assert list(csv_chunks([])) == [BOM.encode("utf-8")]


def test_xlsx_file_writes_from_an_iterator_without_holding_the_rows(tmp_path):
    def rows(count: int):
        for number in range(count):
            yield [f"a fairly long text cell, row {number}", number, date(2026, 1, 1)]

    progress: list[int] = []
    tracemalloc.start()
    written = xlsx_file(rows(20_000), tmp_path / "big.xlsx", progress=progress.append)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert written == 20_000
    assert progress[:2] == [1000, 2000] and progress[-1] == 20_000
    # 20,000 rows held in memory would be several MB; written straight through, far less.
    assert peak < 3 * 1024 * 1024
    sheet = load_workbook(tmp_path / "big.xlsx", read_only=True).active
    assert sum(1 for _ in sheet.iter_rows(values_only=True)) == 20_000
