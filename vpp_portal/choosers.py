"""Choosers: picking one row (or several) of a table that can hold thousands, without putting
every row on the page.

A chooser is a text box. With JavaScript, GOV.UK's accessible autocomplete turns it into a
combobox that asks the search endpoint (``chooser_search``, ``/choose/<kind>/?q=…``) for at most
:data:`RESULT_LIMIT` matches the user may see, and a hidden ``<name>-id`` input carries the
chosen row's id. Without JavaScript it stays a plain text box: the server looks the typed name
up among the rows the field allows (an exact name first, else the one row whose name contains
it), and says so next to the field when none or several match. Either way the page carries only
the chosen values, never every option.

Apps register their kinds (``register_chooser``) in their ``AppConfig.ready``; this module
imports no app. Every kind is scoped by ``visible_to(user)`` (or its own ``scope``) and guarded
by a permission, so a partner never finds another partner's rows.

Three fields use it:

- :class:`ChooserField`: a single choice (a foreign key), in place of a ``<select>``.
- :class:`MultiChooserField`: several choices (a many-to-many): the chosen rows as ticked boxes
  (untick to remove) and an "add" chooser under them.
- :class:`ChooserFilter`: a list filter. An id filters by that row; typed text without a choice
  filters by every row (the user may see) whose name contains it.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Model, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import reverse
from django.views import View

from .forms import ModelMultipleChoiceField

#: The most matches the endpoint returns; the user types more of the name to narrow them.
RESULT_LIMIT = 20
#: The shortest text the endpoint searches for (one character would match nearly everything).
MIN_QUERY_LENGTH = 2
#: How many of several matching names an error message lists.
LISTED_MATCHES = 5


@dataclass(frozen=True)
class Chooser:
    """One kind of row users can choose: what it is called, who may search it, how."""

    kind: str
    #: Singular noun for messages: "organisation", "data source".
    noun: str
    model: type[Model]
    #: Fields matched with ``icontains``; the first one also ranks "starts with" matches first
    #: and is the one an exact name is looked up by.
    search_fields: tuple[str, ...]
    #: ``has_perm`` permission needed to search, or a callable ``(user) -> bool``.
    permission: str | Callable[[Any], bool]
    order_by: tuple[str, ...] = ()
    #: The rows ``user`` may find; default ``model.objects.visible_to(user)``.
    scope: Callable[[Any], QuerySet[Any]] | None = None
    select_related: tuple[str, ...] = ()
    #: The text shown for a row; default ``str(row)``.
    label: Callable[[Any], str] = field(default=str)

    def allowed(self, user: Any) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        if callable(self.permission):
            return bool(self.permission(user))
        return bool(user.has_perm(self.permission))

    def rows_for(self, user: Any) -> QuerySet[Any]:
        if self.scope is not None:
            rows = self.scope(user)
        else:
            rows = self.model._default_manager.visible_to(user)  # type: ignore[attr-defined]
        return rows.select_related(*self.select_related) if self.select_related else rows

    def matching(self, rows: QuerySet[Any], text: str) -> QuerySet[Any]:
        """``rows`` whose search fields contain ``text``, those starting with it first."""
        text = text.strip()
        condition = Q()
        for name in self.search_fields:
            condition |= Q(**{f"{name}__icontains": text})
        first = self.search_fields[0]
        starts = Case(
            When(**{f"{first}__istartswith": text}, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        ordering = self.order_by or (first, "pk")
        return rows.filter(condition).annotate(_starts=starts).order_by("_starts", *ordering)

    def search(self, user: Any, text: str) -> tuple[list[Any], bool]:
        """At most :data:`RESULT_LIMIT` rows ``user`` may see matching ``text`` (one query),
        and whether there are more."""
        if len(text.strip()) < MIN_QUERY_LENGTH:
            return [], False
        found = list(self.matching(self.rows_for(user), text)[: RESULT_LIMIT + 1])
        return found[:RESULT_LIMIT], len(found) > RESULT_LIMIT

    def resolve(self, rows: QuerySet[Any], text: str, label: Callable[[Any], str]) -> Any:
        """The one row of ``rows`` that ``text`` names: a row whose name is ``text`` (case
        aside), else the only row whose name contains it. Raises ``ValidationError`` saying
        which, when none or several do."""
        text = text.strip()
        exact = list(rows.filter(**{f"{self.search_fields[0]}__iexact": text})[:2])
        if len(exact) == 1:
            return exact[0]
        candidates = exact or list(self.matching(rows, text)[: LISTED_MATCHES + 1])
        if not candidates:
            raise ValidationError(
                "No %(noun)s called ‘%(text)s’ was found. Check the spelling, or type part of "
                "the name and choose from the suggestions.",
                code="no_match",
                params={"noun": self.noun, "text": text},
            )
        if len(candidates) == 1:
            return candidates[0]
        names = [label(row) for row in candidates[:LISTED_MATCHES]]
        more = ", and others" if len(candidates) > LISTED_MATCHES else ""
        raise ValidationError(
            "More than one %(noun)s matches ‘%(text)s’ (%(names)s%(more)s). Type more of the name.",
            code="several_matches",
            params={"noun": self.noun, "text": text, "names": "; ".join(names), "more": more},
        )


_CHOOSERS: dict[str, Chooser] = {}


def register_chooser(chooser: Chooser) -> None:
    """Make ``chooser`` searchable at ``/choose/<kind>/`` (an app's ``ready`` calls this)."""
    existing = _CHOOSERS.get(chooser.kind)
    if existing is not None and existing != chooser:
        raise ImproperlyConfigured(f"Two choosers are registered as {chooser.kind!r}.")
    _CHOOSERS[chooser.kind] = chooser


def chooser(kind: str) -> Chooser:
    try:
        return _CHOOSERS[kind]
    except KeyError:
        raise ImproperlyConfigured(f"No chooser is registered as {kind!r}.") from None


def registered_kinds() -> list[str]:
    return sorted(_CHOOSERS)


class ChooserSearchView(View):
    """``GET /choose/<kind>/?q=text``: the matches as JSON, ``{"results": [{"value", "label"}],
    "more": bool}``. 404 for an unknown kind, 403 without the kind's permission; one query for
    the matches whatever the table's size."""

    def get(self, request: HttpRequest, kind: str) -> JsonResponse:
        found = _CHOOSERS.get(kind)
        if found is None:
            raise Http404("No such chooser.")
        if not found.allowed(request.user):
            raise PermissionDenied
        rows, more = found.search(request.user, request.GET.get("q", "")[:200])
        results = [{"value": str(row.pk), "label": found.label(row)} for row in rows]
        response = JsonResponse({"results": results, "more": more})
        response["Cache-Control"] = "private, no-store"
        return response


# --- Values posted by the widgets ------------------------------------------------------------


@dataclass(frozen=True)
class Typed:
    """What a single chooser posted: the chosen row's id (with JavaScript) and the text.

    ``by_id`` marks a bare id posted under the field's own name with no ``<name>-id`` beside
    it (a link, a bookmarked filter, a script): it names the row by id alone."""

    id: str
    text: str
    by_id: bool = False


@dataclass(frozen=True)
class TypedMany:
    """What a multiple chooser posted: the ticked rows' ids and the "add" box's id and text."""

    ids: tuple[str, ...]
    add: Typed


def _id_name(name: str) -> str:
    return f"{name}-id"


def _add_name(name: str) -> str:
    return f"{name}-add"


# --- Widgets -----------------------------------------------------------------------------------


class ChooserInput(forms.TextInput):
    """A text box that the page's script turns into an autocomplete (see the module's notes).

    It shows the chosen row's label; looking it up costs one query when the value is an id,
    none when its field has just looked the row up in cleaning (``remember``).
    """

    template_name = "vpp_portal/widgets/chooser.html"

    def __init__(self, kind: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.kind = kind
        self.queryset: QuerySet[Any] | None = None
        self.label_of: Callable[[Any], str] = str
        self.known: dict[str, Any] = {}

    def __deepcopy__(self, memo: dict[int, Any]) -> "ChooserInput":
        copy = super().__deepcopy__(memo)
        copy.queryset = self.queryset  # the queryset itself is not copied (nor evaluated)
        copy.known = {}
        return copy

    def remember(self, row: Any) -> Any:
        """Keep ``row`` (found by its field) to show it without looking it up again."""
        if row is not None:
            self.known[str(row.pk)] = row
        return row

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Typed | None:
        text = data.get(name)
        if text is None:
            return None
        text = str(text)
        if _id_name(name) not in data and _is_id(text):
            return Typed(id=text.strip(), text="", by_id=True)
        return Typed(id=str(data.get(_id_name(name)) or "").strip(), text=text)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data

    def chosen(self, value: Any) -> tuple[str, str]:
        """The id and text to show for ``value`` (an id, a row, or what was posted)."""
        if value is None or value == "":
            return "", ""
        if isinstance(value, Typed):
            if value.by_id:
                row = self.known.get(value.id) or _row(self.queryset, value.id)
                return (value.id, self.label_of(row)) if row is not None else ("", value.id)
            return value.id, value.text
        if isinstance(value, Model):
            return str(value.pk), self.label_of(value)
        row = _row(self.queryset, value)
        return (str(value), self.label_of(row)) if row is not None else ("", "")

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        chosen_id, text = self.chosen(value)
        context = super().get_context(name, text or None, attrs)
        widget = context["widget"]
        widget["attrs"].update(
            {
                "data-vpp-chooser": reverse("chooser_search", kwargs={"kind": self.kind}),
                "data-vpp-chooser-id": _id_name(name),
                "autocomplete": "off",
                "spellcheck": "false",
            }
        )
        widget["attrs"]["class"] = _with_class(widget["attrs"].get("class"), "govuk-input")
        widget["id_name"] = _id_name(name)
        widget["chosen_id"] = chosen_id
        return context


class MultiChooserInput(forms.Widget):
    """The chosen rows as ticked GOV.UK checkboxes (untick one to remove it) and an "add"
    chooser under them; with JavaScript a chosen suggestion becomes a ticked box at once."""

    template_name = "vpp_portal/widgets/multi_chooser.html"

    def __init__(self, kind: str, noun: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.kind = kind
        self.noun = noun
        self.queryset: QuerySet[Any] | None = None
        self.label_of: Callable[[Any], str] = str

    def __deepcopy__(self, memo: dict[int, Any]) -> "MultiChooserInput":
        copy = super().__deepcopy__(memo)
        copy.queryset = self.queryset
        return copy

    def id_for_label(self, id_: str) -> str:
        return f"{id_}-add" if id_ else id_

    def value_from_datadict(self, data: Any, files: Any, name: str) -> TypedMany:
        ids = data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])
        if isinstance(ids, str):
            ids = [ids]
        add = Typed(
            id=str(data.get(_id_name(_add_name(name))) or "").strip(),
            text=str(data.get(_add_name(name)) or ""),
        )
        return TypedMany(ids=tuple(str(item) for item in ids), add=add)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        # An unticked box posts nothing: the field is present whenever its "add" box is.
        return name not in data and _add_name(name) not in data

    def chosen(self, value: Any) -> tuple[list[tuple[str, str]], str]:
        """The ticked rows as (id, label), in label order, and the "add" box's text."""
        add_text = ""
        if isinstance(value, TypedMany):
            ids, add_text = list(value.ids), value.add.text
        elif value in (None, ""):
            ids = []
        else:
            ids = [str(item.pk if isinstance(item, Model) else item) for item in value]
        numeric = [item.strip() for item in ids if _is_id(item)]
        if not numeric or self.queryset is None:
            return [], add_text
        rows = self.queryset.filter(pk__in=numeric)
        chosen = sorted(
            ((str(row.pk), self.label_of(row)) for row in rows), key=lambda pair: pair[1].lower()
        )
        return chosen, add_text

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, None, attrs)
        widget = context["widget"]
        chosen, add_text = self.chosen(value)
        base_id = widget["attrs"].get("id") or f"id_{name}"
        widget.update(
            {
                "base_id": base_id,
                "chosen": [
                    {"value": pk, "label": label, "id": f"{base_id}-{pk}"} for pk, label in chosen
                ],
                "add_name": _add_name(name),
                "add_id": f"{base_id}-add",
                "add_id_name": _id_name(_add_name(name)),
                "add_text": add_text,
                "noun": self.noun,
                "url": reverse("chooser_search", kwargs={"kind": self.kind}),
                "describedby": widget["attrs"].get("aria-describedby", ""),
            }
        )
        return context


