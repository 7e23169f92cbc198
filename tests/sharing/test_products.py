"""The product register and its workflow, with rule 3: suppliers agree before it goes out."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from sharing.models import Consultation, Product
from tests.factories import (
    AgreementFactory,
    ConsultationFactory,
    DataSourceFactory,
    ProductFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("sharing:product_list")
ADD = reverse("sharing:product_create")


def edit_url(product):
    return reverse("sharing:product_update", kwargs={"pk": product.pk})


def step_url(product, transition):
    return reverse(
        "sharing:product_transition", kwargs={"pk": product.pk, "transition": transition}
    )


def form_data(product, **changes):
    data = {
        "title": product.title,
        "kind": product.kind,
        "audience": product.audience,
        "description": product.description,
        "data_sources": [s.pk for s in product.data_sources.all()],
        "row_version": product.row_version,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value not in ("", None)}


def rows(response):
    return [row.record for row in response.context["table"].rows]


def error_summary(response):
    page = response.content.decode()
    assert "There is a problem" in page
    return page.split('govuk-error-summary__list">')[1].split("</ul>")[0]


@pytest.fixture
def police_source(police, opcc):
    agreement = AgreementFactory(
        title="Police violence ISA",
        status="active",
        allows_personal_data=True,
        parties=[(opcc, "controller"), (police, "controller")],
    )
    return DataSourceFactory(
        name="Police recorded violence",
        classification="partner_shared",
        url="",
        publisher="",
        supplier=police,
        covering_agreement=agreement,
        justification="Not published by offence.",
        collection="existing",
    )


@pytest.fixture
def briefing(hull_sharing, police_source):
    """Hull's briefing for partners, using Hull's and the police's data; Hull is consulted."""
    product = hull_sharing["product"]
    product.data_sources.add(police_source, DataSourceFactory(name="ONS population"))
    return product


# --- Access ----------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["siro", "director"])
def test_readers_cannot_edit_or_move_a_product_on_and_see_no_buttons(
    request, client, actor, hull_sharing
):
    product = hull_sharing["product"]
    client.force_login(request.getfixturevalue(actor))
    assert client.get(edit_url(product)).status_code == 403
    assert client.post(edit_url(product), form_data(product, title="X")).status_code == 403
    assert client.post(step_url(product, "request_consultation")).status_code == 403
    page = client.get(product.get_absolute_url()).content.decode()
    assert edit_url(product) not in page
    assert 'data-testid="workflow-actions"' not in page
    assert "Consult another organisation" not in page
    assert "Add a product" not in client.get(LIST).content.decode()


# --- List and export -------------------------------------------------------------------------


def test_the_list_filters_by_text_audience_and_status_and_summarises_consultation(
    client, staff, hull_sharing
):
    internal = ProductFactory(title="Internal ward profile", audience="internal")
    public = ProductFactory(title="Public dashboard", audience="public", status="published")
    client.force_login(staff)

    assert rows(client.get(LIST, {"audience": "internal"})) == [internal]
    assert rows(client.get(LIST, {"status": "published"})) == [public]
    assert rows(client.get(LIST, {"q": "hotspots"})) == [hull_sharing["product"]]
    table = client.get(LIST).context["table"]
    summary = {row.record.title: row.get_cell_value("consultation") for row in table.rows}
    assert summary == {
        "Hull hotspots briefing": "0 of 1 agreed",
        "Internal ward profile": "Not needed",
        "Public dashboard": "Not needed",
    }


def test_the_export_holds_the_filtered_list(client, staff, hull_sharing):
    ProductFactory(title="Internal ward profile", audience="internal")
    client.force_login(staff)
    params = {"audience": "partners"}
    export = client.get(reverse("sharing:product_export", kwargs={"format": "csv"}), params)
    header, *lines = list(csv.reader(io.StringIO(export.getvalue().decode("utf-8-sig"))))
    assert header == ["Title", "Kind", "Audience", "Suppliers' agreement", "Status", "Published"]
    assert lines == [["Hull hotspots briefing", "Report", "Partners", "0 of 1 agreed", "Draft", ""]]


# --- Detail ----------------------------------------------------------------------------------


