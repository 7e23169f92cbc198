"""A DPIA's flow through its pages: each step for the role that takes it, what the page shows
before and after a refusal, the ICO's prior consultation and the buttons each role is offered."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from governance.models import Dpia, DpiaComment, DpiaEvent
from governance.services import dpias as services
from governance.views.dpia_workflow import dpia_actions
from ropa.models import ProcessingActivity
from tests.dpias import (
    HIGH_STAYS_HIGH,
    advised_dpia,
    approved_dpia,
    complete_dpia,
    draft_dpia,
    returned_dpia,
    screened_out_dpia,
    submitted_dpia,
    write_steps,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NEXT_YEAR = TODAY + timedelta(days=365)


def step_url(dpia, name):
    return reverse("governance:dpia_transition", kwargs={"pk": dpia.pk, "transition": name})


def ico_url(dpia):
    return reverse("governance:dpia_ico_consultation", kwargs={"pk": dpia.pk})


def reload(dpia):
    return Dpia.objects.get(pk=dpia.pk)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def latest_history(dpia):
    record = dpia.history.first()
    return record.history_user, record.history_change_reason


def latest_event(dpia):
    event = DpiaEvent.objects.filter(dpia=dpia).order_by("-at", "-pk").first()
    return event.action, event.actor, event.comment


def error_links(response):
    """The error summary's messages with where each one links."""
    block = re.search(r'data-testid="error-links">(.*?)</ul>', response.content.decode(), re.S)
    if block is None:
        return []
    return re.findall(r'<li><a href="([^"]*)">([^<]*)</a></li>', block.group(1))


def screening_submitted(author):
    """A submitted screening that found no DPIA needed."""
    activity = ProcessingActivity.objects.create(
        name="Open data hotspot maps", business_function="Analysis", purpose="Maps"
    )
    dpia = draft_dpia(author, title="Open crime data hotspot maps", activities=[activity])
    write_steps(author, dpia, outcome="not_required")
    return services.dpia_submit(reload(dpia), actor=author)


# --- Submitting ----------------------------------------------------------------------------------


def test_staff_submit_a_complete_draft_to_the_dpo(client, staff):
    dpia = complete_dpia(staff)
    client.force_login(staff)

    response = client.post(step_url(dpia, "submit"), {"reason": "Ready for the DPO"})

    assert response.status_code == 302
    assert response["Location"] == dpia.get_absolute_url()
    dpia = reload(dpia)
    assert dpia.status == "submitted"
    assert dpia.submitted_by == staff
    assert latest_history(dpia) == (staff, "Ready for the DPO")
    assert latest_event(dpia) == ("submitted", staff, "Ready for the DPO")
    assert messages_of(response) == [
        "DPIA-001 Hull youth referrals matching: submitted to the DPO."
    ]


def test_the_submit_page_lists_what_is_missing_each_linking_to_its_step(client, staff):
    dpia = draft_dpia(staff)
    client.force_login(staff)

    content = client.get(step_url(dpia, "submit")).content.decode()

    assert "This DPIA cannot be submitted until these are put right" in content
    screening = reverse("governance:dpia_screening", kwargs={"pk": dpia.pk})
    add_risk = reverse("governance:dpiarisk_create", kwargs={"dpia_pk": dpia.pk})
    assert f'href="{screening}">Step 1: choose the screening outcome.</a>' in content
    assert f'href="{add_risk}">Step 5: record at least one risk to individuals.</a>' in content


def test_a_refused_submit_lists_every_problem_in_the_error_summary_and_changes_nothing(
    client, staff
):
    dpia = draft_dpia(staff)
    events_before = DpiaEvent.objects.filter(dpia=dpia).count()
    client.force_login(staff)

    response = client.post(step_url(dpia, "submit"), {"reason": ""})

    assert response.status_code == 200
    add_risk = reverse("governance:dpiarisk_create", kwargs={"dpia_pk": dpia.pk})
    assert (add_risk, "Step 5: record at least one risk to individuals.") in error_links(response)
    assert reload(dpia).status == "draft"
    assert DpiaEvent.objects.filter(dpia=dpia).count() == events_before