def _with_class(existing: str | None, css: str) -> str:
    classes = (existing or "").split()
    return " ".join(classes if css in classes else [css, *classes])


#: The largest id a database column holds (a signed 64-bit integer): a bigger number is no
#: row's, and SQLite raises ``OverflowError`` if asked for it.
LARGEST_ID = 2**63 - 1


def _is_id(value: Any) -> bool:
    """Whether ``value`` is written as a row id: ASCII digits only (``str.isdigit`` also takes
    "²" and other scripts' digits, which ``int`` refuses), no larger than ``LARGEST_ID``."""
    text = str(value).strip()
    return text.isascii() and text.isdigit() and int(text) <= LARGEST_ID


def _shows(row: Any, text: str, kind: str, label: Callable[[Any], str]) -> bool:
    """Whether ``text`` is what a chooser of ``kind`` shows for ``row``: the field's label, or
    the search endpoint's (the suggestion the script put in the box), which may differ."""
    text = text.strip()
    return text in (label(row).strip(), chooser(kind).label(row).strip())


def _row(queryset: QuerySet[Any] | None, value: Any) -> Any:
    """The row of ``queryset`` whose id ``value`` is, or None (also for an id no column can
    hold: SQLite raises ``OverflowError`` for it where PostgreSQL finds nothing)."""
    if queryset is None or not _is_id(value):
        return None
    text = str(value).strip()
    try:
        return queryset.filter(pk=int(text)).first()
    except (OverflowError, ValueError):
        return None


