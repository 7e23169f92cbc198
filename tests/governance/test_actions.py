"""The action register: actions from each source, their steps, the breach rule both ways,
reminders, findings, the dashboard figure, who may see what, and the pages' query budgets."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.choices import ReminderKind
from governance.dashboard import build_panels
from governance.findings import Category, findings_page
from governance.models import Action, Reminder
from governance.reminders import sweep
from governance.services import actions as services
from governance.services import breaches as breach_services
from tests.conftest import MINIMAL_PDF
from tests.dpias import returned_dpia
from tests.factories import UserFactory
from tests.governance.action_support import (
    make_action,
    make_audit,
    make_finding,
    make_overdue,
)
from tests.governance.breach_helpers import make_breach

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LIST = reverse("governance:action_list")
ADD = reverse("governance:action_create")


def url(name, record):
    return reverse(f"governance:{name}", kwargs={"pk": record.pk})


def text(response):
    return response.content.decode()


def settled_breach(staff, **values):
    """A contained breach the DPO could close but for the action rule."""
    values = {
        "status": "contained",
        "actions": "Recalled the e-mail.",
        "ico_decision": "not_required",
        "ico_decision_reasons": "Work addresses only.",
        "lessons_learnt": "Use Bcc for every mailing.",
        **values,
    }
    return make_breach(staff, **values)


# --- Adding an action from each source ---------------------------------------------------------


@pytest.fixture
def sources(staff, dpo):
    audit = make_audit(dpo)
    dpia = returned_dpia(staff, dpo)
    return {
        "audit_finding": make_finding(audit, dpo),
        "breach_lesson": settled_breach(staff),
        "dpia_measure": dpia.risks.get(),
        "board_decision": TODAY - timedelta(days=3),
    }


@pytest.mark.parametrize(
    "source", ["audit_finding", "breach_lesson", "dpia_measure", "board_decision"]
)
def test_an_action_from_each_source_links_to_it_with_one_history_row(staff, sources, source):
    action = make_action(staff, sources[source])
    assert (action.source, action.status) == (source, "open")
    assert action.history.count() == 1
    first = action.history.first()
    assert (first.history_user, first.history_change_reason) == (staff, "Action agreed")
    if source == "board_decision":
        assert action.board_decided_on == sources[source] and action.source_record is None
    else:
        assert action.source_record == sources[source]


def test_a_board_decision_needs_its_date_not_in_the_future(staff):
    action = Action(title="Publish", owner=staff, due_on=TODAY, source="board_decision")
    with pytest.raises(ValidationError) as excinfo:
        services.action_create(action, actor=staff)
    assert "board_decided_on" in excinfo.value.message_dict
    action.board_decided_on = TODAY + timedelta(days=1)
    with pytest.raises(ValidationError, match="today or in the past"):
        services.action_create(action, actor=staff)
    assert not Action.objects.exists()


def test_a_due_date_in_the_past_is_refused(staff):
    with pytest.raises(ValidationError) as excinfo:
        make_action(staff, due_on=TODAY - timedelta(days=1))
    assert "due_on" in excinfo.value.message_dict


def test_readers_cannot_add_actions(siro):
    with pytest.raises(ValidationError, match="cannot add"):
        make_action(siro)


def test_each_source_page_offers_and_adds_an_action(client, staff, sources):
    client.force_login(staff)
    pages = {
        "audit_finding": url("auditfinding_add_action", sources["audit_finding"]),
        "breach_lesson": url("breach_add_action", sources["breach_lesson"]),
        "dpia_measure": url("dpiarisk_add_action", sources["dpia_measure"]),
    }
    for source, page in pages.items():
        assert client.get(page).status_code == 200
        response = client.post(
            page,
            {"title": f"From {source}", "owner": staff.pk, "due_on": TODAY.isoformat()},
        )
        assert response.status_code == 302, response.context["form"].errors
        action = Action.objects.get(title=f"From {source}")
        assert action.source == source and action.source_record == sources[source]
    assert url("auditfinding_add_action", sources["audit_finding"]) in text(
        client.get(sources["audit_finding"].get_absolute_url())
    )
    assert url("breach_add_action", sources["breach_lesson"]) in text(
        client.get(sources["breach_lesson"].get_absolute_url())
    )


def test_a_board_decision_action_is_added_from_the_register_with_the_board_date(client, staff):
    client.force_login(staff)
    assert ADD in text(client.get(LIST))
    missing = client.post(ADD, {"title": "Report", "owner": staff.pk, "due_on": TODAY})
    assert missing.status_code == 200
    assert "Enter the date of the Board decision" in text(missing)
    response = client.post(
        ADD,
        {
            "title": "Report audits to the Board quarterly",
            "owner": staff.pk,
            "due_on": TODAY.isoformat(),
            "board_decided_on": (TODAY - timedelta(days=2)).isoformat(),
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.source, action.board_decided_on) == (
        "board_decision",
        TODAY - timedelta(days=2),
    )


# --- Steps ---------------------------------------------------------------------------------------


def test_completing_needs_evidence_and_a_day_not_in_the_future(staff):
    action = make_action(staff)
    with pytest.raises(ValidationError) as excinfo:
        services.action_complete(action, actor=staff, completed_on=None)
    assert set(excinfo.value.message_dict) == {"evidence", "completed_on"}
    with pytest.raises(ValidationError) as excinfo:
        services.action_complete(
            action, actor=staff, completed_on=TODAY + timedelta(days=1), evidence="Done."
        )
    assert set(excinfo.value.message_dict) == {"completed_on"}
    done = services.action_complete(
        action, actor=staff, completed_on=TODAY, evidence="Checklist v2 issued.", reason="Done"
    )
    assert (done.status, done.completed_on, done.completed_by) == ("done", TODAY, staff)
    assert done.history.count() == 2
    assert done.history.first().history_change_reason == "Done"


def test_the_owner_or_the_dpo_complete_an_action_but_another_editor_cannot(staff, dpo, admin_user):
    action = make_action(staff)
    with pytest.raises(ValidationError, match="owner or the DPO"):
        services.action_complete(action, actor=admin_user, completed_on=TODAY, evidence="x")
    services.action_start(action, actor=staff)
    done = services.action_complete(action, actor=dpo, completed_on=TODAY, evidence="Seen.")
    assert done.status == "done"


def test_the_complete_page_takes_an_uploaded_document_as_evidence(client, staff):
    action = make_action(staff)
    client.force_login(staff)
    page = url("action_complete", action)
    refused = client.post(page, {"completed_on": TODAY.isoformat()})
    assert refused.status_code == 200
    assert "Describe the evidence" in text(refused)
    upload = SimpleUploadedFile("minutes.pdf", MINIMAL_PDF, content_type="application/pdf")
    response = client.post(page, {"completed_on": TODAY.isoformat(), "evidence_document": upload})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and action.evidence_document
    download = client.get(url("action_evidence", action))
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"


def test_cancelling_is_the_dpos_with_a_reason(staff, dpo):
    action = make_action(staff)
    with pytest.raises(ValidationError, match="Only the Data Protection Officer"):
        services.action_cancel(action, actor=staff, reason="Not needed")
    with pytest.raises(ValidationError) as excinfo:
        services.action_cancel(action, actor=dpo, reason=" ")
    assert "reason" in excinfo.value.message_dict
    cancelled = services.action_cancel(action, actor=dpo, reason="Overtaken by the new policy")
    assert (cancelled.status, cancelled.cancelled_reason, cancelled.cancelled_by) == (
        "cancelled",
        "Overtaken by the new policy",
        dpo,
    )
    assert cancelled.history.first().history_change_reason == (
        "Action cancelled: Overtaken by the new policy"
    )


def test_a_done_or_cancelled_action_is_not_changed(client, staff, dpo):
    done = services.action_complete(
        make_action(staff), actor=staff, completed_on=TODAY, evidence="Done."
    )
    for step in (
        lambda: services.action_start(done, actor=staff),
        lambda: services.action_complete(done, actor=staff, completed_on=TODAY, evidence="x"),
        lambda: services.action_cancel(done, actor=dpo, reason="x"),
    ):
        with pytest.raises(ValidationError):
            step()
    done.title = "Renamed"
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.action_update(done, actor=staff)
    client.force_login(staff)
    assert client.get(url("action_update", done)).status_code == 302


def test_the_action_page_offers_each_step_only_to_who_may_take_it(client, staff, dpo, siro):
    action = make_action(staff)
    for user, expected in (
        (staff, {"action_complete", "action_start"}),
        (dpo, {"action_complete", "action_start", "action_cancel"}),
        (siro, set()),
    ):
        client.force_login(user)
        page = text(client.get(action.get_absolute_url()))
        offered = {
            name
            for name in ("action_complete", "action_start", "action_cancel")
            if url(name, action) in page
        }
        assert offered == expected, user
    client.force_login(siro)
    assert client.get(url("action_complete", action)).status_code == 403
    assert client.post(url("action_cancel", action), {"reason": "x"}).status_code == 403
    action.refresh_from_db()
    assert action.status == "open"


# --- The breach rule -----------------------------------------------------------------------------


def test_a_breach_whose_lessons_have_no_action_cannot_be_closed(staff, dpo):
    breach = settled_breach(staff)
    with pytest.raises(ValidationError) as excinfo:
        breach_services.breach_close(breach, actor=dpo)
    assert "no action" in " ".join(excinfo.value.messages)
    breach.refresh_from_db()
    assert breach.status == "contained"


def test_an_action_on_its_lessons_lets_the_breach_close(staff, dpo):
    breach = settled_breach(staff)
    make_action(staff, breach)
    closed = breach_services.breach_close(breach, actor=dpo)
    assert closed.status == "closed"


def test_a_cancelled_action_does_not_count(staff, dpo):
    breach = settled_breach(staff)
    services.action_cancel(make_action(staff, breach), actor=dpo, reason="Duplicate")
    with pytest.raises(ValidationError):
        breach_services.breach_close(breach, actor=dpo)


def test_the_dpos_reason_lets_the_breach_close_without_an_action(staff, dpo):
    breach = settled_breach(staff)
    with pytest.raises(ValidationError, match="Only the Data Protection Officer"):
        services.breach_record_no_action(breach, actor=staff, reason="Already done")
    with pytest.raises(ValidationError) as excinfo:
        services.breach_record_no_action(breach, actor=dpo, reason=" ")
    assert "reason" in excinfo.value.message_dict
    recorded = services.breach_record_no_action(
        breach, actor=dpo, reason="The Bcc check was added when the breach was contained."
    )
    assert (recorded.no_action_decided_by, recorded.history.first().history_user) == (dpo, dpo)
    assert breach_services.breach_close(breach, actor=dpo).status == "closed"


def test_cancelling_the_only_action_of_a_closed_breach_is_refused(staff, dpo):
    breach = settled_breach(staff)
    action = make_action(staff, breach)
    breach_services.breach_close(breach, actor=dpo)
    with pytest.raises(ValidationError, match="only action on its lessons"):
        services.action_cancel(action, actor=dpo, reason="Not needed")
    action.refresh_from_db()
    assert action.status == "open"


def test_the_breach_page_says_what_is_missing_and_the_close_page_refuses(client, staff, dpo):
    breach = settled_breach(staff)
    client.force_login(dpo)
    page = text(client.get(breach.get_absolute_url()))
    assert 'data-testid="lessons-without-action"' in page
    assert url("breach_no_action", breach) in page
    close = reverse("governance:breach_transition", kwargs={"pk": breach.pk, "transition": "close"})
    refused = client.post(close, {"lessons_learnt": breach.lessons_learnt})
    assert refused.status_code == 200
    assert "no action on the action register" in text(refused)
    no_action = url("breach_no_action", breach)
    assert client.post(no_action, {"reason": ""}).status_code == 200
    assert client.post(no_action, {"reason": "Done when contained."}).status_code == 302
    page = text(client.get(breach.get_absolute_url()))
    assert 'data-testid="lessons-without-action"' not in page
    assert "Done when contained." in page
    assert client.post(close, {"lessons_learnt": breach.lessons_learnt}).status_code == 302
    breach.refresh_from_db()
    assert breach.status == "closed"


def test_only_the_dpo_opens_the_no_action_page(client, staff):
    breach = settled_breach(staff)
    client.force_login(staff)
    assert client.get(url("breach_no_action", breach)).status_code == 403
    assert url("breach_no_action", breach) not in text(client.get(breach.get_absolute_url()))


# --- Reminders -----------------------------------------------------------------------------------


def test_an_overdue_action_reminds_its_owner_and_escalates_exactly_once(staff, dpo):
    action = make_overdue(make_action(staff))
    done = make_action(staff, title="Already done")
    services.action_complete(done, actor=staff, completed_on=TODAY, evidence="x")
    make_overdue(done)
    for _ in range(3):
        sweep("daily")
    rows = Reminder.objects.filter(kind=ReminderKind.ACTION_DUE)
    assert sorted(rows.values_list("object_id", "stage")) == [(action.pk, "overdue")]
    assert rows.get().state == "sent"
    told = {n.user for n in action_notifications()}
    assert {staff, dpo} <= told


def action_notifications():
    from governance.models import Notification

    return Notification.objects.filter(kind=ReminderKind.ACTION_DUE).select_related("user")


# --- Findings and the dashboard ------------------------------------------------------------------


def slugs(**kwargs):
    return [finding.kind for finding in findings_page(None, 0, 100, **kwargs)]


def test_an_overdue_action_is_a_finding_until_it_is_done(staff):
    action = make_action(staff)
    assert "action-overdue" not in slugs()
    make_overdue(action)
    [finding] = findings_page(["action-overdue"], 0, 10)
    assert finding.category == Category.LEADERSHIP
    assert finding.record_url == action.get_absolute_url()
    assert "was due on" in finding.message
    services.action_complete(action, actor=staff, completed_on=TODAY, evidence="Done.")
    assert "action-overdue" not in slugs()


def test_an_open_breach_with_lessons_but_no_action_is_a_finding_until_it_has_one(staff, dpo):
    breach = settled_breach(staff)
    [finding] = findings_page(["breach-lessons-without-action"], 0, 10)
    assert finding.record_url == breach.get_absolute_url()
    assert finding.category == Category.BREACHES
    make_action(staff, breach)
    assert "breach-lessons-without-action" not in slugs()
    other = settled_breach(staff, reference="BR-002")
    assert "breach-lessons-without-action" in slugs()
    services.breach_record_no_action(other, actor=dpo, reason="Nothing to change.")
    assert "breach-lessons-without-action" not in slugs()


def test_the_leadership_panel_counts_overdue_actions_and_links_to_them(client, staff, dpo):
    make_overdue(make_action(staff))
    make_action(staff, title="Not due yet")
    [panel] = [p for p in build_panels(dpo) if p.category == Category.LEADERSHIP]
    figures = {figure.label: figure for figure in panel.figures}
    overdue = figures["Actions overdue"]
    assert overdue.value == 1
    assert figures["Actions open or in progress"].value == 2
    client.force_login(dpo)
    listed = client.get(overdue.url)
    assert [row.record.title for row in listed.context["table"].rows] == [
        "Add a Bcc check to the e-mail checklist"
    ]


# --- Lists, exports and visibility ---------------------------------------------------------------


def test_the_list_filters_by_status_owner_source_and_overdue(client, staff, dpo):
    other = UserFactory(full_name="Olive Other", role="staff")
    overdue = make_overdue(make_action(staff, title="Late one"))
    make_action(staff, title="Theirs", owner=other)
    finding = make_finding(make_audit(dpo), dpo)
    make_action(staff, finding, title="From the audit")
    client.force_login(staff)

    def titles(**params):
        response = client.get(LIST, params)
        assert response.status_code == 200
        return sorted(row.record.title for row in response.context["table"].rows)

    assert titles(overdue="true") == [overdue.title]
    assert titles(owner=other.pk) == ["Theirs"]
    assert titles(owner="Olive") == ["Theirs"]
    assert titles(source="audit_finding") == ["From the audit"]
    assert titles(status="live") == ["From the audit", "Late one", "Theirs"]
    assert titles(status="done") == []
    assert "Overdue" in text(client.get(LIST, {"overdue": "true"}))


def test_the_export_is_what_the_list_shows(client, staff):
    make_overdue(make_action(staff, title="Late one"))
    make_action(staff, title="On time")
    client.force_login(staff)
    response = client.get(
        reverse("governance:action_export", kwargs={"format": "csv"}), {"overdue": "true"}
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:2] == ["Title", "Came from"]
    assert [row[0] for row in rows[1:]] == ["Late one"]


def test_the_list_is_paginated(client, staff):
    for index in range(30):
        make_action(staff, title=f"Action {index:02d}")
    client.force_login(staff)
    assert len(client.get(LIST).context["table"].page.object_list) == 25


def test_partners_cannot_open_the_action_register(client, staff, partner_hull):
    breach = settled_breach(staff)
    action = make_action(staff, breach)
    assert not Action.objects.visible_to(partner_hull).exists()
    client.force_login(partner_hull)
    for page in (
        LIST,
        ADD,
        action.get_absolute_url(),
        url("action_update", action),
        url("action_history", action),
        url("action_complete", action),
        url("action_cancel", action),
        url("breach_add_action", breach),
        url("breach_no_action", breach),
    ):
        assert client.get(page).status_code in (403, 404), page
    assert client.post(url("action_complete", action), {"evidence": "x"}).status_code == 403
    action.refresh_from_db()
    assert action.status == "open"


def test_the_history_page_shows_each_step(client, staff, dpo):
    action = make_action(staff)
    services.action_start(action, actor=staff, reason="Started on it")
    client.force_login(dpo)
    page = text(client.get(url("action_history", action)))
    assert "Started on it" in page and "Action agreed" in page


# --- Query budgets -------------------------------------------------------------------------------


def queries(client, page):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(captured)


def many_actions(staff, dpo, rows):
    audit = make_audit(dpo)
    breach = settled_breach(staff)
    owners = [staff, *UserFactory.create_batch(2, role="staff")]
    made = []
    for index in range(rows):
        source = [make_finding(audit, dpo), breach, TODAY - timedelta(days=1)][index % 3]
        made.append(make_action(staff, source, owner=owners[index % 3], title=f"Action {index}"))
    return made


@pytest.mark.parametrize("rows", [1, 50])
def test_the_action_pages_run_a_fixed_number_of_queries(client, staff, dpo, rows):
    made = many_actions(staff, dpo, rows)
    client.force_login(dpo)
    action = made[0]
    counts = {
        "list": queries(client, LIST),
        "export": queries(client, reverse("governance:action_export", kwargs={"format": "csv"})),
        "detail": queries(client, action.get_absolute_url()),
        "history": queries(client, url("action_history", action)),
    }
    assert counts == BUDGETS, counts


#: Pinned, and the same for 1 row and 50: every signed-in page's 5 (session, user,
#: organisation, 2 permissions) plus the page's own fixed reads (the list: its count, the
#: page's keys, then those rows).
BUDGETS = {"list": 10, "export": 6, "detail": 9, "history": 12}
