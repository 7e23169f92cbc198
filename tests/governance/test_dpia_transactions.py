"""One transaction per decision: a DPIA step that fails half-way leaves nothing of its first
half behind (no approval without its snapshot, no two revisions in force, no stray history or
timeline row)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from governance.models import Dpia, DpiaEvent, DpiaSnapshot
from governance.services import dpias as services
from governance.services.dpias import decisions, flow
from tests.dpias import advised_dpia, approved_dpia, complete_dpia, screened_out_dpia

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.localdate() + timedelta(days=365)


class Boom(Exception):
    """The second half of a step failing (a full disk, a lost connection)."""


def fail(*args, **kwargs):
    raise Boom


def footprint(*dpias):
    """What a failed step must leave as it was, for each of ``dpias``."""
    rows = []
    for dpia in dpias:
        row = Dpia.objects.get(pk=dpia.pk)
        rows.append(
            (
                row.status,
                row.row_version,
                row.signed_off_by_id,
                row.history.count(),
                DpiaEvent.objects.filter(dpia=row).count(),
                DpiaSnapshot.objects.filter(dpia=row).exists(),
            )
        )
    return rows


def approve(dpia, signer, owner):
    return services.dpia_approve(
        dpia,
        actor=signer,
        advice_decision="accepted",
        review_owner=owner,
        next_review_on=NEXT_YEAR,
    )


def test_an_approval_whose_snapshot_fails_is_not_approved_at_all(monkeypatch, staff, dpo, director):
    dpia = advised_dpia(staff, dpo)
    before = footprint(dpia)
    monkeypatch.setattr(decisions, "_freeze", fail)

    with pytest.raises(Boom):
        approve(dpia, director, dpo)

    assert footprint(dpia) == before
    dpia = Dpia.objects.get(pk=dpia.pk)
    assert dpia.status == "awaiting_sign_off"
    assert dpia.signed_off_by is None
    assert not DpiaSnapshot.objects.filter(dpia=dpia).exists()


def test_a_revision_whose_supersession_fails_leaves_the_approved_one_in_force_alone(
    monkeypatch, staff, dpo, director
):
    first = approved_dpia(staff, dpo, director)
    revision = services.dpia_start_review(first, actor=staff)
    services.dpia_submit(revision, actor=staff)
    revision = services.dpia_give_advice(
        revision, actor=dpo, recommendation="proceed", advice="Still fine."
    )
    before = footprint(first, revision)
    snapshots = DpiaSnapshot.objects.count()
    monkeypatch.setattr(decisions, "_supersede_previous", fail)

    with pytest.raises(Boom):
        approve(revision, director, dpo)

    assert footprint(first, revision) == before
    assert DpiaSnapshot.objects.count() == snapshots  # the revision's snapshot went too
    assert list(Dpia.objects.in_force().values_list("pk", flat=True)) == [first.pk]
    assert Dpia.objects.get(pk=revision.pk).status == "awaiting_sign_off"


def test_a_screening_confirmation_whose_supersession_fails_changes_nothing(monkeypatch, staff, dpo):
    first = screened_out_dpia(staff, dpo)
    revision = services.dpia_start_review(first, actor=staff)
    revision = services.dpia_submit(revision, actor=staff)
    before = footprint(first, revision)
    monkeypatch.setattr(decisions, "_supersede_previous", fail)

    with pytest.raises(Boom):
        services.dpia_confirm_screening(
            revision, actor=dpo, advice="Still no personal data.", next_review_on=NEXT_YEAR
        )

    assert footprint(first, revision) == before
    assert Dpia.objects.get(pk=first.pk).status == "screened_out"
    assert Dpia.objects.get(pk=revision.pk).status == "submitted"


def test_a_submission_whose_contributor_record_fails_is_not_submitted(monkeypatch, staff):

    dpia = complete_dpia(staff)
    before = footprint(dpia)
    real_step = flow._step

    def step_then_fail(*args, **kwargs):
        real_step(*args, **kwargs)
        raise Boom

    monkeypatch.setattr(flow, "_step", step_then_fail)

    with pytest.raises(Boom):
        services.dpia_submit(dpia, actor=staff)

    assert footprint(dpia) == before