# --- Fields ------------------------------------------------------------------------------------


class ChooserField(forms.ModelChoiceField):
    """A single choice of a row of ``queryset`` through a chooser of ``kind`` (see above)."""

    widget = ChooserInput

    def __init__(self, queryset: Any, *, kind: str, **kwargs: Any) -> None:
        self.kind = kind
        kwargs.setdefault("widget", ChooserInput(kind))
        super().__init__(queryset, **kwargs)
        self._sync_widget()

    def _sync_widget(self) -> None:
        widget = self.widget
        if isinstance(widget, ChooserInput):
            widget.queryset = self.queryset
            widget.label_of = self.label_from_instance

    def _set_queryset(self, queryset: Any) -> None:
        # Django hands the widget the queryset as choices; a chooser never lists them.
        self._queryset = None if queryset is None else queryset.all()
        if hasattr(self, "widget"):
            self._sync_widget()

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)  # type: ignore[assignment,attr-defined]

    def __deepcopy__(self, memo: dict[int, Any]) -> "ChooserField":
        result = super().__deepcopy__(memo)
        result._sync_widget()
        return result  # type: ignore[return-value]

    def to_python(self, value: Any) -> Any:
        if isinstance(value, Model):
            return value
        if isinstance(value, Typed):
            if value.by_id:
                row = super().to_python(value.id)
                if isinstance(self.widget, ChooserInput):
                    self.widget.remember(row)
                return row
            if value.id and value.text.strip():
                row = _row(self.queryset, value.id)
                # The id stands only while the text still shows that row (typing clears it).
                if row is not None and _shows(row, value.text, self.kind, self.label_from_instance):
                    return row
            if not value.text.strip():
                return None
            return chooser(self.kind).resolve(self.queryset, value.text, self.label_from_instance)
        if value in self.empty_values:
            return None
        return super().to_python(value)

    def has_changed(self, initial: Any, data: Any) -> bool:
        if isinstance(data, Typed):
            try:
                row = self.to_python(data)
            except ValidationError:
                return True
            data = row.pk if row is not None else ""
        return super().has_changed(initial, data)


