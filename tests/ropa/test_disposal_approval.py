"""Disposal approval is the DPO's step: Staff propose, the DPO approves or refuses on their own
page, only the approval retires the record, and the history shows both people."""

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from ropa import services
from ropa.models import Disposal, ProcessingActivity, RetentionRule
from ropa.selectors import records_due_for_disposal
from tests.factories import DataSourceFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
ADD = reverse("ropa:disposal_create")
QUEUE = reverse("ropa:disposal_queue")

ONLY_THE_DPO = "Only the DPO can approve or refuse this disposal."
YOU_PROPOSED = (
    "You wrote or proposed this, so you cannot approve or refuse this disposal: another DPO, "
    "or the SIRO as deputy DPO, must."
)


def approve_url(disposal):
    return reverse("ropa:disposal_approve", kwargs={"pk": disposal.pk})


def refuse_url(disposal):
    return reverse("ropa:disposal_refuse", kwargs={"pk": disposal.pk})


def history_url(disposal):
    return reverse("ropa:disposal_history", kwargs={"pk": disposal.pk})


def text_of(response):
    """The page as a reader sees it: entities such as &#x27; read as the characters."""
    return html.unescape(response.content.decode())


@pytest.fixture
def activity():
    rule = RetentionRule.objects.create(
        record_class="Partnership analysis", period=6, trigger="creation", action="destroy"
    )
    return ProcessingActivity.objects.create(
        name="Old hotspot study",
        business_function="Analysis",
        purpose="Hotspot analysis",
        status="active",
        retention_rule=rule,
        retention_trigger_on=datetime.date(2019, 1, 1),
    )


def propose(actor, record, **values):
    """``actor`` proposes disposing of ``record`` (an activity or a data source)."""
    field = "activity" if isinstance(record, ProcessingActivity) else "data_source"
    return services.disposal_propose(
        Disposal(
            **{field: record},
            disposed_on=values.pop("disposed_on", TODAY - datetime.timedelta(days=1)),
            method="secure_deletion",
            evidence_reference="IT ticket INC-1234",
            **values,
        ),
        actor=actor,
        reason="Retention period ended",
    )


def proposal_form(activity, staff):
    return {
        "activity": activity.pk,
        "disposed_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
        "method": "secure_deletion",
        "carried_out_by": staff.pk,
        "evidence_reference": "IT ticket INC-1234",
        "change_reason": "Retention period ended",
    }


# --- Proposing ---------------------------------------------------------------------------------


def test_staff_propose_a_disposal_and_nothing_is_retired_yet(client, staff, activity):
    client.force_login(staff)
    response = client.post(ADD, proposal_form(activity, staff), follow=True)
    disposal = Disposal.objects.get()
    assert response.redirect_chain == [(disposal.get_absolute_url(), 302)]
    assert "proposed: it now awaits the DPO's approval." in text_of(response)
    assert "Awaiting the DPO's approval." in text_of(response)
    assert (disposal.status, disposal.proposed_by, disposal.decided_by) == ("proposed", staff, None)
    assert disposal.proposed_at is not None
    (entry,) = disposal.history.all()
    assert (entry.history_user, entry.history_change_reason) == (staff, "Retention period ended")
    activity.refresh_from_db()
    assert (activity.status, activity.history.count()) == ("active", 1)
    # Still due: only the approval takes it off the list.
    assert [due.record for due in records_due_for_disposal(staff, TODAY)] == [activity]


def test_a_second_proposal_for_the_same_record_is_refused_beside_the_field(client, staff, activity):
    propose(staff, activity)
    client.force_login(staff)
    response = client.post(ADD, proposal_form(activity, staff))
    assert response.status_code == 200
    assert response.context["form"].errors["activity"] == [
        "A disposal of this processing activity is already awaiting the DPO's approval: edit "
        "that proposal instead."
    ]
    assert Disposal.objects.count() == 1


# --- Who may decide ----------------------------------------------------------------------------


def test_staff_cannot_approve_or_refuse_and_are_told_it_awaits_the_dpo(client, staff, activity):
    disposal = propose(staff, activity)
    client.force_login(staff)
    page = text_of(client.get(disposal.get_absolute_url()))
    assert "Awaiting the DPO's approval." in page
    assert approve_url(disposal) not in page and "Approve the disposal" not in page
    assert client.post(approve_url(disposal), {"reason": "Fine"}).status_code == 403
    assert client.post(refuse_url(disposal), {"reason": "No"}).status_code == 403
    assert client.get(QUEUE).status_code == 403
    with pytest.raises(ValidationError) as error:
        services.disposal_approve(disposal, actor=staff)
    assert error.value.messages == [
        "Only the DPO can approve or refuse this disposal, and not on a record they wrote."
    ]
    disposal.refresh_from_db()
    assert (disposal.status, disposal.history.count()) == ("proposed", 1)


