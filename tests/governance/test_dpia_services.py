"""The DPIA flow, proven on the services: every step tried from every state (allowed ones
recorded with who and why, refused ones explained and changing nothing), and nobody taking two
kinds of step on one DPIA. What each step needs is in ``test_dpia_step_rules.py``."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.choices import Role
from governance.models import Dpia, DpiaRisk
from governance.services import dpias as services
from ropa.models import ProcessingActivity
from tests.dpias import (
    LOW,
    MEDIUM_REDUCED_TO_LOW,
    add_risk,
    advised_dpia,
    approved_dpia,
    complete_dpia,
    draft_dpia,
    returned_dpia,
    screened_out_dpia,
    submitted_dpia,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REASON = "Agreed at the partnership governance meeting"
WRONG_STATUS = "This cannot be done while the DPIA is ‘{}’."
NOT_EDITABLE = (
    "This DPIA is ‘{}’: it can only be changed while it is a draft or returned for changes."
)
NOT_REVIEWABLE = "Only an approved DPIA can be reviewed; this one is ‘{}’."
ICO_ONLY_AT_SIGN_OFF = (
    "The prior consultation with the ICO is recorded while the DPIA awaits sign-off."
)
WROTE_IT_DPO = (
    "You wrote or proposed this, so you cannot {}: another DPO, or the SIRO as deputy DPO, must."
)
WROTE_IT_SIGNER = "You wrote or edited this DPIA, so you cannot sign it off: another Director must."
REVIEWED_IT_SIGNER = (
    "You reviewed this DPIA as its DPO, so you cannot also sign it off: another Director must."
)
REVIEWED_IT_WRITER = (
    "You reviewed this DPIA as its DPO, so you cannot also write it: its author makes the changes."
)


def today():
    return timezone.localdate()


def next_year():
    return today() + timedelta(days=365)


def messages(error: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return list(error.value.messages)


def field_errors(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return dict(error.value.message_dict)


def footprint(dpia: Dpia) -> dict[str, Any]:
    """Everything a refused step must leave as it was."""
    row = Dpia.objects.get(pk=dpia.pk)
    return {
        "status": row.status,
        "row_version": row.row_version,
        "timeline": row.events.count(),
        "history": row.history.count(),
        "risk history": DpiaRisk.history.filter(dpia_id=row.pk).count(),
        "comments": list(row.comments.values_list("pk", "resolved_at")),
        "contributors": set(row.contributors.values_list("pk", flat=True)),
        "dpias": Dpia.objects.count(),
        "snapshot": row.snapshot.digest if hasattr(row, "snapshot") else None,
    }


def with_permission(user: Any, codename: str) -> Any:
    user.user_permissions.add(Permission.objects.get(codename=codename))
    return type(user).objects.get(pk=user.pk)  # a fresh copy: permissions are cached


@dataclass
class People:
    staff: Any
    dpo: Any
    director: Any
    siro: Any


@pytest.fixture
def people(staff, dpo, director, siro):
    return People(staff, dpo, director, siro)


@pytest.fixture
def deputy(opcc):
    """A second DPO who may also sign off: the one person who could take two steps."""
    user = UserFactory(
        email="deputy@test.vpp", full_name="Drew Deputy", role=Role.DPO, organisation=opcc
    )
    return with_permission(user, "sign_off_dpia")


# --- Every service from every state ---------------------------------------------------------------


def submitted_screening(p: People) -> Dpia:
    """A screening that found no DPIA needed, waiting for the DPO to confirm it."""
    activity = ProcessingActivity.objects.create(
        name="Open data hotspot maps", business_function="Analysis", purpose="Maps"
    )
    dpia = draft_dpia(p.staff, title="Open crime data hotspot maps", activities=[activity])
    dpia = Dpia.objects.get(pk=dpia.pk)
    dpia.screening_outcome = "not_required"
    dpia.screening_reason = "Published, aggregated data only: nobody can be identified."
    services.dpia_save(dpia, actor=p.staff)
    return services.dpia_submit(dpia, actor=p.staff)


def _returned_and_answered(p: People) -> Dpia:
    dpia = returned_dpia(p.staff, p.dpo)
    services.dpia_comment_resolve(
        dpia.comments.get(), actor=p.staff, resolution="Added the two-person check."
    )
    return dpia


def _superseded(p: People) -> Dpia:
    first = approved_dpia(p.staff, p.dpo, p.director)
    revision = services.dpia_start_review(first, actor=p.staff)
    services.dpia_submit(revision, actor=p.staff)
    services.dpia_give_advice(
        revision, actor=p.dpo, recommendation="proceed", advice="Still sound."
    )
    services.dpia_approve(
        revision,
        actor=p.director,
        advice_decision="accepted",
        review_owner=p.dpo,
        next_review_on=next_year(),
    )
    return first


def _rejected(p: People) -> Dpia:
    dpia = advised_dpia(p.staff, p.dpo)
    return services.dpia_reject(dpia, actor=p.director, reason="The matching is not needed.")


STATES = {
    "a draft": lambda p: complete_dpia(p.staff),
    "a submitted DPIA": lambda p: submitted_dpia(p.staff),
    "a submitted screening": submitted_screening,
    "a returned DPIA with its comments answered": _returned_and_answered,
    "a DPIA awaiting sign-off": lambda p: advised_dpia(p.staff, p.dpo),
    "an approved DPIA": lambda p: approved_dpia(p.staff, p.dpo, p.director),
    "a confirmed screening": lambda p: screened_out_dpia(p.staff, p.dpo),
    "a superseded DPIA": _superseded,
    "a withdrawn DPIA": lambda p: services.dpia_withdraw(
        complete_dpia(p.staff), actor=p.staff, reason="The project stopped."
    ),
    "a rejected DPIA": _rejected,
}


def _edit_content(dpia: Dpia, p: People) -> Dpia:
    dpia.processing_scope = "About 500 young people a year in Hull."
    return services.dpia_save(dpia, actor=p.staff, reason=REASON)


def _add_risk(dpia: Dpia, p: People) -> DpiaRisk:
    risk = DpiaRisk(
        dpia=dpia,
        description="Letters sent to an old address.",
        likelihood="remote",
        severity="minimal",
    )
    return services.dpia_risk_save(risk, actor=p.staff, reason=REASON)


#: Each service as the person it is meant for would call it.
SERVICES = {
    "submit": lambda d, p: services.dpia_submit(d, actor=p.staff, reason=REASON),
    "return": lambda d, p: services.dpia_return(
        d, actor=p.dpo, reason=REASON, comments={5: "Say how a wrong match is spotted."}
    ),
    "give advice": lambda d, p: services.dpia_give_advice(
        d, actor=p.dpo, reason=REASON, recommendation="proceed", advice="Go ahead."
    ),
    "confirm screening": lambda d, p: services.dpia_confirm_screening(
        d, actor=p.dpo, reason=REASON, advice="Agreed.", next_review_on=next_year()
    ),
    "approve": lambda d, p: services.dpia_approve(
        d,
        actor=p.director,
        reason=REASON,
        advice_decision="accepted",
        review_owner=p.dpo,
        next_review_on=next_year(),
    ),
    "reject": lambda d, p: services.dpia_reject(d, actor=p.director, reason=REASON),
    "withdraw": lambda d, p: services.dpia_withdraw(d, actor=p.staff, reason=REASON),
    "start review": lambda d, p: services.dpia_start_review(d, actor=p.staff, reason=REASON),
    "record ICO consultation": lambda d, p: services.dpia_record_ico_consultation(
        d, actor=p.dpo, reason=REASON, consulted_on=today(), outcome="No objection."
    ),
    "edit content": _edit_content,
    "add a risk": _add_risk,
}
TRANSITIONS = {
    "submit": ("submitted", "staff"),
    "return": ("returned", "dpo"),
    "give advice": ("advised", "dpo"),
    "confirm screening": ("screening_confirmed", "dpo"),
    "approve": ("approved", "director"),
    "reject": ("rejected", "director"),
    "withdraw": ("withdrawn", "staff"),
}

#: (starting state, service) → the status it leaves the DPIA in. Everything else is refused.
ALLOWED = {
    ("a draft", "submit"): "submitted",
    ("a draft", "withdraw"): "withdrawn",
    ("a draft", "edit content"): "draft",
    ("a draft", "add a risk"): "draft",
    ("a submitted DPIA", "return"): "returned",
    ("a submitted DPIA", "give advice"): "awaiting_sign_off",
    ("a submitted DPIA", "withdraw"): "withdrawn",
    ("a submitted screening", "return"): "returned",
    ("a submitted screening", "confirm screening"): "screened_out",
    ("a submitted screening", "withdraw"): "withdrawn",
    ("a returned DPIA with its comments answered", "submit"): "submitted",
    ("a returned DPIA with its comments answered", "withdraw"): "withdrawn",
    ("a returned DPIA with its comments answered", "edit content"): "returned",
    ("a returned DPIA with its comments answered", "add a risk"): "returned",
    ("a DPIA awaiting sign-off", "approve"): "approved",
    ("a DPIA awaiting sign-off", "reject"): "rejected",
    ("a DPIA awaiting sign-off", "withdraw"): "withdrawn",
    ("a DPIA awaiting sign-off", "record ICO consultation"): "awaiting_sign_off",
    ("an approved DPIA", "start review"): "approved",
    ("a confirmed screening", "start review"): "screened_out",
}
#: A submitted DPIA can be advised on or confirmed, depending on what its screening found.
WRONG_OUTCOME = {
    ("a submitted DPIA", "confirm screening"): services.SCREENING_SAYS_REQUIRED,
    ("a submitted screening", "give advice"): services.SCREENING_SAYS_NOT_REQUIRED,
}
#: Each starting state's status, as the refusals name it.
LABELS = {
    "a draft": "Draft",
    "a submitted DPIA": "Submitted to the DPO",
    "a submitted screening": "Submitted to the DPO",
    "a returned DPIA with its comments answered": "Returned for changes",
    "a DPIA awaiting sign-off": "Awaiting sign-off",
    "an approved DPIA": "Approved",
    "a confirmed screening": "No DPIA needed",
    "a superseded DPIA": "Superseded by a revision",
    "a withdrawn DPIA": "Withdrawn",
    "a rejected DPIA": "Rejected",
}


def refusal(state: str, service: str) -> str:
    """What the service says when it cannot be used in ``state``."""
    if (state, service) in WRONG_OUTCOME:
        return WRONG_OUTCOME[state, service]
    label = LABELS[state]
    if service == "start review":
        return NOT_REVIEWABLE.format(label)
    if service == "record ICO consultation":
        return ICO_ONLY_AT_SIGN_OFF
    if service in ("edit content", "add a risk"):
        return NOT_EDITABLE.format(label)
    return WRONG_STATUS.format(label)


REFUSED = [
    (state, service) for state in STATES for service in SERVICES if (state, service) not in ALLOWED
]


@pytest.mark.parametrize(
    ("state", "service"),
    ALLOWED,
    ids=[f"{service} is allowed on {state}" for state, service in ALLOWED],
)
def test_an_allowed_step_moves_the_dpia_on_and_records_who_and_why(people, state, service):
    dpia = STATES[state](people)
    before = footprint(dpia)
    risks_before = dpia.risks.count()

    result = SERVICES[service](Dpia.objects.get(pk=dpia.pk), people)

    after = Dpia.objects.get(pk=dpia.pk)
    assert after.status == ALLOWED[state, service]
    if service in TRANSITIONS:
        action, who = TRANSITIONS[service]
        actor = getattr(people, who)
        latest = after.history.first()
        assert (latest.history_user, latest.history_change_reason) == (actor, REASON)
        event = after.events.order_by("-pk").first()
        assert (event.action, event.actor, event.comment) == (action, actor, REASON)
        assert (event.status_before, event.status_after) == (before["status"], after.status)
    elif service == "record ICO consultation":
        latest = after.history.first()
        assert (latest.history_user, latest.history_change_reason) == (people.dpo, REASON)
        assert after.ico_outcome == "No objection."
        event = after.events.order_by("-pk").first()
        assert (event.action, event.actor) == ("ico_consulted", people.dpo)
        assert (event.status_before, event.status_after) == (after.status, after.status)
    elif service == "edit content":
        latest = after.history.first()
        assert (latest.history_user, latest.history_change_reason) == (people.staff, REASON)
        assert after.processing_scope == "About 500 young people a year in Hull."
        assert after.row_version == before["row_version"] + 1
        assert after.events.count() == before["timeline"]
    elif service == "add a risk":
        latest = result.history.first()
        assert (latest.history_user, latest.history_change_reason) == (people.staff, REASON)
        assert (result.number, result.overall_risk) == (risks_before + 1, "low")
    else:  # start review: the reviewed DPIA stays in force; the revision is a new draft
        assert result.status == "draft"
        assert result.revision_of == after
        latest = result.history.first()
        assert (latest.history_user, latest.history_change_reason) == (people.staff, REASON)
        for row, status_before in ((after, after.status), (result, "")):
            event = row.events.order_by("-pk").first()
            assert (event.action, event.actor, event.comment) == (
                "review_started",
                people.staff,
                REASON,
            )
            assert event.status_before == status_before


@pytest.mark.parametrize(
    ("state", "service"),
    REFUSED,
    ids=[f"{service} is refused on {state}" for state, service in REFUSED],
)
def test_a_step_the_status_does_not_allow_is_refused_with_a_message_and_changes_nothing(
    people, state, service
):
    dpia = STATES[state](people)
    before = footprint(dpia)

    with pytest.raises(ValidationError) as error:
        SERVICES[service](Dpia.objects.get(pk=dpia.pk), people)

    assert messages(error)[0] == refusal(state, service)
    assert footprint(dpia) == before


def test_the_wrong_status_is_said_before_anything_missing(people):
    dpia = draft_dpia(people.staff)
    services.dpia_withdraw(dpia, actor=people.staff, reason="Not going ahead.")

    with pytest.raises(ValidationError) as error:
        services.dpia_submit(dpia, actor=people.staff)

    assert messages(error) == [WRONG_STATUS.format("Withdrawn")]


# --- No self-approval (rule 5) --------------------------------------------------------------------


@dataclass
class Story:
    """A DPIA's past, told step by step; the deputy DPO (who may also sign off) is the one
    whose part in it is in question."""

    people: People
    deputy: Any
    dpia: Dpia | None = None

    def reload(self) -> Dpia:
        assert self.dpia is not None
        self.dpia = Dpia.objects.get(pk=self.dpia.pk)
        return self.dpia


def _write(author: Any, story: Story) -> None:
    story.dpia = complete_dpia(author, risks=(MEDIUM_REDUCED_TO_LOW, LOW))


def _write_screening(author: Any, story: Story) -> None:
    people = People(author, story.people.dpo, story.people.director, story.people.siro)
    dpia = submitted_screening(people)
    story.dpia = dpia


def _edit_step_4(story: Story) -> None:
    dpia = story.reload()
    dpia.necessity_and_proportionality = "Matching is limited to referral fields."
    services.dpia_save(dpia, actor=story.deputy, reason="Tightened step 4")


def _resolve(actor: Any, story: Story) -> None:
    comment = story.reload().comments.get(resolved_at__isnull=True)
    services.dpia_comment_resolve(comment, actor=actor, resolution="Done.")


def _advise(actor: Any, story: Story) -> None:
    services.dpia_give_advice(
        story.reload(), actor=actor, recommendation="proceed", advice="Go ahead."
    )


def _return(actor: Any, story: Story) -> None:
    services.dpia_return(
        story.reload(), actor=actor, reason="More on risk 1", comments={5: "Explain."}
    )


PAST = {
    "the deputy wrote it": lambda s: _write(s.deputy, s),
    "the deputy wrote a screening": lambda s: _write_screening(s.deputy, s),
    "staff wrote it": lambda s: _write(s.people.staff, s),
    "the deputy edited step 4": _edit_step_4,
    "the deputy added a risk": lambda s: add_risk(s.deputy, s.reload(), *LOW),
    "the deputy removed a risk": lambda s: services.dpia_risk_remove(
        s.reload().risks.last(), actor=s.deputy, reason="Duplicate"
    ),
    "staff submitted it": lambda s: services.dpia_submit(s.reload(), actor=s.people.staff),
    "the deputy submitted it": lambda s: services.dpia_submit(s.reload(), actor=s.deputy),
    "the DPO returned it": lambda s: _return(s.people.dpo, s),
    "the deputy returned it": lambda s: _return(s.deputy, s),
    "the deputy answered the comment": lambda s: _resolve(s.deputy, s),
    "staff answered the comment": lambda s: _resolve(s.people.staff, s),
    "the DPO advised": lambda s: _advise(s.people.dpo, s),
    "the deputy advised": lambda s: _advise(s.deputy, s),
}


def _deputy_approves(story: Story) -> Any:
    return services.dpia_approve(
        story.reload(),
        actor=story.deputy,
        advice_decision="accepted",
        review_owner=story.people.dpo,
        next_review_on=next_year(),
    )


def _deputy_edits(story: Story) -> Any:
    dpia = story.reload()
    dpia.processing_context = "Rewritten by the reviewer."
    return services.dpia_save(dpia, actor=story.deputy)


NOW = {
    "return it": lambda s: _return(s.deputy, s),
    "give advice": lambda s: _advise(s.deputy, s),
    "confirm the screening": lambda s: services.dpia_confirm_screening(
        s.reload(), actor=s.deputy, advice="Agreed."
    ),
    "approve it": _deputy_approves,
    "reject it": lambda s: services.dpia_reject(s.reload(), actor=s.deputy, reason="No."),
    "edit its content": _deputy_edits,
    "add a risk": lambda s: add_risk(s.deputy, s.reload(), *LOW),
    "remove a risk": lambda s: services.dpia_risk_remove(
        s.reload().risks.last(), actor=s.deputy, reason="Duplicate"
    ),
    "resolve a comment": lambda s: _resolve(s.deputy, s),
}

_WROTE = (
    ("the deputy wrote it", "the deputy submitted it"),
    ("staff wrote it", "the deputy edited step 4", "staff submitted it"),
    ("staff wrote it", "the deputy added a risk", "staff submitted it"),
    ("staff wrote it", "the deputy removed a risk", "staff submitted it"),
    ("staff wrote it", "the deputy submitted it"),
    (
        "staff wrote it",
        "staff submitted it",
        "the DPO returned it",
        "the deputy answered the comment",
        "staff submitted it",
    ),
)
SELF_APPROVAL = [
    *[
        (past, "return it", WROTE_IT_DPO.format("return this DPIA to its author"))
        for past in _WROTE
    ],
    *[
        (past, "give advice", WROTE_IT_DPO.format("give the DPO's advice on this DPIA"))
        for past in _WROTE
    ],
    *[((*past, "the DPO advised"), "approve it", WROTE_IT_SIGNER) for past in _WROTE],
    *[((*past, "the DPO advised"), "reject it", WROTE_IT_SIGNER) for past in _WROTE],
    (
        ("the deputy wrote a screening",),
        "confirm the screening",
        WROTE_IT_DPO.format("confirm this screening"),
    ),
    *[
        (
            (
                "staff wrote it",
                "staff submitted it",
                "the deputy returned it",
                "staff answered the comment",
                "staff submitted it",
                "the DPO advised",
            ),
            action,
            REVIEWED_IT_SIGNER,
        )
        for action in ("approve it", "reject it")
    ],
    *[
        (("staff wrote it", "staff submitted it", "the deputy advised"), action, REVIEWED_IT_SIGNER)
        for action in ("approve it", "reject it")
    ],
    *[
        (
            ("staff wrote it", "staff submitted it", "the deputy returned it"),
            action,
            REVIEWED_IT_WRITER,
        )
        for action in ("edit its content", "add a risk", "remove a risk", "resolve a comment")
    ],
    # The right person may: each of these is the deputy's first and only kind of step.
    (("staff wrote it", "staff submitted it"), "return it", None),
    (("staff wrote it", "staff submitted it"), "give advice", None),
    (("staff wrote it", "staff submitted it", "the DPO advised"), "approve it", None),
    (("staff wrote it", "staff submitted it", "the DPO advised"), "reject it", None),
    (
        (
            "staff wrote it",
            "staff submitted it",
            "the deputy returned it",
            "staff answered the comment",
            "staff submitted it",
        ),
        "give advice",
        None,
    ),
]


@pytest.mark.parametrize(
    ("past", "action", "message"),
    SELF_APPROVAL,
    ids=[
        f"{', '.join(past)}: the deputy may {'not ' if message else ''}{action}"
        for past, action, message in SELF_APPROVAL
    ],
)
def test_nobody_takes_two_kinds_of_step_on_one_dpia(people, deputy, past, action, message):
    story = Story(people, deputy)
    for step in past:
        PAST[step](story)
    before = footprint(story.reload())

    if message is None:
        NOW[action](story)
        assert footprint(story.reload())["status"] != before["status"]
        assert story.dpia.history.first().history_user == deputy
    else:
        with pytest.raises(ValidationError) as error:
            NOW[action](story)
        assert messages(error) == [message]
        assert footprint(story.reload()) == before