def test_the_submit_page_lists_the_dpos_open_comments_and_refuses_until_resolved(
    client, staff, dpo
):
    dpia = returned_dpia(staff, dpo, step=5)
    comment = dpia.comments.get()
    client.force_login(staff)

    content = client.get(step_url(dpia, "submit")).content.decode()
    assert "Step 5: Identify and assess risks" in content
    assert "Say how a wrong match would be spotted." in content
    assert reverse("governance:dpiacomment_resolve", kwargs={"pk": comment.pk}) in content

    response = client.post(step_url(dpia, "submit"), {"reason": ""})
    assert (
        comment.get_absolute_url(),
        "Resolve the DPO&#x27;s 1 open comment before submitting again.",
    ) in error_links(response)
    assert reload(dpia).status == "returned"


# --- The DPO's review ----------------------------------------------------------------------------


def test_the_dpo_returns_a_dpia_with_comments_on_steps_5_and_2(client, staff, dpo):
    dpia = submitted_dpia(staff)
    client.force_login(dpo)

    response = client.post(
        step_url(dpia, "return_for_changes"),
        {
            "comment_step_5": "Say how a wrong match would be spotted.",
            "comment_step_2": "Give the number of young people per year.",
            "reason": "Needs more on the risks",
        },
    )

    assert response.status_code == 302
    dpia = reload(dpia)
    assert dpia.status == "returned"
    comments = list(DpiaComment.objects.filter(dpia=dpia).order_by("step"))
    assert [(c.step, c.text, c.made_by) for c in comments] == [
        (2, "Give the number of young people per year.", dpo),
        (5, "Say how a wrong match would be spotted.", dpo),
    ]
    assert latest_history(dpia) == (dpo, "Needs more on the risks")
    assert latest_event(dpia) == ("returned", dpo, "Needs more on the risks")
    assert messages_of(response) == [
        "DPIA-001 Hull youth referrals matching: returned to the author."
    ]


def test_the_return_form_offers_a_comment_box_for_each_of_the_seven_steps(client, staff, dpo):
    dpia = submitted_dpia(staff)
    client.force_login(dpo)

    content = client.get(step_url(dpia, "return_for_changes")).content.decode()

    assert "Comment on step 5: Identify and assess risks" in content
    assert len(re.findall(r'<textarea name="comment_step_\d"', content)) == 7


def test_returning_without_any_comment_is_refused_and_changes_nothing(client, staff, dpo):
    dpia = submitted_dpia(staff)
    client.force_login(dpo)

    response = client.post(step_url(dpia, "return_for_changes"), {"reason": "Not good enough"})

    assert response.status_code == 200
    assert (
        "#id_comment_step_1",
        "Comment on at least one step, so the author knows what to change.",
    ) in error_links(response)
    assert reload(dpia).status == "submitted"
    assert not DpiaComment.objects.filter(dpia=dpia).exists()


def test_the_dpo_gives_advice_and_the_dpia_waits_for_sign_off(client, staff, dpo):
    dpia = submitted_dpia(staff)
    client.force_login(dpo)

    response = client.post(
        step_url(dpia, "give_advice"),
        {
            "recommendation": "proceed_with_measures",
            "advice": "Proceed with the two-person check.",
            "reason": "Reviewed at the DPO surgery",
        },
    )

    assert response.status_code == 302
    dpia = reload(dpia)
    assert dpia.status == "awaiting_sign_off"
    assert (dpia.dpo_recommendation, dpia.dpo_advice, dpia.advised_by) == (
        "proceed_with_measures",
        "Proceed with the two-person check.",
        dpo,
    )
    assert latest_history(dpia) == (dpo, "Reviewed at the DPO surgery")
    assert latest_event(dpia) == ("advised", dpo, "Reviewed at the DPO surgery")


