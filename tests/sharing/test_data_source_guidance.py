"""The data source form guides: only the chosen classification's fields, only agreements that
can cover the supplier's data (refreshed by htmx or, without JavaScript, by a button that saves
nothing), and the rules said before the user breaks them."""

import pytest
from django.urls import reverse

from sharing.forms.sources import REFRESH, DataSourceForm, agreements_covering
from sharing.models import Agreement, DataSource
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db

ADD = reverse("sharing:datasource_create")
CHOICES = reverse("sharing:datasource_agreement_choices")
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def agreements(opcc, hull, police):
    """Besides Hull's active ISA: a police MoU, a Hull draft, and an ended Hull ISA."""
    return {
        "police_mou": AgreementFactory(
            title="Police MoU", kind="mou", status="active", parties=[(police, "controller")]
        ),
        "hull_draft": AgreementFactory(
            title="Hull draft ISA", status="drafting", parties=[(hull, "controller")]
        ),
        "hull_ended": AgreementFactory(
            title="Hull ended ISA", status="terminated", parties=[(hull, "controller")]
        ),
    }


def offered(form):
    return [label for value, label in form.fields["covering_agreement"].widget.choices if value]


def test_only_active_agreements_the_supplier_is_party_to_are_offered(
    staff, hull, police, hull_sharing, agreements
):
    hull_form = DataSourceForm(initial={"supplier": hull.pk}, user=staff)
    assert offered(hull_form) == ["Hull youth violence ISA (Active)"]
    police_form = DataSourceForm({"supplier": police.pk}, user=staff)
    assert offered(police_form) == ["Police MoU (Active)"]
    assert offered(DataSourceForm(user=staff)) == []
    assert list(agreements_covering(Agreement.objects.all(), "")) == []


def test_an_edit_offers_the_suppliers_agreements_and_keeps_the_one_the_record_holds(
    staff, hull_sharing, agreements
):
    source = hull_sharing["datasource"]
    source.covering_agreement = agreements["hull_ended"]
    source.save()
    form = DataSourceForm(instance=source, user=staff)
    assert offered(form) == ["Hull ended ISA (Terminated)", "Hull youth violence ISA (Active)"]


def test_a_partner_is_offered_only_what_they_may_see(partner_police, hull, police, agreements):
    form = DataSourceForm(initial={"supplier": police.pk}, user=partner_police)
    assert list(form.fields["supplier"].queryset) == [police]
    assert offered(form) == ["Police MoU (Active)"]
    # Hull's agreements are not the police's to see, even asked for by Hull's id.
    hull_form = DataSourceForm({"supplier": hull.pk}, user=partner_police)
    assert offered(hull_form) == []
    assert (
        not hull_form.fields["covering_agreement"]
        .queryset.filter(pk=agreements["hull_draft"].pk)
        .exists()
    )


def test_the_rules_are_said_before_they_are_broken(staff):
    form = DataSourceForm(user=staff)
    hints = " ".join(str(choice.hint) for choice in form.fields["classification"].choices)
    assert "active Information Sharing Agreement or MoU the supplier is party to" in hints
    assert "the supplier is party to" in str(form.fields["covering_agreement"].help_text)


def test_fields_of_another_classification_do_not_stop_the_save(client, staff, hull_sharing):
    client.force_login(staff)
    data = {
        "name": "Police.uk street crime",
        "classification": "open",
        "url": "https://data.police.uk/",
        "publisher": "Home Office",
        "published_on": "31/02/2027",  # a one-off public field, hidden for open data
        "covering_agreement": "999999",
    }
    response = client.post(ADD, data)
    assert response.status_code == 302, response.context["form"].errors
    source = DataSource.objects.get(name="Police.uk street crime")
    assert (source.published_on, source.covering_agreement) == (None, None)


def test_the_form_shows_each_classifications_fields_under_its_own_radio(client, staff):
    client.force_login(staff)
    page = client.get(ADD).content.decode()
    assert "data-vpp-reveal" in page
    assert "aria-expanded" not in page
    assert page.count("govuk-radios__conditional") >= 3
    for legend in ("If open data", "If one-off public", "If partner-shared"):
        assert legend in page
    assert 'id="id_classification_1"' in page
    assert f'hx-get="{CHOICES}"' in page
    assert 'name="refresh"' in page
    assert "<script>" not in page


def test_the_htmx_answer_is_the_agreement_field_alone(
    client, staff, hull, hull_sharing, agreements
):
    client.force_login(staff)
    response = client.get(CHOICES, {"supplier": hull.pk}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<select") == 1
    assert 'name="covering_agreement"' in html
    assert 'id="covering-agreement-field"' in html
    assert "Hull youth violence ISA" in html
    assert "Police MoU" not in html
    assert "<form" not in html and "<html" not in html


def test_without_htmx_the_address_opens_the_form_with_the_supplier_chosen(client, staff, hull):
    client.force_login(staff)
    response = client.get(CHOICES, {"supplier": hull.pk})
    assert response.status_code == 302
    assert response["Location"] == f"{ADD}?supplier={hull.pk}"
    form = client.get(response["Location"]).context["form"]
    assert str(form["supplier"].value()) == str(hull.pk)


def test_a_partner_cannot_ask_for_the_list_and_an_unseen_supplier_is_not_found(
    client, partner_hull, staff, hull
):
    client.force_login(partner_hull)
    assert client.get(CHOICES, {"supplier": hull.pk}, **HTMX).status_code == 403
    client.force_login(staff)
    assert client.get(CHOICES, {"supplier": 2**31 - 1}, **HTMX).status_code == 404


def test_the_refresh_button_keeps_the_input_and_saves_nothing(
    client, staff, hull, police, hull_sharing, agreements
):
    client.force_login(staff)
    data = {
        "name": "Police custody records",
        "classification": "partner_shared",
        "supplier": police.pk,
        "covering_agreement": hull_sharing["agreement"].pk,
        "justification": "Not published.",
        "has_personal_data": "on",
        REFRESH: "",
    }
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert DataSource.objects.filter(name="Police custody records").count() == 0
    form = response.context["form"]
    assert not form.is_bound
    page = response.content.decode()
    assert "There is a problem" not in page
    assert 'value="Police custody records"' in page
    assert "Police MoU (Active)" in offered(form)
    assert form["has_personal_data"].value()


def test_the_refresh_button_on_an_edit_keeps_the_version_and_saves_nothing(
    client, staff, hull, hull_sharing
):
    source = hull_sharing["datasource"]
    client.force_login(staff)
    url = reverse("sharing:datasource_update", kwargs={"pk": source.pk})
    response = client.post(
        url,
        {"name": "Renamed", "classification": "partner_shared", "row_version": "1", REFRESH: ""},
    )
    assert response.status_code == 200
    source.refresh_from_db()
    assert source.name == "Hull youth service contacts"
    assert response.context["form"]["row_version"].value() == "1"
