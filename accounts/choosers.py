"""The people choosers (``vpp_portal.choosers``).

``person``: who may own or review a record. Only the core team and the partnership's role
holders search it (a partner never sees the list of staff), and it finds active people who are
not partners, as ``internal_users`` does.

``account``: any active login, partners' too, for linking a role holder (a partner
organisation's DPO, say) to their portal account. Only those who keep the role holders search
it, and each is shown with their e-mail address, since two people may share a name.
"""

from typing import Any

from django.db.models import QuerySet

from vpp_portal.choosers import Chooser, register_chooser

from .models import User
from .selectors import internal_users


def _searches_people(user: Any) -> bool:
    return not getattr(user, "is_partner", True)


def _people(user: Any) -> QuerySet[User]:
    return internal_users() if _searches_people(user) else User.objects.none()


def _account_label(user: User) -> str:
    return f"{user.full_name} ({user.email})" if user.full_name else user.email


def _accounts(user: Any) -> QuerySet[User]:
    return User.objects.filter(is_active=True)


def register() -> None:
    register_chooser(
        Chooser(
            kind="person",
            noun="person",
            model=User,
            search_fields=("full_name", "email"),
            permission=_searches_people,
            order_by=("full_name", "email"),
            scope=_people,
        )
    )
    register_chooser(
        Chooser(
            kind="account",
            noun="account",
            model=User,
            search_fields=("full_name", "email"),
            permission="sharing.change_roleholder",
            order_by=("full_name", "email"),
            scope=_accounts,
            label=_account_label,
        )
    )