def test_advice_without_a_summary_or_recommendation_is_refused_beside_the_fields(
    client, staff, dpo
):
    dpia = submitted_dpia(staff)
    client.force_login(dpo)

    response = client.post(step_url(dpia, "give_advice"), {"recommendation": "", "advice": ""})

    assert response.status_code == 200
    links = error_links(response)
    assert ("#id_recommendation_1", "Choose your recommendation.") in links
    assert ("#id_advice", "Enter a summary of your advice.") in links
    assert reload(dpia).status == "submitted"


def test_the_dpo_cannot_advise_on_a_dpia_they_wrote(client, dpo):
    dpia = submitted_dpia(dpo)
    client.force_login(dpo)

    response = client.post(
        step_url(dpia, "give_advice"), {"recommendation": "proceed", "advice": "Fine by me."}
    )

    assert response.status_code == 200
    assert "another DPO, or the SIRO as deputy DPO, must" in response.content.decode()
    assert reload(dpia).status == "submitted"


def test_the_dpo_confirms_a_screening_that_found_no_dpia_needed(client, staff, dpo):
    dpia = screening_submitted(staff)
    client.force_login(dpo)

    response = client.post(
        step_url(dpia, "confirm_screening"),
        {"advice": "Agreed: aggregated data only.", "next_review_on": NEXT_YEAR.isoformat()},
    )

    assert response.status_code == 302
    dpia = reload(dpia)
    assert dpia.status == "screened_out"
    assert (dpia.dpo_advice, dpia.next_review_on) == ("Agreed: aggregated data only.", NEXT_YEAR)
    assert latest_event(dpia)[:2] == ("screening_confirmed", dpo)
    assert messages_of(response) == [
        "DPIA-001 Open crime data hotspot maps: screening confirmed: no DPIA is needed."
    ]


def test_a_screening_review_date_in_the_past_is_refused_beside_the_field(client, staff, dpo):
    dpia = screening_submitted(staff)
    client.force_login(dpo)

    response = client.post(
        step_url(dpia, "confirm_screening"),
        {"advice": "Agreed.", "next_review_on": (TODAY - timedelta(days=1)).isoformat()},
    )

    assert ("#id_next_review_on", "The next review date must be in the future.") in error_links(
        response
    )
    assert reload(dpia).status == "submitted"


# --- Sign-off ------------------------------------------------------------------------------------


def approval(**fields):
    return {
        "advice_decision": "accepted",
        "advice_overruled_reasons": "",
        "consultation_departure_reasons": "",
        "next_review_on": NEXT_YEAR.isoformat(),
        "reason": "Measures are proportionate",
        **fields,
    }


def test_the_director_approves_a_dpia_whose_residual_risk_is_low(client, staff, dpo, director):
    dpia = advised_dpia(staff, dpo)
    client.force_login(director)

    response = client.post(step_url(dpia, "approve"), approval(review_owner=staff.pk))

    assert response.status_code == 302
    dpia = reload(dpia)
    assert dpia.status == "approved"
    assert (dpia.signed_off_by, dpia.review_owner, dpia.next_review_on) == (
        director,
        staff,
        NEXT_YEAR,
    )
    assert dpia.snapshot.content
    assert latest_history(dpia)[0] == director
    assert latest_event(dpia) == ("approved", director, "Measures are proportionate")
    assert messages_of(response) == ["DPIA-001 Hull youth referrals matching: approved."]


def test_the_approve_page_shows_the_advice_the_residual_risk_and_who_signs(
    client, staff, dpo, siro
):
    dpia = advised_dpia(staff, dpo, risks=(HIGH_STAYS_HIGH,))
    client.force_login(siro)

    content = client.get(step_url(dpia, "approve")).content.decode()

    summary = content[content.index('data-testid="sign-off-summary"') :]
    assert "The processing can go ahead only with the measures in step 6" in summary
    assert "Proceed with the two-person check." in summary
    assert re.search(r"govuk-tag--red\">High</strong>", summary)
    assert "The SIRO" in summary
    assert "Not recorded" in summary
    assert f'href="{ico_url(dpia)}">Record the ICO\'s prior consultation</a>' in summary


