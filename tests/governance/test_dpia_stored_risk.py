"""The highest risk and highest residual risk stored on each DPIA (what the list, the queues
and the dashboard read) stay equal to what its risks give, whatever the services do to the
risks: add, change, measure, remove, copy into a review; and the migration fills them in for
DPIAs that existed before."""

from importlib import import_module

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governance.choices import RISK_RANK
from governance.models import Dpia, DpiaRisk
from governance.services import dpias as services
from tests.dpias import (
    HIGH_STAYS_HIGH,
    LOW,
    MEDIUM_REDUCED_TO_LOW,
    add_risk,
    approved_dpia,
    draft_dpia,
    risk_rows,
)
from tests.support.hypothesis import examples

pytestmark = pytest.mark.django_db


def stored(dpia: Dpia) -> tuple[int, int]:
    row = Dpia.objects.get(pk=dpia.pk)
    return row.highest_risk_rank, row.highest_residual_rank


def from_risks(dpia: Dpia) -> tuple[int, int]:
    """The pair worked out in Python from the risks as they now stand."""
    risks = list(DpiaRisk.objects.filter(dpia=dpia))
    overall = services.highest_overall_risk(risks)
    residual = services.highest_residual_risk(risks) if risks else ""
    return RISK_RANK.get(overall, 0), RISK_RANK.get(residual, 0)  # type: ignore[call-overload]


assessment = risk_rows
#: What an author does to the risks of a draft: add one, reassess or re-measure the n-th, or
#: remove the n-th (n wraps round the risks there are; nothing to change is skipped).
operation = st.one_of(
    st.tuples(st.just("add"), assessment),
    st.tuples(st.just("change"), st.integers(0, 5), assessment),
    st.tuples(st.just("remove"), st.integers(0, 5)),
)


def apply(staff, dpia: Dpia, step: tuple) -> None:
    risks = list(DpiaRisk.objects.filter(dpia=dpia).order_by("number"))
    if step[0] == "add":
        likelihood, severity, residual = step[1]
        add_risk(staff, dpia, likelihood, severity, residual)
    elif risks and step[0] == "change":
        risk = risks[step[1] % len(risks)]
        risk.likelihood, risk.severity, risk.residual_risk = step[2]
        risk.measure_options = "A second check." if risk.residual_risk else ""
        risk.measure_effect = "reduced" if risk.residual_risk else ""
        services.dpia_risk_save(risk, actor=staff, reason="Reassessed")
    elif risks and step[0] == "remove":
        services.dpia_risk_remove(risks[step[1] % len(risks)], actor=staff, reason="Not a risk")


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(operation, min_size=1, max_size=8))
def test_every_risk_service_keeps_the_stored_highest_risks_right(staff, steps):
    dpia = draft_dpia(staff)
    for step in steps:
        apply(staff, dpia, step)
        assert stored(dpia) == from_risks(dpia), step
    # The SQL the list and the migration rely on says the same.
    row = Dpia.objects.computed_risk_ranks().get(pk=dpia.pk)
    assert (row.computed_risk_rank, row.computed_residual_rank) == stored(dpia)


def test_removing_the_last_risk_leaves_no_risk_stored(staff):
    dpia = draft_dpia(staff)
    risk = add_risk(staff, dpia, *HIGH_STAYS_HIGH)
    assert stored(dpia) == (3, 3)

    services.dpia_risk_remove(risk, actor=staff, reason="Recorded by mistake")

    assert stored(dpia) == (0, 0)


def test_a_measure_lowers_the_stored_residual_risk_only(staff):
    dpia = draft_dpia(staff)
    risk = add_risk(staff, dpia, "possible", "significant")
    assert stored(dpia) == (2, 2)

    risk.measure_options, risk.measure_effect, risk.residual_risk = "Pseudonymise", "reduced", "low"
    services.dpia_risk_save(risk, actor=staff, reason="Measure recorded")

    assert stored(dpia) == (2, 1)


def test_saving_the_dpia_from_an_old_copy_keeps_the_stored_risks(staff):
    dpia = draft_dpia(staff)
    old_copy = Dpia.objects.get(pk=dpia.pk)
    add_risk(staff, dpia, *HIGH_STAYS_HIGH)

    old_copy.title = "Renamed while a risk was added"
    services.dpia_save(old_copy, actor=staff, reason="Renamed")

    assert stored(dpia) == (3, 3)


def test_a_review_starts_with_the_approved_revisions_stored_risks(staff, dpo, director):
    approved = approved_dpia(staff, dpo, director, risks=(MEDIUM_REDUCED_TO_LOW, LOW))

    revision = services.dpia_start_review(approved, actor=staff, reason="Yearly review")

    assert stored(revision) == stored(approved) == (2, 1)


def test_the_migration_fills_the_stored_risks_of_existing_dpias(staff):
    high = draft_dpia(staff, title="High")
    add_risk(staff, high, *HIGH_STAYS_HIGH)
    measured = draft_dpia(staff, title="Measured")
    add_risk(staff, measured, *MEDIUM_REDUCED_TO_LOW)
    none = draft_dpia(staff, title="No risks")
    Dpia.objects.update(highest_risk_rank=1, highest_residual_rank=1)  # as if never worked out

    import_module("governance.migrations.0009_dpia_stored_risk").fill_ranks(apps, None)

    assert [stored(dpia) for dpia in (high, measured, none)] == [(3, 3), (2, 1), (0, 0)]
