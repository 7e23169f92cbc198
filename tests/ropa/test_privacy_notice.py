"""Transparency: each processing activity names the privacy notice that covers it; an active
personal-data activity no notice covers is a finding, cleared once a notice is linked; the
dashboard's transparency panel counts both, each figure linked to the list behind it."""

import pytest
from django.urls import reverse

from governance.dashboard import build_panels
from governance.findings import Category, counts, findings_for, findings_page
from governance.findings.transparency import ACTIVITY_WITHOUT_NOTICE
from governance.models import Policy
from ropa.models import ProcessingActivity

pytestmark = pytest.mark.django_db

SLUG = ACTIVITY_WITHOUT_NOTICE.slug


def policy(opcc, title, kind="privacy_notice", status="in_force"):
    return Policy.objects.create(
        title=title, kind=kind, owner_organisation=opcc, status=status, version="1.0"
    )


def activity(name="Hull referrals analysis", **values):
    fields = {
        "business_function": "Analysis",
        "purpose": "Referral patterns",
        "has_personal_data": True,
        "status": "active",
    }
    return ProcessingActivity.objects.create(name=name, **{**fields, **values})


def found() -> int:
    return counts(kinds=[SLUG])[SLUG]


def test_an_active_personal_data_activity_without_a_notice_is_a_finding_until_linked(opcc):
    row = activity()
    activity("Open crime data", has_personal_data=False)
    activity("Draft idea", status="draft")
    assert found() == 1
    (finding,) = findings_page([SLUG], 0, 10)
    assert finding.category == Category.TRANSPARENCY
    assert "no privacy notice is linked" in finding.message
    assert finding.fix_url.endswith("#id_privacy_notice")
    assert [f.kind for f in findings_for(row) if f.category == Category.TRANSPARENCY] == [SLUG]
    ProcessingActivity.objects.filter(pk=row.pk).update(
        privacy_notice=policy(opcc, "VPP Privacy Notice")
    )
    assert found() == 0


def test_a_withdrawn_notice_or_another_kind_of_policy_covers_nothing(opcc):
    row = activity(privacy_notice=policy(opcc, "Old notice", status="withdrawn"))
    assert found() == 1
    assert "is withdrawn" in findings_page([SLUG], 0, 10)[0].message
    ProcessingActivity.objects.filter(pk=row.pk).update(
        privacy_notice=policy(opcc, "Data Protection Policy", kind="policy")
    )
    assert "not a privacy notice" in findings_page([SLUG], 0, 10)[0].message


def test_the_form_offers_only_privacy_notices_through_the_policy_chooser(client, staff, opcc):
    notice = policy(opcc, "VPP Privacy Notice")
    policy(opcc, "Data Protection Policy", kind="policy")
    row = activity(status="draft")
    client.force_login(staff)
    url = reverse("ropa:processingactivity_update", kwargs={"pk": row.pk})
    response = client.get(url)
    field = response.context["form"].fields["privacy_notice"]
    assert list(field.queryset) == [notice]
    assert field.kind == "policy"
    # A chooser, never a <select> of every policy.
    assert '<select name="privacy_notice"' not in response.content.decode()


def test_the_activity_page_shows_its_privacy_notice(client, staff, opcc):
    notice = policy(opcc, "VPP Privacy Notice")
    row = activity(privacy_notice=notice)
    client.force_login(staff)
    text = client.get(row.get_absolute_url()).content.decode()
    assert "Privacy notice" in text
    assert f'href="{notice.get_absolute_url()}"' in text


def test_the_transparency_panel_counts_covered_and_uncovered_activities(client, siro, opcc):
    activity("Covered", privacy_notice=policy(opcc, "VPP Privacy Notice"))
    activity("Uncovered one")
    activity("Uncovered two")
    panel = next(p for p in build_panels(siro) if p.category == Category.TRANSPARENCY)
    figures = {figure.label: figure for figure in panel.figures}
    covered = figures["Covered by a privacy notice"]
    missing = figures["No privacy notice covers them"]
    assert (covered.value, missing.value) == (1, 2)
    client.force_login(siro)
    for figure in (covered, missing):
        listed = client.get(figure.url).context["table"].paginator.count
        assert listed == figure.value, figure.url
