"""The ROPA as a spreadsheet in the ICO's controller layout: the export writer, the import reader.

Modules: ``columns`` (the columns and the formula guard), ``writer`` (the export), ``reader``
(the uploaded workbook's sheet) and ``importer`` (checking the rows and saving them); every
name is importable from here.

Layout (XLSX and CSV alike)
---------------------------
* Rows 1–3, the header block (UK GDPR Art 30(1)(a)): ``Controller``, ``Data Protection
  Officer`` and ``Representative``, each followed by name, address, e-mail and phone. The
  controller and representative come from ``ControllerDetails``, the DPO from the core-team
  host's current DPO on the role-holder register (``sharing.selectors.current_dpo``); cells
  are empty while they are not recorded.
* Row 4 is blank.
* Row 5, the headings: ``Name`` first (the activity's name, the portal's natural key), then the
  30 columns of ``ropa.ico.ICO_COLUMNS`` — contiguous, in the ICO template's order, with its
  headings — then the partnership's own columns (``PARTNERSHIP_COLUMNS``): status, the three
  personal data flags, covering agreement, processors, retention rule and trigger date,
  safeguards policy, owner e-mail and next review date.
* Row 6 on: one processing activity a row, in name order.

Cells: choices as their labels, relations as names (agreements and policies as titles, the
owner as an e-mail address) joined by ``"; "``, yes/no as ``Yes``/``No``, dates as dates (date
cells in XLSX, ISO ``YYYY-MM-DD`` in CSV), line breaks as ``\\n``. Columns 22 and 23 come from
the DPIA register (``ropa.ico``): the progress of the linked DPIAs ("Not started" with none),
and the linked DPIAs' references. The six "Link to …" columns link to where the record is: in
XLSX a clickable hyperlink showing the cell's text — the page in the portal of the one
agreement, policy or DPIA named (of the activity, which links each, when it names several), or
the web address the cell holds; in CSV each name followed by its page's address. Addresses
start with the ``PORTAL_BASE_URL`` setting. A sheet holds at most ``MAX_HYPERLINKS`` (Excel's
limit); past that, link cells show their text only. No export date is printed, so two exports
of the same register hold the same cells. Against formula injection a cell that starts with
``= + - @``, a tab or a carriage return (after any apostrophes) gets one leading apostrophe;
the reader strips exactly that one apostrophe again (``guard_cell``/``unguard_cell``).

Import (XLSX only)
------------------
* The first sheet with a heading row in its first rows is read; the header block is ignored
  (the DPO keeps the controller on the controller page, and the DPO row comes from the
  role-holder register).
* The heading row holds the 30 ICO headings (matched ignoring case, spacing and line breaks) in
  any order; ``Name``, the partnership columns and the two DPIA columns are optional. Any
  other heading (a "Notes" column) is ignored, with its cells, and the preview lists it, so a
  mistyped heading never drops a column silently.
* Without a ``Name`` column — the ICO template as people fill it in — an activity is named
  after its purpose: the first line of "Purpose of processing", shortened to 200 characters.
* Names are unique whatever their case (as the database's ``Lower(name)`` constraint has
  it): a name used twice in the file or already in the register is a problem. The import
  only adds activities; it never changes one already in the register.
* Organisations, agreements, data sources, policies, retention rules and owners must already
  exist (matched by name, ignoring case). Vocabulary terms the portal does not hold yet are
  listed in the preview, by vocabulary: the DPO, who keeps the vocabularies, adds them all
  with the one confirmation that imports the rows (``terms.vocabulary_add_terms``); anyone
  else is told the DPO can add them.
* A cell is read as what it shows: a date cell as its date, a hyperlink cell as its text (the
  export's links to agreements and policies name them by title), a number as its digits.
* Choices are read by their label, ignoring case. Legal bases and conditions are read by
  the legal reference they name, however it is spelt ("Article 6(1)(e) public task",
  "Art. 6(1)(e)", "6(1)(e)", "Article 9(2)(g) – substantial public interest", "DPA 2018
  Schedule 1, Part 2, paragraph 10"), or by the description alone ("public task"): see
  ``legal_bases``.
* Every activity is imported as a draft: the ``Status`` column is for reading only. Personal
  data flags the file does not have are "No".
* "DPIA progress" and "Link to DPIA" are read-only: whatever they hold is ignored, never a
  problem. An activity's DPIAs are linked from the DPIA register.
"""

from openpyxl.utils import get_column_letter

from .columns import (
    COLUMNS,
    FORMULA_STARTS,
    HEADER_BLOCK,
    HEADING_ROW,
    ICO_SHEET_COLUMNS,
    NAME_COLUMN,
    PARTNERSHIP_COLUMNS,
    SheetColumn,
    guard_cell,
    kind_of,
    normalise,
    unguard_cell,
)
from .importer import (
    ImportFailed,
    ParsedActivity,
    ParseResult,
    existing_names,
    import_activities,
    parse_sheet,
)
from .reader import (
    DEFAULT_MAX_BYTES,
    HEADING_SEARCH_ROWS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    NOT_A_WORKBOOK,
    ImportProblem,
    Sheet,
    SpreadsheetError,
    max_upload_bytes,
    read_workbook,
)
from .writer import (
    CHUNK_SIZE,
    MAX_HYPERLINKS,
    activity_rows,
    export_ico,
    header_block,
    ico_rows,
    write_csv,
    write_xlsx,
)

__all__ = [
    "CHUNK_SIZE",
    "COLUMNS",
    "DEFAULT_MAX_BYTES",
    "FORMULA_STARTS",
    "HEADER_BLOCK",
    "HEADING_ROW",
    "HEADING_SEARCH_ROWS",
    "ICO_SHEET_COLUMNS",
    "MAX_COLUMNS",
    "MAX_HYPERLINKS",
    "MAX_ROWS",
    "MAX_UNPACKED_BYTES",
    "NAME_COLUMN",
    "NOT_A_WORKBOOK",
    "PARTNERSHIP_COLUMNS",
    "ImportFailed",
    "ImportProblem",
    "ParseResult",
    "ParsedActivity",
    "Sheet",
    "SheetColumn",
    "SpreadsheetError",
    "activity_rows",
    "existing_names",
    "export_ico",
    "get_column_letter",
    "guard_cell",
    "header_block",
    "ico_rows",
    "import_activities",
    "kind_of",
    "max_upload_bytes",
    "normalise",
    "parse_sheet",
    "read_workbook",
    "unguard_cell",
    "write_csv",
    "write_xlsx",
]
