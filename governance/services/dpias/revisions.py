"""A DPIA's revisions (rule 6): starting the review of one in force, freezing the approved
document, and superseding the revision a newly approved one replaces."""

import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from vpp_portal.editing import save_links, save_register_row
from vpp_portal.workflow import transition_register_row

from ...choices import DPIA_IN_FORCE_STATUSES, DPIA_SETTLED_STATUSES, DpiaAction
from ...models import Dpia, DpiaRisk, DpiaSnapshot
from .content import store_risk_ranks
from .timeline import add_event, decided

#: What a new revision starts from: the content of steps 1 to 4 (steps 5 and 6 are its risks).
COPIED_FIELDS = (
    "title",
    "screening_indicators",
    "screening_outcome",
    "screening_reason",
    "processing_nature",
    "processing_scope",
    "processing_context",
    "processing_purposes",
    "consultation",
    "consultation_not_sought_reason",
    "necessity_and_proportionality",
)
COPIED_RISK_FIELDS = (
    "description",
    "likelihood",
    "severity",
    "overall_risk",
    "measure_options",
    "measure_effect",
    "residual_risk",
)


def dpia_start_review(dpia: Dpia, /, *, actor: Any, reason: str = "") -> Dpia:
    """Start the review of an approved DPIA (or screening): a new draft revision copied from
    it, linked back to it. The approved one stays in force until the revision is approved."""
    with transaction.atomic():
        current = Dpia.objects.select_for_update().get(pk=dpia.pk)
        if current.status not in DPIA_IN_FORCE_STATUSES:
            raise ValidationError(
                "Only an approved DPIA can be reviewed; this one is "
                f"‘{current.get_status_display()}’."
            )
        decided(current, actor, "start_review")
        in_progress = current.revisions.exclude(status__in=DPIA_SETTLED_STATUSES).first()
        if in_progress is not None:
            raise ValidationError(
                f"A review is already under way: {in_progress} is "
                f"‘{in_progress.get_status_display()}’."
            )
        revision = Dpia(
            reference=current.reference,
            revision=_next_revision(current),
            revision_of=current,
            author=actor,
            **{name: getattr(current, name) for name in COPIED_FIELDS},
        )
        save_register_row(
            revision,
            actor=actor,
            reason=reason or f"Review of revision {current.revision} started",
        )
        save_links(
            revision,
            {
                "activities": current.activities.all(),
                "agreements": current.agreements.all(),
                "data_sources": current.data_sources.all(),
            },
        )
        revision.contributors.add(actor)
        for risk in current.risks.all():
            copy = DpiaRisk(
                dpia=revision,
                number=risk.number,
                **{name: getattr(risk, name) for name in COPIED_RISK_FIELDS},
            )
            save_register_row(copy, actor=actor, reason="Copied from the approved revision")
        store_risk_ranks(Dpia.objects.filter(pk=revision.pk))
        comment = reason or "Review started"
        add_event(revision, actor, DpiaAction.REVIEW_STARTED, comment, "", revision.status)
        add_event(
            current, actor, DpiaAction.REVIEW_STARTED, comment, current.status, current.status
        )
    return revision


def _next_revision(dpia: Dpia) -> int:
    latest = (
        Dpia.objects.filter(reference=dpia.reference)
        .order_by("-revision")
        .values_list("revision", flat=True)
        .first()
    )
    return (latest or dpia.revision) + 1


def _supersede_previous(dpia: Dpia, actor: Any) -> None:
    previous = dpia.revision_of
    if previous is None or previous.status not in DPIA_IN_FORCE_STATUSES:
        return
    reason = f"Superseded by revision {dpia.revision}"
    before = previous.status
    current = transition_register_row(previous, "supersede", actor=actor, reason=reason)
    add_event(current, actor, DpiaAction.SUPERSEDED, reason, before, current.status)


def _freeze(dpia: Dpia, actor: Any) -> DpiaSnapshot:
    """Keep the DPIA as approved: its whole document as data, with a digest to prove it."""
    from ...documents import dpia_document  # the document is built from the services' view

    content = dpia_document(Dpia.objects.with_related().get(pk=dpia.pk))
    return DpiaSnapshot.objects.create(
        dpia=dpia, taken_by=actor, content=content, digest=snapshot_digest(content)
    )


def snapshot_digest(content: Any) -> str:
    """The SHA-256 of ``content`` as canonical JSON: the proof a snapshot is unchanged."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