def test_the_page_lists_its_sources_and_each_suppliers_answer(client, staff, briefing, police):
    hull_answer = Consultation.objects.get(product=briefing)
    hull_answer.response = "agreed_with_conditions"
    hull_answer.conditions = "Counts below five suppressed."
    hull_answer.responded_at = timezone.now()
    hull_answer.save()
    client.force_login(staff)

    page = client.get(briefing.get_absolute_url()).content.decode()

    sources = page.split('data-testid="data-sources"')[1].split("</table>")[0]
    for text in ("Hull youth service contacts", "Police recorded violence", "ONS population"):
        assert text in sources
    assert "3. Partner-shared" in sources and "1. Open data" in sources
    assert "Humberside Police" in sources
    panel = page.split('data-testid="consultations"')[1].split("</table>")[0]
    assert "Hull City Council" in panel
    assert 'govuk-tag--turquoise">Agreed with conditions</strong>' in panel
    assert "Counts below five suppressed." in panel
    assert "Humberside Police" in panel and "Not consulted" in panel
    warning = page.split('data-testid="consultation-problems"')[1].split("</div>")[0]
    assert "Humberside Police has not been consulted about this product." in warning
    assert "Hull City Council" not in warning


def test_a_declined_answer_is_named_in_the_warning(client, staff, hull_sharing):
    consultation = hull_sharing["consultation"]
    consultation.response = "declined"
    consultation.responded_at = timezone.now()
    consultation.save()
    client.force_login(staff)
    page = client.get(hull_sharing["product"].get_absolute_url()).content.decode()
    assert "Hull City Council declined on " in page
    assert "the product cannot go to partners with their data" in page


def test_editors_see_the_steps_open_now_and_a_link_to_consult_another_organisation(
    client, staff, hull_sharing
):
    product = hull_sharing["product"]
    client.force_login(staff)
    page = client.get(product.get_absolute_url()).content.decode()
    actions = page.split('data-testid="workflow-actions"')[1].split("</div>")[0]
    assert step_url(product, "request_consultation") in actions
    assert step_url(product, "mark_ready") in actions
    assert step_url(product, "publish") not in actions
    assert reverse("sharing:consultation_create", kwargs={"product_pk": product.pk}) in page


def test_an_internal_product_is_not_offered_a_consultation(client, staff, hull_sharing):
    product = hull_sharing["product"]
    product.audience = "internal"
    product.save()
    client.force_login(staff)
    page = client.get(product.get_absolute_url()).content.decode()
    assert step_url(product, "request_consultation") not in page
    assert "needs no consultation" in page
    assert 'data-testid="consultation-problems"' not in page


# --- Add and edit ----------------------------------------------------------------------------


def test_staff_add_a_product_choosing_sources_by_name_with_one_history_row(
    client, staff, hull_sharing
):
    source = hull_sharing["datasource"]
    open_data = DataSourceFactory(name="ONS population")
    client.force_login(staff)
    form = client.get(ADD).content.decode()
    # The sources are chosen by typing a name: the page lists none of them.
    assert source.name not in form
    assert 'name="data_sources-add"' in form

    response = client.post(
        ADD,
        {
            "title": "Hull youth violence profile",
            "kind": "report",
            "audience": "partners",
            "data_sources": [source.pk],
            "data_sources-add": "ONS pop",
            "change_reason": "Commissioned by the VPP board",
        },
    )

    product = Product.objects.get(title="Hull youth violence profile")
    assert response["Location"] == product.get_absolute_url()
    assert set(product.data_sources.all()) == {source, open_data}
    (entry,) = product.history.all()
    assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
        "+",
        staff,
        "Commissioned by the VPP board",
    )
    # The edit page shows the chosen sources as ticked boxes, with classification and supplier.
    edit = client.get(edit_url(product)).content.decode()
    box = f'name="data_sources" value="{source.pk}" id="id_data_sources-{source.pk}" checked'
    assert box in edit
    assert "Hull youth service contacts – 3. Partner-shared, supplied by Hull City Council" in edit
    # The one history row records the links as saved.
    assert {link.datasource_id for link in entry.data_sources.all()} == {source.pk, open_data.pk}


