"""Small pieces of wording the finding kinds share."""

from datetime import date

from django.utils.formats import date_format


def day(value: date) -> str:
    """``3 March 2026``."""
    return date_format(value, "j F Y")


def days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


def overdue_since(due_on: date, today: date) -> str:
    """``"was due on 3 March 2026 (12 days ago)"``."""
    late = (today - due_on).days
    ago = "today" if late == 0 else f"{days(late)} ago"
    return f"was due on {day(due_on)} ({ago})"


def count_of(count: int, singular: str, plural: str = "") -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def joined(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
