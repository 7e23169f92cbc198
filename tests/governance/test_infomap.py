"""The information map: what each user's diagram and table hold, escaping, bounds, and the page
without Graphviz."""

import shutil

import pytest
from django.urls import reverse

from governance import infomap
from governance.models.systems import System
from governance.services.systems import system_save
from ropa.models import ProcessingActivity
from tests.conftest import skip_or_fail
from tests.factories import DataSourceFactory, ProductFactory

pytestmark = pytest.mark.django_db

MAP = reverse("governance:infomap")


@pytest.fixture
def needs_dot():
    if shutil.which("dot") is None:
        skip_or_fail("Graphviz (dot) is not installed")


def shared(organisation, name, **values):
    return DataSourceFactory(
        name=name,
        classification="partner_shared",
        url="",
        publisher="",
        supplier=organisation,
        **values,
    )


def system_of(actor, supplier, name, sources=(), activities=(), hosting="UK data centre"):
    return system_save(
        System(name=name, supplier=supplier, hosting=hosting),
        actor=actor,
        links={"data_sources": list(sources), "activities": list(activities)},
    )


@pytest.fixture
def flows(staff, opcc, hull, police):
    """Hull's and the police's data, held in TIIG (supplied by the OPCC here) and the police's
    own system, used by an activity each, and a product of the joint analysis."""
    hull_source = shared(hull, "Hull youth referrals")
    police_source = shared(police, "Police knife crime extract")
    open_source = DataSourceFactory(name="ONS mid-year estimates")
    joint = ProcessingActivity.objects.create(
        name="Joint hotspot analysis", business_function="Analysis", purpose="Hotspots"
    )
    joint.sources.set([hull_source, police_source, open_source])
    police_only = ProcessingActivity.objects.create(
        name="Police tasking support", business_function="Analysis", purpose="Tasking"
    )
    tiig = system_of(staff, opcc, "TIIG", [hull_source, police_source], [joint])
    niche = system_of(staff, police, "Niche analytics", [police_source], [police_only])
    product = ProductFactory(title="Humber hotspot briefing", data_sources=[hull_source])
    return {
        "hull_source": hull_source,
        "police_source": police_source,
        "open_source": open_source,
        "joint": joint,
        "police_only": police_only,
        "tiig": tiig,
        "niche": niche,
        "product": product,
    }


def svg_of(client, user, **params):
    client.force_login(user)
    response = client.get(MAP, params)
    assert response.status_code == 200
    return response, response.content.decode()


def test_the_dpo_sees_every_flow_in_the_diagram_and_the_table(
    client, dpo, flows, needs_dot, hull, police, opcc
):
    response, page = svg_of(client, dpo)
    diagram = str(response.context["svg"])
    for name in (
        "Hull youth referrals",
        "Police knife crime extract",
        "ONS mid-year estimates",
        "TIIG",
        "Niche analytics",
        "Joint hotspot analysis",
        "Police tasking support",
        "Humber hotspot briefing",
        hull.name,
        police.name,
    ):
        assert name.split()[0] in diagram, name
        assert name in page, name
    # Every node is a link to its record.
    assert f'href="{flows["tiig"].get_absolute_url()}"' in diagram
    assert f'href="{flows["joint"].get_absolute_url()}"' in diagram
    assert f'href="{flows["product"].get_absolute_url()}"' in diagram
    keys = {(edge.source, edge.target) for edge in response.context["infomap"].edges}
    assert (f"src{flows['hull_source'].pk}", f"sys{flows['tiig'].pk}") in keys
    assert (f"sys{flows['tiig'].pk}", f"act{flows['joint'].pk}") in keys
    # The open source reaches the activity directly (no system holds it).
    assert (f"src{flows['open_source'].pk}", f"act{flows['joint'].pk}") in keys
    assert (f"act{flows['joint'].pk}", f"prd{flows['product'].pk}") in keys


