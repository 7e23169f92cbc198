"""`load_demo` loads the Humber partnership and one login per role, and is safe to run twice."""

from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import User
from sharing.models import Organisation

pytestmark = pytest.mark.django_db

DEMO_LOGINS = {
    "staff@demo.vpp.test": ("staff", None),
    "dpo@demo.vpp.test": ("dpo", None),
    "siro@demo.vpp.test": ("siro", None),
    "director@demo.vpp.test": ("director", None),
    "admin@demo.vpp.test": ("admin", None),
    "partner.police@demo.vpp.test": ("partner", "Humberside Police"),
    "partner.hull@demo.vpp.test": ("partner", "Hull City Council"),
}


def test_the_demo_loads_the_humber_partnership_and_one_login_per_role(settings, capsys):
    settings.DEMO_PASSWORD = "a-demo-password-1"
    call_command("load_demo")
    names = set(Organisation.objects.values_list("name", flat=True))
    for expected in (
        "Humberside Police",
        "Humberside Fire and Rescue Service",
        "Hull City Council",
        "East Riding of Yorkshire Council",
        "North Lincolnshire Council",
        "North East Lincolnshire Council",
        "HMP Hull",
        "HMP Humber",
        "Liverpool John Moores University",
        "Department for Work and Pensions",
    ):
        assert expected in names
    host = Organisation.objects.get(is_core_team_host=True)
    assert "Police and Crime Commissioner" in host.name

    for email, (role, organisation) in DEMO_LOGINS.items():
        user = User.objects.get(email=email)
        assert user.role == role
        assert user.check_password("a-demo-password-1")
        if organisation:
            assert user.organisation.name == organisation
    output = capsys.readouterr().out
    assert all(email in output for email in DEMO_LOGINS)
    assert "a-demo-password-1" in output  # printed in development only


def test_running_the_demo_twice_changes_nothing_the_second_time(settings):
    settings.DEMO_PASSWORD = "a-demo-password-1"
    call_command("load_demo")
    counts = (
        Organisation.objects.count(),
        Organisation.history.count(),
        User.objects.count(),
        User.history.count(),
    )
    call_command("load_demo")
    assert (
        Organisation.objects.count(),
        Organisation.history.count(),
        User.objects.count(),
        User.history.count(),
    ) == counts


def test_the_demo_puts_back_what_someone_changed(settings):
    settings.DEMO_PASSWORD = "a-demo-password-1"
    call_command("load_demo")
    Organisation.objects.filter(name="Humberside Police").update(kind="other")
    call_command("load_demo")
    assert Organisation.objects.get(name="Humberside Police").kind == "police"


def test_in_production_the_demo_needs_an_explicit_password(settings):
    settings.DEMO_PASSWORD = ""
    with pytest.raises(CommandError, match="DEMO_PASSWORD"):
        call_command("load_demo")


def test_in_production_the_password_is_not_printed(settings, capsys):
    settings.DEMO_PASSWORD = "a-secret-demo-password"
    settings.DEBUG = False
    settings.PRODUCTION = True
    # Production refuses to start without its own two-factor encryption key.
    settings.MFA_ENCRYPTION_KEY = Fernet.generate_key().decode()
    call_command("load_demo")
    assert "a-secret-demo-password" not in capsys.readouterr().out


