"""An id the database cannot hold, a negative one or a word in a select box is a field error
("Select a valid choice…") on the form, never a server error, and nothing is saved."""

import pytest
from django.urls import reverse

from governance.models import Dpia
from ropa.models import IndividualCategory, ProcessingActivity
from sharing.models import ConnectionRequest, Forum, Product
from tests.factories import DataSourceFactory, ForumFactory

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"
BAD_IDS = [
    pytest.param(HUGE, id="huge"),
    pytest.param("-1", id="negative"),
    pytest.param("abc", id="not-a-number"),
]


@pytest.fixture
def choices(hull, police):
    """One real option for every list the forms offer, posted beside the bad id."""
    return {
        "source": DataSourceFactory(name="Police recorded crime"),
        "forum": ForumFactory(name="Humber Information Governance Alliance", members=[hull]),
        "category": IndividualCategory.objects.create(name="Victims"),
        "hull": hull,
        "police": police,
    }


def product_data(c, bad):
    return {"title": "Hotspots", "kind": "report", "audience": "internal"}, {
        "data_sources": [c["source"].pk, bad]
    }


def forum_data(c, bad):
    return {"name": "Youth Justice Board", "acronym": "YJB", "purpose": "Youth justice."}, {
        "members": [c["hull"].pk, bad]
    }


def connection_data(c, bad):
    return {
        "forum": c["forum"].pk,
        "purpose": "Youth service data",
        "requested_on": "2026-03-27",
    }, {"organisations": [c["hull"].pk, bad]}


def connection_forum_data(c, bad):
    return {
        "purpose": "Youth service data",
        "requested_on": "2026-03-27",
        "organisations": [c["hull"].pk],
    }, {"forum": bad}


def activity_data(c, bad):
    return {
        "name": "Hotspot analysis",
        "business_function": "Analysis",
        "purpose": "Finding where violence happens.",
    }, {"individual_categories": [c["category"].pk, bad]}


def activity_owner_data(c, bad):
    return {
        "name": "Hotspot analysis",
        "business_function": "Analysis",
        "purpose": "Finding where violence happens.",
    }, {"owner": bad}


def dpia_data(c, bad):
    return {"title": "Youth referrals matching"}, {"data_sources": [c["source"].pk, bad]}


FORMS = [
    pytest.param("sharing:product_create", product_data, Product, id="product-data-sources"),
    pytest.param("sharing:forum_create", forum_data, Forum, id="forum-members"),
    pytest.param(
        "sharing:connectionrequest_create",
        connection_data,
        ConnectionRequest,
        id="connection-request-organisations",
    ),
    pytest.param(
        "sharing:connectionrequest_create",
        connection_forum_data,
        ConnectionRequest,
        id="connection-request-forum",
    ),
    pytest.param(
        "ropa:processingactivity_create",
        activity_data,
        ProcessingActivity,
        id="activity-individuals",
    ),
    pytest.param(
        "ropa:processingactivity_create",
        activity_owner_data,
        ProcessingActivity,
        id="activity-owner",
    ),
    pytest.param("governance:dpia_create", dpia_data, Dpia, id="dpia-data-sources"),
]


@pytest.mark.parametrize("bad", BAD_IDS)
@pytest.mark.parametrize(("url_name", "build", "model"), FORMS)
def test_a_bad_id_in_a_select_is_a_clear_error_next_to_the_field_and_nothing_is_saved(
    client, staff, choices, url_name, build, model, bad
):
    data, chosen = build(choices, bad)
    (field,) = chosen
    before = model.objects.count()
    client.force_login(staff)

    response = client.post(reverse(url_name), {**data, **chosen})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    message = errors[field][0]
    # A single choice is a chooser, a text box: there "-1" or a word is a name no row has.
    named = f"called ‘{bad}’ was found" in message and field in ("forum", "owner")
    assert message.startswith("Select a valid choice") or named, message
    html = response.content.decode()
    # Next to the field (its GOV.UK error message), and in the summary at the top.
    assert f'id="id_{field}_1_error"' in html
    assert html.count(message) >= 2
    assert model.objects.count() == before


def _project_forms() -> list[type]:
    """Every form class of the portal's apps (the URLconf imports every view and form)."""
    import importlib
    import pkgutil

    from django import forms
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - importing every view imports every form
    for app in ("sharing", "ropa", "governance"):
        package = importlib.import_module(f"{app}.forms")
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{app}.forms.{module.name}")
    found, todo = [], [forms.BaseForm]
    while todo:
        for subclass in todo.pop().__subclasses__():
            todo.append(subclass)
            if subclass.__module__.split(".")[0] in (
                "accounts",
                "sharing",
                "ropa",
                "governance",
                "vpp_portal",
            ):
                found.append(subclass)
    return found


def test_every_multi_select_of_the_portals_forms_refuses_ids_that_cannot_exist():
    from vpp_portal.forms import unsafe_multiple_choice_fields

    forms_found = _project_forms()
    unsafe = {
        f"{form.__module__}.{form.__qualname__}": names
        for form in forms_found
        if (names := unsafe_multiple_choice_fields(form.base_fields.items()))
    }
    assert len(forms_found) > 20
    assert not unsafe, f"use vpp_portal.forms.ModelMultipleChoiceField in: {unsafe}"
