"""What a dashboard panel is made of: its figures, each with the list behind it, and the small
formatting helpers the figure builders share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.dateformat import format as format_date

from ..findings import Category, Severity

#: Retention ending within this many days counts as "due" (sooner is "overdue").
RETENTION_DUE_DAYS = 30


@dataclass(frozen=True)
class Figure:
    """One figure on a panel, and the list showing the rows behind it."""

    label: str
    value: int | str
    url: str
    hint: str = ""


@dataclass(frozen=True)
class Panel:
    """One Accountability Framework category: its figures and its findings' status."""

    category: Category
    heading: str
    status: str
    attention: int
    figures: list[Figure]
    findings_url: str
    by_severity: dict[str, int] = field(default_factory=dict)

    @property
    def tag_colour(self) -> str:
        """Red with a high finding, orange with others, green with none (the tag's words say
        the same: colour is never the only signal)."""
        if self.by_severity.get(Severity.HIGH, 0):
            return "red"
        return "orange" if self.attention else "green"

    @property
    def severity_text(self) -> str:
        """``"2 high, 1 medium"``: the findings by severity, highest first, zeros left out."""
        return ", ".join(
            f"{self.by_severity[severity]} {severity.label.lower()}"
            for severity in Severity
            if self.by_severity.get(severity)
        )


def status_text(attention: int) -> str:
    if attention == 0:
        return "Nothing needs attention"
    if attention == 1:
        return "1 thing needs attention"
    return f"{attention} things need attention"


def list_url(name: str, **params: Any) -> str:
    query = urlencode({key: value for key, value in params.items() if value is not None})
    return f"{reverse(name)}?{query}" if query else reverse(name)


def day_text(value: date | datetime) -> str:
    return format_date(value, "j F Y")


def plural(count: int, word: str, plural: str = "") -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"