def test_the_demo_loads_the_sharing_landscape_of_the_strategy(settings):
    from sharing.models import Agreement, Consultation, DataSource, Forum, Product

    settings.DEMO_PASSWORD = "a-demo-password-1"
    call_command("load_demo")
    assert set(Forum.objects.values_list("acronym", flat=True)) == {"HIGA", "HCJB", "YHRP"}
    assert Forum.objects.get(acronym="HCJB").members.filter(name__startswith="Crown").exists()
    kinds = set(Agreement.objects.values_list("kind", flat=True))
    assert kinds == {"mou", "forum_aip", "art28", "isa"}
    tiig = Agreement.objects.get(kind="art28")
    assert (
        tiig.parties.get(role="processor").organisation.name == "Liverpool John Moores University"
    )
    assert set(DataSource.objects.values_list("classification", flat=True)) == {
        "open",
        "one_off_public",
        "partner_shared",
    }
    assert not DataSource.objects.uncovered().exists()
    assert set(Consultation.objects.values_list("response", flat=True)) == {
        "pending",
        "agreed",
        "agreed_with_conditions",
        "declined",
    }
    for email in ("partner.police@demo.vpp.test", "partner.hull@demo.vpp.test"):
        partner = User.objects.get(email=email)
        assert Consultation.objects.visible_to(partner).filter(response="pending").exists()
    assert Product.objects.filter(status="published", audience="internal").exists()


def test_loading_the_sharing_demo_twice_adds_no_rows_or_history(settings):
    from sharing.models import Agreement, AgreementParty, Consultation, DataSource, Forum, Product

    settings.DEMO_PASSWORD = "a-demo-password-1"
    call_command("load_demo")
    models = (Agreement, AgreementParty, Consultation, DataSource, Forum, Product)
    before = [(m.objects.count(), m.history.count()) for m in models]
    call_command("load_demo")
    assert [(m.objects.count(), m.history.count()) for m in models] == before


def test_the_demo_loads_the_ropa_and_policy_framework_of_the_strategy(settings):
    from governance.models import Policy
    from ropa.models import ControllerDetails, ProcessingActivity, RetentionRule
    from ropa.services import activity_problems
    from sharing.selectors import current_dpo

    settings.DEMO_PASSWORD = "a-demo-password-1"
    call_command("load_demo")
    kinds = set(Policy.objects.values_list("kind", flat=True))
    assert kinds == {"policy", "procedure", "privacy_notice", "safeguards"}
    assert Policy.objects.get(kind="safeguards").status == "draft"
    assert RetentionRule.objects.count() == 4
    assert ControllerDetails.objects.exists()
    # The ROPA header's DPO is the current DPO on the role-holder register.
    dpo = current_dpo()
    assert dpo is not None and dpo.name == "Dana Okafor"
    active = ProcessingActivity.objects.filter(status="active")
    assert active.count() == 5
    assert all(not activity_problems(a) for a in active)
    proposed = ProcessingActivity.objects.get(status="draft")
    assert proposed.has_personal_data and proposed.dpia_required == "yes"
    assert any("DPIA is required" in p.message for p in activity_problems(proposed))


