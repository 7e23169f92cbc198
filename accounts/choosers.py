"""The people chooser (``vpp_portal.choosers``): who may own or review a record.

Only the core team and the partnership's role holders search it (a partner never sees the
list of staff), and it finds active people who are not partners, as ``internal_users`` does.
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
