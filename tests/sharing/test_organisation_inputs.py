"""Whatever a user types into the list's filters, sort or page, the answer is a page, not a 500."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import OrganisationFactory
from tests.support.hypothesis import examples

pytestmark = pytest.mark.django_db

text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)


@pytest.fixture
def signed_in(client, staff):
    OrganisationFactory.create_batch(3)
    client.force_login(staff)
    return client


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(q=text, kind=text, sort=text, page=text)
def test_any_filter_sort_or_page_value_gets_a_page_or_not_found(signed_in, q, kind, sort, page):
    params = {"q": q, "kind": kind, "sort": sort, "page": page}
    listing = signed_in.get(reverse("sharing:organisation_list"), params)
    assert listing.status_code in (200, 404)  # 404 only for a page number past the end
    export = signed_in.get(reverse("sharing:organisation_export", kwargs={"format": "csv"}), params)
    assert export.status_code == 200


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(name=text, kind=text, reason=text, version=text)
def test_any_form_input_is_saved_or_explained_never_a_500(
    signed_in, hull, name, kind, reason, version
):
    url = reverse("sharing:organisation_update", kwargs={"pk": hull.pk})
    data = {"name": name, "kind": kind, "change_reason": reason, "row_version": version}
    response = signed_in.post(url, data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "There is a problem" in response.content.decode()
