"""The DPIA register's pages: the list and its export, starting a DPIA and changing what it
assesses, one DPIA's page with its task list and the DPO's comments, resolving a comment, and
the Timeline and History tabs."""

import csv
import io
import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import Dpia, DpiaComment, DpiaEvent, DpiaRisk
from governance.services import dpias as services
from ropa.models import ProcessingActivity
from tests.dpias import (
    HIGH_REDUCED_TO_MEDIUM,
    HIGH_STAYS_HIGH,
    LOW,
    add_risk,
    approved_dpia,
    complete_dpia,
    draft_dpia,
    returned_dpia,
    screened_out_dpia,
    submitted_dpia,
)
from tests.factories import AgreementFactory, DataSourceFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LIST = reverse("governance:dpia_list")
ADD = reverse("governance:dpia_create")


def url(name, obj):
    return reverse(f"governance:{name}", kwargs={"pk": obj.pk})


def text(response):
    """The page's words, without its markup."""
    content = response.content.decode()
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", content)).split())


def html(response):
    return response.content.decode()


def references(response):
    return [row.record.reference for row in response.context["table"].rows]


def activity(name="Hull youth referrals matching activity"):
    return ProcessingActivity.objects.get_or_create(
        name=name, defaults={"business_function": "Analysis", "purpose": "Referrals"}
    )[0]


def review_date_passes(dpia, days_ago):
    """Time passing: the DPIA's next review date is now ``days_ago`` days behind us."""
    Dpia.objects.filter(pk=dpia.pk).update(next_review_on=TODAY - timedelta(days=days_ago))


# --- Access ------------------------------------------------------------------------------------


def test_partners_cannot_open_any_dpia_page(client, staff, dpo, partner_hull):
    dpia = returned_dpia(staff, dpo)
    comment = dpia.comments.get()
    client.force_login(partner_hull)
    pages = (
        LIST,
        reverse("governance:dpia_export", kwargs={"format": "csv"}),
        ADD,
        dpia.get_absolute_url(),
        url("dpia_update", dpia),
        url("dpia_history", dpia),
        url("dpia_timeline", dpia),
        url("dpiacomment_resolve", comment),
    )
    for page in pages:
        assert client.get(page).status_code == 403, page
    assert client.post(url("dpiacomment_resolve", comment), {"resolution": "x"}).status_code == 403
    assert not DpiaComment.objects.get(pk=comment.pk).is_resolved


@pytest.mark.parametrize("role", ["siro", "director"])
def test_readers_see_a_dpia_but_cannot_start_change_or_resolve_one(
    request, client, staff, dpo, role
):
    dpia = returned_dpia(staff, dpo)
    comment = dpia.comments.get()
    client.force_login(request.getfixturevalue(role))
    page = client.get(dpia.get_absolute_url())
    assert page.status_code == 200
    assert "Say how a wrong match would be spotted." in text(page)
    assert "Mark as resolved" not in text(page)
    assert 'data-testid="dpia-task-list"' not in html(page)
    assert url("dpia_update", dpia) not in html(page)
    assert "Start a DPIA" not in text(client.get(LIST))
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, {"title": "Mine"}).status_code == 403
    assert client.get(url("dpia_update", dpia)).status_code == 403
    assert client.post(url("dpiacomment_resolve", comment), {"resolution": "x"}).status_code == 403
    assert (Dpia.objects.count(), DpiaComment.objects.get().is_resolved) == (1, False)


def test_a_comment_that_does_not_exist_is_not_found(client, staff):
    client.force_login(staff)
    assert (
        client.get(reverse("governance:dpiacomment_resolve", kwargs={"pk": 999})).status_code == 404
    )


# --- List and export ---------------------------------------------------------------------------


@pytest.fixture
def register(staff, dpo, director):
    """A draft with a high risk, a returned DPIA, an approved one and a screened-out one."""
    draft = complete_dpia(staff, title="Knife crime hotspot patrols", risks=(HIGH_STAYS_HIGH,))
    returned = returned_dpia(staff, dpo, title="School exclusions matching")
    approved = approved_dpia(staff, dpo, director, title="Youth diversion referrals")
    screened = screened_out_dpia(staff, dpo)
    return {"draft": draft, "returned": returned, "approved": approved, "screened": screened}