def test_changing_the_sources_writes_exactly_one_history_row(client, dpo, briefing):
    keep = briefing.data_sources.get(name="ONS population")
    client.force_login(dpo)
    before = briefing.history.count()
    response = client.post(
        edit_url(briefing),
        form_data(briefing, data_sources=[keep.pk], change_reason="Open data only"),
    )
    assert response.status_code == 302
    assert list(briefing.data_sources.all()) == [keep]
    assert briefing.history.count() == before + 1
    latest = briefing.history.first()
    assert (latest.history_user, latest.history_change_reason) == (dpo, "Open data only")
    assert [link.datasource_id for link in latest.data_sources.all()] == [keep.pk]


def test_a_missing_title_is_explained_and_nothing_is_saved(client, staff):
    client.force_login(staff)
    response = client.post(ADD, {"kind": "report", "audience": "public"})
    assert response.status_code == 200
    assert "Enter the title of the product." in error_summary(response)
    assert not Product.objects.exists()


def test_a_ready_product_cannot_take_on_data_nobody_agreed_to(
    client, staff, hull_sharing, police_source
):
    product = hull_sharing["product"]
    consultation = hull_sharing["consultation"]
    consultation.response = "agreed"
    consultation.save()
    product.status = "ready"
    product.save()
    client.force_login(staff)
    response = client.post(
        edit_url(product),
        form_data(product, data_sources=[hull_sharing["datasource"].pk, police_source.pk]),
    )
    assert response.status_code == 200
    summary = error_summary(response)
    assert "is ready, so every organisation whose data it uses must have agreed" in summary
    assert "Humberside Police has not been consulted about this product." in summary
    assert list(product.data_sources.all()) == [hull_sharing["datasource"]]


# --- Workflow and rule 3 ---------------------------------------------------------------------


def test_marking_ready_is_refused_while_a_supplier_has_not_answered(client, staff, hull_sharing):
    product = hull_sharing["product"]
    client.force_login(staff)
    before = product.history.count()

    response = client.post(step_url(product, "mark_ready"), {"reason": "Looks done"})

    assert response.status_code == 200
    assert "Hull City Council has not answered the consultation yet." in error_summary(response)
    product.refresh_from_db()
    assert product.status == "draft"
    assert product.history.count() == before


def test_marking_ready_lists_every_supplier_not_consulted_or_declined(
    client, staff, briefing, hull_sharing
):
    consultation = hull_sharing["consultation"]
    consultation.response = "declined"
    consultation.save()
    client.force_login(staff)

    response = client.post(step_url(briefing, "mark_ready"))

    summary = error_summary(response)
    assert "Hull City Council declined: the product cannot go to partners" in summary
    assert "Humberside Police has not been consulted about this product." in summary
    briefing.refresh_from_db()
    assert briefing.status == "draft"


def test_a_declined_answer_also_blocks_publication(client, staff, hull_sharing):
    product = hull_sharing["product"]
    product.status = "ready"  # e.g. Hull changed its answer after the product was ready
    product.save()
    consultation = hull_sharing["consultation"]
    consultation.response = "declined"
    consultation.save()
    client.force_login(staff)

    response = client.post(step_url(product, "publish"))

    assert "Hull City Council declined" in error_summary(response)
    product.refresh_from_db()
    assert (product.status, product.published_on) == ("ready", None)


def test_once_every_supplier_agreed_it_can_be_marked_ready_and_published(
    client, staff, hull_sharing
):
    product = hull_sharing["product"]
    consultation = hull_sharing["consultation"]
    consultation.response = "agreed_with_conditions"
    consultation.conditions = "No ward below 1,000 people."
    consultation.save()
    client.force_login(staff)

    response = client.post(step_url(product, "mark_ready"), {"reason": "Hull agreed"})
    assert response["Location"] == product.get_absolute_url()
    product.refresh_from_db()
    assert product.status == "ready"
    latest = product.history.first()
    assert (latest.history_user, latest.history_change_reason) == (staff, "Hull agreed")

    client.post(step_url(product, "publish"), {"reason": "Sent to the VPP board"})
    product.refresh_from_db()
    assert (product.status, product.published_on) == ("published", timezone.localdate())
    assert product.history.first().history_change_reason == "Sent to the VPP board"