class MultiChooserField(ModelMultipleChoiceField):
    """Several rows of ``queryset`` through a chooser of ``kind``: ticked boxes plus one "add"."""

    def __init__(self, queryset: Any, *, kind: str, **kwargs: Any) -> None:
        self.kind = kind
        kwargs.setdefault("widget", MultiChooserInput(kind, chooser(kind).noun))
        super().__init__(queryset, **kwargs)
        self._sync_widget()

    def _sync_widget(self) -> None:
        widget = self.widget
        if isinstance(widget, MultiChooserInput):
            widget.queryset = self.queryset
            widget.label_of = self.label_from_instance

    def _set_queryset(self, queryset: Any) -> None:
        self._queryset = None if queryset is None else queryset.all()
        if hasattr(self, "widget"):
            self._sync_widget()

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)  # type: ignore[assignment,attr-defined]

    def __deepcopy__(self, memo: dict[int, Any]) -> "MultiChooserField":
        result = super().__deepcopy__(memo)
        result._sync_widget()
        return result  # type: ignore[return-value]

    def chosen_ids(self, value: Any) -> list[str]:
        """The ids ``value`` chooses: the ticked boxes, plus the row the "add" box names."""
        if not isinstance(value, TypedMany):
            if value in (None, ""):
                return []
            return [str(item.pk if isinstance(item, Model) else item) for item in value]
        ids = list(dict.fromkeys(value.ids))
        add = value.add
        if add.text.strip():
            row = _row(self.queryset, add.id) if add.id else None
            if row is None or not _shows(row, add.text, self.kind, self.label_from_instance):
                row = chooser(self.kind).resolve(self.queryset, add.text, self.label_from_instance)
            if str(row.pk) not in ids:
                ids.append(str(row.pk))
        return ids

    def clean(self, value: Any) -> Any:
        ids = self.chosen_ids(value)
        return super().clean(ids)

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            ids = self.chosen_ids(data)
        except ValidationError:
            return True
        return super().has_changed(initial, ids)


