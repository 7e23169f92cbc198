"""A register save is one transaction: the row, its many-to-many links, and the history row that
records both. When the links part fails, nothing of the row's save remains either."""

import pytest
from django.urls import reverse

from ropa import services as ropa_services
from ropa.models import ProcessingActivity, RecipientCategory
from sharing import services as sharing_services
from sharing.models import Forum, Product
from sharing.services import products as sharing_products
from tests.factories import DataSourceFactory, ForumFactory, ProductFactory
from vpp_portal import editing

pytestmark = pytest.mark.django_db


class LinksFailed(Exception):
    """Stands for anything going wrong between the row's save and its links' (a lost
    connection, a constraint, a bug)."""


def fail(*args, **kwargs):
    raise LinksFailed


def test_a_form_save_whose_links_fail_leaves_the_row_its_links_and_history_unchanged(
    client, monkeypatch, staff, hull, police
):
    forum = ForumFactory(name="Humber Information Governance Alliance", acronym="HIGA")
    forum.members.set([hull])
    before = (forum.row_version, forum.history.count())
    # The links are set, then the history row is given them: fail at that second step.
    monkeypatch.setattr(editing, "_snapshot_links", fail)
    client.force_login(staff)
    with pytest.raises(LinksFailed):
        client.post(
            reverse("sharing:forum_update", kwargs={"pk": forum.pk}),
            {
                "name": "HIGA (renamed)",
                "acronym": "HIGA",
                "purpose": "",
                "members": [hull.pk, police.pk],
                "row_version": forum.row_version,
                "change_reason": "Police joined",
            },
        )
    stored = Forum.objects.get(pk=forum.pk)
    assert stored.name == "Humber Information Governance Alliance"
    assert set(stored.members.all()) == {hull}
    assert (stored.row_version, stored.history.count()) == before
    assert {m.organisation for m in stored.history.first().members.all()} == {hull}


def test_a_product_save_whose_links_fail_leaves_the_product_as_it_was(monkeypatch, staff):
    crime = DataSourceFactory(name="police.uk street-level crime")
    population = DataSourceFactory(name="ONS population estimates")
    product = ProductFactory(title="Monthly briefing", audience="internal", data_sources=[crime])
    before = (product.row_version, product.history.count())
    monkeypatch.setattr(sharing_products, "save_links", fail)
    product.title = "Monthly briefing (with population)"
    with pytest.raises(LinksFailed):
        sharing_services.product_save(
            product,
            actor=staff,
            links={"data_sources": [crime, population]},
            reason="Denominators",
        )
    stored = Product.objects.get(pk=product.pk)
    assert stored.title == "Monthly briefing"
    assert list(stored.data_sources.all()) == [crime]
    assert (stored.row_version, stored.history.count()) == before


def test_an_activity_save_whose_links_fail_leaves_the_activity_as_it_was(
    client, monkeypatch, staff
):
    activity = ProcessingActivity.objects.create(
        name="Open crime data analysis",
        business_function="Analysis",
        purpose="Hotspot analysis of published crime figures.",
    )
    team = RecipientCategory.objects.create(name="VPP core team")
    before = (activity.row_version, activity.history.count())
    monkeypatch.setattr(ropa_services, "save_links", fail)
    client.force_login(staff)
    with pytest.raises(LinksFailed):
        client.post(
            reverse("ropa:processingactivity_update", kwargs={"pk": activity.pk}),
            {
                "name": activity.name,
                "business_function": "Analysis and mapping",
                "purpose": activity.purpose,
                "recipient_categories": [team.pk],
                "row_version": activity.row_version,
            },
        )
    stored = ProcessingActivity.objects.get(pk=activity.pk)
    assert stored.business_function == "Analysis"
    assert list(stored.recipient_categories.all()) == []
    assert (stored.row_version, stored.history.count()) == before
