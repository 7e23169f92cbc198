"""The one risk matrix (``governance.choices.RISK_MATRIX``), the residual risk each risk leaves, the
highest of them in Python and in SQL, and the queues that are sorted by them."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governance.choices import RISK_MATRIX, RISK_RANK, overall_risk
from governance.models import Dpia, DpiaRisk
from governance.services import dpias as services
from tests.dpias import (
    HIGH_REDUCED_TO_MEDIUM,
    HIGH_STAYS_HIGH,
    LOW,
    MEDIUM_REDUCED_TO_LOW,
    add_risk,
    advised_dpia,
    approved_dpia,
    complete_dpia,
    draft_dpia,
    returned_dpia,
    risk_rows,
    submitted_dpia,
)
from tests.support.hypothesis import examples

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")

#: The strategy's matrix: remote: low / low / medium; possible: low / medium / high;
#: probable: medium / high / high (columns minimal / significant / severe).
DESIGN_MATRIX = [
    ("remote", "minimal", "low"),
    ("remote", "significant", "low"),
    ("remote", "severe", "medium"),
    ("possible", "minimal", "low"),
    ("possible", "significant", "medium"),
    ("possible", "severe", "high"),
    ("probable", "minimal", "medium"),
    ("probable", "significant", "high"),
    ("probable", "severe", "high"),
]


def test_the_matrix_has_exactly_the_nine_cells_of_the_design():
    cells = {(likelihood, severity): level for likelihood, row in RISK_MATRIX.items()
             for severity, level in row.items()}  # fmt: skip

    assert cells == {(likelihood, severity): level for likelihood, severity, level in DESIGN_MATRIX}


@pytest.mark.parametrize(
    ("likelihood", "severity", "level"),
    DESIGN_MATRIX,
    ids=[
        f"a {likelihood} {severity} harm is a {level} risk"
        for likelihood, severity, level in DESIGN_MATRIX
    ],
)
def test_each_risk_recorded_takes_its_overall_risk_from_the_matrix(
    staff, likelihood, severity, level
):
    dpia = draft_dpia(staff)
    risk = DpiaRisk(
        dpia=dpia,
        description="Records matched to the wrong child.",
        likelihood=likelihood,
        severity=severity,
        overall_risk="high" if level != "high" else "low",  # whatever a caller says
    )

    services.dpia_risk_save(risk, actor=staff, reason="Risk recorded")

    assert overall_risk(likelihood, severity) == level
    assert DpiaRisk.objects.get(pk=risk.pk).overall_risk == level
    assert dpia.risks.get().get_overall_risk_display() == level.capitalize()


def test_changing_a_risks_likelihood_or_severity_derives_its_overall_risk_again(staff):
    dpia = draft_dpia(staff)
    risk = add_risk(staff, dpia, "remote", "minimal")

    risk.likelihood, risk.severity = "probable", "significant"
    services.dpia_risk_save(risk, actor=staff, reason="Reassessed")

    saved = DpiaRisk.objects.get(pk=risk.pk)
    assert saved.overall_risk == "high"
    assert saved.history.first().history_change_reason == "Reassessed"


EFFECTIVE = [
    ("remote", "minimal", "", "low"),
    ("remote", "minimal", "high", "low"),  # a low risk needs no measure: its residual is moot
    ("possible", "significant", "", "medium"),
    ("possible", "significant", "low", "low"),
    ("probable", "severe", "", "high"),
    ("probable", "severe", "medium", "medium"),
    ("probable", "severe", "high", "high"),
]


@pytest.mark.parametrize(
    ("likelihood", "severity", "residual", "effective"),
    EFFECTIVE,
    ids=[
        f"a {overall_risk(lk, sv)} risk with {f'residual {res}' if res else 'no measure'} "
        f"leaves {eff}"
        for lk, sv, res, eff in EFFECTIVE
    ],
)
def test_the_risk_left_is_the_residual_risk_of_a_measure_else_the_overall_risk(
    likelihood, severity, residual, effective
):
    risk = DpiaRisk(
        likelihood=likelihood,
        severity=severity,
        overall_risk=overall_risk(likelihood, severity),
        residual_risk=residual,
    )

    assert risk.effective_residual_risk == effective
    assert services.highest_residual_risk([risk]) == effective


def test_with_no_risks_the_highest_residual_risk_is_low_and_there_is_no_overall_risk():
    assert services.highest_residual_risk([]) == "low"
    assert services.highest_overall_risk([]) == ""


# --- Python and SQL agree -------------------------------------------------------------------------


@settings(
    max_examples=examples(30),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(dpias=st.lists(st.lists(risk_rows, max_size=4), min_size=1, max_size=3))
def test_the_database_finds_the_same_highest_risks_as_python(staff, dpias):
    made = []
    for rows in dpias:
        dpia = draft_dpia(staff)
        for likelihood, severity, residual in rows:
            risk = DpiaRisk(
                dpia=dpia,
                description="A harm.",
                likelihood=likelihood,
                severity=severity,
                measure_options="A check." if residual else "",
                measure_effect="reduced" if residual else "",
                residual_risk=residual,
            )
            services.dpia_risk_save(risk, actor=staff)
        made.append(dpia.pk)

    annotated = Dpia.objects.filter(pk__in=made).computed_risk_ranks()

    for row in annotated:
        risks = list(row.risks.all())
        python_residual = services.highest_residual_risk(risks)
        python_overall = services.highest_overall_risk(risks)
        assert row.computed_residual_rank == (RISK_RANK[python_residual] if risks else 0)
        assert row.computed_risk_rank == RISK_RANK.get(python_overall, 0)
        # What the services stored is what the risks give.
        assert (row.highest_risk_rank, row.highest_residual_rank) == (
            row.computed_risk_rank,
            row.computed_residual_rank,
        )
        high = services.sign_off_permission(row, risks).endswith("high_risk_dpia")
        assert high == (row.highest_residual_rank == 3)


# --- The queues -----------------------------------------------------------------------------------


def at(day: int, hour: int = 10) -> time_machine.travel:
    """A moment in March 2026, held still."""
    return time_machine.travel(datetime(2026, 3, day, hour, tzinfo=LONDON), tick=False)


def test_the_dpo_queue_holds_submitted_dpias_oldest_submission_first(staff, dpo):
    with at(1):
        written_first = complete_dpia(staff, title="Knife crime hotspots")
        written_second = complete_dpia(staff, title="School exclusions matching")
        back_again = returned_dpia(staff, dpo, title="A&E assault data")
    with at(3):
        services.dpia_submit(written_second, actor=staff)
    with at(5):
        services.dpia_submit(written_first, actor=staff)
    with at(7):
        services.dpia_comment_resolve(back_again.comments.get(), actor=staff)
        services.dpia_submit(back_again, actor=staff)  # resubmitted: waits from now
    draft_dpia(staff, title="Still a draft")
    advised_dpia(staff, dpo, title="Already advised")

    queue = Dpia.objects.awaiting_advice()

    assert [dpia.title for dpia in queue] == [
        "School exclusions matching",
        "Knife crime hotspots",
        "A&E assault data",
    ]


SIGN_OFF_QUEUES = [
    ("Hospital admissions", (HIGH_STAYS_HIGH,), "SIRO"),
    ("Youth referrals", (MEDIUM_REDUCED_TO_LOW,), "Director"),
    ("Mixed risks", (LOW, HIGH_STAYS_HIGH), "SIRO"),
    ("Custody records", (HIGH_REDUCED_TO_MEDIUM,), "Director"),
    ("Street lighting", (LOW,), "Director"),
]


def test_dpias_awaiting_sign_off_are_split_by_highest_residual_risk_oldest_advice_first(
    staff, dpo, director
):
    for day, (title, risks, signer) in reversed(list(enumerate(SIGN_OFF_QUEUES, start=1))):
        with at(day):
            dpia = advised_dpia(staff, dpo, title=title, risks=risks)
        assert services.signer_title(dpia) == f"the {signer}"
    approved_dpia(staff, dpo, director, title="Approved already")
    submitted_dpia(staff, title="Not advised yet", risks=(HIGH_STAYS_HIGH,))

    siro = Dpia.objects.awaiting_sign_off(high_residual_risk=True)
    director_queue = Dpia.objects.awaiting_sign_off(high_residual_risk=False)

    # Written newest first, so only the advice dates put them in this order.
    assert [d.title for d in siro] == ["Hospital admissions", "Mixed risks"]
    assert [d.title for d in director_queue] == [
        "Youth referrals",
        "Custody records",
        "Street lighting",
    ]


def test_a_sign_off_queue_lists_each_dpia_once_in_one_query_whatever_its_risks(
    staff, dpo, django_assert_num_queries
):
    for number in range(3):
        advised_dpia(staff, dpo, title=f"DPIA {number}", risks=(HIGH_STAYS_HIGH, LOW, LOW))

    with django_assert_num_queries(1):
        titles = [dpia.title for dpia in Dpia.objects.awaiting_sign_off(high_residual_risk=True)]

    assert titles == ["DPIA 0", "DPIA 1", "DPIA 2"]