def use_chooser(
    fields: dict[str, forms.Field], name: str, *, kind: str, queryset: Any = None
) -> ChooserField:
    """Replace the select ``fields[name]`` with a chooser of ``kind``, keeping its label,
    hint, required flag, messages and (unless given) queryset."""
    old = fields[name]
    assert isinstance(old, forms.ModelChoiceField)
    new = ChooserField(
        old.queryset if queryset is None else queryset,
        kind=kind,
        required=old.required,
        label=old.label,
        help_text=old.help_text,
        initial=old.initial,
        disabled=old.disabled,
        to_field_name=old.to_field_name,
        limit_choices_to=old.limit_choices_to,
    )
    new.error_messages = {**new.error_messages, **old.error_messages}
    if type(old).label_from_instance is not forms.ModelChoiceField.label_from_instance:
        new.label_from_instance = old.label_from_instance  # type: ignore[method-assign]
        new._sync_widget()
    fields[name] = new
    return new


def use_multi_chooser(
    fields: dict[str, forms.Field], name: str, *, kind: str, queryset: Any = None
) -> MultiChooserField:
    """Replace the multi-select ``fields[name]`` with a multiple chooser of ``kind``."""
    old = fields[name]
    assert isinstance(old, forms.ModelMultipleChoiceField)
    new = MultiChooserField(
        old.queryset if queryset is None else queryset,
        kind=kind,
        required=old.required,
        label=old.label,
        help_text=old.help_text,
        initial=old.initial,
        disabled=old.disabled,
        to_field_name=old.to_field_name,
    )
    new.error_messages = {**new.error_messages, **old.error_messages}
    if type(old).label_from_instance is not forms.ModelChoiceField.label_from_instance:
        new.label_from_instance = old.label_from_instance  # type: ignore[method-assign]
        new._sync_widget()
    fields[name] = new
    return new