def test_the_demo_holds_a_dpia_in_every_state_each_with_its_story(settings):
    from governance.models import Dpia
    from ropa.models import ProcessingActivity

    settings.DEMO_PASSWORD = "a-demo-password-1"
    call_command("load_demo")
    today = timezone.localdate()
    dpias = Dpia.objects.all()
    assert {"screened_out", "approved", "submitted", "returned", "awaiting_sign_off"} <= set(
        dpias.values_list("status", flat=True)
    )

    # The DPO's queue: the matching of police and A&E records, waiting for 9 days; the
    # proposed activity it assesses is held in draft, linked to it.
    [waiting] = Dpia.objects.awaiting_advice()
    assert waiting.title == "Matching police and A&E records of young people at risk"
    assert (today - timezone.localtime(waiting.submitted_at).date()).days == 9
    submitted = waiting.events.get(action="submitted")
    assert (today - timezone.localtime(submitted.at).date()).days == 9
    proposed = ProcessingActivity.objects.get(status="draft")
    assert list(proposed.dpias.all()) == [waiting]

    # Returned by the DPO with comments on steps 2 and 5, for its author to resolve.
    returned = dpias.get(status="returned")
    assert sorted(returned.comments.values_list("step", flat=True)) == [2, 5]
    assert not returned.comments.filter(resolved_at__isnull=False).exists()
    assert returned.comments.first().made_by.email == "dpo@demo.vpp.test"

    # The SIRO's queue: a high residual risk, with the ICO's prior consultation recorded.
    [high] = Dpia.objects.awaiting_sign_off(high_residual_risk=True)
    assert high.highest_residual_rank == 3
    assert high.ico_consulted_on and high.ico_outcome and high.ico_reference
    assert high.advised_by.email == "dpo@demo.vpp.test"
    assert not Dpia.objects.awaiting_sign_off(high_residual_risk=False).exists()

    # Approved, its review next month, covering an active activity that needs it.
    approved = dpias.filter(status="approved")
    [next_month] = [d for d in approved if not d.is_review_due(today)]
    assert 28 <= (next_month.next_review_on - today).days <= 31
    assert next_month.signed_off_by.email == "director@demo.vpp.test"
    assert hasattr(next_month, "snapshot")
    [needing] = next_month.activities.all()
    assert needing.status == "active" and needing.has_personal_data
    assert needing.dpia_required == "yes"

    # Approved, and its review date has passed.
    [overdue] = [d for d in approved if d.is_review_overdue(today)]
    assert overdue.next_review_on < today
    assert overdue.signed_off_at < timezone.now() - timedelta(days=365)
    # Its frozen copy still proves itself after the demo moved its dates back.
    from governance.services.dpias import snapshot_digest

    assert snapshot_digest(overdue.snapshot.content) == overdue.snapshot.digest

    # The screening that found no DPIA needed, linked to the open data activity.
    open_data = ProcessingActivity.objects.get(name="Analysis of open crime and population data")
    [screening] = open_data.dpias.all()
    assert screening.status == "screened_out"
    assert screening.screening_outcome == "not_required"
    assert screening.advised_by.email == "dpo@demo.vpp.test"


def test_loading_the_dpia_demo_twice_adds_no_rows_history_or_timeline(settings):
    from governance.models import Dpia, DpiaComment, DpiaEvent, DpiaRisk, DpiaSnapshot
    from ropa.models import ProcessingActivity

    settings.DEMO_PASSWORD = "a-demo-password-1"
    call_command("load_demo")
    before = (
        [(m.objects.count(), m.history.count()) for m in (Dpia, DpiaRisk, ProcessingActivity)],
        DpiaEvent.objects.count(),
        DpiaComment.objects.count(),
        DpiaSnapshot.objects.count(),
    )
    call_command("load_demo")
    after = (
        [(m.objects.count(), m.history.count()) for m in (Dpia, DpiaRisk, ProcessingActivity)],
        DpiaEvent.objects.count(),
        DpiaComment.objects.count(),
        DpiaSnapshot.objects.count(),
    )
    assert after == before


def test_the_demo_names_who_holds_siro_dpo_and_director_with_their_predecessor(settings):
    from sharing.models import RoleHolder
    from sharing.selectors import current_dpo, current_holders

    settings.DEMO_PASSWORD = "a-demo-password-1"
    call_command("load_demo")
    today = timezone.localdate()

    # The OPCC's current holders are the demo's SIRO, DPO and Director logins.
    for role, email in (
        ("siro", "siro@demo.vpp.test"),
        ("dpo", "dpo@demo.vpp.test"),
        ("director", "director@demo.vpp.test"),
    ):
        [holder] = current_holders(role, today)
        assert holder.user is not None and holder.user.email == email

    # Dana Okafor's contact details, once typed on the ROPA header, are on her row.
    dpo = current_dpo()
    assert dpo is not None
    assert (dpo.name, dpo.email) == ("Dana Okafor", "dpo@humberside.opcc.test")
    assert dpo.address == "The Lawns, Harland Way, Cottingham, HU16 5SN"

    # Her predecessor is kept, with the day he stood down.
    former = RoleHolder.objects.get(role="dpo", ends_on__isnull=False)
    assert former.organisation.is_core_team_host
    assert former.ends_on < dpo.starts_on and not former.is_current(today)

    # The partners' SIRO and DPO, who have no portal account.
    for organisation in ("Humberside Police", "Hull City Council"):
        holders = RoleHolder.objects.current(today).filter(organisation__name=organisation)
        assert set(holders.values_list("role", flat=True)) == {"siro", "dpo"}
        assert not holders.filter(user__isnull=False).exists()