def test_the_list_shows_each_dpia_newest_first_with_its_status_and_highest_risk_in_words(
    client, staff, register
):
    client.force_login(staff)
    response = client.get(LIST)
    assert references(response) == ["DPIA-004", "DPIA-003", "DPIA-002", "DPIA-001"]
    page = text(response)
    for words in (
        "DPIA-001 Knife crime hotspot patrols 1 Sam Staff Draft High",
        "DPIA-002 School exclusions matching 1 Sam Staff Returned for changes Medium",
        "DPIA-003 Youth diversion referrals 1 Sam Staff Approved Medium",
        "DPIA-004 Open crime data hotspot maps 1 Sam Staff No DPIA needed No risks yet",
    ):
        assert words in page
    assert '<strong class="govuk-tag govuk-tag--red">High</strong>' in html(response)
    assert "Start a DPIA" in page


def test_the_list_can_be_filtered_by_status_and_author(client, staff, dpo, register):
    client.force_login(staff)
    assert references(client.get(LIST, {"status": "returned"})) == ["DPIA-002"]
    assert references(client.get(LIST, {"author": staff.pk})) == [
        "DPIA-004",
        "DPIA-003",
        "DPIA-002",
        "DPIA-001",
    ]
    assert references(client.get(LIST, {"q": "knife"})) == ["DPIA-001"]
    # Without JavaScript the author is typed: part of their name or address.
    assert references(client.get(LIST, {"author": "sam st", "author-id": ""})) == [
        "DPIA-004",
        "DPIA-003",
        "DPIA-002",
        "DPIA-001",
    ]


def test_only_reviews_due_lists_the_dpias_whose_review_date_has_come(client, staff, register):
    review_date_passes(register["approved"], days_ago=3)
    client.force_login(staff)
    response = client.get(LIST, {"review_due": "on"})
    assert references(response) == ["DPIA-003"]
    assert "Review overdue" in text(response)
    assert references(client.get(LIST)) == ["DPIA-004", "DPIA-003", "DPIA-002", "DPIA-001"]


def test_a_review_due_today_is_tagged_review_due(client, staff, register):
    review_date_passes(register["approved"], days_ago=0)
    client.force_login(staff)
    assert "Review due" in text(client.get(LIST))
    assert "Review due" in text(client.get(register["approved"].get_absolute_url()))


def test_the_export_is_the_filtered_list_in_its_columns(client, staff, register):
    client.force_login(staff)
    export = reverse("governance:dpia_export", kwargs={"format": "csv"})
    response = client.get(export, {"status": "approved"})
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0] == [
        "Reference",
        "Title",
        "Revision",
        "Author",
        "Status",
        "Highest risk",
        "Next review",
        "Processing activities",
    ]
    assert rows[1:] == [
        [
            "DPIA-003",
            "Youth diversion referrals",
            "1",
            "Sam Staff",
            "Approved",
            "Medium",
            (TODAY + timedelta(days=365)).isoformat(),
            "Youth diversion referrals activity",
        ]
    ]


# --- Starting a DPIA and changing what it assesses ---------------------------------------------


def test_starting_a_dpia_makes_the_user_its_author_gives_it_a_reference_and_one_history_row(
    client, staff
):
    hotspots = activity()
    isa = AgreementFactory(title="Hull youth violence ISA", kind="isa", status="active")
    client.force_login(staff)
    response = client.post(
        ADD,
        {
            "title": "Hull youth referrals matching",
            "activities": [hotspots.pk],
            "agreements": [isa.pk],
            "change_reason": "Asked for by the VRU board",
        },
    )
    dpia = Dpia.objects.get()
    assert response.status_code == 302
    assert response["Location"] == dpia.get_absolute_url()
    assert (dpia.reference, dpia.revision, dpia.author, dpia.status) == (
        "DPIA-001",
        1,
        staff,
        "draft",
    )
    assert list(dpia.activities.all()) == [hotspots]
    assert list(dpia.agreements.all()) == [isa]
    history = list(dpia.history.all())
    assert len(history) == 1
    assert (history[0].history_user, history[0].history_change_reason) == (
        staff,
        "Asked for by the VRU board",
    )
    assert DpiaEvent.objects.filter(dpia=dpia, action="created", actor=staff).count() == 1
    page = text(client.get(response["Location"]))
    assert "DPIA-001 Hull youth referrals matching" in page
    assert "started" in page