# --- Filters -----------------------------------------------------------------------------------


class _FilterChooserField(forms.Field):
    """A filter's chooser: gives back a row (an id was chosen), typed text, or nothing.

    Typed text that no row the user may see contains, and an id that is not one of those rows,
    are refused with a message next to the box (the list then shows nothing), so a filter that
    cannot match says why instead of showing an empty list."""

    widget = ChooserInput

    def __init__(self, *, kind: str, queryset: Any = None, **kwargs: Any) -> None:
        self.kind = kind
        kwargs.setdefault("widget", ChooserInput(kind))
        super().__init__(**kwargs)
        self.set_queryset(queryset)

    def set_queryset(self, queryset: Any) -> None:
        self.queryset = queryset
        if isinstance(self.widget, ChooserInput):
            self.widget.queryset = queryset
            self.widget.label_of = chooser(self.kind).label

    def __deepcopy__(self, memo: dict[int, Any]) -> "_FilterChooserField":
        result = super().__deepcopy__(memo)
        result.set_queryset(self.queryset)
        return result  # type: ignore[return-value]

    def to_python(self, value: Any) -> Any:
        if isinstance(value, Model):
            return value
        if isinstance(value, Typed):
            if value.by_id:
                return self._by_id(value.id)
            text = value.text.strip()
            if not text:
                return None
            if value.id:
                row = _row(self.queryset, value.id)
                if row is not None and _shows(row, text, self.kind, chooser(self.kind).label):
                    return row
            return self._by_text(text)
        if value in self.empty_values:
            return None
        text = str(value).strip()
        return self._by_id(text) if _is_id(text) else self._by_text(text)

    def _by_id(self, text: str) -> Any:
        row = _row(self.queryset, text)
        if isinstance(self.widget, ChooserInput):
            self.widget.remember(row)
        if row is None:
            raise ValidationError(
                "There is no %(noun)s with the ID %(id)s that you can filter by. Type part of "
                "its name instead.",
                code="invalid_choice",
                params={"noun": chooser(self.kind).noun, "id": text[:20]},
            )
        return row

    def _by_text(self, text: str) -> str:
        found = chooser(self.kind)
        if self.queryset is not None and not found.matching(self.queryset, text).exists():
            raise ValidationError(
                "No %(noun)s’s name contains ‘%(text)s’. Check the spelling, or type less of "
                "the name.",
                code="no_match",
                params={"noun": found.noun, "text": text},
            )
        return text


class ChooserFilter(django_filters.Filter):
    """Filter a list by a row of a table that can hold thousands, through a chooser.

    ``field_name`` is the lookup to the chosen model (``parties__organisation``). A chosen row
    filters by that row; typed text filters by every row the user may see whose name contains
    it (so without JavaScript it is a plain text search). The filterset gives the user's rows
    through ``set_rows(user)`` (``RegisterFilterSet`` does it for every chooser filter).
    """

    field_class = _FilterChooserField

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        kwargs.setdefault("distinct", True)
        super().__init__(*args, kind=kind, **kwargs)
        self.kind = kind
        self.rows: QuerySet[Any] | None = None

    def set_rows(self, user: Any) -> None:
        self.rows = chooser(self.kind).rows_for(user)
        self.extra["queryset"] = self.rows

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value in (None, ""):
            return qs
        if isinstance(value, Model):
            matches: Any = [value.pk]
        else:
            rows = self.rows if self.rows is not None else self.model_rows()
            matches = chooser(self.kind).matching(rows, str(value)).order_by().values("pk")
        qs = qs.filter(**{f"{self.field_name}__in": matches})
        return qs.distinct() if self.distinct else qs

    def model_rows(self) -> QuerySet[Any]:
        return chooser(self.kind).model._default_manager.none()


def chooser_filters(filters: Iterable[Any]) -> Sequence[ChooserFilter]:
    return [item for item in filters if isinstance(item, ChooserFilter)]
