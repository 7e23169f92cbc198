"""The registers the header search looks in, in the order the results page lists them.

Each register searches the same columns as its own list's ``q`` filter (its queryset's
``search_fields``): on SQLite through that very filter, so a group's count is what the list
shows; on PostgreSQL by full text over the register's own columns (a GIN index cannot reach
a joined table's column), each with the GIN expression index of the hand-written
``search_indexes`` migration.
"""

from dataclasses import dataclass
from typing import Any, cast

from django.contrib.postgres.search import SearchVector
from django.urls import reverse

from ropa.models import ProcessingActivity, RetentionRule
from sharing.models import (
    Agreement,
    ConnectionRequest,
    Consultation,
    Contact,
    DataSource,
    Forum,
    Organisation,
    Product,
    RoleHolder,
)
from vpp_portal.models import RegisterModel
from vpp_portal.querysets import RegisterQuerySet

from ..models import Breach, Dpia, Policy

#: The text search configuration: the registers are written in English.
CONFIG = "english"


@dataclass(frozen=True)
class Register:
    """One searchable register: where its rows come from, and where its list is."""

    model: type[RegisterModel]
    #: The list the "see all" link opens with the same search (None: the register has none).
    list_url_name: str | None
    #: Rows a result's label and link read (``__str__`` and ``get_absolute_url``).
    related: tuple[str, ...] = ()
    #: Never searched for a partner, whatever ``visible_to`` would give them.
    internal_only: bool = False

    @property
    def slug(self) -> str:
        return self.model._meta.model_name or ""

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural).capitalize()

    @property
    def permission(self) -> str:
        opts = self.model._meta
        return f"{opts.app_label}.view_{opts.model_name}"

    @property
    def fields(self) -> tuple[str, ...]:
        """The register's own searched columns: its list's search fields, less joined ones."""
        searched = self.rows().search_fields
        return tuple(field for field in searched if "__" not in field)

    @property
    def index_name(self) -> str:
        opts = self.model._meta
        return f"{opts.app_label}_{opts.model_name}_fts"

    def vector(self) -> SearchVector:
        """The expression searched on PostgreSQL; its GIN index is built from this same call."""
        return SearchVector(*self.fields, config=CONFIG)

    def is_open_to(self, user: Any) -> bool:
        if self.internal_only and getattr(user, "is_partner", False):
            return False
        return bool(user.has_perm(self.permission))

    def rows(self) -> RegisterQuerySet:
        # Every register's manager is built from its ``RegisterQuerySet``.
        return cast(RegisterQuerySet, self.model._default_manager.all())

    def queryset(self, user: Any) -> RegisterQuerySet:
        rows = self.rows().visible_to(user)
        return rows.select_related(*self.related) if self.related else rows

    def list_url(self, text: str) -> str | None:
        if self.list_url_name is None:
            return None
        from urllib.parse import urlencode

        return f"{reverse(self.list_url_name)}?{urlencode({'q': text})}"

    def field_label(self, name: str) -> str:
        field = self.model._meta.get_field(name)
        return str(getattr(field, "verbose_name", name)).capitalize()


REGISTERS: tuple[Register, ...] = (
    Register(Organisation, "sharing:organisation_list"),
    # Contacts are people's details: internal, and listed on their organisation's page only.
    Register(Contact, None, related=("organisation",), internal_only=True),
    Register(Forum, "sharing:forum_list"),
    Register(ConnectionRequest, "sharing:connectionrequest_list", related=("forum",)),
    Register(Agreement, "sharing:agreement_list"),
    Register(DataSource, "sharing:datasource_list"),
    Register(Product, "sharing:product_list"),
    Register(Consultation, "sharing:consultation_list", related=("product", "organisation")),
    Register(ProcessingActivity, "ropa:processingactivity_list"),
    Register(RetentionRule, "ropa:retentionrule_list"),
    Register(Policy, "governance:policy_list"),
    Register(Dpia, "governance:dpia_list"),
    Register(Breach, "governance:breach_list"),
    Register(RoleHolder, "sharing:roleholder_list", related=("organisation",)),
)


def registers_for(user: Any) -> list[Register]:
    """The registers ``user`` may search: their role's view permission, partners never the
    internal-only ones. Permissions are read once a request and cached on the user."""
    return [register for register in REGISTERS if register.is_open_to(user)]