@pytest.mark.parametrize("role", ["director", "admin_user"])
def test_other_roles_cannot_decide_even_with_edit_rights(request, client, staff, activity, role):
    disposal = propose(staff, activity)
    client.force_login(request.getfixturevalue(role))
    assert client.post(approve_url(disposal)).status_code == 403
    assert "Awaiting the DPO's approval." in text_of(client.get(disposal.get_absolute_url()))
    disposal.refresh_from_db()
    assert disposal.status == "proposed"


def test_a_dpo_cannot_approve_a_disposal_they_proposed(client, dpo, activity):
    disposal = propose(dpo, activity)
    client.force_login(dpo)
    page = text_of(client.get(disposal.get_absolute_url()))
    assert YOU_PROPOSED in page
    assert "Approve the disposal" not in page
    response = client.post(approve_url(disposal), {"reason": "Mine"})
    assert response.status_code == 403
    with pytest.raises(ValidationError) as error:
        services.disposal_approve(disposal, actor=dpo)
    assert error.value.messages == [YOU_PROPOSED]
    disposal.refresh_from_db()
    assert disposal.status == "proposed"
    activity.refresh_from_db()
    assert activity.status == "active"


def test_a_dpo_who_edited_a_proposal_cannot_decide_it(client, staff, dpo, activity):
    disposal = propose(staff, activity)
    disposal.notes = "Method changed to shredding"
    services.disposal_save(disposal, actor=dpo, reason="Corrected")
    client.force_login(dpo)
    assert YOU_PROPOSED in text_of(client.get(disposal.get_absolute_url()))
    assert client.post(approve_url(disposal)).status_code == 403


def test_on_a_disposal_a_dpo_proposed_the_siro_decides_as_deputy_dpo(client, dpo, siro, activity):
    disposal = propose(dpo, activity)
    client.force_login(siro)
    page = text_of(client.get(disposal.get_absolute_url()))
    assert "you decide as deputy DPO" in page
    assert f'action="{approve_url(disposal)}"' in page
    response = client.post(approve_url(disposal), {"reason": "DPO's own proposal checked"})
    assert response.status_code == 302
    disposal.refresh_from_db()
    assert (disposal.status, disposal.decided_by, disposal.is_deputy_decision) == (
        "approved",
        siro,
        True,
    )
    latest = disposal.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        siro,
        "Approved as deputy DPO: DPO's own proposal checked",
    )
    assert "Simon SIRO (as deputy DPO)" in text_of(client.get(disposal.get_absolute_url()))
    activity.refresh_from_db()
    assert activity.status == "retired"


def test_another_dpo_may_decide_a_disposal_a_dpo_proposed(dpo, activity):
    second_dpo = UserFactory(role=Role.DPO)
    disposal = services.disposal_approve(propose(dpo, activity), actor=second_dpo)
    assert (disposal.decided_by, disposal.is_deputy_decision) == (second_dpo, False)


def test_the_siro_cannot_decide_a_disposal_staff_proposed(client, staff, siro, activity):
    disposal = propose(staff, activity)
    client.force_login(siro)
    assert ONLY_THE_DPO in text_of(client.get(disposal.get_absolute_url()))
    assert client.post(approve_url(disposal)).status_code == 403
    disposal.refresh_from_db()
    assert disposal.status == "proposed"


# --- Deciding ----------------------------------------------------------------------------------


def test_the_dpo_approves_and_the_record_is_retired_with_both_people_in_the_history(
    client, staff, dpo, activity
):
    disposal = propose(staff, activity)
    client.force_login(dpo)
    page = text_of(client.get(disposal.get_absolute_url()))
    assert f'action="{approve_url(disposal)}"' in page
    assert f'formaction="{refuse_url(disposal)}"' in page
    response = client.post(approve_url(disposal), {"reason": "Certificate checked"}, follow=True)
    assert response.redirect_chain == [(disposal.get_absolute_url(), 302)]
    assert "approved, and the record retired." in text_of(response)
    disposal.refresh_from_db()
    assert (disposal.status, disposal.decided_by, disposal.decision_reason) == (
        "approved",
        dpo,
        "Certificate checked",
    )
    assert disposal.decided_at is not None and not disposal.is_deputy_decision
    activity.refresh_from_db()
    assert activity.status == "retired"
    assert activity.history.first().history_user == dpo
    assert records_due_for_disposal(staff, TODAY) == []

    proposal, approval = disposal.history.order_by("history_date", "history_id")
    assert (proposal.history_user, proposal.history_change_reason) == (
        staff,
        "Retention period ended",
    )
    assert (approval.history_user, approval.history_change_reason) == (
        dpo,
        "Approved by the DPO: Certificate checked",
    )
    history = text_of(client.get(history_url(disposal)))
    for expected in (
        "Sam Staff",
        "Retention period ended",
        "Dana DPO",
        "Approved by the DPO: Certificate checked",
        "Proposed</span> → ",
        "Approved</li>",
    ):
        assert expected in history, expected