def test_a_dpia_without_a_title_is_not_started(client, staff):
    client.force_login(staff)
    response = client.post(ADD, {"title": "  "})
    assert response.status_code == 200
    assert "There is a problem" in text(response)
    assert "Enter the title of the DPIA." in text(response)
    assert not Dpia.objects.exists()


def test_editing_a_draft_changes_its_title_and_links_in_one_history_row(client, staff):
    dpia = draft_dpia(staff, activities=[activity()])
    source = DataSourceFactory(name="Hull youth service contacts")
    before = dpia.history.count()
    client.force_login(staff)
    response = client.post(
        url("dpia_update", dpia),
        {
            "title": "Hull and East Riding youth referrals",
            "activities": [activity().pk],
            "data_sources": [source.pk],
            "row_version": dpia.row_version,
            "change_reason": "East Riding joined",
        },
    )
    assert response.status_code == 302
    dpia = Dpia.objects.get(pk=dpia.pk)
    assert dpia.title == "Hull and East Riding youth referrals"
    assert list(dpia.data_sources.all()) == [source]
    assert dpia.history.count() == before + 1
    latest = dpia.history.first()
    assert (latest.history_user, latest.history_change_reason) == (staff, "East Riding joined")


def test_a_submitted_dpia_cannot_be_edited_and_says_why(client, staff):
    dpia = submitted_dpia(staff)
    before = (dpia.title, dpia.row_version, dpia.history.count())
    client.force_login(staff)
    response = client.get(url("dpia_update", dpia), follow=True)
    assert response.redirect_chain == [(dpia.get_absolute_url(), 302)]
    message = (
        "DPIA-001 is ‘Submitted to the DPO’: it can only be changed while it is a draft or "
        "returned for changes."
    )
    assert message in text(response)
    response = client.post(
        url("dpia_update", dpia),
        {"title": "Renamed", "activities": [activity().pk], "row_version": dpia.row_version},
    )
    assert response.status_code == 200
    assert "it can only be changed while it is a draft or returned for changes" in text(response)
    dpia = Dpia.objects.get(pk=dpia.pk)
    assert (dpia.title, dpia.row_version, dpia.history.count()) == before


def test_a_change_saved_by_someone_else_meanwhile_shows_the_conflict_and_saves_nothing(
    client, staff, admin_user
):
    dpia = draft_dpia(staff, activities=[activity()])
    opened_at = dpia.row_version
    theirs = Dpia.objects.get(pk=dpia.pk)
    theirs.title = "Their title"
    services.dpia_save(theirs, actor=admin_user, reason="Renamed")
    client.force_login(staff)
    response = client.post(
        url("dpia_update", dpia),
        {"title": "My title", "activities": [activity().pk], "row_version": opened_at},
    )
    assert response.status_code == 200
    page = text(response)
    assert "Alex Admin saved this DPIA at" in page
    assert "Where your changes and theirs differ" in page
    assert "Their title" in page and "My title" in page
    assert Dpia.objects.get(pk=dpia.pk).title == "Their title"


# --- One DPIA's page -----------------------------------------------------------------------------


def task_statuses(response):
    """Each task's title and status as the task list shows them."""
    items = re.findall(r'<li class="govuk-task-list__item.*?</li>', html(response), flags=re.DOTALL)
    rows = []
    for item in items:
        words = " ".join(re.sub(r"<[^>]+>", " ", item).split())
        status = re.search(r"(Completed|Incomplete|Not needed|Cannot start yet)$", words)
        rows.append((words[: status.start()].strip(), status.group(1)))
    return rows


