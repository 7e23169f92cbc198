"""Required reading: a policy's current version marked required for roles asks each person with
one of them to confirm it (one click, their own), a new version asks again, the home page, the
policy page, the finding, the dashboard figure and the reminders follow."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from governance.choices import ReminderKind
from governance.dashboard.leadership import policy_figures
from governance.findings import findings_page
from governance.models import Notification, Policy, PolicyConfirmation, PolicyReadingTask
from governance.reminders import sweep
from governance.selectors.policy_reading import reading_share, to_confirm_for
from governance.services.policy_reading import policy_confirm_reading, policy_save
from governance.waiting import waiting_for

pytestmark = pytest.mark.django_db

READING = ReminderKind.POLICY_READING
SLUG = "policy-reading-unconfirmed"


def today():
    return timezone.localdate()


def required_policy(owner_organisation, actor, roles=("staff", "dpo"), **values):
    policy = Policy(
        title=values.pop("title", "Data Protection Policy"),
        kind="policy",
        owner_organisation=owner_organisation,
        status=values.pop("status", "in_force"),
        version=values.pop("version", "4.0"),
        document_url="https://www.humberside-pcc.gov.uk/dp-policy.pdf",
        required_for_roles=list(roles),
        **values,
    )
    return policy_save(policy, actor=actor, reason="Required reading for the core team")


def read_url(policy):
    return reverse("governance:policy_read", kwargs={"pk": policy.pk})


def confirm_url(policy):
    return reverse("governance:policy_confirm", kwargs={"pk": policy.pk})


def confirm(client, policy, version=None):
    return client.post(confirm_url(policy), {"version": version or policy.version})


def found():
    return findings_page([SLUG], 0, 100)


# --- Confirming -----------------------------------------------------------------------------


def test_a_person_confirms_once_with_one_click_and_the_version_and_time_are_recorded(
    client, opcc, staff
):
    policy = required_policy(opcc, staff)
    client.force_login(staff)
    page = client.get(read_url(policy)).content.decode()
    assert "I have read and will follow Data Protection Policy, version 4.0" in page

    response = confirm(client, policy)
    assert response.status_code == 302
    [confirmation] = PolicyConfirmation.objects.all()
    assert (confirmation.user, confirmation.policy, confirmation.version) == (staff, policy, "4.0")
    assert confirmation.confirmed_at is not None
    [history] = confirmation.history.all()
    assert history.history_user == staff
    assert history.history_change_reason == "Confirmed they have read it and will follow it"

    # Again: nothing more is written, and the page says when they confirmed.
    confirm(client, policy)
    assert PolicyConfirmation.objects.count() == 1
    assert confirmation.history.count() == 1
    page = client.get(read_url(policy)).content.decode()
    assert "You confirmed that you have read and will follow version 4.0" in page
    assert "I have read and will follow" not in page


def test_a_new_version_asks_again_and_the_old_confirmation_no_longer_counts(opcc, staff):
    policy = required_policy(opcc, staff)
    policy_confirm_reading(policy, actor=staff, version="4.0")
    assert not to_confirm_for(staff).exists()

    with time_machine.travel(timezone.now() + timedelta(days=30)):
        policy.version = "5.0"
        policy = policy_save(policy, actor=staff, reason="New version")
        assert policy.reading_required_on == today()
        assert list(to_confirm_for(staff)) == [policy]
        # Someone who opened version 4.0 cannot confirm it now: they are told to read 5.0.
        with pytest.raises(Exception, match="has a new version"):
            policy_confirm_reading(policy, actor=staff, version="4.0")
        policy_confirm_reading(policy, actor=staff, version="5.0")
    assert sorted(policy.confirmations.values_list("version", flat=True)) == ["4.0", "5.0"]
    assert not to_confirm_for(staff).exists()


def test_saving_without_a_new_version_keeps_the_reading_date(opcc, staff):
    policy = required_policy(opcc, staff)
    started = policy.reading_required_on
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        policy.next_review_on = today() + timedelta(days=300)
        policy = policy_save(policy, actor=staff, reason="Review date")
    assert policy.reading_required_on == started


def test_a_version_is_needed_before_a_policy_can_be_required_reading(client, opcc, staff):
    client.force_login(staff)
    response = client.post(
        reverse("governance:policy_create"),
        {
            "title": "Acceptable Use Policy",
            "kind": "policy",
            "owner_organisation": opcc.pk,
            "version": "",
            "adoption": "adopted",
            "status": "in_force",
            "required_for_roles": ["staff"],
        },
    )
    assert response.status_code == 200
    assert "people confirm they have read a version" in response.content.decode()
    assert not Policy.objects.exists()


def test_the_form_marks_a_policy_required_reading_for_the_roles_ticked(client, opcc, staff):
    client.force_login(staff)
    response = client.post(
        reverse("governance:policy_create"),
        {
            "title": "Acceptable Use Policy",
            "kind": "policy",
            "owner_organisation": opcc.pk,
            "version": "1.0",
            "adoption": "adopted",
            "status": "in_force",
            "required_for_roles": ["dpo", "staff"],
        },
    )
    assert response.status_code == 302
    policy = Policy.objects.get()
    assert policy.required_for_roles == ["staff", "dpo"]
    assert policy.reading_required_on == today()
    assert list(to_confirm_for(staff)) == [policy]


def test_nobody_confirms_for_someone_else(client, opcc, staff, dpo):
    policy = required_policy(opcc, staff)
    client.force_login(dpo)
    # Whatever the form says, the confirmation is the signed-in user's own.
    client.post(confirm_url(policy), {"version": "4.0", "user": staff.pk})
    assert list(PolicyConfirmation.objects.values_list("user", flat=True)) == [dpo.pk]
    assert to_confirm_for(staff).exists()


def test_a_person_whose_role_is_not_asked_cannot_confirm(client, opcc, staff, siro):
    policy = required_policy(opcc, staff, roles=("staff",))
    client.force_login(siro)
    assert confirm(client, policy).status_code == 404
    page = client.get(read_url(policy)).content.decode()
    assert "not required reading for your role" in page
    assert not PolicyConfirmation.objects.exists()


def test_confirming_is_post_only(client, opcc, staff):
    policy = required_policy(opcc, staff)
    client.force_login(staff)
    assert client.get(confirm_url(policy)).status_code == 405
    assert not PolicyConfirmation.objects.exists()


def test_a_policy_not_in_force_asks_nobody(client, opcc, staff):
    policy = required_policy(opcc, staff, status="draft")
    client.force_login(staff)
    assert not to_confirm_for(staff).exists()
    assert confirm(client, policy).status_code == 404


def test_a_partner_can_neither_see_nor_confirm_an_internal_policy(
    client, opcc, staff, partner_hull
):
    policy = required_policy(opcc, staff, roles=("staff", "dpo"))
    client.force_login(partner_hull)
    assert client.get(read_url(policy)).status_code == 404
    assert confirm(client, policy).status_code == 404
    assert client.get(policy.get_absolute_url()).status_code == 403
    page = client.get(reverse("governance:policy_reading")).content.decode()
    assert policy.title not in page
    assert not PolicyConfirmation.objects.exists()


def test_a_partner_reads_and_confirms_a_policy_required_for_partners(
    client, opcc, staff, partner_hull
):
    policy = required_policy(opcc, staff, roles=("staff", "partner"), title="Partner Code")
    client.force_login(partner_hull)
    listed = client.get(reverse("governance:policy_reading")).content.decode()
    assert "Partner Code" in listed and "To read and confirm" in listed
    page = client.get(read_url(policy)).content.decode()
    assert "https://www.humberside-pcc.gov.uk/dp-policy.pdf" in page
    # The register's record (its history, who has read it) stays internal.
    assert "who has read it" not in page
    assert confirm(client, policy).status_code == 302
    assert PolicyConfirmation.objects.get().user == partner_hull


# --- Where people see it --------------------------------------------------------------------


def test_the_home_page_lists_required_policies_not_yet_confirmed(client, opcc, staff):
    policy = required_policy(opcc, staff)
    required_policy(opcc, staff, title="Information Security Policy", roles=("dpo",))
    lines = {line.slug: line for line in waiting_for(staff)}
    line = lines["policies-to-read"]
    assert line.count == 1
    assert line.text == "1 policy waiting for you to read and confirm"
    assert line.url == reverse("governance:policy_reading")
    client.force_login(staff)
    assert client.get(reverse("home")).status_code == 200

    policy_confirm_reading(policy, actor=staff, version="4.0")
    assert "policies-to-read" not in {line.slug for line in waiting_for(staff)}


def test_the_policy_page_shows_who_has_and_has_not_confirmed(client, opcc, staff, dpo, siro):
    policy = required_policy(opcc, staff, roles=("staff", "dpo"))
    policy_confirm_reading(policy, actor=dpo, version="4.0")
    client.force_login(siro)
    response = client.get(policy.get_absolute_url())
    page = response.content.decode()
    assert "1 of 2 people have confirmed version 4.0; 1 still to confirm." in page
    readers = [
        (str(reader), reader.confirmed_at is not None) for reader in response.context["readers"]
    ]
    assert readers == [("Sam Staff", False), ("Dana DPO", True)]
    # The SIRO is not asked, so has no button.
    assert "I have read and will follow" not in page

    client.force_login(staff)
    page = client.get(policy.get_absolute_url()).content.decode()
    assert "I have read and will follow Data Protection Policy, version 4.0" in page


def test_the_dashboard_shows_the_share_of_confirmations_made(opcc, staff, dpo, siro):
    assert reading_share().required == 0
    policy = required_policy(opcc, staff, roles=("staff", "dpo"))
    required_policy(opcc, staff, title="Board Code", roles=("siro",))
    policy_confirm_reading(policy, actor=dpo, version="4.0")
    share = reading_share()
    assert (share.confirmed, share.required) == (1, 3)
    [figure] = [f for f in policy_figures(dpo, today()) if f.label == "Required reading confirmed"]
    assert figure.value == "33%"
    assert figure.hint.startswith("1 of 3 confirmations")
    assert figure.url == reverse("governance:policy_list") + "?reading=required"


def test_the_policy_list_filters_to_required_and_outstanding_reading(client, opcc, staff, dpo):
    done = required_policy(opcc, staff, roles=("dpo",), title="A Done")
    required_policy(opcc, staff, roles=("staff",), title="B Outstanding")
    Policy.objects.create(title="C Not required", kind="policy", owner_organisation=opcc)
    policy_confirm_reading(done, actor=dpo, version="4.0")
    client.force_login(staff)
    url = reverse("governance:policy_list")

    def titles(query):
        response = client.get(f"{url}?{query}")
        return [row.record.title for row in response.context["table"].rows]

    assert titles("reading=required") == ["A Done", "B Outstanding"]
    assert titles("reading=outstanding") == ["B Outstanding"]
    assert titles("reading=nonsense") == []


# --- The finding ----------------------------------------------------------------------------


def test_unconfirmed_reading_past_its_due_date_is_a_finding_until_everyone_confirms(
    opcc, staff, dpo
):
    policy = required_policy(opcc, staff, roles=("staff", "dpo"))
    assert found() == []  # not due yet
    Policy.objects.filter(pk=policy.pk).update(reading_required_on=today() - timedelta(days=15))
    [finding] = found()
    assert finding.category == "policies"
    assert finding.fix_url == policy.get_absolute_url() + "#reading"
    policy_confirm_reading(policy, actor=staff, version="4.0")
    assert len(found()) == 1
    policy_confirm_reading(policy, actor=dpo, version="4.0")
    assert found() == []


def test_a_deactivated_reader_does_not_hold_up_the_finding(opcc, staff, dpo):
    policy = required_policy(opcc, staff, roles=("staff", "dpo"))
    Policy.objects.filter(pk=policy.pk).update(reading_required_on=today() - timedelta(days=20))
    policy_confirm_reading(policy, actor=dpo, version="4.0")
    assert len(found()) == 1
    type(staff).objects.filter(pk=staff.pk).update(is_active=False)
    assert found() == []


# --- Reminders ------------------------------------------------------------------------------


def test_each_reader_is_reminded_exactly_once_per_stage_and_the_dpo_when_overdue(
    opcc, staff, dpo, director
):
    from tests.governance.reminder_support import make_dpo_holder

    make_dpo_holder(opcc, dpo)
    policy = required_policy(opcc, staff, roles=("staff", "director"))
    tasks = {task.user_id: task for task in PolicyReadingTask.objects.all()}
    assert set(tasks) == {staff.pk, director.pk}
    assert all(task.due_on == today() + timedelta(days=14) for task in tasks.values())

    with time_machine.travel(timezone.now() + timedelta(days=7)):
        sweep("daily")
        sweep("daily")
    titles = list(Notification.objects.filter(kind=READING).values_list("user", "title"))
    assert len(titles) == 2
    assert (
        staff.pk,
        f"The confirmation that ‘Sam Staff: {policy}’ was read is due in 7 days, on "
        f"{(today() + timedelta(days=14)):%-d %B %Y}",
    ) in titles

    policy_confirm_reading(policy, actor=staff, version="4.0")
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        sweep("daily")
        sweep("daily")
    overdue = Notification.objects.filter(kind=READING, is_escalation=True)
    # Only the Director is still to confirm: they and the DPO hear, once each.
    assert sorted(Notification.objects.filter(kind=READING).values_list("user", flat=True)) == (
        sorted([staff.pk, director.pk, director.pk, dpo.pk])
    )
    assert [n.user_id for n in overdue] == [dpo.pk]


def test_someone_who_joins_later_is_asked_by_the_next_sweep_with_time_to_read(opcc, staff):
    from tests.factories import UserFactory

    policy = required_policy(opcc, staff, roles=("staff",))
    with time_machine.travel(timezone.now() + timedelta(days=10)):
        newcomer = UserFactory(role="staff", organisation=opcc, full_name="Nia New")
        sweep("daily")
        task = PolicyReadingTask.objects.get(user=newcomer)
        assert task.due_on == today() + timedelta(days=14)
        assert task.version == policy.version
    assert PolicyReadingTask.objects.count() == 2
