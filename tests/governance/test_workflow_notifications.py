"""Workflow events notify whoever must act next, in the portal and by e-mail, exactly once:
a DPIA's steps, a consultation opened, a breach of a partner's data and the DPO's decision to
tell that partner."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance.choices import ReminderKind, ReminderStage, ReminderState
from governance.models import Breach, EmailPreference, Notification, Reminder
from governance.reminders import deliver, sweep
from governance.services import breaches as breach_services
from governance.services import dpias as dpia_services
from sharing.services import consultation_save
from tests.dpias import HIGH_STAYS_HIGH, LOW, advised_dpia, approved_dpia, submitted_dpia
from tests.factories import ConsultationFactory, ProductFactory, UserFactory
from tests.governance.breach_helpers import hours_ago
from tests.governance.reminder_support import london
from tests.governance.test_reminder_delivery import TIMEOUT, flaky_mail  # noqa: F401

pytestmark = pytest.mark.django_db


def titles(user) -> list[str]:
    return list(
        Notification.objects.filter(user=user).order_by("pk").values_list("title", flat=True)
    )


def emailed_to(user) -> list[str]:
    return [m.subject for m in mail.outbox if user.email in m.to]


def events(kind) -> list[Reminder]:
    return list(Reminder.objects.filter(kind=kind, stage=ReminderStage.EVENT))


def record_partner_breach(actor, organisation, **values) -> Breach:
    breach = Breach(
        title="Referral list e-mailed to the wrong school",
        detected_at=hours_ago(3),
        became_aware_at=hours_ago(2),
        description="A list of 12 referrals went to the wrong school's inbox.",
        organisation=organisation,
        owner=actor,
        **values,
    )
    return breach_services.breach_record(breach, actor=actor)


# --- DPIAs ---------------------------------------------------------------------------------------


def test_a_submitted_dpia_tells_the_dpo_in_the_portal_and_by_email(staff, dpo, siro):
    dpia = submitted_dpia(staff)
    report = deliver()

    assert report.sent == 1
    assert titles(dpo) == [f"{dpia} was submitted for the DPO's review"]
    assert emailed_to(dpo) == titles(dpo)
    assert titles(staff) == titles(siro) == []
    notification = Notification.objects.get(user=dpo)
    assert notification.url == dpia.get_absolute_url()
    assert notification.kind == ReminderKind.DPIA_SUBMITTED


def test_a_dpia_a_dpo_wrote_also_tells_the_siro_as_deputy(dpo, siro):
    other_dpo = UserFactory(role="dpo", email="second.dpo@vpp.test")
    dpia = submitted_dpia(dpo)
    deliver()

    assert titles(other_dpo) == [f"{dpia} was submitted for the DPO's review"]
    assert titles(dpo) == []
    body = Notification.objects.get(user=siro).body
    assert "deputy DPO" in body


def test_returning_a_dpia_tells_its_author_only(staff, dpo):
    dpia = submitted_dpia(staff)
    dpia_services.dpia_return(
        dpia, actor=dpo, reason="More on risks", comments={5: "Say how a match is checked."}
    )
    deliver()

    assert titles(staff) == [f"{dpia} was returned to you for changes"]
    assert emailed_to(staff) == titles(staff)


def test_advice_on_a_low_risk_dpia_asks_the_director_to_sign_and_a_high_one_the_siro(
    staff, dpo, siro, director
):
    low = advised_dpia(staff, dpo, title="Low risk matching", risks=(LOW,))
    high = advised_dpia(staff, dpo, title="Hotspot patrols", risks=(HIGH_STAYS_HIGH,))
    deliver()

    assert titles(director) == [f"{low} is waiting for your sign-off"]
    assert titles(siro) == [f"{high} is waiting for your sign-off"]
    assert "ICO" in Notification.objects.get(user=siro).body


def test_approval_tells_the_author_and_the_review_owner(staff, dpo, director):
    dpia = approved_dpia(staff, dpo, director, risks=(LOW,))
    deliver()

    assert f"{dpia} was approved" in titles(staff)
    assert f"{dpia} was approved" in titles(dpo)  # the review owner (tests/dpias.py)
    assert f"{dpia} was approved" in emailed_to(staff)


def test_rejection_tells_the_author(staff, dpo, director):
    dpia = advised_dpia(staff, dpo, risks=(LOW,))
    dpia_services.dpia_reject(dpia, actor=director, reason="Not necessary")
    deliver()

    assert f"{dpia} was rejected" in titles(staff)


def test_a_step_refused_records_no_event(staff, dpo):
    dpia = submitted_dpia(staff)
    with pytest.raises(ValidationError):
        dpia_services.dpia_return(dpia, actor=dpo, reason="", comments={})
    assert events(ReminderKind.DPIA_RETURNED) == []


def test_an_event_is_not_cancelled_because_the_record_moved_on(staff, dpo):
    dpia = submitted_dpia(staff)
    dpia_services.dpia_return(
        dpia, actor=dpo, reason="More", comments={5: "Say how a match is checked."}
    )
    # Resubmitted before the returned notice went: it was still returned, and is told so.
    deliver()
    returned = events(ReminderKind.DPIA_RETURNED)
    assert [r.state for r in returned] == [ReminderState.SENT]


def test_each_submission_is_its_own_event(staff, dpo):
    dpia = submitted_dpia(staff)
    dpia_services.dpia_return(
        dpia, actor=dpo, reason="More", comments={5: "Say how a match is checked."}
    )
    comment = dpia.comments.get()
    dpia_services.dpia_comment_resolve(comment, actor=staff, resolution="Done")
    dpia_services.dpia_submit(dpia, actor=staff)
    deliver()

    assert len(titles(dpo)) == 2
    assert len(events(ReminderKind.DPIA_SUBMITTED)) == 2


# --- Exactly once -------------------------------------------------------------------------------


def test_delivering_twice_and_sweeping_send_nothing_twice(staff, dpo):
    submitted_dpia(staff)
    assert deliver().sent == 1
    assert deliver().claimed == 0
    assert sweep("hourly").delivery.claimed == 0
    assert len(titles(dpo)) == 1
    assert len(emailed_to(dpo)) == 1


def test_the_delivery_task_queued_on_commit_sends_it_once(
    staff, dpo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submitted_dpia(staff)
    # Queued once per event; run again, nothing more goes.
    from governance.tasks import deliver_reminders

    deliver_reminders()
    assert len(titles(dpo)) == 1
    assert len(emailed_to(dpo)) == 1


def test_a_batch_reclaimed_after_a_crash_sends_nothing_twice(staff, dpo, monkeypatch, flaky_mail):  # noqa: F811
    start = london(2026, 3, 30, 9, 0)
    with time_machine.travel(start, tick=False):
        submitted_dpia(staff)
        # The worker dies after writing the notifications, before any e-mail leaves.
        with monkeypatch.context() as patch:
            patch.setattr(
                "governance.reminders.delivery._send_emails",
                lambda *args: (_ for _ in ()).throw(SystemExit("worker killed")),
            )
            with pytest.raises(SystemExit):
                deliver()
        assert Notification.objects.filter(user=dpo).count() == 1
        assert deliver().claimed == 0
    with time_machine.travel(start + timedelta(seconds=TIMEOUT + 1), tick=False):
        report = deliver()

    assert (report.claimed, report.sent, report.notifications) == (1, 1, 0)
    assert Notification.objects.filter(user=dpo).count() == 1
    assert [m.to for m in flaky_mail.sent] == [[dpo.email]]
    with time_machine.travel(start + timedelta(seconds=2 * TIMEOUT + 2), tick=False):
        assert deliver().claimed == 0
    assert len(flaky_mail.sent) == 1


def test_recording_the_same_event_again_is_ignored(staff, dpo):
    from governance.reminders.events import record_event

    dpia = submitted_dpia(staff)
    moment = events(ReminderKind.DPIA_SUBMITTED)[0].due_at
    record_event(ReminderKind.DPIA_SUBMITTED, dpia, at=moment)
    assert len(events(ReminderKind.DPIA_SUBMITTED)) == 1


def test_email_turned_off_for_an_event_kind_keeps_the_notification_only(staff, dpo):
    EmailPreference.objects.create(user=dpo, kind=ReminderKind.DPIA_SUBMITTED, send_email=False)
    submitted_dpia(staff)
    deliver()

    assert len(titles(dpo)) == 1
    assert emailed_to(dpo) == []


def test_the_settings_page_offers_event_kinds_to_internal_users_and_partner_ones_to_partners(
    client, staff, partner_hull
):
    client.force_login(staff)
    page = client.get(reverse("governance:notification_settings")).content.decode()
    assert "DPIAs returned to their author for changes" in page
    assert "Breaches your organisation is told about" not in page
    client.force_login(partner_hull)
    page = client.get(reverse("governance:notification_settings")).content.decode()
    assert "Consultations opened with your organisation" in page
    assert "Breaches your organisation is told about" in page
    assert "DPIAs submitted to the DPO" not in page


# --- Consultations ------------------------------------------------------------------------------


def test_opening_a_consultation_tells_the_consulted_partners_contacts_only(
    staff, hull, police, partner_hull, partner_police
):
    product = ProductFactory()
    consultation = consultation_save(
        ConsultationFactory.build(product=product, organisation=hull),
        actor=staff,
        reason="Asking Hull",
    )
    deliver()

    assert titles(partner_hull) == [f"The VPP asks {hull} about ‘{product}’"]
    assert emailed_to(partner_hull) == titles(partner_hull)
    assert titles(partner_police) == []
    notification = Notification.objects.get(user=partner_hull)
    assert notification.url == reverse("sharing:consultation_respond", args=[consultation.pk])
    # Changing the due date later is not a new consultation.
    consultation_save(consultation, actor=staff, reason="New date")
    deliver()
    assert len(titles(partner_hull)) == 1


# --- Breaches of a partner's data ---------------------------------------------------------------


def test_a_breach_of_a_partners_data_asks_the_dpo_to_decide(staff, dpo, hull):
    breach = record_partner_breach(staff, hull)
    deliver()

    assert titles(dpo)[-1] == f"Decide whether to tell {hull} about breach {breach.reference}"
    notification = Notification.objects.get(kind=ReminderKind.BREACH_PARTNER_DATA, user=dpo)
    assert notification.url == reverse("governance:breach_partner_decision", args=[breach.pk])


def test_a_breach_of_the_core_teams_own_data_asks_nothing(staff, dpo, opcc):
    record_partner_breach(staff, opcc)
    assert events(ReminderKind.BREACH_PARTNER_DATA) == []


def test_telling_the_partner_notifies_its_contacts_without_the_breachs_details(
    staff, dpo, hull, partner_hull, partner_police
):
    breach = record_partner_breach(
        staff, hull, data_affected="Names of 12 pupils referred by Humberside Police"
    )
    breach_services.breach_partner_decision(
        breach, actor=dpo, tell=True, reason="Their pupils' data: they must know."
    )
    deliver()

    told = Notification.objects.get(user=partner_hull)
    assert breach.reference in told.title
    text = told.title + told.body
    for secret in ("wrong school", "Humberside Police", "pupils", "they must know"):
        assert secret not in text
    assert told.url == reverse("governance:notification_list")
    assert titles(partner_police) == []
    assert emailed_to(partner_hull) == [told.title]


def test_deciding_not_to_tell_notifies_nobody_at_the_partner(staff, dpo, hull, partner_hull):
    breach = record_partner_breach(staff, hull)
    breach_services.breach_partner_decision(
        breach, actor=dpo, tell=False, reason="Only our own summary was affected."
    )
    deliver()
    assert titles(partner_hull) == []
