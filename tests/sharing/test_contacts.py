"""Contacts: added and edited from their organisation's page, with who and why in history."""

import pytest
from django.urls import reverse

from sharing.models import Contact
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def add_url(organisation):
    return reverse("sharing:contact_create", kwargs={"organisation_pk": organisation.pk})


def edit_url(contact):
    return reverse("sharing:contact_update", kwargs={"pk": contact.pk})


def contact_data(contact, **changes):
    data = {
        "name": contact.name,
        "role": contact.role,
        "email": contact.email,
        "phone": contact.phone,
        "row_version": contact.row_version,
    }
    data.update(changes)
    return data


def test_staff_add_a_contact_from_the_organisation_page_and_return_to_it(client, staff, hull):
    client.force_login(staff)
    page = client.get(hull.get_absolute_url()).content.decode()
    assert add_url(hull) in page
    assert "No contacts have been recorded for Hull City Council." in page

    form = client.get(add_url(hull))
    assert "Add a contact at Hull City Council" in form.content.decode()
    assert f'href="{hull.get_absolute_url()}" class="govuk-back-link"' in form.content.decode()

    response = client.post(
        add_url(hull),
        {
            "name": "Hana Hussain",
            "role": "Data Protection Officer",
            "email": "dpo@hullcc.gov.uk",
            "phone": "01482 300 300",
            "change_reason": "Named at the HIGA meeting",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == hull.get_absolute_url()
    contact = Contact.objects.get(name="Hana Hussain")
    assert contact.organisation == hull
    (entry,) = contact.history.all()
    assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
        "+",
        staff,
        "Named at the HIGA meeting",
    )

    shown = client.get(hull.get_absolute_url()).content.decode()
    assert "Hana Hussain" in shown
    assert '<a class="govuk-link" href="mailto:dpo@hullcc.gov.uk">dpo@hullcc.gov.uk</a>' in shown
    assert "01482 300 300" in shown
    assert (
        f'href="{edit_url(contact)}">Edit<span class="govuk-visually-hidden"> Hana Hussain</span>'
        in shown
    )


def test_a_contact_without_a_name_or_role_is_refused_next_to_the_fields(client, staff, hull):
    client.force_login(staff)
    response = client.post(add_url(hull), {"name": "", "role": "", "email": "not-an-address"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "role", "email"}
    assert "There is a problem" in response.content.decode()
    assert not Contact.objects.exists()


def test_an_edit_writes_exactly_one_history_row_with_user_and_reason(client, dpo, hull):
    contact = ContactFactory(organisation=hull, name="Hana Hull", role="Analyst")
    client.force_login(dpo)
    before = contact.history.count()
    response = client.post(
        edit_url(contact),
        contact_data(contact, role="Data Protection Officer", change_reason="Promoted"),
    )
    assert response["Location"] == hull.get_absolute_url()
    contact.refresh_from_db()
    assert contact.role == "Data Protection Officer"
    assert contact.history.count() == before + 1
    latest = contact.history.first()
    assert (latest.history_user, latest.history_change_reason) == (dpo, "Promoted")


def test_a_partner_sees_their_contacts_but_no_add_or_edit_links(client, partner_hull, hull):
    contact = ContactFactory(organisation=hull, name="Hana Hull")
    client.force_login(partner_hull)
    page = client.get(hull.get_absolute_url()).content.decode()
    assert "Hana Hull" in page
    assert "Add a contact" not in page
    assert edit_url(contact) not in page
    assert client.get(add_url(hull)).status_code == 403
    response = client.post(edit_url(contact), contact_data(contact, name="Renamed"))
    assert response.status_code == 403
    contact.refresh_from_db()
    assert contact.name == "Hana Hull"


def test_readers_without_edit_rights_see_contacts_without_edit_links(client, siro, hull):
    contact = ContactFactory(organisation=hull, name="Hana Hull")
    client.force_login(siro)
    page = client.get(hull.get_absolute_url()).content.decode()
    assert "Hana Hull" in page
    assert edit_url(contact) not in page
    assert "Add a contact" not in page