def test_the_demo_policies_have_review_owners_and_one_review_is_due_and_one_overdue(settings):
    from governance.models import Policy

    settings.DEMO_PASSWORD = "a-demo-password-1"
    call_command("load_demo")
    today = timezone.localdate()
    policies = Policy.objects.select_related("owner")
    assert {p.owner.email for p in policies} == {"staff@demo.vpp.test", "dpo@demo.vpp.test"}
    in_force = policies.filter(status="in_force")
    assert [p for p in in_force if 0 <= (p.next_review_on - today).days <= 7]
    assert [p for p in in_force if p.is_review_overdue(today)]


def test_the_demo_breach_log_holds_an_open_a_contained_and_a_closed_breach(settings):
    from governance.models import Breach

    settings.DEMO_PASSWORD = "a-demo-password-1"
    call_command("load_demo")
    now = timezone.now()
    assert set(Breach.objects.values_list("status", flat=True)) == {"open", "contained", "closed"}
    assert all(b.reference.startswith("BR-") for b in Breach.objects.all())

    # Open: the partnership became aware about 20 hours ago and has not decided yet, so about
    # 52 hours are left to tell the ICO.
    [open_breach] = Breach.objects.filter(status="open")
    assert open_breach.ico_decision == "undecided" and open_breach.is_ico_clock_running
    assert timedelta(hours=51) < open_breach.time_left(now) <= timedelta(hours=52)

    # Contained: reported to the ICO within the 72 hours.
    [contained] = Breach.objects.filter(status="contained")
    assert contained.ico_decision == "report" and contained.ico_reference
    assert contained.became_aware_at < contained.ico_told_at <= contained.ico_deadline_at
    assert contained.contained_at is not None

    # Closed: decided not reportable, with the reasons and the lessons learnt.
    [closed] = Breach.objects.filter(status="closed")
    assert closed.ico_decision == "not_required" and closed.ico_decision_reasons
    assert closed.lessons_learnt and closed.closed_at is not None
    assert not closed.is_ico_clock_running


def test_after_the_reminders_are_sent_the_demo_dpo_has_the_overdue_dpia_waiting(settings):
    from governance.models import Dpia, Notification

    settings.DEMO_PASSWORD = "a-demo-password-1"
    call_command("load_demo")
    call_command("send_reminders")
    dpo = User.objects.get(email="dpo@demo.vpp.test")
    overdue = Dpia.objects.get(status="approved", next_review_on__lt=timezone.localdate())
    [notification] = Notification.objects.filter(
        user=dpo, kind="dpia_review", reminder__object_id=overdue.pk
    )
    assert notification.read_at is None
    assert notification.reminder.stage == "overdue"
    assert notification.is_escalation  # the review is the analyst's; overdue, it reaches the DPO
    assert overdue.title in notification.title and "overdue" in notification.title
    assert notification.url.endswith(overdue.get_absolute_url())
    # The policy reviews reach their owners too: one due this week, one overdue.
    assert Notification.objects.filter(user=dpo, kind="policy_review").exists()


def test_loading_the_demo_twice_adds_no_role_holders_policies_breaches_or_reminders(settings):
    from governance.models import Breach, Notification, Policy, Reminder
    from sharing.models import RoleHolder

    settings.DEMO_PASSWORD = "a-demo-password-1"
    call_command("load_demo")
    call_command("send_reminders")

    def state() -> tuple[object, ...]:
        return (
            [(m.objects.count(), m.history.count()) for m in (RoleHolder, Policy, Breach)],
            Reminder.objects.count(),
            Notification.objects.count(),
        )

    before = state()
    call_command("load_demo")
    call_command("send_reminders")
    assert state() == before
