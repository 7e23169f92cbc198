"""Consultations: partners answer for their organisation; staff consult and record answers."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from sharing.models import Consultation
from tests.factories import ConsultationFactory, ProductFactory

pytestmark = pytest.mark.django_db

LIST = reverse("sharing:consultation_list")


def respond_url(consultation):
    return reverse("sharing:consultation_respond", kwargs={"pk": consultation.pk})


def create_url(product):
    return reverse("sharing:consultation_create", kwargs={"product_pk": product.pk})


def answer(consultation, response, conditions=""):
    return {"response": response, "conditions": conditions, "row_version": consultation.row_version}


def rows(response):
    return [row.record for row in response.context["table"].rows]


@pytest.fixture
def consultation(hull_sharing):
    return hull_sharing["consultation"]


@pytest.fixture
def police_consultation(hull_sharing, police):
    return ConsultationFactory(product=hull_sharing["product"], organisation=police)


# --- Access and scope ------------------------------------------------------------------------


def test_a_partner_sees_only_their_organisations_consultations(
    client, partner_hull, consultation, police_consultation
):
    client.force_login(partner_hull)
    assert rows(client.get(LIST)) == [consultation]
    assert client.get(police_consultation.get_absolute_url()).status_code == 404
    export = client.get(reverse("sharing:consultation_export", kwargs={"format": "csv"}))
    lines = list(csv.reader(io.StringIO(export.getvalue().decode("utf-8-sig"))))
    assert [line[1] for line in lines[1:]] == ["Hull City Council"]


def test_the_police_partner_cannot_open_or_answer_hulls_consultation(
    client, partner_police, consultation
):
    client.force_login(partner_police)
    assert client.get(consultation.get_absolute_url()).status_code == 404
    assert client.get(respond_url(consultation)).status_code == 404
    response = client.post(respond_url(consultation), answer(consultation, "declined"))
    assert response.status_code == 404
    consultation.refresh_from_db()
    assert consultation.response == "pending"


@pytest.mark.parametrize("actor", ["siro", "director"])
def test_readers_cannot_answer_consult_or_change_a_consultation(
    request, client, actor, consultation
):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(respond_url(consultation)).status_code == 403
    assert client.post(respond_url(consultation), answer(consultation, "agreed")).status_code == 403
    assert client.get(create_url(consultation.product)).status_code == 403
    update = reverse("sharing:consultation_update", kwargs={"pk": consultation.pk})
    assert client.get(update).status_code == 403
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "Answer this consultation" not in page
    consultation.refresh_from_db()
    assert consultation.response == "pending"


def test_partners_cannot_consult_other_organisations(client, partner_hull, consultation):
    client.force_login(partner_hull)
    assert client.get(create_url(consultation.product)).status_code == 403


# --- List ------------------------------------------------------------------------------------


def test_the_list_filters_by_answer(client, staff, consultation, police_consultation):
    police_consultation.response = "agreed"
    police_consultation.save()
    client.force_login(staff)
    assert rows(client.get(LIST, {"response": "agreed"})) == [police_consultation]
    assert rows(client.get(LIST, {"response": "pending"})) == [consultation]
    assert len(rows(client.get(LIST))) == 2
    page = client.get(LIST, {"response": "agreed"}).content.decode()
    assert (
        f"{reverse('sharing:consultation_export', kwargs={'format': 'xlsx'})}?response=agreed"
        in page
    )


# --- Detail ----------------------------------------------------------------------------------


def test_a_partner_sees_what_is_asked_without_a_link_to_the_internal_product_page(
    client, partner_hull, consultation
):
    consultation.due_on = timezone.localdate() + timezone.timedelta(days=10)
    consultation.save()
    product = consultation.product
    client.force_login(partner_hull)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "Hull hotspots briefing" in page
    assert product.get_absolute_url() not in page
    assert "Hull youth service contacts" in page  # the data of theirs it uses
    assert f"the answer is due by {consultation.due_on:%-d %B %Y}" in page
    assert 'govuk-tag--yellow">Pending</strong>' in page
    assert f'href="{respond_url(consultation)}"' in page
    assert "Answer this consultation" in page


def test_staff_see_the_product_linked_and_who_asked(client, staff, consultation):
    consultation.requested_by = staff
    consultation.save()
    client.force_login(staff)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert f'href="{consultation.product.get_absolute_url()}">Hull hotspots briefing' in page
    assert "Sam Staff" in page


# --- Answering -------------------------------------------------------------------------------


def test_the_answer_page_explains_the_product_and_which_of_their_data_it_uses(
    client, partner_hull, consultation
):
    product = consultation.product
    product.description = "Monthly hotspots of youth violence in Hull, by ward."
    product.save()
    client.force_login(partner_hull)
    page = client.get(respond_url(consultation)).content.decode()
    assert "Monthly hotspots of youth violence in Hull, by ward." in page
    assert "Hull youth service contacts (includes personal data)" in page
    assert 'type="radio"' in page and 'name="response"' in page
    assert 'name="conditions"' in page
    assert "on their behalf" not in page


def test_agreeing_with_conditions_needs_the_conditions(client, partner_hull, consultation):
    client.force_login(partner_hull)
    response = client.post(
        respond_url(consultation), answer(consultation, "agreed_with_conditions", "  ")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    message = "Enter the conditions your organisation sets on the use of its data."
    assert response.context["form"].errors["conditions"] == [message]
    assert f'<a href="#id_conditions">{message}</a>' in page
    consultation.refresh_from_db()
    assert (consultation.response, consultation.history.count()) == ("pending", 1)


def test_an_answer_must_be_chosen(client, partner_hull, consultation):
    client.force_login(partner_hull)
    response = client.post(respond_url(consultation), {"row_version": consultation.row_version})
    assert response.context["form"].errors["response"] == ["Choose your organisation's answer."]


def test_hull_agrees_with_conditions_and_the_answer_who_and_when_are_recorded(
    client, partner_hull, consultation
):
    client.force_login(partner_hull)
    before = timezone.now()
    response = client.post(
        respond_url(consultation),
        answer(consultation, "agreed_with_conditions", "Counts below five suppressed."),
    )
    assert response["Location"] == consultation.get_absolute_url()
    consultation.refresh_from_db()
    assert consultation.response == "agreed_with_conditions"
    assert consultation.conditions == "Counts below five suppressed."
    assert consultation.responded_by == partner_hull
    assert consultation.responded_at >= before
    assert consultation.history.count() == 2
    latest = consultation.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        partner_hull,
        "Answered: Agreed with conditions",
    )
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "Counts below five suppressed." in page
    assert "Harry Hull" in page
    assert "Change the answer" in page


def test_staff_record_an_answer_on_a_partners_behalf(client, staff, consultation):
    client.force_login(staff)
    form = client.get(respond_url(consultation)).content.decode()
    assert "You are recording the answer of Hull City Council" in form
    response = client.post(respond_url(consultation), answer(consultation, "agreed"))
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert (consultation.response, consultation.responded_by) == ("agreed", staff)
    latest = consultation.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        staff,
        "Answered: Agreed (recorded on behalf of Hull City Council)",
    )


def test_answers_cannot_change_after_publication(client, partner_hull, consultation):
    consultation.response = "agreed"
    consultation.save()
    product = consultation.product
    product.status = "published"
    product.save()
    client.force_login(partner_hull)

    response = client.post(respond_url(consultation), answer(consultation, "declined"))

    assert response.status_code == 200
    assert (
        "‘Hull hotspots briefing’ is published: answers can no longer be changed."
        in response.content.decode()
    )
    consultation.refresh_from_db()
    assert consultation.response == "agreed"
    # The page no longer offers to answer, and the answer page sends them back with a message.
    assert "Change the answer" not in client.get(consultation.get_absolute_url()).content.decode()
    redirected = client.get(respond_url(consultation), follow=True)
    assert redirected.redirect_chain[-1][0] == consultation.get_absolute_url()
    assert "answers can no longer be changed" in redirected.content.decode()


def test_an_answer_over_someone_elses_newer_answer_is_refused(
    client, partner_hull, staff, consultation
):
    client.force_login(partner_hull)
    opened = consultation.row_version
    client.force_login(staff)
    client.post(respond_url(consultation), answer(consultation, "agreed"))

    client.force_login(partner_hull)
    response = client.post(
        respond_url(consultation),
        {"response": "declined", "conditions": "", "row_version": opened},
    )

    assert response.status_code == 200
    assert "your answer has not been saved" in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.response == "agreed"


# --- Consulting another organisation ---------------------------------------------------------


def test_staff_consult_another_organisation_with_one_history_row(
    client, staff, consultation, police
):
    product = consultation.product
    client.force_login(staff)
    form = client.get(create_url(product)).content.decode()
    assert "Consult another organisation" in form
    due = timezone.localdate() + timezone.timedelta(days=14)

    response = client.post(
        create_url(product),
        {"organisation": police.pk, "due_on": due.isoformat(), "change_reason": "Uses crime data"},
    )

    created = Consultation.objects.get(product=product, organisation=police)
    assert response["Location"] == created.get_absolute_url()
    assert (created.requested_by, created.due_on, created.response) == (staff, due, "pending")
    (entry,) = created.history.all()
    assert (entry.history_user, entry.history_change_reason) == (staff, "Uses crime data")


def test_an_organisation_is_consulted_only_once_about_a_product(client, staff, consultation, hull):
    client.force_login(staff)
    response = client.post(create_url(consultation.product), {"organisation": hull.pk})
    assert response.status_code == 200
    errors = response.context["form"].errors["organisation"]
    assert errors == [
        "Hull City Council has already been consulted about ‘Hull hotspots briefing’: choose "
        "another organisation, or open that consultation from the product's page."
    ]
    assert '<a href="#id_organisation">Hull City Council has already been consulted' in (
        response.content.decode()
    )
    assert Consultation.objects.filter(organisation=hull).count() == 1


def test_nobody_is_consulted_about_a_published_product(client, staff, police):
    product = ProductFactory(status="published")
    client.force_login(staff)
    response = client.post(create_url(product), {"organisation": police.pk})
    assert response.status_code == 200
    assert "is published: nobody can be consulted about it any more" in response.content.decode()
    assert not Consultation.objects.exists()


def test_the_form_names_the_suppliers_not_yet_consulted(client, staff, hull_sharing, police):
    from tests.factories import DataSourceFactory

    hull_sharing["product"].data_sources.add(
        DataSourceFactory(
            name="Police recorded violence",
            classification="partner_shared",
            supplier=police,
            url="",
            publisher="",
        )
    )
    client.force_login(staff)
    page = client.get(create_url(hull_sharing["product"])).content.decode()
    assert "Supplying organisations not yet consulted: Humberside Police." in page
    # The core team's host is never offered: it is the partnership itself.
    assert "Office of the Police and Crime Commissioner" not in page.split('name="organisation"')[1]


def test_staff_change_when_the_answer_is_due_with_one_history_row(client, staff, consultation):
    client.force_login(staff)
    url = reverse("sharing:consultation_update", kwargs={"pk": consultation.pk})
    due = timezone.localdate() + timezone.timedelta(days=21)
    response = client.post(
        url,
        {
            "due_on": due.isoformat(),
            "row_version": consultation.row_version,
            "change_reason": "Hull asked for more time",
        },
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.due_on == due
    assert consultation.organisation.name == "Hull City Council"
    latest = consultation.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        staff,
        "Hull asked for more time",
    )
    assert consultation.history.count() == 2