def test_a_new_draft_lists_every_step_to_write_and_what_is_still_needed(client, staff):
    dpia = draft_dpia(staff)
    client.force_login(staff)
    response = client.get(dpia.get_absolute_url())
    assert task_statuses(response) == [
        ("Processing activities, agreements and data sources it assesses", "Incomplete"),
        ("Step 1: Identify the need for a DPIA", "Incomplete"),
        ("Step 2: Describe the processing", "Incomplete"),
        ("Step 3: Consultation process", "Incomplete"),
        ("Step 4: Necessity and proportionality", "Incomplete"),
        ("Step 5: Identify and assess risks", "Incomplete"),
        ("Step 6: Measures to reduce risk Record the risks first.", "Cannot start yet"),
    ]
    page = html(response)
    assert "What is still needed before you can submit" in text(response)
    update = url("dpia_update", dpia)
    screening = url("dpia_screening", dpia)
    add_a_risk = reverse("governance:dpiarisk_create", kwargs={"dpia_pk": dpia.pk})
    assert (
        f'<a class="govuk-link" href="{update}">Link the DPIA to the processing activities, '
        "agreements or data sources it assesses.</a>" in page
    )
    assert (
        f'<a class="govuk-link" href="{screening}">Step 1: choose the screening outcome.</a>'
        in page
    )
    assert (
        f'<a class="govuk-link" href="{add_a_risk}">Step 5: record at least one risk to '
        "individuals.</a>" in page
    )
    assert 'id="step-7"' in page
    assert "Not written yet" in text(response)


def test_a_complete_draft_says_it_can_be_submitted_and_shows_its_risks_in_words(client, staff):
    dpia = complete_dpia(staff, risks=(HIGH_REDUCED_TO_MEDIUM, LOW))
    client.force_login(staff)
    response = client.get(dpia.get_absolute_url())
    assert {status for _task, status in task_statuses(response)} == {"Completed"}
    page = text(response)
    assert "it can be submitted to the DPO" in page
    assert "Highest overall risk High Highest residual risk Medium" in page
    assert (
        "1 A probable severe harm: records matched to the wrong child. Probable Severe High" in page
    )
    assert "2 A remote minimal harm: records matched to the wrong child. Remote Minimal Low" in page
    # Only the high risk needs a measure (step 6).
    assert "Risk 1 (high) Two-person check of every match. Reduced Medium Not yet" in page
    assert "Risk 2 (low)" not in page
    risk = dpia.risks.get(number=1)
    assert 'id="risk-1"' in html(response)
    assert url("dpiarisk_measure", risk) in html(response)


def test_a_screening_that_finds_no_dpia_needed_marks_steps_2_to_6_not_needed(client, staff):
    dpia = draft_dpia(staff, activities=[activity()])
    dpia.screening_outcome = "not_required"
    dpia.screening_reason = "Published, aggregated data only."
    services.dpia_save(dpia, actor=staff)
    client.force_login(staff)
    response = client.get(dpia.get_absolute_url())
    statuses = task_statuses(response)
    assert statuses[:2] == [
        ("Processing activities, agreements and data sources it assesses", "Completed"),
        ("Step 1: Identify the need for a DPIA", "Completed"),
    ]
    assert {status for _task, status in statuses[2:]} == {"Not needed"}
    assert "Not needed: the screening in step 1 found that no DPIA is needed." in text(response)


def test_a_returned_dpia_shows_the_dpos_open_comment_under_its_step(client, staff, dpo):
    dpia = returned_dpia(staff, dpo, step=5)
    comment = dpia.comments.get()
    client.force_login(staff)
    response = client.get(dpia.get_absolute_url())
    page = text(response)
    assert "The DPO returned this DPIA with 1 comment to resolve." in page
    made_on = timezone.localtime(comment.made_at).strftime("%-d %b %Y")
    assert f"Comment from Dana DPO, {made_on} Say how a wrong match would be spotted." in page
    assert f'href="#comment-{comment.pk}"' in html(response)
    assert f'id="comment-{comment.pk}"' in html(response)
    step_5 = html(response).split('data-testid="step-5"')[1].split('data-testid="step-6"')[0]
    assert url("dpiacomment_resolve", comment) in step_5
    assert ("Step 5: Identify and assess risks The DPO commented on this step.", "Incomplete") in (
        task_statuses(response)
    )


