"""A record name is data, never markup: labels, hints and legends built from names show the
name as text, so a name written as a script never runs for the DPO who opens the form."""

import pytest
from django.urls import reverse

from sharing.models import ConnectionRequest
from tests.factories import (
    AgreementFactory,
    ConsultationFactory,
    ForumFactory,
    OrganisationFactory,
    ProductFactory,
)

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture
def scripted_organisation(db):
    return OrganisationFactory(name=SCRIPT, kind="police")


def page_as(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_dpo_answering_for_an_organisation_named_as_a_script_sees_the_name_as_text(
    client, dpo, scripted_organisation
):
    consultation = ConsultationFactory(organisation=scripted_organisation)

    html = page_as(client, dpo, reverse("sharing:consultation_respond", args=[consultation.pk]))

    assert SCRIPT not in html
    assert f"Does {ESCAPED} agree to its data being used?" in html


def test_an_agreement_party_hint_shows_an_agreement_titled_as_a_script_as_text(
    client, dpo, opcc, scripted_organisation
):
    agreement = AgreementFactory(
        title=SCRIPT, parties=[(opcc, "controller"), (scripted_organisation, "controller")]
    )
    party = agreement.parties.get(organisation=scripted_organisation)

    html = page_as(client, dpo, reverse("sharing:agreementparty_update", args=[party.pk]))

    assert SCRIPT not in html
    assert f"The organisation that is party to ‘{ESCAPED}’." in html


def test_a_connection_request_hint_shows_forum_members_named_as_scripts_as_text(
    client, dpo, scripted_organisation
):
    forum = ForumFactory(name=SCRIPT, acronym="X", members=[scripted_organisation])
    request = ConnectionRequest.objects.create(forum=forum, purpose="Youth service data")
    request.organisations.set([scripted_organisation])

    html = page_as(client, dpo, reverse("sharing:connectionrequest_update", args=[request.pk]))

    assert SCRIPT not in html
    assert f"Members of {ESCAPED} (X): {ESCAPED}." in html


def test_a_forum_without_members_named_as_a_script_is_shown_as_text_in_the_hint(client, dpo):
    forum = ForumFactory(name=SCRIPT, acronym="X")
    request = ConnectionRequest.objects.create(forum=forum, purpose="Youth service data")

    html = page_as(client, dpo, reverse("sharing:connectionrequest_update", args=[request.pk]))

    assert SCRIPT not in html
    assert f"{ESCAPED} (X) has no members recorded yet" in html


def test_consulting_on_a_product_lists_suppliers_named_as_scripts_as_text(
    client, staff, opcc, scripted_organisation
):
    from tests.factories import DataSourceFactory

    agreement = AgreementFactory(
        kind="isa",
        status="active",
        allows_personal_data=True,
        lawful_basis="public_task",
        parties=[(opcc, "controller"), (scripted_organisation, "controller")],
    )
    source = DataSourceFactory(
        classification="partner_shared",
        url="",
        publisher="",
        supplier=scripted_organisation,
        covering_agreement=agreement,
        justification="Not published at street level.",
        collection="existing",
    )
    product = ProductFactory(data_sources=[source])

    html = page_as(client, staff, reverse("sharing:consultation_create", args=[product.pk]))

    assert SCRIPT not in html
    assert f"Supplying organisations not yet consulted: {ESCAPED}." in html


def test_an_error_naming_an_organisation_named_as_a_script_shows_the_name_as_text(
    client, staff, hull, scripted_organisation
):
    forum = ForumFactory(name="Humber Information Governance Alliance", members=[hull])
    client.force_login(staff)

    response = client.post(
        reverse("sharing:connectionrequest_create"),
        {
            "forum": forum.pk,
            "organisations": [scripted_organisation.pk],
            "purpose": "Youth service data",
            "requested_on": "2026-03-27",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert SCRIPT not in html
    assert f"{ESCAPED} is not a member of" in html
    assert not ConnectionRequest.objects.exists()