def test_the_dpo_refuses_with_a_reason_and_the_record_stays_as_it_was(client, staff, dpo, activity):
    disposal = propose(staff, activity)
    client.force_login(dpo)
    response = client.post(
        refuse_url(disposal), {"reason": "Still used by the 2026 evaluation"}, follow=True
    )
    assert "refused; the record stays as it was." in text_of(response)
    disposal.refresh_from_db()
    assert (disposal.status, disposal.decided_by, disposal.decision_reason) == (
        "refused",
        dpo,
        "Still used by the 2026 evaluation",
    )
    activity.refresh_from_db()
    assert (activity.status, activity.history.count()) == ("active", 1)
    page = text_of(client.get(disposal.get_absolute_url()))
    assert "Refused by" in page and "Still used by the 2026 evaluation" in page
    assert "Refuse the disposal" not in page
    assert disposal.history.first().history_change_reason == (
        "Refused by the DPO: Still used by the 2026 evaluation"
    )
    # The record can be proposed for disposal again later.
    assert propose(staff, activity).status == "proposed"


def test_refusing_without_a_reason_shows_a_field_error_and_changes_nothing(
    client, staff, dpo, activity
):
    disposal = propose(staff, activity)
    client.force_login(dpo)
    response = client.post(refuse_url(disposal), {"reason": "  "})
    assert response.status_code == 200
    assert response.context["decision_form"].errors["reason"] == [
        "Enter why you refuse the disposal, so the proposer knows what to do."
    ]
    page = text_of(response)
    assert "There is a problem" in page
    assert '<a href="#id_reason">' in page
    assert "<title>Error:" in page
    disposal.refresh_from_db()
    assert (disposal.status, disposal.history.count()) == ("proposed", 1)


def test_deciding_a_disposal_already_decided_changes_nothing_and_says_who_did(
    client, staff, dpo, activity
):
    disposal = propose(staff, activity)
    client.force_login(dpo)
    client.post(approve_url(disposal))
    response = client.post(refuse_url(disposal), {"reason": "Changed my mind"}, follow=True)
    assert "This disposal was approved by Dana DPO" in text_of(response)
    disposal.refresh_from_db()
    assert (disposal.status, disposal.history.count()) == ("approved", 2)


def test_the_decision_pages_take_only_posts(client, staff, dpo, activity):
    disposal = propose(staff, activity)
    client.force_login(dpo)
    assert client.get(approve_url(disposal)).status_code == 405
    assert client.get(refuse_url(disposal)).status_code == 405


# --- One transaction ---------------------------------------------------------------------------


def test_an_approval_whose_retiring_fails_leaves_the_proposal_waiting_and_nothing_changed(
    client, staff, dpo, activity, monkeypatch
):
    disposal = propose(staff, activity)

    def retire_fails(*args, **kwargs):
        raise RuntimeError("the database went away while retiring")

    monkeypatch.setattr(services, "transition_register_row", retire_fails)
    with pytest.raises(RuntimeError):
        services.disposal_approve(disposal, actor=dpo, reason="Checked")
    disposal.refresh_from_db()
    assert (disposal.status, disposal.decided_by, disposal.decided_at) == ("proposed", None, None)
    assert (disposal.decision_reason, disposal.row_version, disposal.history.count()) == (
        "",
        1,
        1,
    )
    activity.refresh_from_db()
    assert (activity.status, activity.history.count()) == ("active", 1)


# --- The DPO's queue ---------------------------------------------------------------------------


