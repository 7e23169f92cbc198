"""A date the calendar lacks, typed into a real form, is named by its field and saves nothing."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db


def _edit(client, staff, review_on):
    agreement = AgreementFactory(title="Hull ISA", review_on=datetime.date(2027, 1, 1))
    client.force_login(staff)
    data = {
        "title": "Hull ISA renamed",
        "kind": "isa",
        "template": "higa_isa",
        "purpose": "Understanding where young people are at risk.",
        "review_on": review_on,
        "row_version": agreement.row_version,
    }
    url = reverse("sharing:agreement_update", kwargs={"pk": agreement.pk})
    return agreement, client.post(url, data)


@pytest.mark.parametrize("typed", ["31/02/2027", "22027-03-10"])
def test_an_impossible_review_date_is_named_beside_the_field_and_in_the_summary(
    client, staff, typed
):
    agreement, response = _edit(client, staff, typed)
    assert response.status_code == 200
    assert response.context["form"].errors["review_on"] == ["Enter a real review date"]
    page = response.content.decode()
    assert "There is a problem" in page
    assert page.count("Enter a real review date") >= 2  # the summary and beside the field
    assert 'href="#id_review_on"' in page
    agreement.refresh_from_db()
    assert (agreement.title, agreement.review_on) == ("Hull ISA", datetime.date(2027, 1, 1))
    assert agreement.history.count() == 1


@pytest.mark.parametrize(
    "typed", ["27 3 2027", "27/3/2027", "27-03-2027", "27.3.2027", "2027-03-27"]
)
def test_each_way_of_writing_the_date_saves_it(client, staff, typed):
    agreement, response = _edit(client, staff, typed)
    assert response.status_code == 302, response.context["form"].errors
    agreement.refresh_from_db()
    assert agreement.review_on == datetime.date(2027, 3, 27)


def test_the_date_shows_as_typed_with_the_hint_and_no_date_picker(client, staff):
    agreement = AgreementFactory(title="Hull ISA", review_on=datetime.date(2027, 3, 27))
    client.force_login(staff)
    page = client.get(reverse("sharing:agreement_update", kwargs={"pk": agreement.pk}))
    html = page.content.decode()
    assert 'value="27 3 2027"' in html
    assert "For example, 27 3 2027" in html
    assert 'type="date"' not in html
