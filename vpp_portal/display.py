"""How a value reads to a person, on a page, in a history row or in a file.

One rule each, so a flag reads the same on the detail page, in its history and in an export.
"""

EMPTY = "—"


def yes_no(value: object) -> str:
    """A flag as "Yes" or "No"; "—" when nothing is recorded (``None`` or ``""``)."""
    if value is None or value == "":
        return EMPTY
    return "Yes" if value else "No"
