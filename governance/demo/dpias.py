"""The Humber demo's DPIAs (``data.DPIAS``): each written as a draft, taken through its story
by the services as the people of the demo would, and backdated."""

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.utils import timezone

from accounts.models import User
from ropa.models import ProcessingActivity
from sharing.models import Agreement, DataSource
from vpp_portal.editing import save_links

from ..choices import DpiaAction
from ..documents import dpia_document
from ..models import Dpia, DpiaComment, DpiaEvent, DpiaRisk, DpiaSnapshot
from ..services import dpias as services
from ..workflows import DPIA_STEPS
from .data import DPIAS, DemoDpia, InDays, Login

#: The service of each step a story names.
SERVICES = {
    **{name: step.service for name, step in DPIA_STEPS.items()},
    "ico_consultation": services.dpia_record_ico_consultation,
}


def load_dpias(*, staff: User, dpo: User, siro: User, director: User) -> None:
    """The DPIA register of the demo: one DPIA (or screening) in every state, linked to the
    processing, agreements and data sources it assesses. DPIAs already there are left alone."""
    people = {"staff": staff, "dpo": dpo, "siro": siro, "director": director}
    today = timezone.localdate()

    def resolve(value: Any) -> Any:
        if isinstance(value, InDays):
            return today + timedelta(days=value.days)
        return people[value.role] if isinstance(value, Login) else value

    for demo in DPIAS:
        dpia = _start(demo, staff=staff)
        if dpia is None:
            continue
        for act in demo.story:
            fields = {name: resolve(value) for name, value in act.fields.items()}
            SERVICES[act.step](dpia, actor=people[act.by], **fields)
        if demo.review_moved_to is not None:
            Dpia.objects.filter(pk=dpia.pk).update(next_review_on=resolve(demo.review_moved_to))
        if demo.backdate:
            _backdate(dpia, demo.backdate)


def _start(demo: DemoDpia, *, staff: User) -> Dpia | None:
    """The DPIA of ``demo`` as a draft with every step written and its risks recorded; ``None``
    when the demo already holds it (loading twice changes nothing)."""
    if Dpia.objects.filter(title=demo.title).exists():
        return None
    dpia = services.dpia_save(
        Dpia(
            title=demo.title,
            screening_indicators=list(demo.indicators),
            screening_outcome=demo.outcome,
            screening_reason=demo.reason,
            **demo.steps,
        ),
        actor=staff,
        reason="Humber demo data",
    )
    links: dict[str, Iterable[Any]] = {
        "activities": ProcessingActivity.objects.filter(name__in=demo.activities),
        "agreements": Agreement.objects.filter(title__in=demo.agreements),
        "data_sources": DataSource.objects.filter(name__in=demo.data_sources),
    }
    save_links(dpia, links)
    for description, likelihood, severity, options, effect, residual in demo.risks:
        services.dpia_risk_save(
            DpiaRisk(
                dpia=dpia,
                description=description,
                likelihood=likelihood,
                severity=severity,
                measure_options=options,
                measure_effect=effect,
                residual_risk=residual,
            ),
            actor=staff,
            reason="Humber demo data",
        )
    return dpia


def _backdate(dpia: Dpia, days_ago: dict[str, float]) -> None:
    """Demo data only: move the steps of ``dpia``'s timeline (action → days ago) back in time,
    so the queues show how long each DPIA has waited. The services stamp the present moment,
    and the demo is loaded in one go, so its story is set afterwards with plain updates."""
    now = timezone.now()
    when = {action: now - timedelta(days=days) for action, days in days_ago.items()}
    for action, at in when.items():
        DpiaEvent.objects.filter(dpia=dpia, action=action).update(at=at)
    stamps = {
        "created_at": when.get(DpiaAction.CREATED),
        "submitted_at": when.get(DpiaAction.SUBMITTED),
        "advised_at": when.get(DpiaAction.ADVISED) or when.get(DpiaAction.SCREENING_CONFIRMED),
        "signed_off_at": when.get(DpiaAction.APPROVED),
    }
    Dpia.objects.filter(pk=dpia.pk).update(
        **{name: at for name, at in stamps.items() if at is not None}
    )
    if returned := when.get(DpiaAction.RETURNED):
        DpiaComment.objects.filter(dpia=dpia).update(made_at=returned)
    if frozen := when.get(DpiaAction.APPROVED) or when.get(DpiaAction.SCREENING_CONFIRMED):
        # The frozen copy is taken again from the backdated DPIA, so its dates agree.
        content = dpia_document(Dpia.objects.with_related().get(pk=dpia.pk))
        DpiaSnapshot.objects.filter(dpia=dpia).update(
            taken_at=frozen, content=content, digest=services.snapshot_digest(content)
        )
