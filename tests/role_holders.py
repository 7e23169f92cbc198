"""Making role holders in tests (``sharing.RoleHolder``): the DPO the ROPA header names."""

from datetime import date
from typing import Any

from sharing.models import RoleHolder


def make_role_holder(organisation: Any, role: str = "dpo", **fields: Any) -> RoleHolder:
    """A holder of ``role`` at ``organisation``, in post since 1 April 2024 unless told."""
    values: dict[str, Any] = {
        "name": "Dana Okafor",
        "job_title": "Data Protection Officer",
        "email": "dpo@humberside.opcc.test",
        "starts_on": date(2024, 4, 1),
    }
    values.update(fields)
    return RoleHolder.objects.create(organisation=organisation, role=role, **values)
