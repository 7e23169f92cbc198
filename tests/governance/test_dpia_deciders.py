"""Offered steps are allowed steps: a DPIA's page and the queues offer each reader only the
steps ``dpia_decision`` lets them take (the rule the services enforce), and otherwise say who
can. On a DPIA a DPO wrote, another DPO or the SIRO as deputy DPO takes the DPO's step, and
whoever took it does not sign the DPIA off."""

from datetime import timedelta
from html import unescape

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from governance.models import Dpia, DpiaEvent
from governance.selectors import SIRO_QUEUE, queue_counts
from governance.services import dpias as services
from governance.views.dpia_workflow import dpia_actions
from ropa.models import ProcessingActivity
from tests.dpias import (
    HIGH_STAYS_HIGH,
    advised_dpia,
    draft_dpia,
    submitted_dpia,
    write_steps,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.localdate() + timedelta(days=365)
WROTE_IT = (
    "You wrote or proposed this, so you cannot {}: another DPO, or the SIRO as deputy DPO, must."
)
SIGNER_WROTE_IT = "You wrote or edited this DPIA, so you cannot sign it off: another Director must."
DEPUTY_SIGNS = (
    "You reviewed this DPIA as deputy DPO, so you cannot also sign it off: another SIRO must."
)


def step_url(dpia, name):
    return reverse("governance:dpia_transition", kwargs={"pk": dpia.pk, "transition": name})


def reload(dpia):
    return Dpia.objects.get(pk=dpia.pk)


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return text(response)


def text(response):
    """The page's HTML with its entities decoded, to compare with the words shown."""
    return unescape(response.content.decode())


def screening_by(author):
    """A submitted screening that found no DPIA needed, written by ``author``."""
    activity = ProcessingActivity.objects.create(
        name="Open data hotspot maps", business_function="Analysis", purpose="Maps"
    )
    dpia = draft_dpia(author, title="Open crime data hotspot maps", activities=[activity])
    write_steps(author, dpia, outcome="not_required")
    return services.dpia_submit(reload(dpia), actor=author)


@pytest.fixture
def second_dpo(opcc):
    return UserFactory(
        email="dpo2@test.vpp", full_name="Dev Second-DPO", role=Role.DPO, organisation=opcc
    )


@pytest.fixture
def second_siro(opcc):
    return UserFactory(
        email="siro2@test.vpp", full_name="Sasha Second-SIRO", role=Role.SIRO, organisation=opcc
    )


# --- The DPO who wrote it -----------------------------------------------------------------------


def test_the_dpo_who_wrote_a_screening_is_not_offered_to_confirm_it_in_the_queue(client, dpo):
    dpia = screening_by(dpo)

    html = page(client, dpo, reverse("governance:dpia_review_queue"))

    assert str(dpia) in html
    assert step_url(dpia, "confirm_screening") not in html
    assert "Confirm the screening" not in html
    assert WROTE_IT.format("confirm this screening") in html


def test_the_dpo_who_wrote_a_dpia_is_offered_none_of_the_dpos_steps_on_its_page(client, dpo):
    dpia = submitted_dpia(dpo)

    html = page(client, dpo, dpia.get_absolute_url())

    assert [action["name"] for action in dpia_actions(reload(dpia), dpo)] == ["withdraw"]
    assert "Give advice" not in html
    assert step_url(dpia, "give_advice") not in html
    assert step_url(dpia, "return_for_changes") not in html
    assert WROTE_IT.format("give the DPO's advice on this DPIA") in html
    assert WROTE_IT.format("return this DPIA to its author") in html


def test_the_step_page_tells_the_dpo_who_wrote_it_who_can_instead_of_showing_the_form(client, dpo):
    dpia = screening_by(dpo)

    html = page(client, dpo, step_url(dpia, "confirm_screening"))

    assert WROTE_IT.format("confirm this screening") in html
    assert 'name="advice"' not in html  # no form to fill in only to be refused


@pytest.mark.parametrize(
    ("step", "data"),
    [
        ("confirm_screening", {"advice": "Agreed.", "next_review_on": NEXT_YEAR.isoformat()}),
        ("return_for_changes", {"comment_step_1": "Say more."}),
    ],
)
def test_posting_the_dpos_step_on_a_dpia_you_wrote_is_refused_and_changes_nothing(
    client, dpo, step, data
):
    dpia = screening_by(dpo)
    history = dpia.history.count()
    client.force_login(dpo)

    response = client.post(step_url(dpia, step), data)

    assert response.status_code == 200
    assert "another DPO, or the SIRO as deputy DPO, must" in text(response)
    assert reload(dpia).status == "submitted"
    assert dpia.history.count() == history


def test_the_service_refuses_the_dpo_who_wrote_it_with_the_pages_words(dpo):
    dpia = submitted_dpia(dpo)

    with pytest.raises(ValidationError) as error:
        services.dpia_give_advice(dpia, actor=dpo, recommendation="proceed", advice="Fine by me.")

    assert error.value.messages == [WROTE_IT.format("give the DPO's advice on this DPIA")]


# --- Another DPO, or the SIRO as deputy DPO ------------------------------------------------------


def test_a_second_dpo_confirms_a_screening_a_dpo_wrote_as_dpo(client, dpo, second_dpo):
    dpia = screening_by(dpo)
    html = page(client, second_dpo, reverse("governance:dpia_review_queue"))
    assert step_url(dpia, "confirm_screening") in html

    response = client.post(
        step_url(dpia, "confirm_screening"),
        {"advice": "Agreed: aggregated data.", "next_review_on": NEXT_YEAR.isoformat()},
    )

    assert response.status_code == 302
    dpia = reload(dpia)
    assert dpia.status == "screened_out"
    record = dpia.history.first()
    assert record.history_user == second_dpo
    assert "deputy" not in record.history_change_reason


def test_the_siro_finds_a_dpia_a_dpo_wrote_in_their_queue_as_deputy_dpo(client, dpo, siro):
    dpia = submitted_dpia(dpo, title="DPO's own matching DPIA")
    other = submitted_dpia(UserFactory(role=Role.STAFF), title="Staff matching DPIA")

    html = page(client, siro, reverse("governance:dpia_siro_queue"))

    deputy_section = html.split("Awaiting you as deputy DPO")[1]
    assert str(dpia) in deputy_section
    assert str(other) not in deputy_section
    assert step_url(dpia, "give_advice") in deputy_section
    assert "Give advice as deputy DPO" in deputy_section


def test_the_siros_badge_counts_the_dpias_awaiting_them_as_deputy_dpo(dpo, siro, staff):
    submitted_dpia(dpo, title="Written by the DPO")
    submitted_dpia(staff, title="Written by staff")
    advised_dpia(staff, dpo, title="High residual risk", risks=(HIGH_STAYS_HIGH,))

    assert queue_counts(siro)[SIRO_QUEUE] == 2


def test_the_siro_gives_the_dpos_advice_as_deputy_dpo_and_the_history_says_so(client, dpo, siro):
    dpia = submitted_dpia(dpo)
    assert [action["name"] for action in dpia_actions(reload(dpia), siro)] == [
        "return_for_changes",
        "give_advice",
    ]
    assert "as deputy DPO" in page(client, siro, step_url(dpia, "give_advice"))

    response = client.post(
        step_url(dpia, "give_advice"),
        {"recommendation": "proceed_with_measures", "advice": "Proceed with the checks."},
    )

    assert response.status_code == 302
    dpia = reload(dpia)
    assert dpia.status == "awaiting_sign_off"
    assert dpia.advised_by == siro
    record = dpia.history.first()
    assert record.history_user == siro
    assert record.history_change_reason == "DPO advice given (as deputy DPO)"
    event = DpiaEvent.objects.filter(dpia=dpia).order_by("-at", "-pk").first()
    assert (event.actor, event.comment) == (siro, "DPO advice given (as deputy DPO)")
    assert "DPO advice given (as deputy DPO)" in page(
        client, siro, reverse("governance:dpia_timeline", kwargs={"pk": dpia.pk})
    )


def test_the_siro_confirms_a_screening_a_dpo_wrote_as_deputy_dpo(siro, dpo):
    dpia = screening_by(dpo)

    dpia = services.dpia_confirm_screening(
        dpia, actor=siro, reason="No personal data", advice="Agreed."
    )

    assert dpia.status == "screened_out"
    assert dpia.history.first().history_change_reason == "No personal data (as deputy DPO)"


def test_the_siro_is_not_the_dpos_deputy_on_a_dpia_staff_wrote(client, staff, siro):
    dpia = submitted_dpia(staff)
    client.force_login(siro)

    response = client.post(
        step_url(dpia, "give_advice"), {"recommendation": "proceed", "advice": "Fine."}
    )

    assert response.status_code == 200
    assert "Only the DPO can give the DPO's advice on this DPIA." in text(response)
    assert reload(dpia).status == "submitted"
    assert dpia_actions(reload(dpia), siro) == []


# --- Sign-off: neither the author nor whoever reviewed as DPO ------------------------------------


def test_the_author_is_not_offered_sign_off_and_is_told_who_can(client, staff, dpo, director):
    dpia = advised_dpia(staff, dpo)
    dpia.contributors.add(director)  # the Director edited it while it was a draft

    assert dpia_actions(reload(dpia), director) == []
    html = page(client, director, dpia.get_absolute_url())
    assert step_url(dpia, "approve") not in html
    assert SIGNER_WROTE_IT in html
    queue = page(client, director, reverse("governance:dpia_director_queue"))
    assert step_url(dpia, "approve") not in queue
    assert "another Director must" in queue


def test_the_siro_who_deputised_as_dpo_is_not_offered_sign_off_another_siro_is(
    client, dpo, siro, second_siro
):
    dpia = submitted_dpia(dpo, risks=(HIGH_STAYS_HIGH,))
    dpia = services.dpia_give_advice(
        dpia, actor=siro, recommendation="proceed_with_measures", advice="Consult the ICO."
    )
    refusal = DEPUTY_SIGNS

    assert [action["name"] for action in dpia_actions(reload(dpia), siro)] == ["ico_consultation"]
    assert refusal in page(client, siro, dpia.get_absolute_url())
    queue = page(client, siro, reverse("governance:dpia_siro_queue"))
    assert step_url(dpia, "approve") not in queue
    assert refusal in queue
    with pytest.raises(ValidationError) as error:
        services.dpia_reject(dpia, actor=siro, reason="Too risky")
    assert error.value.messages == [refusal]
    assert [action["name"] for action in dpia_actions(reload(dpia), second_siro)] == [
        "approve",
        "reject",
        "ico_consultation",
    ]


def test_the_dpo_who_reviewed_it_is_not_offered_sign_off(opcc):
    signing_dpo = UserFactory(role=Role.DPO, organisation=opcc)
    signing_dpo.user_permissions.add(Permission.objects.get(codename="sign_off_dpia"))
    dpia = submitted_dpia(UserFactory(role=Role.STAFF))
    services.dpia_give_advice(dpia, actor=signing_dpo, recommendation="proceed", advice="Fine.")
    signing_dpo = type(signing_dpo).objects.get(pk=signing_dpo.pk)

    assert "approve" not in [a["name"] for a in dpia_actions(reload(dpia), signing_dpo)]


def test_a_dpo_who_wrote_it_may_not_record_the_ico_consultation_but_the_siro_may(dpo, siro):
    dpia = submitted_dpia(dpo, risks=(HIGH_STAYS_HIGH,))
    dpia = services.dpia_give_advice(
        dpia, actor=siro, recommendation="proceed_with_measures", advice="Consult the ICO."
    )

    assert "ico_consultation" not in [a["name"] for a in dpia_actions(reload(dpia), dpo)]
    with pytest.raises(ValidationError):
        services.dpia_record_ico_consultation(
            dpia, actor=dpo, consulted_on=timezone.localdate(), outcome="No objection."
        )
    services.dpia_record_ico_consultation(
        dpia, actor=siro, consulted_on=timezone.localdate(), outcome="No objection."
    )
    assert reload(dpia).ico_outcome == "No objection."