def test_an_internal_product_needs_no_consultation(client, staff, hull_sharing):
    product = ProductFactory(audience="internal", data_sources=[hull_sharing["datasource"]])
    client.force_login(staff)
    response = client.post(step_url(product, "mark_ready"))
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.status == "ready"
    assert not product.consultations.exists()


def test_asking_for_consultation_asks_each_supplier_not_yet_consulted_once(
    client, staff, briefing, police
):
    client.force_login(staff)
    due = timezone.localdate() + timezone.timedelta(days=14)

    response = client.post(
        step_url(briefing, "request_consultation"),
        {"reason": "Draft ready for partners", "due_on": due.isoformat()},
    )

    assert response.status_code == 302
    briefing.refresh_from_db()
    assert briefing.status == "awaiting_consultation"
    # Hull was already consulted; only the police are asked now.
    consultations = {c.organisation.name: c for c in briefing.consultations.all()}
    assert set(consultations) == {"Hull City Council", "Humberside Police"}
    asked = consultations["Humberside Police"]
    assert (asked.requested_by, asked.due_on, asked.response) == (staff, due, "pending")
    (entry,) = asked.history.all()
    assert (entry.history_user, entry.history_change_reason) == (
        staff,
        "Draft ready for partners",
    )


@pytest.mark.parametrize(
    ("audience", "with_partner_data", "message"),
    [
        ("internal", True, "An internal product needs no consultation: mark it ready instead."),
        (
            "public",
            False,
            "The product uses no partner-shared data, so there is nobody to consult.",
        ),
    ],
)
def test_asking_for_consultation_is_refused_when_there_is_nothing_to_ask(
    client, staff, hull_sharing, audience, with_partner_data, message
):
    sources = [hull_sharing["datasource"]] if with_partner_data else [DataSourceFactory()]
    product = ProductFactory(audience=audience, data_sources=sources)
    client.force_login(staff)
    response = client.post(step_url(product, "request_consultation"))
    assert message in error_summary(response)
    product.refresh_from_db()
    assert product.status == "draft"
    assert not product.consultations.exists()


def test_withdrawing_needs_a_reason(client, staff, hull_sharing):
    product = ProductFactory(status="published", audience="internal")
    client.force_login(staff)
    response = client.post(step_url(product, "withdraw"), {"reason": ""})
    assert "Enter the reason." in error_summary(response)
    product.refresh_from_db()
    assert product.status == "published"

    client.post(step_url(product, "withdraw"), {"reason": "Figures for Goole were wrong"})
    product.refresh_from_db()
    assert product.status == "withdrawn"
    assert product.history.first().history_change_reason == "Figures for Goole were wrong"


def test_a_step_the_status_does_not_allow_is_explained(client, staff, hull_sharing):
    product = hull_sharing["product"]
    client.force_login(staff)
    response = client.post(step_url(product, "publish"))
    assert "This cannot be done while the product is ‘Draft’." in error_summary(response)


def test_an_unknown_step_is_not_found(client, staff, hull_sharing):
    client.force_login(staff)
    assert client.get(step_url(hull_sharing["product"], "launch")).status_code == 404


def test_the_history_tab_shows_each_step_with_its_reason(client, staff, hull_sharing):
    product = ProductFactory(audience="internal")
    client.force_login(staff)
    client.post(step_url(product, "mark_ready"), {"reason": "Checked by the analyst lead"})
    page = client.get(reverse("sharing:product_history", kwargs={"pk": product.pk}))
    text = page.content.decode()
    assert "Checked by the analyst lead" in text
    assert "Sam Staff" in text
    assert "Draft</span> → " in text


def test_consultation_rows_for_organisations_that_supply_nothing_are_shown_apart(
    client, staff, hull_sharing, police
):
    ConsultationFactory(product=hull_sharing["product"], organisation=police)
    client.force_login(staff)
    page = client.get(hull_sharing["product"].get_absolute_url()).content.decode()
    assert "Supplies none of its partner-shared data" in page