def test_the_review_owner_is_chosen_from_internal_people_only(
    client, staff, dpo, director, partner_hull
):
    dpia = advised_dpia(staff, dpo)
    client.force_login(director)

    content = client.get(step_url(dpia, "approve")).content.decode()

    assert f'value="{staff.pk}"' in content
    assert f'value="{partner_hull.pk}"' not in content


def test_overruling_the_advice_without_reasons_is_refused_beside_the_field(
    client, staff, dpo, director
):
    dpia = advised_dpia(staff, dpo)
    client.force_login(director)

    response = client.post(
        step_url(dpia, "approve"), approval(advice_decision="overruled", review_owner=staff.pk)
    )

    assert response.status_code == 200
    assert (
        "#id_advice_overruled_reasons",
        "Give the reasons for overruling the DPO&#x27;s advice.",
    ) in error_links(response)
    content = response.content.decode()
    field = content[content.index('id="div_id_advice_overruled_reasons"') :]
    assert field.index("govuk-error-message") < field.index("<textarea")
    assert reload(dpia).status == "awaiting_sign_off"


def test_every_mistake_in_the_sign_off_form_is_shown_at_once(client, staff, dpo, director):
    dpia = advised_dpia(staff, dpo)
    client.force_login(director)

    response = client.post(
        step_url(dpia, "approve"),
        approval(advice_decision="overruled", review_owner="", next_review_on=""),
    )

    assert [url for url, _text in error_links(response)] == [
        "#id_advice_overruled_reasons",
        "#id_review_owner",
        "#id_next_review_on",
    ]
    assert reload(dpia).status == "awaiting_sign_off"


def test_a_review_date_that_is_not_in_the_future_is_refused_beside_the_field(
    client, staff, dpo, director
):
    dpia = advised_dpia(staff, dpo)
    client.force_login(director)

    response = client.post(
        step_url(dpia, "approve"), approval(review_owner=staff.pk, next_review_on=TODAY)
    )

    assert ("#id_next_review_on", "The next review date must be in the future.") in error_links(
        response
    )
    assert reload(dpia).status == "awaiting_sign_off"


def test_approving_high_residual_risk_before_the_ico_is_consulted_is_refused(
    client, staff, dpo, siro
):
    dpia = advised_dpia(staff, dpo, risks=(HIGH_STAYS_HIGH,))
    client.force_login(siro)

    response = client.post(step_url(dpia, "approve"), approval(review_owner=staff.pk))

    assert response.status_code == 200
    assert "record the prior consultation with the ICO" in response.content.decode()
    dpia = reload(dpia)
    assert dpia.status == "awaiting_sign_off"
    assert dpia.signed_off_by is None


def test_the_director_cannot_sign_off_a_high_residual_risk(client, staff, dpo, director):
    dpia = advised_dpia(staff, dpo, risks=(HIGH_STAYS_HIGH,))
    client.force_login(director)

    response = client.post(step_url(dpia, "approve"), approval(review_owner=staff.pk))

    assert "so this DPIA is signed off by the SIRO" in response.content.decode()
    assert reload(dpia).status == "awaiting_sign_off"


def test_signing_off_a_dpia_you_wrote_shows_the_services_message_and_changes_nothing(
    client, staff, dpo, director
):
    dpia = advised_dpia(staff, dpo)
    dpia.contributors.add(director)  # the Director edited it while it was a draft
    client.force_login(director)

    response = client.post(step_url(dpia, "approve"), approval(review_owner=dpo.pk))

    assert response.status_code == 200
    assert (
        "You wrote or edited this DPIA, so you cannot sign it off: another Director must."
        in response.content.decode()
    )
    dpia = reload(dpia)
    assert dpia.status == "awaiting_sign_off"
    assert dpia.signed_off_by is None


def test_the_signatory_rejects_a_dpia_with_a_reason(client, staff, dpo, director):
    dpia = advised_dpia(staff, dpo)
    client.force_login(director)

    refused = client.post(step_url(dpia, "reject"), {"reason": ""})
    assert ("#id_reason", "Enter the reason.") in error_links(refused)
    assert reload(dpia).status == "awaiting_sign_off"

    response = client.post(step_url(dpia, "reject"), {"reason": "Matching is not necessary"})
    assert response.status_code == 302
    dpia = reload(dpia)
    assert dpia.status == "rejected"
    assert latest_history(dpia) == (director, "Matching is not necessary")
    assert latest_event(dpia) == ("rejected", director, "Matching is not necessary")