def test_an_approved_dpia_shows_its_sign_off_and_links_to_the_approved_version(
    client, staff, dpo, director
):
    dpia = approved_dpia(staff, dpo, director)
    client.force_login(staff)
    response = client.get(dpia.get_absolute_url())
    page = text(response)
    assert "View the approved version" in page
    assert url("dpia_snapshot", dpia) in html(response)
    signed_on = timezone.localdate().strftime("%-d %B %Y")
    assert f"Measures approved and residual risks accepted by Diane Director, {signed_on}" in page
    assert f"DPO advice given by Dana DPO, {signed_on}" in page
    assert "DPO advice accepted or overruled DPO advice accepted" in page
    assert "Kept under review by Dana DPO" in page
    assert 'data-testid="dpia-task-list"' not in html(response)
    assert url("dpia_update", dpia) not in html(response)


def test_a_high_residual_risk_shows_the_prior_consultation_with_the_ico(client, staff, dpo, siro):
    dpia = approved_dpia(staff, dpo, siro, risks=(HIGH_STAYS_HIGH,))
    client.force_login(staff)
    page = text(client.get(dpia.get_absolute_url()))
    assert "Highest residual risk High" in page
    assert "ICO case reference ICO/2026/001" in page
    assert "Outcome of the prior consultation The ICO raised no objection." in page


def test_a_revision_links_to_the_revision_it_was_made_from_and_back(client, staff, dpo, director):
    approved = approved_dpia(staff, dpo, director)
    revision = services.dpia_start_review(approved, actor=staff)
    client.force_login(staff)
    page = client.get(revision.get_absolute_url())
    assert "Revision 2 of DPIA-001" in text(page)
    assert f'href="{approved.get_absolute_url()}"' in html(page)
    original = client.get(approved.get_absolute_url())
    assert "Reviewed in revision 2 of DPIA-001 (draft)" in text(original)
    assert f'href="{revision.get_absolute_url()}"' in html(original)


# --- Resolving a DPO comment ---------------------------------------------------------------------