def test_the_hull_partner_sees_only_hulls_flows(
    client, partner_hull, flows, needs_dot, hull, police, opcc
):
    response, page = svg_of(client, partner_hull)
    diagram = str(response.context["svg"])
    for visible in ("Hull youth referrals", "TIIG", hull.name):
        assert visible in page
    for hidden in (
        "Police knife crime extract",
        "ONS mid-year estimates",
        "Niche analytics",
        "Joint hotspot analysis",
        "Police tasking support",
        "Humber hotspot briefing",
        police.name,
        opcc.name,
    ):
        assert hidden not in page, hidden
        assert hidden not in diagram, hidden
    # No link in the diagram to a record the partner may not open.
    assert flows["niche"].get_absolute_url() not in diagram
    assert flows["police_source"].get_absolute_url() not in diagram


def test_the_map_filters_by_organisation_and_classification(dpo, flows, police):
    by_police = infomap.build_map(dpo, organisation=police)
    labels = {node.label for node in by_police.nodes}
    assert "Police knife crime extract" in labels and "Niche analytics" in labels
    assert "Hull youth referrals" not in labels
    open_only = infomap.build_map(dpo, classification="open")
    labels = {node.label for node in open_only.nodes}
    assert "ONS mid-year estimates" in labels
    assert "Hull youth referrals" not in labels and "TIIG" not in labels


def test_the_organisation_filter_is_a_chooser_that_says_when_nothing_matches(client, dpo, flows):
    client.force_login(dpo)
    response = client.get(MAP, {"organisation": "No such council"})
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors


def test_every_label_is_escaped_in_the_dot_and_the_svg(client, dpo, staff, hull, needs_dot):
    nasty = 'Evil" -> "x" [URL="javascript:alert(1)"] <script>alert(1)</script> & co\\'
    source = shared(hull, nasty)
    system_of(staff, hull, "Ampersand & <b>bold</b>", [source])
    dot = infomap.to_dot(infomap.build_map(dpo))
    assert '\\"' in dot and "javascript" in dot  # only inside an escaped string
    response, page = svg_of(client, dpo)
    diagram = str(response.context["svg"])
    # The name is text only: no element made of it, no link to where it points.
    assert "<script" not in diagram and 'href="javascript' not in diagram
    assert '>[URL="javascript:alert(1)"]<' in diagram  # shown as typed, as text
    assert "<b>" not in diagram and "<script>" not in page
    assert "&amp;lt;script&amp;gt;" not in diagram  # shown as typed, not double-escaped
    assert "&lt;script&gt;" in diagram


def test_the_svg_keeps_only_drawing_elements_and_own_links():
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        b'viewBox="0 0 10 10"><script>alert(1)</script><g onclick="alert(1)" fill="red">'
        b'<a xlink:href="https://evil.test/"><text x="1">out</text></a>'
        b'<a xlink:href="/governance/systems/1/" xlink:title="System: TIIG"><text>in</text></a>'
        b"<foreignObject><p>x</p></foreignObject></g></svg>"
    )
    cleaned = str(infomap.clean_svg(svg))
    assert "script" not in cleaned and "onclick" not in cleaned and "foreignObject" not in cleaned
    assert "evil.test" not in cleaned and ">out<" in cleaned
    assert 'href="/governance/systems/1/"' in cleaned and 'aria-label="System: TIIG"' in cleaned


def test_a_big_map_is_capped_with_a_message(client, dpo, hull):
    for index in range(12):
        shared(hull, f"Source {index:02d}")
    capped = infomap.build_map(dpo, cap=5)
    assert len(capped.nodes) == 5 and capped.truncated
    client.force_login(dpo)
    assert infomap.MAX_NODES < 1000


def test_without_graphviz_the_page_shows_the_table_and_says_why(client, dpo, flows, monkeypatch):
    monkeypatch.setattr(infomap.shutil, "which", lambda name: None)
    client.force_login(dpo)
    response = client.get(MAP)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="infomap-unavailable"' in page and "Graphviz" in page
    assert "TIIG" in page and 'data-testid="infomap-table"' in page


def test_a_dot_that_fails_or_hangs_is_no_error(monkeypatch):
    import subprocess

    def hang(*args, **kwargs):
        raise subprocess.TimeoutExpired(cmd="dot", timeout=1)

    monkeypatch.setattr(infomap.shutil, "which", lambda name: "/usr/bin/dot")
    monkeypatch.setattr(infomap.subprocess, "run", hang)
    with pytest.raises(infomap.DiagramUnavailable):
        infomap.render_svg("digraph {}")
