"""Reading the portal's XLSX exports in tests: each cell as the CSV export writes it, so a test
can hold the two formats to the same rows."""

import io
from datetime import datetime

from openpyxl import load_workbook


def cell_as_csv(cell) -> str:
    """An XLSX cell as CSV text: empty for an empty cell, ISO 8601 for a date cell (with the
    minutes for a date-time cell), digits for a number, the text of a link."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, datetime):
        if "h" in cell.number_format:
            return value.strftime("%Y-%m-%d %H:%M")
        return value.date().isoformat()
    return str(value)


def xlsx_as_csv(content: bytes) -> list[list[str]]:
    """The first sheet of an XLSX export, row by row, each cell through :func:`cell_as_csv`."""
    sheet = load_workbook(io.BytesIO(content)).active
    return [[cell_as_csv(cell) for cell in row] for row in sheet.iter_rows()]
