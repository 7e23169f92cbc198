"""What was approved stays as it was approved: the frozen snapshot, reviews that start a new
revision from the approved one, and the review dates that say when."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from governance.documents import dpia_document
from governance.models import Dpia, DpiaRisk
from governance.services import dpias as services
from tests.dpias import (
    HIGH_REDUCED_TO_MEDIUM,
    LOW,
    MEDIUM_REDUCED_TO_LOW,
    approved_dpia,
    screened_out_dpia,
)
from tests.factories import AgreementFactory, DataSourceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(opcc):
    return UserFactory(email="reviewer@test.vpp", full_name="Rowan Reviewer", organisation=opcc)


@pytest.fixture
def approved(staff, dpo, director):
    """DPIA-001, approved, with three risks (two with measures) and links of every kind."""
    from ropa.models import ProcessingActivity

    activity = ProcessingActivity.objects.create(
        name="Youth referrals matching", business_function="Analysis", purpose="Referrals"
    )
    return approved_dpia(
        staff,
        dpo,
        director,
        risks=(MEDIUM_REDUCED_TO_LOW, HIGH_REDUCED_TO_MEDIUM, LOW),
        activities=[activity],
        agreements=[AgreementFactory(title="Hull youth violence ISA")],
        data_sources=[DataSourceFactory(name="Hull youth service contacts")],
    )


def document(dpia: Dpia) -> dict:
    return dpia_document(Dpia.objects.with_related().get(pk=dpia.pk))


def approve(dpia: Dpia, dpo, signer) -> Dpia:
    services.dpia_submit(dpia, actor=dpia.author)
    services.dpia_give_advice(dpia, actor=dpo, recommendation="proceed", advice="Fine.")
    return services.dpia_approve(
        dpia,
        actor=signer,
        advice_decision="accepted",
        review_owner=dpo,
        next_review_on=timezone.localdate() + timedelta(days=365),
    )


# --- The snapshot ---------------------------------------------------------------------------------


def test_approval_freezes_the_dpia_as_its_document_with_a_digest_that_proves_it(approved, director):
    snapshot = Dpia.objects.get(pk=approved.pk).snapshot

    assert snapshot.content == document(approved)
    assert snapshot.digest == services.snapshot_digest(snapshot.content)
    assert snapshot.taken_by == director
    assert snapshot.content["status"] == "Approved"
    assert [risk["overall_risk"] for risk in snapshot.content["risks"]] == [
        "Medium",
        "High",
        "Low",
    ]
    assert snapshot.content["links"]["Agreements"] == ["Hull youth violence ISA"]
    signed = {row["item"]: row["name"] for row in snapshot.content["sign_off"]}
    assert signed["Measures approved by"] == director.full_name


def test_the_snapshot_stays_as_approved_whatever_changes_afterwards(approved, reviewer, staff, dpo):
    snapshot = Dpia.objects.get(pk=approved.pk).snapshot
    content, digest = snapshot.content, snapshot.digest

    # Edits behind the services' back, to the approved row, its risks and its links...
    Dpia.objects.filter(pk=approved.pk).update(
        title="Renamed later", processing_nature="Rewritten later"
    )
    DpiaRisk.objects.filter(dpia=approved).update(description="Changed later", residual_risk="")
    approved.agreements.clear()
    # ...and a review whose revision is rewritten through them.
    revision = services.dpia_start_review(approved, actor=reviewer)
    revision.processing_scope = "All of Humberside"
    services.dpia_save(revision, actor=reviewer, reason="Wider scope")
    risk = revision.risks.get(number=1)
    risk.severity = "severe"
    services.dpia_risk_save(risk, actor=reviewer, reason="Worse than thought")
    services.dpia_risk_remove(revision.risks.get(number=3), actor=reviewer, reason="Gone")

    snapshot.refresh_from_db()
    assert (snapshot.content, snapshot.digest) == (content, digest)
    assert services.snapshot_digest(snapshot.content) == digest
    live = document(approved)
    assert live["title"] == "Renamed later"
    assert services.snapshot_digest(live) != digest


# --- Reviews and revisions ------------------------------------------------------------------------


def test_starting_a_review_copies_the_approved_dpia_into_a_new_draft_revision(approved, reviewer):
    revision = services.dpia_start_review(approved, actor=reviewer, reason="Annual review due")

    revision = Dpia.objects.get(pk=revision.pk)
    assert (revision.reference, revision.revision, revision.status) == ("DPIA-001", 2, "draft")
    assert (revision.revision_of, revision.author) == (approved, reviewer)
    assert str(revision) == "DPIA-001 Hull youth referrals matching (revision 2)"
    for name in services.COPIED_FIELDS:
        assert getattr(revision, name) == getattr(approved, name), name
    for link in ("activities", "agreements", "data_sources"):
        assert set(getattr(revision, link).all()) == set(getattr(approved, link).all())
    fields = ("number", *services.COPIED_RISK_FIELDS)
    assert list(revision.risks.values_list(*fields)) == list(approved.risks.values_list(*fields))
    # Nothing of the old decision comes with it: the revision is decided afresh.
    assert (revision.submitted_by, revision.advised_by, revision.signed_off_by) == (None,) * 3
    assert (revision.dpo_advice, revision.next_review_on, revision.ico_outcome) == ("", None, "")
    assert list(revision.contributors.all()) == [reviewer]
    assert not hasattr(revision, "snapshot")
    first = revision.history.last()
    assert (first.history_user, first.history_change_reason) == (reviewer, "Annual review due")
    # The approved one stays in force until the revision is approved.
    approved.refresh_from_db()
    assert approved.status == "approved"
    assert list(Dpia.objects.in_force()) == [approved]
    for row in (approved, revision):
        event = row.events.order_by("-pk").first()
        assert (event.action, event.actor, event.comment) == (
            "review_started",
            reviewer,
            "Annual review due",
        )


def test_only_one_review_runs_at_a_time_and_a_withdrawn_one_makes_way(approved, reviewer):
    revision = services.dpia_start_review(approved, actor=reviewer)
    services.dpia_submit(revision, actor=reviewer)
    count = Dpia.objects.count()

    with pytest.raises(ValidationError) as error:
        services.dpia_start_review(approved, actor=reviewer)

    assert error.value.messages == [
        "A review is already under way: DPIA-001 Hull youth referrals matching (revision 2) "
        "is ‘Submitted to the DPO’."
    ]
    assert Dpia.objects.count() == count

    services.dpia_withdraw(revision, actor=reviewer, reason="Started by mistake")
    again = services.dpia_start_review(approved, actor=reviewer)
    assert (again.revision, again.revision_of, again.status) == (3, approved, "draft")


def test_a_rejected_revision_leaves_the_approved_dpia_in_force_and_open_to_review(
    approved, reviewer, dpo, director
):
    revision = services.dpia_start_review(approved, actor=reviewer)
    services.dpia_submit(revision, actor=reviewer)
    services.dpia_give_advice(revision, actor=dpo, recommendation="proceed", advice="Ok.")
    services.dpia_reject(revision, actor=director, reason="Scope creep")

    assert Dpia.objects.get(pk=approved.pk).status == "approved"
    assert services.dpia_start_review(approved, actor=reviewer).revision == 3


def test_approving_a_revision_supersedes_the_one_it_revised_which_stays_viewable(
    approved, reviewer, dpo, director, staff, partner_hull
):
    old_snapshot = Dpia.objects.get(pk=approved.pk).snapshot.digest
    revision = services.dpia_start_review(approved, actor=reviewer)

    revision = approve(revision, dpo, director)

    old = Dpia.objects.visible_to(staff).get(pk=approved.pk)
    assert (old.status, revision.status) == ("superseded", "approved")
    event = old.events.order_by("-pk").first()
    assert (event.action, event.actor, event.comment) == (
        "superseded",
        director,
        "Superseded by revision 2",
    )
    assert (event.status_before, event.status_after) == ("approved", "superseded")
    latest = old.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        director,
        "Superseded by revision 2",
    )
    assert revision.events.order_by("-pk").first().action == "approved"
    assert old.snapshot.digest == old_snapshot
    assert list(old.revisions.all()) == [revision]
    assert list(Dpia.objects.in_force()) == [revision]
    assert not Dpia.objects.visible_to(partner_hull).exists()


def test_a_revision_can_itself_be_reviewed_and_supersedes_only_its_own_predecessor(
    approved, reviewer, dpo, director
):
    second = approve(services.dpia_start_review(approved, actor=reviewer), dpo, director)

    third = approve(services.dpia_start_review(second, actor=reviewer), dpo, director)

    statuses = dict(Dpia.objects.filter(reference="DPIA-001").values_list("revision", "status"))
    assert statuses == {1: "superseded", 2: "superseded", 3: "approved"}
    assert third.revision_of == second
    with pytest.raises(ValidationError) as error:
        services.dpia_start_review(approved, actor=reviewer)
    assert error.value.messages == [
        "Only an approved DPIA can be reviewed; this one is ‘Superseded by a revision’."
    ]


def test_a_screening_that_found_no_dpia_needed_is_reviewed_the_same_way(staff, dpo, reviewer):
    screening = screened_out_dpia(staff, dpo)
    assert Dpia.objects.get(pk=screening.pk).snapshot.content["is_screening_only"] is True

    revision = services.dpia_start_review(screening, actor=reviewer)
    assert (revision.screening_outcome, revision.risks.count()) == ("not_required", 0)
    services.dpia_submit(revision, actor=reviewer)
    services.dpia_confirm_screening(revision, actor=dpo, advice="Still open data only.")

    statuses = dict(Dpia.objects.filter(reference=screening.reference).values_list("pk", "status"))
    assert statuses == {screening.pk: "superseded", revision.pk: "screened_out"}
    assert Dpia.objects.get(pk=revision.pk).snapshot.content["revision"] == 2


# --- Review dates ---------------------------------------------------------------------------------

REVIEW_DAYS = [(-1, False, False), (0, True, False), (1, True, True), (30, True, True)]


@pytest.mark.parametrize(
    ("offset", "due", "overdue"),
    REVIEW_DAYS,
    ids=[
        "the day before its review date it is not yet due",
        "on its review date it is due",
        "the day after its review date it is overdue",
        "a month after its review date it is still overdue",
    ],
)
@pytest.mark.parametrize("kind", ["approved DPIA", "confirmed screening"])
def test_a_dpia_in_force_falls_due_for_review_on_its_review_date(
    staff, dpo, director, kind, offset, due, overdue
):
    if kind == "approved DPIA":
        dpia = approved_dpia(staff, dpo, director)
    else:
        dpia = screened_out_dpia(staff, dpo)
    review_on = Dpia.objects.get(pk=dpia.pk).next_review_on
    moment = datetime.combine(
        review_on + timedelta(days=offset), time(12), ZoneInfo("Europe/London")
    )

    with time_machine.travel(moment, tick=False):
        dpia = Dpia.objects.get(pk=dpia.pk)
        today = timezone.localdate()
        assert (dpia.is_review_due(), dpia.is_review_overdue()) == (due, overdue)
        assert list(Dpia.objects.review_due(today)) == ([dpia] if due else [])


def test_only_a_dpia_in_force_falls_due_for_review(approved, reviewer, dpo, director):
    review_on = Dpia.objects.get(pk=approved.pk).next_review_on
    later = review_on + timedelta(days=400)
    revision = approve(services.dpia_start_review(approved, actor=reviewer), dpo, director)
    Dpia.objects.filter(pk=revision.pk).update(next_review_on=later)
    draft = services.dpia_start_review(revision, actor=reviewer)
    Dpia.objects.filter(pk=draft.pk).update(next_review_on=review_on)

    superseded = Dpia.objects.get(pk=approved.pk)
    assert superseded.status == "superseded"
    assert not superseded.is_review_due(review_on)
    assert not Dpia.objects.get(pk=draft.pk).is_review_due(later)
    assert list(Dpia.objects.review_due(review_on)) == []
    assert list(Dpia.objects.review_due(later)) == [revision]
