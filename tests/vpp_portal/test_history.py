"""The History tab shows many-to-many link changes like any other field, one row per save."""

import pytest
from django.urls import reverse

from sharing.models import Product
from tests.factories import DataSourceFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_changing_a_products_data_sources_is_one_history_row_naming_old_and_new(client, staff):
    crime = DataSourceFactory(name="police.uk street-level crime")
    population = DataSourceFactory(name="ONS population estimates")
    product = ProductFactory(title="Monthly briefing", audience="internal", data_sources=[crime])
    before = product.history.count()
    client.force_login(staff)
    response = client.post(
        reverse("sharing:product_update", kwargs={"pk": product.pk}),
        {
            "title": "Monthly briefing",
            "kind": "briefing",
            "audience": "internal",
            "data_sources": [crime.pk, population.pk],
            "change_reason": "Population denominators added",
            "row_version": product.row_version,
        },
    )
    assert response.status_code == 302
    product = Product.objects.get(pk=product.pk)
    assert product.history.count() == before + 1
    page = client.get(reverse("sharing:product_history", kwargs={"pk": product.pk}))
    text = page.content.decode()
    assert "Population denominators added" in text
    assert "Data sources used:" in text
    old, new = (
        "police.uk street-level crime",
        "ONS population estimates, police.uk street-level crime",
    )
    assert f"{old}</span> → " in text
    assert new in text
