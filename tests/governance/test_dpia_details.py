"""Small DPIA behaviours: history in words, starting a DPIA from a linked record."""

import pytest
from django.urls import reverse

from governance.models import Dpia
from governance.services.dpias import dpia_save
from tests.dpias import draft_dpia

pytestmark = pytest.mark.django_db


def test_the_history_tab_shows_ticked_indicators_by_their_words(client, staff):
    dpia = draft_dpia(staff)
    dpia = Dpia.objects.get(pk=dpia.pk)
    dpia.screening_indicators = ["data_matching", "vulnerable"]
    dpia_save(dpia, actor=staff, reason="Screening started")
    client.force_login(staff)
    page = client.get(reverse("governance:dpia_history", kwargs={"pk": dpia.pk})).content.decode()
    assert "Data matching across sources; Targeting children or other vulnerable people" in page
    assert "data_matching" not in page


def test_starting_a_dpia_from_an_activity_ticks_that_activity(client, staff):
    from ropa.models import ProcessingActivity

    activity = ProcessingActivity.objects.create(
        name="Hull youth referrals", business_function="Early help", purpose="Referrals"
    )
    client.force_login(staff)
    response = client.get(
        reverse("governance:dpia_create") + f"?activities={activity.pk}&activities=x"
    )
    assert response.status_code == 200
    assert response.context["form"]["activities"].value() == [str(activity.pk)]


def test_the_dpo_who_returned_a_dpia_is_not_offered_its_author_s_steps(client, staff, dpo):
    from tests.dpias import returned_dpia

    dpia = returned_dpia(staff, dpo)
    client.force_login(dpo)
    page = client.get(dpia.get_absolute_url()).content.decode()
    assert "Mark as resolved" not in page
    assert reverse("governance:dpia_screening", kwargs={"pk": dpia.pk}) not in page
    assert "Submit the DPIA to the DPO" not in page
    assert "Say how a wrong match would be spotted." in page  # the comment itself is shown
    client.force_login(staff)
    page = client.get(dpia.get_absolute_url()).content.decode()
    assert "Mark as resolved" in page
    assert "Submit the DPIA to the DPO" in page


def test_the_dpo_who_returned_a_dpia_cannot_submit_it_again(staff, dpo):
    from django.core.exceptions import ValidationError

    from governance.services.dpias import dpia_comment_resolve, dpia_submit
    from tests.dpias import returned_dpia

    dpia = returned_dpia(staff, dpo)
    dpia_comment_resolve(dpia.comments.get(), actor=staff, resolution="Done")
    with pytest.raises(ValidationError) as refusal:
        dpia_submit(dpia, actor=dpo)
    assert "you cannot also submit it" in str(refusal.value)
    dpia.refresh_from_db()
    assert dpia.status == "returned"


def test_a_measure_cannot_leave_a_risk_higher_than_it_was(client, staff):
    from governance.models import DpiaRisk
    from tests.dpias import add_risk, complete_dpia

    dpia = complete_dpia(staff, risks=())
    risk = add_risk(staff, dpia, "possible", "significant")  # medium
    url = reverse("governance:dpiarisk_measure", kwargs={"pk": risk.pk})
    client.force_login(staff)
    response = client.post(
        url,
        {
            "measure_options": "Nothing practical",
            "measure_effect": "accepted",
            "residual_risk": "high",
            "row_version": risk.row_version,
        },
    )
    assert response.status_code == 200
    assert "The residual risk cannot be higher than the risk before the measure (medium)." in (
        response.content.decode()
    )
    assert DpiaRisk.objects.get(pk=risk.pk).residual_risk == ""
