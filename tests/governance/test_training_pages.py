"""The training pages: recording training (and a start date), a person's page of what they
are due, the people list's filters, exports, and the dashboard's training panel."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.dashboard.panels import build_panels
from governance.findings import Category
from governance.models import TrainingProfile, TrainingRecord
from tests.governance.training_support import induction, record, refresher, started

pytestmark = pytest.mark.django_db


def form_data(person, course, completed_on, **extra):
    return {
        "person": person.full_name,
        "person-id": str(person.pk),
        "course": str(course.pk),
        "completed_on": completed_on.strftime("%d %m %Y"),
        "evidence_reference": "LMS-1",
        "change_reason": "",
        **extra,
    }


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(reverse("governance:trainingrecord_create"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_record_a_completed_course_for_a_partner_contact(client, staff, partner_hull):
    yearly = refresher(staff)
    client.force_login(staff)
    page = client.get(
        reverse("governance:trainingrecord_create")
        + f"?person={partner_hull.pk}&course={yearly.pk}"
    )
    assert page.status_code == 200
    assert "Save training record" in page.content.decode()
    today = timezone.localdate()
    response = client.post(
        reverse("governance:trainingrecord_create"), form_data(partner_hull, yearly, today)
    )
    done = TrainingRecord.objects.get()
    assert response.status_code == 302
    assert response["Location"] == done.get_absolute_url()
    assert done.person == partner_hull
    assert done.expires_on is not None and done.expires_on > today
    (row,) = done.history.all()
    assert row.history_user == staff
    assert row.history_change_reason == "Training recorded"


def test_a_future_completion_date_is_refused_beside_the_field(client, staff):
    yearly = refresher(staff)
    client.force_login(staff)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        reverse("governance:trainingrecord_create"), form_data(staff, yearly, tomorrow)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["completed_on"] == [
        "The completion date cannot be in the future."
    ]
    assert not TrainingRecord.objects.exists()


def test_nonsense_input_gives_field_errors_not_a_server_error(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("governance:trainingrecord_create"),
        {"person": "Nobody at all", "course": "999999999999", "completed_on": "31 2 2026"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"person", "course", "completed_on"}


def test_partners_and_readers_cannot_record_training(client, siro, partner_hull):
    for user in (siro, partner_hull):
        client.force_login(user)
        assert client.get(reverse("governance:trainingrecord_create")).status_code == 403


def test_a_partner_gets_not_found_for_another_organisations_record(
    client, staff, partner_hull, partner_police
):
    done = record(staff, partner_hull, refresher(staff), timezone.localdate())
    client.force_login(partner_police)
    assert client.get(done.get_absolute_url()).status_code == 404
    assert (
        client.get(
            reverse("governance:person_training", kwargs={"pk": partner_hull.pk})
        ).status_code
        == 404
    )
    client.force_login(partner_hull)
    assert client.get(done.get_absolute_url()).status_code == 200


def test_a_start_date_is_recorded_and_its_person_page_shows_the_induction_due(client, staff):
    induction(staff)
    client.force_login(staff)
    started_on = timezone.localdate() - timedelta(days=3)
    response = client.post(
        reverse("governance:trainingprofile_create"),
        {
            "person": staff.full_name,
            "person-id": str(staff.pk),
            "started_on": started_on.strftime("%d %m %Y"),
        },
    )
    profile = TrainingProfile.objects.get()
    assert response["Location"] == reverse("governance:person_training", kwargs={"pk": staff.pk})
    page = client.get(response["Location"]).content.decode()
    due = profile.induction_due_on
    assert f"Due by {due.day} {due:%B %Y}" in page
    assert "Your training" in page


def test_the_person_page_lists_each_course_with_its_state(client, staff, dpo):
    yearly = refresher(staff)
    induction(staff)
    record(staff, dpo, yearly, timezone.localdate() - timedelta(days=400))
    client.force_login(staff)
    page = client.get(reverse("governance:person_training", kwargs={"pk": dpo.pk})).content.decode()
    assert "Expired" in page
    assert "Never done" in page
    assert "Record completion" in page


def test_the_people_list_filters_by_where_people_stand(client, staff, dpo, siro):
    intro = induction(staff)
    started(staff, dpo, timezone.localdate() - timedelta(days=40))
    record(staff, staff, intro, timezone.localdate())
    client.force_login(siro)  # named in the header: neither of the two
    url = reverse("governance:person_training_list")
    page = client.get(url + "?state=induction_overdue").content.decode()
    assert "Dana DPO" in page and "Sam Staff" not in page
    page = client.get(url + "?state=in_date").content.decode()
    assert "Sam Staff" in page and "Dana DPO" not in page
    assert client.get(url + "?state=nonsense").status_code == 200


def test_the_export_has_the_lists_rows(client, staff, dpo):
    record(staff, dpo, refresher(staff), date(2026, 1, 5))
    client.force_login(staff)
    response = client.get(reverse("governance:trainingrecord_export", kwargs={"format": "csv"}))
    body = b"".join(response.streaming_content).decode()
    assert "Dana DPO" in body and "2026-01-05" in body


def test_the_dashboard_training_panel_has_figures_that_link_to_their_lists(staff, dpo, siro):
    intro = induction(staff)
    started(staff, dpo, timezone.localdate() - timedelta(days=40))
    record(staff, staff, intro, timezone.localdate())
    record(staff, siro, intro, timezone.localdate())
    (panel,) = [p for p in build_panels(dpo) if p.category == Category.TRAINING]
    figures = {figure.label: figure for figure in panel.figures}
    share = figures["People in date with their training"]
    assert share.value == "67%"
    assert share.url == reverse("governance:person_training_list") + "?state=out_of_date"
    assert figures["New starters without induction after 30 days"].value == 1
    assert figures["Key-role holders without their specialist course"].value == 0
    assert panel.attention == 1