def test_the_author_withdraws_a_draft_with_a_reason(client, staff):
    dpia = complete_dpia(staff)
    client.force_login(staff)

    refused = client.post(step_url(dpia, "withdraw"), {"reason": ""})
    assert ("#id_reason", "Enter the reason.") in error_links(refused)

    response = client.post(step_url(dpia, "withdraw"), {"reason": "Project cancelled"})
    assert response.status_code == 302
    dpia = reload(dpia)
    assert dpia.status == "withdrawn"
    assert latest_history(dpia) == (staff, "Project cancelled")
    assert latest_event(dpia) == ("withdrawn", staff, "Project cancelled")


def test_starting_a_review_redirects_to_revision_2(client, staff, dpo, director):
    dpia = approved_dpia(staff, dpo, director)
    client.force_login(staff)

    response = client.post(step_url(dpia, "start_review"), {"reason": "Annual review"})

    revision = Dpia.objects.get(reference=dpia.reference, revision=2)
    assert response.status_code == 302
    assert response["Location"] == revision.get_absolute_url()
    assert (revision.status, revision.revision_of, revision.author) == ("draft", dpia, staff)
    assert reload(dpia).status == "approved"
    assert messages_of(response) == [
        "Revision 2 of DPIA-001 started: make your changes and submit it to the DPO."
    ]


def test_a_step_not_open_now_says_so_and_is_refused_with_the_status(client, staff):
    dpia = complete_dpia(staff)
    client.force_login(staff)

    page = client.get(step_url(dpia, "start_review")).content.decode()
    assert "This cannot be done while the DPIA is ‘Draft’." in page

    response = client.post(step_url(dpia, "start_review"), {"reason": ""})
    assert response.status_code == 200
    assert "Only an approved DPIA can be reviewed" in response.content.decode()
    assert Dpia.objects.count() == 1


def test_an_unknown_step_is_not_found(client, staff):
    dpia = complete_dpia(staff)
    client.force_login(staff)
    assert client.get(step_url(dpia, "publish")).status_code == 404


# --- Who may take which step ---------------------------------------------------------------------


def test_the_siro_may_open_a_dpo_step_but_is_told_only_the_dpo_takes_it_on_a_staff_dpia(
    client, staff, siro
):
    dpia = submitted_dpia(staff)
    client.force_login(siro)

    response = client.get(step_url(dpia, "give_advice"))

    assert response.status_code == 200  # the SIRO is the DPO's deputy on a DPIA a DPO wrote
    page = response.content.decode()
    assert "Only the DPO can give the DPO&#x27;s advice on this DPIA." in page
    assert 'name="advice"' not in page


@pytest.mark.parametrize(
    ("state", "step", "role"),
    [
        ("submitted", "return_for_changes", "staff"),
        ("submitted", "give_advice", "staff"),
        ("submitted", "give_advice", "admin_user"),
        ("submitted", "return_for_changes", "director"),
        ("awaiting", "approve", "staff"),
        ("awaiting", "approve", "dpo"),
        ("awaiting", "reject", "admin_user"),
        ("draft", "submit", "siro"),
        ("draft", "withdraw", "director"),
        ("submitted", "give_advice", "partner_hull"),
        ("draft", "submit", "partner_hull"),
    ],
)
def test_a_step_is_forbidden_to_a_role_that_does_not_take_it(
    request, client, staff, dpo, state, step, role
):
    dpia = {
        "draft": lambda: complete_dpia(staff),
        "submitted": lambda: submitted_dpia(staff),
        "awaiting": lambda: advised_dpia(staff, dpo),
    }[state]()
    client.force_login(request.getfixturevalue(role))

    assert client.get(step_url(dpia, step)).status_code == 403
    data = {"reason": "Trying", "comment_step_5": "x", "recommendation": "proceed", "advice": "x"}
    assert client.post(step_url(dpia, step), data).status_code == 403
    assert reload(dpia).status == dpia.status


