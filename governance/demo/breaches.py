"""The Humber demo's breach log (``breach_data.BREACHES``): each recorded by staff and taken through
its story by the services, then given the times it was contained or closed."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from accounts.models import User
from sharing.models import Organisation

from ..models import Breach
from ..services import breaches as services
from ..workflows import BREACH_STEPS
from .actions import breach_lesson_action
from .breach_data import BREACHES, HoursAfterAware
from .data import Login

#: The service of each step a story names.
SERVICES: dict[str, Any] = {
    **{name: step.service for name, step in BREACH_STEPS.items()},
    "ico_decision": services.breach_record_ico_decision,
    "lesson_action": breach_lesson_action,
}


def load_breaches(*, staff: User, dpo: User) -> None:
    """Three breaches: one open with the ICO clock running (about 52 hours left), one reported
    to the ICO within the 72 hours and contained, and one closed as not reportable. Staff record
    them, the DPO decides on the ICO and closes; breaches already there are left alone."""
    now = timezone.now()
    people = {"staff": staff, "dpo": dpo}
    orgs = {o.name: o for o in Organisation.objects.all()}
    existing = set(Breach.objects.values_list("title", flat=True))
    for demo in BREACHES:
        if demo.title in existing:
            continue
        aware = now - timedelta(hours=demo.aware_hours_ago)

        def resolve(name: str, value: Any, aware: Any = aware) -> Any:
            if isinstance(value, HoursAfterAware):
                return aware + timedelta(hours=value.hours)
            if isinstance(value, Login):
                return people[value.role]
            return orgs[value] if name == "organisation" else value

        breach = services.breach_record(
            Breach(
                title=demo.title,
                detected_at=aware - timedelta(hours=demo.detected_hours_before),
                became_aware_at=aware,
                reported_by=staff,
                **{name: resolve(name, value) for name, value in demo.values.items()},
            ),
            actor=staff,
            reason="Humber demo data",
        )
        for act in demo.story:
            fields = {name: resolve(name, value) for name, value in act.fields.items()}
            breach = SERVICES[act.step](breach, actor=people[act.by], **fields)
        if demo.stamps:
            Breach.objects.filter(pk=breach.pk).update(
                **{name: aware + timedelta(hours=hours) for name, hours in demo.stamps.items()}
            )