def test_the_author_resolves_a_comment_with_a_reply(client, staff, dpo):
    dpia = returned_dpia(staff, dpo)
    comment = dpia.comments.get()
    client.force_login(staff)
    form = client.get(url("dpiacomment_resolve", comment))
    assert "Say how a wrong match would be spotted." in text(form)
    assert "Step 5: Identify and assess risks" in text(form)
    response = client.post(
        url("dpiacomment_resolve", comment), {"resolution": "Added a two-person check."}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{dpia.get_absolute_url()}#step-5"
    comment.refresh_from_db()
    assert (comment.resolved_by, comment.resolution) == (staff, "Added a two-person check.")
    event = DpiaEvent.objects.filter(dpia=dpia).last()
    assert (event.action, event.actor, event.comment) == (
        "comment_resolved",
        staff,
        "Step 5: Identify and assess risks: Added a two-person check.",
    )
    page = text(client.get(response["Location"]))
    assert "The DPO's comment on step 5 is marked as resolved." in page
    assert "Resolved by Sam Staff" in page
    assert "Their reply: Added a two-person check." in page
    assert "comment to resolve" not in page


def test_a_comment_already_resolved_cannot_be_resolved_again(client, staff, dpo, admin_user):
    dpia = returned_dpia(staff, dpo)
    comment = dpia.comments.get()
    services.dpia_comment_resolve(comment, actor=admin_user, resolution="Done.")
    events = DpiaEvent.objects.count()
    client.force_login(staff)
    assert "This comment is already resolved." in text(
        client.get(url("dpiacomment_resolve", comment))
    )
    response = client.post(url("dpiacomment_resolve", comment), {"resolution": "Mine."})
    assert response.status_code == 200
    assert "There is a problem" in text(response)
    assert "This comment was already resolved by Alex Admin" in text(response)
    comment.refresh_from_db()
    assert (comment.resolved_by, comment.resolution) == (admin_user, "Done.")
    assert DpiaEvent.objects.count() == events


def test_the_dpo_who_returned_a_dpia_cannot_resolve_its_comments(client, staff, dpo):
    dpia = returned_dpia(staff, dpo)
    comment = dpia.comments.get()
    client.force_login(dpo)
    response = client.post(url("dpiacomment_resolve", comment), {"resolution": ""})
    assert response.status_code == 200
    assert "You reviewed this DPIA as its DPO, so you cannot also write it" in text(response)
    assert not DpiaComment.objects.get(pk=comment.pk).is_resolved


# --- Timeline and history ----------------------------------------------------------------------


def test_the_timeline_shows_each_step_newest_first_with_who_took_it(client, staff, dpo, director):
    dpia = approved_dpia(staff, dpo, director)
    client.force_login(staff)
    response = client.get(url("dpia_timeline", dpia))
    titles = re.findall(r'<h3 class="moj-timeline__title">(.*?)</h3>', html(response))
    assert titles == [
        "Signed off and approved",
        "DPO advice given",
        "Submitted to the DPO",
        "Started",
    ]
    bylines = re.findall(r'<p class="moj-timeline__byline">by (.*?)</p>', html(response))
    assert bylines == ["Diane Director", "Dana DPO", "Sam Staff", "Sam Staff"]
    assert "Status: Approved" in text(response)
    assert "<time datetime=" in html(response)


def test_a_revisions_timeline_links_to_the_revision_it_was_made_from(client, staff, dpo, director):
    approved = approved_dpia(staff, dpo, director)
    revision = services.dpia_start_review(approved, actor=staff, reason="Annual review")
    client.force_login(staff)
    page = client.get(url("dpia_timeline", revision))
    assert "Review started: new revision created" in text(page)
    assert "Revision of: DPIA-001" in text(page)
    assert f'href="{approved.get_absolute_url()}"' in html(page)
    original = client.get(url("dpia_timeline", approved))
    assert "New revision: DPIA-001" in text(original)
    assert f'href="{revision.get_absolute_url()}"' in html(original)


def test_the_history_shows_changed_and_removed_risks_with_who_and_why(client, staff, admin_user):
    dpia = complete_dpia(staff)
    extra = add_risk(staff, dpia, "probable", "severe", "medium")
    extra = DpiaRisk.objects.get(pk=extra.pk)
    extra.severity = "significant"
    services.dpia_risk_save(extra, actor=admin_user, reason="Harm is less than feared")
    services.dpia_risk_remove(extra, actor=admin_user, reason="Duplicate of risk 1")
    client.force_login(staff)
    response = client.get(url("dpia_history", dpia))
    page = text(response)
    risks = page.split("Risks and measures (steps 5 and 6)")[1]
    assert risks.index("Risk 1") < risks.index("Risk 2 Removed")
    risk_2 = risks.split("Risk 2 Removed")[1]
    assert "Alex Admin Deleted Duplicate of risk 1" in risk_2
    assert (
        "Alex Admin Changed Harm is less than feared Severity of harm: from Severe → to "
        "Significant" in risk_2
    )
    assert "Sam Staff Created Risk recorded" in risk_2


def test_the_history_shows_a_resolved_comment_with_who_resolved_it(client, staff, dpo):
    dpia = returned_dpia(staff, dpo)
    comment = dpia.comments.get()
    services.dpia_comment_resolve(comment, actor=staff, resolution="Added a check.")
    client.force_login(staff)
    page = text(client.get(url("dpia_history", dpia)))
    comments = page.split("The DPO's comments")[1]
    assert "Comment on step 5 from Dana DPO" in comments
    assert "Say how a wrong match would be spotted." in comments
    assert "Sam Staff Changed Comment resolved" in comments
    assert "Reply: from — → to Added a check." in comments
    # The DPIA's own changes come first, with the DPO's return.
    assert (
        "Dana DPO Changed Needs more on the risks Status: from Submitted to the DPO → to "
        "Returned for changes" in page
    )