def test_the_queue_lists_proposals_oldest_first_offering_only_what_the_viewer_may_do(
    client, staff, dpo, siro
):
    staffs = propose(staff, DataSourceFactory(name="Hull contacts 2019"))
    dpos = propose(dpo, DataSourceFactory(name="Police extract 2019"))
    decided = services.disposal_approve(
        propose(staff, DataSourceFactory(name="Fire data 2018")), actor=dpo
    )
    client.force_login(dpo)
    response = client.get(QUEUE)
    assert [row.record for row in response.context["table"].rows] == [staffs, dpos]
    page = text_of(response)
    assert "(2)" in page
    assert f'href="{staffs.get_absolute_url()}#decision"' in page
    assert f'href="{dpos.get_absolute_url()}#decision"' not in page
    assert YOU_PROPOSED in page
    assert str(decided) not in page

    client.force_login(siro)
    page = text_of(client.get(QUEUE))
    assert f'href="{dpos.get_absolute_url()}#decision"' in page
    assert "(as deputy DPO)" in page
    assert f'href="{staffs.get_absolute_url()}#decision"' not in page
    assert ONLY_THE_DPO in page


def test_the_queue_is_paginated(client, staff, dpo):
    for index in range(30):
        propose(staff, DataSourceFactory(name=f"Extract {index:02}"))
    client.force_login(dpo)
    first = client.get(QUEUE)
    assert len(first.context["table"].page.object_list) == 25
    assert "Showing 1 to 25 of 30" in text_of(first)
    second = client.get(QUEUE, {"page": 2})
    assert len(second.context["table"].page.object_list) == 5


# --- The data migration ------------------------------------------------------------------------


def test_disposals_logged_before_the_step_become_approved_by_their_dpo(staff, dpo):
    """The migration's data step (the rename of ``approved_by`` to ``decided_by`` keeps the
    DPO): run on today's models, as migrating the whole schema back and forth costs minutes."""
    from importlib import import_module

    from django.apps import apps

    source = DataSourceFactory(name="Hull contacts")
    old = Disposal.objects.create(
        data_source=source,
        disposed_on=datetime.date(2026, 1, 5),
        method="secure_deletion",
        carried_out_by=staff,
        status="approved",
        decided_by=dpo,
        decided_at=timezone.now() - datetime.timedelta(days=3),
        created_by=staff,
        evidence_reference="DEL-1",
    )
    # As the rename left a disposal logged before the step: its DPO, nobody proposing it.
    Disposal.objects.filter(pk=old.pk).update(proposed_by=None, proposed_at=None)

    import_module("ropa.migrations.0004_disposal_approval").disposals_so_far_were_approved(
        apps, None
    )

    disposal = Disposal.objects.get(pk=old.pk)
    assert (disposal.status, disposal.decided_by, disposal.proposed_by) == (
        "approved",
        dpo,
        staff,
    )
    assert disposal.decided_at == disposal.created_at == disposal.proposed_at
    assert {row.status for row in disposal.history.all()} == {"approved"}


# --- The demo ----------------------------------------------------------------------------------


def test_the_demo_dpo_has_a_disposal_staff_proposed_waiting_and_the_log_holds_approved_ones(
    settings, client
):
    from django.core.management import call_command

    from accounts.models import User

    settings.DEMO_PASSWORD = "a-demo-password-1"
    call_command("load_demo")
    staff = User.objects.get(email="staff@demo.vpp.test")
    dpo = User.objects.get(email="dpo@demo.vpp.test")
    [waiting] = Disposal.objects.filter(status="proposed")
    assert (waiting.proposed_by, str(waiting.data_source)) == (
        staff,
        "Youth justice referrals by ward",
    )
    approved = Disposal.objects.filter(status="approved")
    assert approved.count() == 2
    assert {(d.proposed_by, d.decided_by) for d in approved} == {(staff, dpo)}
    assert all(d.activity.status == "retired" for d in approved)
    counts = (Disposal.objects.count(), Disposal.history.count())
    call_command("load_demo")
    assert (Disposal.objects.count(), Disposal.history.count()) == counts

    client.force_login(dpo)
    page = text_of(client.get(QUEUE))
    assert f'href="{waiting.get_absolute_url()}#decision"' in page
    assert client.post(approve_url(waiting), {"reason": "Ticket closed"}).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "approved"
    assert waiting.data_source.retired_on == TODAY


def test_the_home_page_tells_the_dpo_how_many_disposals_await_their_approval(
    client, staff, dpo, siro, activity
):
    propose(staff, activity)
    propose(dpo, DataSourceFactory(name="Police extract 2019"))
    home = reverse("home")
    client.force_login(dpo)
    page = text_of(client.get(home))
    assert f'<a class="govuk-link" href="{QUEUE}">1 disposal waiting for your approval</a>' in page
    client.force_login(siro)  # the DPO's own proposal is the SIRO's, as deputy
    assert "1 disposal waiting for your approval" in text_of(client.get(home))
    client.force_login(staff)
    assert "waiting for your approval" not in text_of(client.get(home))
