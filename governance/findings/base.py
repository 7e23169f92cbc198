"""The types every finding kind is built from.

A kind names one rule of the strategy (a severity, an Accountability Framework category and
the register it is about) and finds the records that break it as one queryset: one query to
count them, one (plus fixed prefetches) to read a page of them, whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db import models
from django.db.models import Exists, Model, OuterRef, QuerySet
from django.utils import timezone


class Severity(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class Category(models.TextChoices):
    """The ICO Accountability Framework's ten categories, in its order."""

    LEADERSHIP = "leadership", "Leadership and oversight"
    POLICIES = "policies", "Policies and procedures"
    TRAINING = "training", "Training and awareness"
    RIGHTS = "rights", "Individuals' rights"
    TRANSPARENCY = "transparency", "Transparency"
    ROPA = "ropa", "Records of processing and lawful basis"
    CONTRACTS = "contracts", "Contracts and data sharing"
    RISKS = "risks", "Risks and data protection impact assessments"
    RECORDS = "records", "Records management and security"
    BREACHES = "breaches", "Breach response and monitoring"


@dataclass(frozen=True)
class Finding:
    kind: str
    severity: Severity
    category: Category
    register: str
    record_label: str
    record_url: str
    message: str
    fix_url: str
    fix_label: str


#: Severity order for sorting and for the page's counts: the most serious first.
SEVERITY_ORDER = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}


def moment_of(today: date) -> datetime:
    """The instant a finding about deadlines is judged at: now for today, otherwise the end of
    ``today`` in the portal's time zone (a report "as at" a past or future day)."""
    if today == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(today, time.max))


@dataclass(frozen=True, kw_only=True)
class FindingKind:
    """One rule, and how to find and describe the records that break it."""

    slug: str
    #: What the kind finds, as a plural noun phrase: the page's count list and filter.
    title: str
    severity: Severity
    category: Category
    #: The register the records belong to, as the navigation names it ("Data sources").
    register: str
    #: ``app_label.model_name`` of that register: the findings page's ``register`` filter.
    register_key: str

    @property
    def model(self) -> type[Model] | None:
        return None

    def count(self, today: date, user: Any = None) -> int:
        raise NotImplementedError

    def page(self, offset: int, limit: int, today: date, user: Any = None) -> list[Finding]:
        raise NotImplementedError

    def for_record(
        self, instance: Model, today: date, loaded: dict[Any, Any] | None = None
    ) -> list[Finding]:
        """The findings of this kind about ``instance`` (none when it is another model).
        ``loaded`` lets the kinds about one record share the copy of it they read."""
        return []

    def applies_to(self, instance: Model) -> bool:
        return self.model is not None and isinstance(instance, self.model)

    def finding(
        self, *, record_label: str, record_url: str, message: str, fix: tuple[str, str]
    ) -> Finding:
        return Finding(
            kind=self.slug,
            severity=self.severity,
            category=self.category,
            register=self.register,
            record_label=record_label,
            record_url=record_url,
            message=message,
            fix_url=fix[0],
            fix_label=fix[1],
        )


def _no_related(queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset


@dataclass(frozen=True, kw_only=True)
class QueryKind(FindingKind):
    """A kind whose offending records are rows of one register model.

    ``offending(queryset, today)`` narrows ``queryset`` (every row, the rows a user may see, or
    one record) to the rows that break the rule, in a stable order so a page can be sliced in
    SQL. ``related`` loads what ``describe`` and ``fix`` read, with a fixed number of queries.
    """

    model_label: str
    offending: Callable[[QuerySet[Any], date], QuerySet[Any]]
    describe: Callable[[Any, date], str]
    #: (URL, link text) of where the problem is put right.
    fix: Callable[[Any], tuple[str, str]]
    related: Callable[[QuerySet[Any]], QuerySet[Any]] = field(default=_no_related)

    @property
    def model(self) -> type[Model]:
        from django.apps import apps

        return apps.get_model(self.model_label)

    def rows(self, today: date, user: Any = None) -> QuerySet[Any]:
        base = self.model._default_manager.all()
        if user is not None:
            base = base.visible_to(user)  # type: ignore[attr-defined]  # every register's queryset has it
        return self.offending(base, today)

    def count(self, today: date, user: Any = None) -> int:
        return self.rows(today, user).count()

    def page(self, offset: int, limit: int, today: date, user: Any = None) -> list[Finding]:
        if limit <= 0:
            return []
        records = self.related(self.rows(today, user))[offset : offset + limit]
        return [self.about(record, today) for record in records]

    def for_record(
        self, instance: Model, today: date, loaded: dict[Any, Any] | None = None
    ) -> list[Finding]:
        """One EXISTS query; only a record that breaks the rule is then read with what the
        sentence needs, once for every kind that loads it the same way."""
        if not self.applies_to(instance):
            return []
        base = self.model._default_manager.filter(pk=instance.pk)
        if not self.offending(base, today).exists():
            return []
        return self.found_in(instance, today, loaded)

    def breaks(self, today: date) -> Exists:
        """Whether the outer query's row breaks the rule, as an SQL expression: the kinds
        about one model are asked about a record together, in one query (``findings_for``)."""
        one = self.model._default_manager.filter(pk=OuterRef("pk"))
        return Exists(self.offending(one, today))

    def found_in(
        self, instance: Model, today: date, loaded: dict[Any, Any] | None = None
    ) -> list[Finding]:
        """The finding about ``instance``, known to break the rule: the record read with what
        the sentence needs, once for every kind that loads it the same way."""
        loaded = {} if loaded is None else loaded
        if self.related not in loaded:
            base = self.model._default_manager.filter(pk=instance.pk)
            loaded[self.related] = self.related(base).get()
        return [self.about(loaded[self.related], today)]

    def about(self, record: Any, today: date) -> Finding:
        return self.finding(
            record_label=str(record),
            record_url=record.get_absolute_url(),
            message=self.describe(record, today),
            fix=self.fix(record),
        )
