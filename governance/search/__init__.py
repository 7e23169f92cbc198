"""One search across every register a user can see, grouped by register.

Each register costs one query whatever its size: the first ``GROUP_SIZE`` matches with the
total counted in the same statement (a window count). Rows come from
``Model.objects.visible_to(user)`` of the registers the user's role may view
(``registers.registers_for``), so a partner finds only their organisation's records.
On PostgreSQL the match is full text (``websearch`` syntax, ranked); on SQLite it is the
register list's own ``icontains`` search.
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, QuerySet, Window

from vpp_portal.models import RegisterModel

from .registers import CONFIG, REGISTERS, Register, registers_for

__all__ = [
    "GROUP_SIZE",
    "MAX_QUERY_LENGTH",
    "REGISTERS",
    "Group",
    "Register",
    "Result",
    "Snippet",
    "clean_query",
    "search",
]

#: Longer searches are refused with a message: nobody types more, and it bounds the work.
MAX_QUERY_LENGTH = 200
GROUP_SIZE = 10
_BEFORE = 60
_AFTER = 100


@dataclass(frozen=True)
class Snippet:
    """A short piece of the field that matched, split so the template can mark the match."""

    field: str
    before: str
    match: str
    after: str


@dataclass(frozen=True)
class Result:
    label: str
    url: str
    snippet: Snippet | None


@dataclass(frozen=True)
class Group:
    register: Register
    total: int
    results: list[Result]
    see_all_url: str | None

    @property
    def slug(self) -> str:
        return self.register.slug

    @property
    def label(self) -> str:
        return self.register.label

    @property
    def has_more(self) -> bool:
        return self.total > len(self.results)


def clean_query(raw: str) -> str:
    """The search as typed, less control and other invisible characters (a NUL byte would
    fail on PostgreSQL), with runs of spaces made one."""
    visible = "".join(" " if unicodedata.category(char).startswith("C") else char for char in raw)
    return " ".join(visible.split())


def search(user: Any, text: str, limit: int = GROUP_SIZE) -> list[Group]:
    """The registers with matches for ``text``, each with its total and first ``limit`` rows;
    registers without a match are left out. ``text`` is assumed cleaned and non-empty."""
    groups = []
    for register in registers_for(user):
        rows = list(_matches(register, user, text)[:limit])
        if not rows:
            continue
        groups.append(
            Group(
                register=register,
                total=rows[0].search_total,
                results=[_result(register, row, text) for row in rows],
                see_all_url=register.list_url(text),
            )
        )
    return groups


def _matches(register: Register, user: Any, text: str) -> QuerySet[Any]:
    rows = register.queryset(user)
    if connection.vendor == "postgresql":
        query = SearchQuery(text, config=CONFIG, search_type="websearch")
        # ``alias`` keeps the vector out of the SELECT; the WHERE repeats it exactly as the
        # GIN expression index holds it, which is what lets PostgreSQL use the index.
        rows = (
            rows.alias(search_document=register.vector())
            .filter(search_document=query)
            .annotate(search_rank=SearchRank(register.vector(), query))
            .order_by("-search_rank", "pk")
        )
    else:
        rows = rows.search(text)
    return rows.annotate(search_total=Window(Count("pk")))


def _result(register: Register, row: RegisterModel, text: str) -> Result:
    return Result(
        label=str(row),
        url=row.get_absolute_url(),
        snippet=_snippet(register, row, text),
    )


def _needles(text: str) -> list[str]:
    """What to look for in a row's text: the whole search, then each word, then the start of
    each long word (full-text search matches "sharing" to "shared" through its stem)."""
    words = [word for word in re.findall(r"\w+", text) if word.lower() != "or"]
    stems = [word[:5] for word in words if len(word) > 5]
    return [text, *words, *stems]


def _snippet(register: Register, row: RegisterModel, text: str) -> Snippet | None:
    values = [
        (field, " ".join(str(getattr(row, field) or "").split())) for field in register.fields
    ]
    # A match in the record's label is already on screen: show another field's if there is one.
    label = str(row)
    values.sort(key=lambda item: item[1] in label)
    for needle in _needles(text):
        pattern = re.compile(re.escape(needle), re.IGNORECASE)
        for field, value in values:
            found = pattern.search(value)
            if found:
                at, end = found.span()
                start = max(0, at - _BEFORE)
                stop = min(len(value), end + _AFTER)
                return Snippet(
                    field=register.field_label(field),
                    before=("…" if start else "") + value[start:at],
                    match=value[at:end],
                    after=value[end:stop] + ("…" if stop < len(value) else ""),
                )
    return None