def test_partners_never_reach_a_dpia_step(client, staff, partner_hull):
    dpia = complete_dpia(staff)
    client.force_login(partner_hull)
    assert client.get(step_url(dpia, "submit")).status_code == 403
    assert client.get(ico_url(dpia)).status_code == 403


# --- The prior consultation with the ICO ---------------------------------------------------------


@pytest.mark.parametrize("role", ["dpo", "siro"])
def test_the_dpo_or_siro_records_the_icos_prior_consultation(request, client, staff, dpo, role):
    dpia = advised_dpia(staff, dpo, risks=(HIGH_STAYS_HIGH,))
    user = request.getfixturevalue(role)
    client.force_login(user)

    response = client.post(
        ico_url(dpia),
        {
            "consulted_on": TODAY.isoformat(),
            "ico_reference": "RFA0123456",
            "outcome": "The ICO raised no objection.",
            "reason": "",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == dpia.get_absolute_url()
    dpia = reload(dpia)
    assert (dpia.ico_consulted_on, dpia.ico_reference, dpia.ico_outcome) == (
        TODAY,
        "RFA0123456",
        "The ICO raised no objection.",
    )
    assert dpia.status == "awaiting_sign_off"
    assert latest_history(dpia) == (user, "ICO prior consultation recorded")
    assert latest_event(dpia)[:2] == ("ico_consulted", user)


def test_once_the_ico_is_consulted_the_siro_can_approve(client, staff, dpo, siro):
    dpia = advised_dpia(staff, dpo, risks=(HIGH_STAYS_HIGH,))
    client.force_login(siro)
    client.post(
        ico_url(dpia),
        {"consulted_on": TODAY.isoformat(), "ico_reference": "", "outcome": "No objection."},
    )

    response = client.post(step_url(dpia, "approve"), approval(review_owner=staff.pk))

    assert response.status_code == 302
    assert reload(dpia).status == "approved"


def test_an_ico_consultation_in_the_future_or_without_an_outcome_is_refused(
    client, staff, dpo, siro
):
    dpia = advised_dpia(staff, dpo, risks=(HIGH_STAYS_HIGH,))
    client.force_login(siro)

    missing = client.post(ico_url(dpia), {"consulted_on": "", "outcome": ""})
    content = missing.content.decode()
    assert "Enter the date the ICO was consulted." in content
    assert "Enter the outcome of the consultation with the ICO." in content

    future = client.post(
        ico_url(dpia),
        {"consulted_on": (TODAY + timedelta(days=2)).isoformat(), "outcome": "No objection."},
    )
    assert "The date the ICO was consulted must be today or in the past." in (
        future.content.decode()
    )
    assert reload(dpia).ico_consulted_on is None


def test_the_ico_page_is_only_there_while_the_dpia_awaits_sign_off(client, staff, dpo):
    dpia = submitted_dpia(staff)
    client.force_login(dpo)
    assert client.get(ico_url(dpia)).status_code == 404


@pytest.mark.parametrize("role", ["staff", "director", "admin_user"])
def test_the_ico_page_is_forbidden_to_other_roles(request, client, staff, dpo, role):
    dpia = advised_dpia(staff, dpo, risks=(HIGH_STAYS_HIGH,))
    client.force_login(request.getfixturevalue(role))
    assert client.get(ico_url(dpia)).status_code == 403


# --- The buttons each role is offered ------------------------------------------------------------


def build(state, staff, dpo, director, siro):
    builders = {
        "draft": lambda: complete_dpia(staff),
        "submitted": lambda: submitted_dpia(staff),
        "screening submitted": lambda: screening_submitted(staff),
        "returned": lambda: returned_dpia(staff, dpo),
        "awaiting low": lambda: advised_dpia(staff, dpo),
        "awaiting high": lambda: advised_dpia(staff, dpo, risks=(HIGH_STAYS_HIGH,)),
        "approved": lambda: approved_dpia(staff, dpo, director),
        "screened out": lambda: screened_out_dpia(staff, dpo),
        "under review": lambda: approved_dpia(staff, dpo, director),
    }
    dpia = builders[state]()
    if state == "under review":
        services.dpia_start_review(dpia, actor=staff)
    return reload(dpia)


@pytest.mark.parametrize(
    ("state", "role", "offered"),
    [
        ("draft", "staff", ["submit", "withdraw"]),
        ("draft", "admin_user", ["submit", "withdraw"]),
        ("draft", "siro", []),
        ("draft", "director", []),
        ("draft", "partner_hull", []),
        ("submitted", "staff", ["withdraw"]),
        ("submitted", "dpo", ["return_for_changes", "give_advice", "withdraw"]),
        ("submitted", "director", []),
        ("screening submitted", "dpo", ["return_for_changes", "confirm_screening", "withdraw"]),
        ("returned", "staff", ["submit", "withdraw"]),
        ("awaiting low", "director", ["approve", "reject"]),
        ("awaiting low", "siro", []),
        ("awaiting low", "dpo", ["withdraw"]),
        ("awaiting high", "siro", ["approve", "reject", "ico_consultation"]),
        ("awaiting high", "director", []),
        ("awaiting high", "dpo", ["withdraw", "ico_consultation"]),
        ("awaiting high", "staff", ["withdraw"]),
        ("approved", "staff", ["start_review"]),
        ("approved", "siro", []),
        ("screened out", "staff", ["start_review"]),
        ("under review", "staff", []),
    ],
)
def test_each_role_is_offered_the_steps_open_to_it_now(
    request, staff, dpo, director, siro, state, role, offered
):
    dpia = build(state, staff, dpo, director, siro)
    user = request.getfixturevalue(role)

    assert [action["name"] for action in dpia_actions(dpia, user)] == offered


def test_the_offered_buttons_lead_to_their_pages(staff, dpo, siro):
    dpia = advised_dpia(staff, dpo, risks=(HIGH_STAYS_HIGH,))

    actions = {action["name"]: action for action in dpia_actions(dpia, siro)}

    assert actions["approve"]["url"] == step_url(dpia, "approve")
    assert actions["reject"]["is_warning"] is True
    assert actions["ico_consultation"] == {
        "name": "ico_consultation",
        "label": "Record the ICO's prior consultation",
        "button": "Record the ICO's prior consultation",
        "is_warning": False,
        "url": ico_url(dpia),
    }


def test_self_approval_is_not_offered(staff, dpo, director):
    dpia = advised_dpia(staff, dpo)
    dpia.contributors.add(director)
    assert [action["name"] for action in dpia_actions(reload(dpia), director)] == []


def test_two_people_recording_the_ico_consultation_at_once_do_not_overwrite_each_other(
    client, staff, dpo, siro
):
    dpia = advised_dpia(staff, dpo, risks=(HIGH_STAYS_HIGH,))
    client.force_login(siro)
    opened = client.get(ico_url(dpia)).context["form"]["row_version"].value()
    # The DPO saves first, from their own copy of the page.
    other = Client()
    other.force_login(dpo)
    other.post(
        ico_url(dpia),
        {
            "consulted_on": TODAY.isoformat(),
            "ico_reference": "RFA-DPO",
            "outcome": "No objection, with conditions.",
            "row_version": opened,
        },
    )
    mine = {
        "consulted_on": TODAY.isoformat(),
        "ico_reference": "RFA-SIRO",
        "outcome": "No objection.",
        "row_version": opened,
    }
    response = client.post(ico_url(dpia), mine)

    assert response.status_code == 200
    page = response.content.decode()
    assert "your entry has not been saved" in page
    assert "No objection, with conditions." in page  # what the DPO recorded
    assert reload(dpia).ico_reference == "RFA-DPO"
    # Saving again is a deliberate overwrite, at the version now in the form.
    again = {**mine, "row_version": response.context["form"].data["row_version"]}
    assert client.post(ico_url(dpia), again).status_code == 302
    assert reload(dpia).ico_reference == "RFA-SIRO"
