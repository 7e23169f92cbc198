"""What each step of a DPIA needs: who signs off at which residual risk, the ICO's prior
consultation, the fields each decision must carry, and everything a DPIA needs before it can
be submitted."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance.choices import MANDATORY_INDICATORS
from governance.models import Dpia, DpiaRisk
from governance.services import dpias as services
from tests.dpias import (
    HIGH_REDUCED_TO_MEDIUM,
    HIGH_STAYS_HIGH,
    LOW,
    MEDIUM_REDUCED_TO_LOW,
    advised_dpia,
    complete_dpia,
    draft_dpia,
    returned_dpia,
    submitted_dpia,
)
from tests.governance.test_dpia_services import (
    People,
    field_errors,
    footprint,
    messages,
    next_year,
    submitted_screening,
    today,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(staff, dpo, director, siro):
    return People(staff, dpo, director, siro)


# --- Who signs off, and what each step needs (rules 3 and 4) --------------------------------------

ICO_FIRST = (
    "The highest residual risk is high: record the prior consultation with the ICO (UK GDPR "
    "Art 36) and its outcome before approving."
)


def _awaiting(people: People, risks: tuple[tuple[str, str, str], ...]) -> Dpia:
    dpia = advised_dpia(people.staff, people.dpo, risks=risks)
    if services.needs_ico_consultation(dpia):
        services.dpia_record_ico_consultation(
            dpia, actor=people.dpo, consulted_on=today(), outcome="No objection."
        )
    return Dpia.objects.get(pk=dpia.pk)


def _approve(actor: Any, dpia: Dpia, people: People, **changes: Any) -> Dpia:
    values = {
        "advice_decision": "accepted",
        "review_owner": people.dpo,
        "next_review_on": next_year(),
        **changes,
    }
    return services.dpia_approve(dpia, actor=actor, **values)


#: (the risks, who tries to sign off, as a sentence, the highest residual risk, who must)
WRONG_SIGNER = [
    ((HIGH_STAYS_HIGH,), "director", "the Director, a high residual risk", "high", "the SIRO"),
    ((LOW, HIGH_STAYS_HIGH), "director", "the Director, one high among low", "high", "the SIRO"),
    ((HIGH_STAYS_HIGH,), "dpo", "the DPO, a high residual risk", "high", "the SIRO"),
    ((MEDIUM_REDUCED_TO_LOW,), "siro", "the SIRO, a medium risk reduced to low", "low",
     "the Director"),
    ((HIGH_REDUCED_TO_MEDIUM,), "siro", "the SIRO, a high risk reduced to medium", "medium",
     "the Director"),
    ((LOW,), "siro", "the SIRO, a low risk", "low", "the Director"),
    ((LOW,), "staff", "staff, a low risk", "low", "the Director"),
]  # fmt: skip


@pytest.mark.parametrize("service", ["approve", "reject"])
@pytest.mark.parametrize(
    ("risks", "who", "level", "signer"),
    [(risks, who, level, signer) for risks, who, _, level, signer in WRONG_SIGNER],
    ids=[f"{sentence}: may not" for _, _, sentence, _, _ in WRONG_SIGNER],
)
def test_sign_off_belongs_to_the_director_below_high_residual_risk_and_to_the_siro_at_high(
    people, risks, who, level, signer, service
):
    dpia = _awaiting(people, risks)
    before = footprint(dpia)
    actor = getattr(people, who)

    with pytest.raises(ValidationError) as error:
        if service == "approve":
            _approve(actor, dpia, people)
        else:
            services.dpia_reject(dpia, actor=actor, reason="Too risky.")

    assert messages(error) == [
        f"The highest residual risk is {level}, so this DPIA is signed off by {signer}."
    ]
    assert footprint(dpia) == before


@pytest.mark.parametrize(
    ("risks", "who"),
    [
        ((MEDIUM_REDUCED_TO_LOW,), "director"),
        ((HIGH_REDUCED_TO_MEDIUM, LOW), "director"),
        ((HIGH_STAYS_HIGH,), "siro"),
    ],
    ids=[
        "the Director signs off a medium risk reduced to low",
        "the Director signs off a high risk reduced to medium",
        "the SIRO signs off a high residual risk once the ICO is consulted",
    ],
)
def test_the_right_signatory_approves_and_is_named_in_step_7(people, risks, who):
    actor = getattr(people, who)

    dpia = _approve(actor, _awaiting(people, risks), people)

    assert (dpia.status, dpia.signed_off_by, dpia.review_owner) == ("approved", actor, people.dpo)
    sign_off = {row["item"]: row["name"] for row in dpia.snapshot.content["sign_off"]}
    assert sign_off["Residual risks approved by"] == actor.full_name


def test_high_residual_risk_needs_the_ico_consulted_before_the_siro_can_approve(people):
    dpia = advised_dpia(people.staff, people.dpo, risks=(HIGH_STAYS_HIGH,))
    before = footprint(dpia)

    with pytest.raises(ValidationError) as error:
        _approve(people.siro, dpia, people)
    assert messages(error) == [ICO_FIRST]
    assert footprint(dpia) == before

    services.dpia_record_ico_consultation(
        dpia,
        actor=people.siro,
        consulted_on=today(),
        outcome="The ICO accepted the two-person check.",
        ico_reference="RFA0123456",
    )
    dpia = _approve(people.siro, dpia, people)
    assert dpia.status == "approved"
    assert dpia.snapshot.content["ico_consultation"]["reference"] == "RFA0123456"


def test_a_high_risk_the_measures_reduce_needs_neither_the_siro_nor_the_ico(people):
    dpia = advised_dpia(people.staff, people.dpo, risks=(HIGH_REDUCED_TO_MEDIUM,))

    assert not services.needs_ico_consultation(dpia)
    assert _approve(people.director, dpia, people).status == "approved"


def _dates(values: dict[str, Any]) -> dict[str, Any]:
    """Days from today (a timedelta) become dates when the test runs."""
    return {k: today() + v if isinstance(v, timedelta) else v for k, v in values.items()}


def _sign_off(**changes: Any) -> Any:
    return lambda d, p: _approve(p.director, d, p, **_dates(changes))


def _advice(who: str, **changes: Any) -> Any:
    values = {"recommendation": "proceed", "advice": "Go ahead.", **changes}
    return lambda d, p: services.dpia_give_advice(d, actor=getattr(p, who), **values)


def _return_it(who: str, comments: dict[int, str]) -> Any:
    return lambda d, p: services.dpia_return(d, actor=getattr(p, who), reason="", comments=comments)


def _ico(who: str, **changes: Any) -> Any:
    values = {"consulted_on": TODAY, "outcome": "No objection.", **changes}
    return lambda d, p: services.dpia_record_ico_consultation(
        d, actor=getattr(p, who), **_dates(values)
    )


def _confirm(**changes: Any) -> Any:
    values = {"advice": "Agreed.", "next_review_on": None, **changes}
    return lambda d, p: services.dpia_confirm_screening(d, actor=p.dpo, **_dates(values))


ONLY_THE_DPO = ["Only the DPO can give the DPO's advice on this DPIA."]
ONLY_THE_DPO_NOT_THE_AUTHOR = [
    "Only the DPO can give the DPO's advice on this DPIA, and not on a record they wrote."
]
NO_COMMENT = ["Comment on at least one step, so the author knows what to change."]
ONLY_DPO_OR_SIRO = ["Only the DPO or the SIRO can record the ICO's prior consultation."]
OVERRULED = {"advice_overruled_reasons": ["Give the reasons for overruling the DPO's advice."]}
REVIEW_DATE = {"next_review_on": ["The next review date must be in the future."]}
YESTERDAY, TODAY, TOMORROW = timedelta(days=-1), timedelta(0), timedelta(days=1)


def awaiting(p: People) -> Dpia:
    return advised_dpia(p.staff, p.dpo)


def awaiting_high(p: People) -> Dpia:
    return advised_dpia(p.staff, p.dpo, risks=(HIGH_STAYS_HIGH,))


def submitted(p: People) -> Dpia:
    return submitted_dpia(p.staff)


#: (what is wrong, the DPIA it is tried on, the attempt, the field errors or messages)
BAD_INPUT = [
    ("approval overruling the advice without reasons", awaiting,
     _sign_off(advice_decision="overruled"), OVERRULED),
    ("approval overruling the advice with blank reasons", awaiting,
     _sign_off(advice_decision="overruled", advice_overruled_reasons="  "), OVERRULED),
    ("approval neither accepting nor overruling the advice", awaiting,
     _sign_off(advice_decision=""),
     {"advice_decision": ["Say whether you accept or overrule the DPO's advice."]}),
    ("approval with a review date today", awaiting, _sign_off(next_review_on=TODAY), REVIEW_DATE),
    ("approval with a review date in the past", awaiting,
     _sign_off(next_review_on=YESTERDAY), REVIEW_DATE),
    ("approval with no review date", awaiting, _sign_off(next_review_on=None), REVIEW_DATE),
    ("approval with nobody to review it", awaiting, _sign_off(review_owner=None),
     {"review_owner": ["Choose who keeps the DPIA under review."]}),
    ("advice from staff", submitted, _advice("staff"), ONLY_THE_DPO_NOT_THE_AUTHOR),
    ("advice from the SIRO", submitted, _advice("siro"), ONLY_THE_DPO),
    ("advice from the director", submitted, _advice("director"), ONLY_THE_DPO),
    ("advice without a summary", submitted, _advice("dpo", advice="   "),
     {"advice": ["Enter a summary of your advice."]}),
    ("advice without a recommendation", submitted, _advice("dpo", recommendation=""),
     {"recommendation": ["Choose your recommendation."]}),
    ("a return with no comments", submitted, _return_it("dpo", {}), NO_COMMENT),
    ("a return with blank comments", submitted, _return_it("dpo", {2: " ", 5: ""}), NO_COMMENT),
    ("a return commenting on step 9", submitted, _return_it("dpo", {9: "What?"}),
     ["There is no step 9."]),
    ("a return by staff", submitted, _return_it("staff", {5: "Explain."}),
     ["Only the DPO can return this DPIA to its author, and not on a record they wrote."]),
    ("the ICO consultation recorded by staff", awaiting_high, _ico("staff"), ONLY_DPO_OR_SIRO),
    ("the ICO consultation recorded by the director", awaiting_high, _ico("director"),
     ONLY_DPO_OR_SIRO),
    ("the ICO consultation dated tomorrow", awaiting_high, _ico("siro", consulted_on=TOMORROW),
     {"consulted_on": ["The date the ICO was consulted must be today or in the past."]}),
    ("the ICO consultation without its outcome", awaiting_high, _ico("dpo", outcome=" "),
     {"outcome": ["Enter the outcome of the consultation with the ICO."]}),
    ("a rejection without a reason", awaiting,
     lambda d, p: services.dpia_reject(d, actor=p.director, reason=" "),
     {"reason": ["Enter the reason for rejecting the DPIA."]}),
    ("a withdrawal without a reason", awaiting,
     lambda d, p: services.dpia_withdraw(d, actor=p.staff, reason=""),
     {"reason": ["Enter the reason for withdrawing the DPIA."]}),
    ("a screening confirmed without saying why", submitted_screening, _confirm(advice=""),
     {"advice": ["Enter why you agree that no DPIA is needed."]}),
    ("a screening confirmed with a review date today", submitted_screening,
     _confirm(next_review_on=TODAY), REVIEW_DATE),
]  # fmt: skip


@pytest.mark.parametrize(
    ("state", "attempt", "expected"),
    [row[1:] for row in BAD_INPUT],
    ids=[f"{row[0]} is refused" for row in BAD_INPUT],
)
def test_a_step_with_something_wrong_says_what_and_changes_nothing(
    people, state, attempt, expected
):
    dpia = state(people)
    before = footprint(dpia)

    with pytest.raises(ValidationError) as error:
        attempt(Dpia.objects.get(pk=dpia.pk), people)

    assert (field_errors(error) if isinstance(expected, dict) else messages(error)) == expected
    assert footprint(dpia) == before


def test_overruled_advice_with_reasons_is_approved_and_the_reasons_are_on_record(people):
    dpia = advised_dpia(people.staff, people.dpo)

    dpia = _approve(
        people.director,
        dpia,
        people,
        advice_decision="overruled",
        advice_overruled_reasons="The board accepts the risk for a six-month pilot.",
    )

    notes = {row["item"]: row["notes"] for row in dpia.snapshot.content["sign_off"]}
    assert notes["DPO advice accepted or overruled by"] == (
        "Overruled: The board accepts the risk for a six-month pilot."
    )


def test_returning_a_dpia_anchors_each_comment_to_its_step(people):
    dpia = submitted_dpia(people.staff)

    services.dpia_return(
        dpia,
        actor=people.dpo,
        reason="",
        comments={5: "Risk 1: how is it spotted?", 2: "Scope?"},
    )

    assert list(dpia.comments.values_list("step", "text", "made_by")) == [
        (2, "Scope?", people.dpo.pk),
        (5, "Risk 1: how is it spotted?", people.dpo.pk),
    ]


# --- What a DPIA needs before it is submitted (rule 2) -----------------------------------------

LINKS_MISSING = (
    "Link the DPIA to the processing activities, agreements or data sources it assesses."
)
MEASURE_MISSING = (
    "Step 6: risk 2 is {}: record the options to reduce it, their effect and the residual risk."
)


def _blank(*names: str, **values: str) -> Any:
    def breaker(dpia: Dpia, people: People) -> None:
        dpia = Dpia.objects.get(pk=dpia.pk)
        for name in names:
            setattr(dpia, name, "")
        for name, value in values.items():
            setattr(dpia, name, value)
        services.dpia_save(dpia, actor=people.staff, reason="Rewriting")

    return breaker


def _remove_risks(dpia: Dpia, people: People) -> None:
    for risk in dpia.risks.all():
        services.dpia_risk_remove(risk, actor=people.staff, reason="Starting again")


def _add_unmeasured(likelihood: str, severity: str, options: str = "") -> Any:
    def breaker(dpia: Dpia, people: People) -> None:
        risk = DpiaRisk(
            dpia=dpia,
            description="Shared with the wrong partner.",
            likelihood=likelihood,
            severity=severity,
            measure_options=options,
        )
        services.dpia_risk_save(risk, actor=people.staff)

    return breaker


def _url(name: str, key: str = "pk") -> Any:
    return lambda dpia: reverse(f"governance:{name}", kwargs={key: dpia.pk})


def _measure_url(dpia: Dpia) -> str:
    return reverse("governance:dpiarisk_measure", kwargs={"pk": dpia.risks.get(number=2).pk})


STEP_2 = _url("dpia_description")
PROBLEMS = [
    ("no links", lambda d, p: d.activities.clear(), [(1, LINKS_MISSING, _url("dpia_update"))]),
    (
        "no screening outcome",
        _blank("screening_outcome"),
        [(1, "Step 1: choose the screening outcome.", _url("dpia_screening"))],
    ),
    (
        "no reason for the screening outcome",
        _blank("screening_reason"),
        [(1, "Step 1: give the reason for the screening outcome.", _url("dpia_screening"))],
    ),
    (
        "no nature of the processing",
        _blank("processing_nature"),
        [(2, "Step 2: describe the nature of the processing.", STEP_2)],
    ),
    (
        "no scope or purposes",
        _blank("processing_scope", "processing_purposes"),
        [
            (
                2,
                "Step 2: describe the scope of the processing and purposes of the processing.",
                STEP_2,
            )
        ],
    ),
    (
        "no scope, context or purposes",
        _blank("processing_scope", "processing_context", "processing_purposes"),
        [
            (
                2,
                "Step 2: describe the scope of the processing, context of the processing and "
                "purposes of the processing.",
                STEP_2,
            )
        ],
    ),
    (
        "no consultation and no reason why not",
        _blank("consultation"),
        [
            (
                3,
                "Step 3: say who was consulted and how, or why individuals' views were not sought.",
                _url("dpia_consultation"),
            )
        ],
    ),
    (
        "no consultation but a reason why not",
        _blank("consultation", consultation_not_sought_reason="Covert policing context."),
        [],
    ),
    (
        "no necessity and proportionality",
        _blank("necessity_and_proportionality"),
        [(4, "Step 4: describe the necessity and proportionality.", _url("dpia_necessity"))],
    ),
    (
        "no risks",
        _remove_risks,
        [
            (
                5,
                "Step 5: record at least one risk to individuals.",
                _url("dpiarisk_create", "dpia_pk"),
            )
        ],
    ),
    (
        "a medium risk without a measure",
        _add_unmeasured("possible", "significant"),
        [(6, MEASURE_MISSING.format("medium"), _measure_url)],
    ),
    (
        "a high risk with options but no residual risk",
        _add_unmeasured("probable", "significant", options="Pseudonymise before matching."),
        [(6, MEASURE_MISSING.format("high"), _measure_url)],
    ),
    ("a low risk without a measure", _add_unmeasured("remote", "significant"), []),
]


@pytest.mark.parametrize(
    ("breaker", "expected"),
    [row[1:] for row in PROBLEMS],
    ids=[f"a DPIA with {row[0]} is told so" for row in PROBLEMS],
)
def test_each_missing_step_is_named_with_its_number_and_where_to_put_it_right(
    people, breaker, expected
):
    dpia = complete_dpia(people.staff)
    breaker(dpia, people)
    dpia = Dpia.objects.get(pk=dpia.pk)

    problems = services.dpia_problems(dpia)

    assert [(p.step, p.message, p.fix_url) for p in problems] == [
        (step, message, url(dpia)) for step, message, url in expected
    ]
    if expected:
        before = footprint(dpia)
        with pytest.raises(ValidationError) as error:
            services.dpia_submit(dpia, actor=people.staff)
        assert messages(error) == [message for _, message, _ in expected]
        assert footprint(dpia) == before
    else:
        assert services.dpia_submit(dpia, actor=people.staff).status == "submitted"


def test_a_new_draft_is_told_everything_it_still_needs_at_once(people):
    dpia = draft_dpia(people.staff)

    problems = services.dpia_problems(dpia)

    assert [p.step for p in problems] == [1, 1, 2, 3, 4, 5]
    assert problems[0].message == LINKS_MISSING
    assert problems[2].message == (
        "Step 2: describe the nature of the processing, scope of the processing, context of "
        "the processing and purposes of the processing."
    )
    with pytest.raises(ValidationError) as error:
        services.dpia_submit(dpia, actor=people.staff)
    assert messages(error) == [p.message for p in problems]


def test_a_screening_that_finds_no_dpia_needed_needs_only_step_1_and_its_links(people):
    dpia = draft_dpia(people.staff)
    dpia.screening_indicators = ["data_matching"]  # an ICO indicator, not an Art 35(3) case
    dpia.screening_outcome = "not_required"
    dpia.screening_reason = "Matching of published open data only."
    dpia = services.dpia_save(dpia, actor=people.staff)

    assert services.steps_needed(dpia) == (1,)
    assert [p.message for p in services.dpia_problems(dpia)] == [LINKS_MISSING]

    dpia.activities.set(complete_dpia(people.staff, title="Open data").activities.all())
    assert services.dpia_problems(dpia) == []
    assert services.dpia_submit(dpia, actor=people.staff).status == "submitted"


@pytest.mark.parametrize("indicator", MANDATORY_INDICATORS, ids=lambda code: f"{code} applies")
def test_an_art_35_3_case_makes_the_dpia_mandatory_whatever_the_screening_says(people, indicator):
    dpia = complete_dpia(people.staff)
    before = footprint(dpia)
    dpia.screening_indicators = [indicator]
    dpia.screening_outcome = "not_required"

    with pytest.raises(ValidationError) as error:
        services.dpia_save(dpia, actor=people.staff)
    assert field_errors(error) == {
        "screening_outcome": [
            "One of the Art 35(3) cases applies, so a DPIA is mandatory: choose ‘A DPIA is "
            "required’."
        ]
    }
    assert footprint(dpia) == before

    # A row saved before the rule existed is still stopped at submission.
    Dpia.objects.filter(pk=dpia.pk).update(
        screening_indicators=[indicator], screening_outcome="not_required"
    )
    with pytest.raises(ValidationError) as error:
        services.dpia_submit(dpia, actor=people.staff)
    assert messages(error) == [services.MANDATORY_MESSAGE]


def test_open_dpo_comments_block_resubmission_until_each_is_resolved(people):
    dpia = submitted_dpia(people.staff)
    services.dpia_return(dpia, actor=people.dpo, reason="", comments={2: "Scope?", 5: "Risk 1?"})
    first, second = dpia.comments.order_by("step")

    for open_comments in ("2 open comments", "1 open comment"):
        before = footprint(dpia)
        with pytest.raises(ValidationError) as error:
            services.dpia_submit(dpia, actor=people.staff)
        assert messages(error) == [f"Resolve the DPO's {open_comments} before submitting again."]
        assert footprint(dpia) == before
        services.dpia_comment_resolve(
            first if open_comments.startswith("2") else second, actor=people.staff
        )

    assert services.dpia_submit(dpia, actor=people.staff).status == "submitted"


def test_resolving_a_comment_records_who_and_the_reply_and_cannot_be_done_twice(people):
    dpia = returned_dpia(people.staff, people.dpo)
    comment = dpia.comments.get()

    services.dpia_comment_resolve(comment, actor=people.staff, resolution="Added checks.")

    comment.refresh_from_db()
    assert (comment.resolved_by, comment.resolution) == (people.staff, "Added checks.")
    event = dpia.events.order_by("-pk").first()
    assert (event.action, event.actor, event.comment) == (
        "comment_resolved",
        people.staff,
        "Step 5: Identify and assess risks: Added checks.",
    )
    before = footprint(dpia)
    with pytest.raises(ValidationError) as error:
        services.dpia_comment_resolve(comment, actor=people.staff, resolution="Again.")
    assert messages(error)[0].startswith(f"This comment was already resolved by {people.staff} at ")
    assert footprint(dpia) == before
    comment.refresh_from_db()
    assert comment.resolution == "Added checks."


def test_an_edit_made_on_an_old_copy_is_refused_as_a_conflict_and_nothing_is_lost(people):
    dpia = complete_dpia(people.staff)
    mine, theirs = Dpia.objects.get(pk=dpia.pk), Dpia.objects.get(pk=dpia.pk)
    theirs.processing_scope = "All of Humberside."
    services.dpia_save(theirs, actor=people.dpo, expected_version=theirs.row_version)

    mine.processing_scope = "Hull only."
    with pytest.raises(services.EditConflict) as conflict:
        services.dpia_save(mine, actor=people.staff, expected_version=mine.row_version)

    assert conflict.value.changed_by == people.dpo
    assert Dpia.objects.get(pk=dpia.pk).processing_scope == "All of Humberside."
