"""Writing a DPIA: the pages for steps 1 to 4, its risks (step 5) and their measures (step 6).

Every page saves through the DPIA services, is open only while the DPIA is a draft or returned
for changes, and only to roles that may change DPIAs.
"""

import html
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.choices import Role
from governance.choices import DpiaStep
from governance.models import Dpia, DpiaRisk
from governance.services import dpias as services
from tests.dpias import (
    HIGH_STAYS_HIGH,
    LOW,
    MEDIUM_REDUCED_TO_LOW,
    add_risk,
    complete_dpia,
    draft_dpia,
    returned_dpia,
    submitted_dpia,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STEP_PAGES = {
    DpiaStep.NEED: "governance:dpia_screening",
    DpiaStep.DESCRIPTION: "governance:dpia_description",
    DpiaStep.CONSULTATION: "governance:dpia_consultation",
    DpiaStep.NECESSITY: "governance:dpia_necessity",
}


def step_url(dpia, step):
    return reverse(STEP_PAGES[step], kwargs={"pk": dpia.pk})


def add_risk_url(dpia):
    return reverse("governance:dpiarisk_create", kwargs={"dpia_pk": dpia.pk})


def risk_url(name, risk):
    return reverse(f"governance:dpiarisk_{name}", kwargs={"pk": risk.pk})


def detail_url(dpia, anchor):
    return f"{reverse('governance:dpia_detail', kwargs={'pk': dpia.pk})}#{anchor}"


def page_text(response):
    return html.unescape(response.content.decode())


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def latest_history(obj):
    return obj.history.order_by("-history_date", "-history_id").first()


def step_data(dpia, step, reason="", **values):
    """What the page for ``step`` posts, from the DPIA as it stands, with ``values`` changed."""
    fields = {
        DpiaStep.NEED: {
            "mandatory_indicators": [],
            "ico_indicators": [],
            "screening_outcome": dpia.screening_outcome,
            "screening_reason": dpia.screening_reason,
        },
        DpiaStep.DESCRIPTION: {
            name: getattr(dpia, name)
            for name in (
                "processing_nature",
                "processing_scope",
                "processing_context",
                "processing_purposes",
            )
        },
        DpiaStep.CONSULTATION: {
            "consultation": dpia.consultation,
            "consultation_not_sought_reason": dpia.consultation_not_sought_reason,
        },
        DpiaStep.NECESSITY: {
            "necessity_and_proportionality": dpia.necessity_and_proportionality,
        },
    }[step]
    return {**fields, **values, "change_reason": reason, "row_version": dpia.row_version}


def risk_data(risk=None, reason="", **values):
    data = {"description": "Records matched to the wrong child.", "change_reason": reason}
    if risk is not None:
        data.update(
            description=risk.description,
            likelihood=risk.likelihood,
            severity=risk.severity,
            row_version=risk.row_version,
        )
    return {**data, **values}


@pytest.fixture
def dpia(staff):
    return draft_dpia(staff)


@pytest.fixture
def editor(opcc):
    """A second member of staff, editing the same DPIA at the same time."""
    return UserFactory(full_name="Erin Editor", role=Role.STAFF, organisation=opcc)


# --- Steps 1 to 4 --------------------------------------------------------------------------------

STEP_SAVES = [
    (
        DpiaStep.NEED,
        {"screening_outcome": "required", "screening_reason": "Police and health data matched."},
        "screening_reason",
        "Police and health data matched.",
    ),
    (
        DpiaStep.DESCRIPTION,
        {"processing_nature": "Referral records are matched weekly."},
        "processing_nature",
        "Referral records are matched weekly.",
    ),
    (
        DpiaStep.CONSULTATION,
        {"consultation_not_sought_reason": "Views were sought through the youth panel instead."},
        "consultation_not_sought_reason",
        "Views were sought through the youth panel instead.",
    ),
    (
        DpiaStep.NECESSITY,
        {"necessity_and_proportionality": "Only the referral fields are matched."},
        "necessity_and_proportionality",
        "Only the referral fields are matched.",
    ),
]


@pytest.mark.parametrize(("step", "values", "field", "expected"), STEP_SAVES)
def test_each_step_page_saves_with_one_history_row_naming_who_and_why(
    client, staff, dpia, step, values, field, expected
):
    client.force_login(staff)
    before = dpia.history.count()

    response = client.post(step_url(dpia, step), step_data(dpia, step, "Drafted", **values))

    assert response.status_code == 302
    assert response["Location"] == detail_url(dpia, f"step-{step}")
    assert messages_of(response) == [f"Step {step} of {dpia.reference} saved."]
    dpia.refresh_from_db()
    assert getattr(dpia, field) == expected
    assert dpia.history.count() == before + 1
    entry = latest_history(dpia)
    assert (entry.history_user, entry.history_change_reason) == (staff, "Drafted")


@pytest.mark.parametrize("step", list(STEP_PAGES))
def test_each_step_page_names_the_dpia_the_step_and_its_guidance(client, staff, dpia, step):
    client.force_login(staff)

    text = page_text(client.get(step_url(dpia, step)))

    assert f'<span class="govuk-caption-l">{dpia.reference} Hull youth referrals matching' in text
    assert f'<h1 class="govuk-heading-l">{DpiaStep(step).label}</h1>' in text
    assert 'name="row_version"' in text


def test_the_description_page_explains_nature_scope_context_and_purposes(client, staff, dpia):
    client.force_login(staff)

    text = page_text(client.get(step_url(dpia, DpiaStep.DESCRIPTION)))

    assert "Describe the nature (how you collect, use, store and delete data" in text
    assert "Purposes of the processing" in text


def test_a_mandatory_case_with_no_dpia_needed_is_refused_beside_the_outcome(client, staff, dpia):
    client.force_login(staff)
    data = step_data(
        dpia,
        DpiaStep.NEED,
        mandatory_indicators=["large_scale_special"],
        screening_outcome="not_required",
        screening_reason="Only a few people.",
    )

    response = client.post(step_url(dpia, DpiaStep.NEED), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "a DPIA is mandatory" in " ".join(errors["screening_outcome"])
    assert "There is a problem" in page_text(response)
    dpia.refresh_from_db()
    assert (dpia.screening_outcome, dpia.screening_indicators) == ("", [])
    assert dpia.history.count() == 1


def test_ticked_indicators_are_saved_as_codes_and_shown_ticked_again(client, staff, dpia):
    client.force_login(staff)
    data = step_data(
        dpia,
        DpiaStep.NEED,
        mandatory_indicators=["evaluation"],
        ico_indicators=["vulnerable", "data_matching"],
        screening_outcome="required",
        screening_reason="Matching data about young people.",
    )

    assert client.post(step_url(dpia, DpiaStep.NEED), data).status_code == 302

    dpia.refresh_from_db()
    assert dpia.screening_indicators == ["evaluation", "data_matching", "vulnerable"]
    text = page_text(client.get(step_url(dpia, DpiaStep.NEED)))
    for name, code in (
        ("mandatory_indicators", "evaluation"),
        ("ico_indicators", "data_matching"),
        ("ico_indicators", "vulnerable"),
    ):
        assert _is_ticked(text, name, code)
    assert not _is_ticked(text, "ico_indicators", "biometric")
    assert not _is_ticked(text, "mandatory_indicators", "public_monitoring")


def _is_ticked(text, name, code):
    (tag,) = re.findall(rf'<input[^>]*name="{name}"[^>]*value="{code}"[^>]*>', text)
    return "checked" in tag


def test_the_screening_page_offers_both_checklists_as_fieldsets(client, staff, dpia):
    client.force_login(staff)

    text = page_text(client.get(step_url(dpia, DpiaStep.NEED)))

    assert "Art 35(3): any of these makes a DPIA mandatory" in text
    assert "ICO indicators of likely high risk" in text
    assert "Two or more ICO indicators usually mean a DPIA is required." in text
    assert text.count('<fieldset class="govuk-fieldset"') == 3  # two checklists, the outcome


@pytest.mark.parametrize("step", list(STEP_PAGES))
def test_step_pages_send_you_back_once_the_dpia_is_submitted(client, staff, step):
    dpia = submitted_dpia(staff)
    client.force_login(staff)

    response = client.get(step_url(dpia, step))

    assert response.status_code == 302
    assert response["Location"] == detail_url(dpia, f"step-{step}")
    assert messages_of(response) == [
        f"{dpia.reference} is ‘Submitted to the DPO’: it can only be changed while it is a "
        "draft or returned for changes."
    ]


def test_saving_a_step_of_a_submitted_dpia_changes_nothing_and_says_why(client, staff):
    dpia = submitted_dpia(staff)
    history = dpia.history.count()
    client.force_login(staff)
    data = step_data(dpia, DpiaStep.NECESSITY, necessity_and_proportionality="Changed later.")

    response = client.post(step_url(dpia, DpiaStep.NECESSITY), data)

    assert response.status_code == 200
    assert "it can only be changed while it is a draft" in page_text(response)
    dpia.refresh_from_db()
    assert dpia.necessity_and_proportionality == "Only referral fields are matched; nothing else."
    assert dpia.history.count() == history


def test_a_returned_dpia_shows_the_dpos_comment_on_the_step_it_is_about(client, staff, dpo):
    dpia = returned_dpia(staff, dpo, step=DpiaStep.DESCRIPTION)
    client.force_login(staff)

    on_step = page_text(client.get(step_url(dpia, DpiaStep.DESCRIPTION)))
    elsewhere = page_text(client.get(step_url(dpia, DpiaStep.CONSULTATION)))

    assert "The DPO's comment: Say how a wrong match would be spotted." in on_step
    assert "The DPO's comment" not in elsewhere


def test_a_resolved_comment_is_no_longer_shown(client, staff, dpo):
    dpia = returned_dpia(staff, dpo, step=DpiaStep.DESCRIPTION)
    services.dpia_comment_resolve(dpia.comments.get(), actor=staff, resolution="Done")
    client.force_login(staff)

    assert "The DPO's comment" not in page_text(client.get(step_url(dpia, DpiaStep.DESCRIPTION)))


def test_the_author_can_change_a_returned_dpia(client, staff, dpo):
    dpia = returned_dpia(staff, dpo, step=DpiaStep.NECESSITY)
    client.force_login(staff)
    data = step_data(dpia, DpiaStep.NECESSITY, "DPO's comment", necessity_and_proportionality="X")

    assert client.post(step_url(dpia, DpiaStep.NECESSITY), data).status_code == 302

    dpia.refresh_from_db()
    assert dpia.necessity_and_proportionality == "X"


def test_the_dpo_who_returned_a_dpia_cannot_rewrite_it(client, staff, dpo):
    dpia = returned_dpia(staff, dpo, step=DpiaStep.NECESSITY)
    client.force_login(dpo)
    data = step_data(dpia, DpiaStep.NECESSITY, necessity_and_proportionality="Rewritten by DPO")

    response = client.post(step_url(dpia, DpiaStep.NECESSITY), data)

    assert response.status_code == 200
    assert "its author makes the changes" in page_text(response)
    dpia.refresh_from_db()
    assert dpia.necessity_and_proportionality != "Rewritten by DPO"


def test_a_concurrent_edit_of_a_step_shows_the_conflict_and_keeps_your_words(
    client, staff, editor, dpia
):
    client.force_login(staff)
    opened = step_data(dpia, DpiaStep.DESCRIPTION, processing_scope="Mine: 400 young people.")
    theirs = Dpia.objects.get(pk=dpia.pk)
    theirs.processing_scope = "Theirs: all of Humberside."
    services.dpia_save(theirs, actor=editor, reason="Scope widened")
    history = dpia.history.count()

    response = client.post(step_url(dpia, DpiaStep.DESCRIPTION), opened)

    assert response.status_code == 200
    text = page_text(response)
    assert "Erin Editor saved this DPIA at" in text
    assert "Mine: 400 young people." in text  # still in the form
    differences = {row["label"]: row for row in response.context["conflict_differences"]}
    assert differences["Scope of the processing"]["theirs"] == "Theirs: all of Humberside."
    dpia.refresh_from_db()
    assert dpia.processing_scope == "Theirs: all of Humberside."
    assert dpia.history.count() == history


def test_a_screening_conflict_compares_the_ticked_indicators_too(client, staff, editor, dpia):
    client.force_login(staff)
    opened = step_data(dpia, DpiaStep.NEED, ico_indicators=["biometric"])
    theirs = Dpia.objects.get(pk=dpia.pk)
    theirs.screening_indicators = ["tracking"]
    services.dpia_save(theirs, actor=editor)

    response = client.post(step_url(dpia, DpiaStep.NEED), opened)

    differences = {row["label"]: row for row in response.context["conflict_differences"]}
    assert differences["High-risk indicators that apply"] == {
        "label": "High-risk indicators that apply",
        "theirs": "Tracking location or behaviour",
        "yours": "Biometric data",
    }
    dpia.refresh_from_db()
    assert dpia.screening_indicators == ["tracking"]


# --- Step 5: risks -------------------------------------------------------------------------------


def test_risks_are_numbered_in_turn_and_the_message_gives_the_overall_risk(client, staff, dpia):
    client.force_login(staff)

    first = client.post(add_risk_url(dpia), risk_data(likelihood="remote", severity="minimal"))
    second = client.post(
        add_risk_url(dpia), risk_data(likelihood="probable", severity="severe", reason="Found")
    )

    assert [risk.number for risk in dpia.risks.all()] == [1, 2]
    assert first["Location"] == detail_url(dpia, "risk-1")
    assert second["Location"] == detail_url(dpia, "risk-2")
    # Messages not yet shown on a page pile up: the newest is the second save's.
    assert messages_of(second)[-1] == "Risk 2 saved: overall risk high."
    entry = latest_history(dpia.risks.get(number=2))
    assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
        "+",
        staff,
        "Found",
    )


@pytest.mark.parametrize(
    ("likelihood", "severity", "overall"),
    [
        ("remote", "minimal", "low"),
        ("remote", "severe", "medium"),
        ("possible", "significant", "medium"),
        ("possible", "severe", "high"),
        ("probable", "minimal", "medium"),
        ("probable", "significant", "high"),
    ],
)
def test_the_overall_risk_comes_from_the_matrix(client, staff, dpia, likelihood, severity, overall):
    client.force_login(staff)

    client.post(add_risk_url(dpia), risk_data(likelihood=likelihood, severity=severity))

    assert dpia.risks.get().overall_risk == overall


def test_a_risk_needs_a_description_a_likelihood_and_a_severity(client, staff, dpia):
    client.force_login(staff)

    response = client.post(add_risk_url(dpia), {"description": ""})

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"description", "likelihood", "severity"}
    assert "Select how likely the harm is." in page_text(response)
    assert not dpia.risks.exists()


def test_the_risk_page_shows_the_risk_matrix(client, staff, dpia):
    client.force_login(staff)

    text = page_text(client.get(add_risk_url(dpia)))

    assert "How the overall risk is worked out" in text
    matrix = text[
        text.index('id="risk-matrix"') : text.index("</table>", text.index("risk-matrix"))
    ]
    cells = [
        (row.split("<")[0], re.findall(r'govuk-tag--\w+[^"]*">(\w+)<', row))
        for row in re.split(r'<th scope="row"[^>]*>', matrix)[1:]
    ]
    assert cells == [
        ("Remote", ["Low", "Low", "Medium"]),
        ("Possible", ["Low", "Medium", "High"]),
        ("Probable", ["Medium", "High", "High"]),
    ]


def test_editing_a_risk_keeps_its_number_and_works_out_the_risk_again(client, staff, dpia):
    add_risk(staff, dpia, "remote", "minimal")
    risk = add_risk(staff, dpia, "remote", "minimal")
    client.force_login(staff)

    response = client.post(
        risk_url("update", risk),
        risk_data(risk, "Worse than thought", likelihood="probable", severity="significant"),
    )

    assert response["Location"] == detail_url(dpia, "risk-2")
    assert messages_of(response) == ["Risk 2 saved: overall risk high."]
    risk.refresh_from_db()
    assert (risk.number, risk.overall_risk) == (2, "high")
    entry = latest_history(risk)
    assert (entry.history_user, entry.history_change_reason) == (staff, "Worse than thought")


def test_a_concurrent_edit_of_a_risk_shows_the_conflict(client, staff, editor, dpia):
    risk = add_risk(staff, dpia, "possible", "significant")
    client.force_login(staff)
    opened = risk_data(risk, description="My wording of the risk.")
    theirs = DpiaRisk.objects.get(pk=risk.pk)
    theirs.severity = "severe"
    services.dpia_risk_save(theirs, actor=editor)

    response = client.post(risk_url("update", risk), opened)

    assert response.status_code == 200
    assert "Erin Editor saved this risk at" in page_text(response)
    assert "My wording of the risk." in page_text(response)
    risk.refresh_from_db()
    assert (risk.severity, risk.overall_risk) == ("severe", "high")


def test_risks_cannot_be_added_or_changed_once_submitted(client, staff):
    dpia = submitted_dpia(staff)
    risk = dpia.risks.get()
    client.force_login(staff)

    for url in (add_risk_url(dpia), risk_url("update", risk), risk_url("measure", risk)):
        response = client.get(url)
        assert response.status_code == 302
        assert "it can only be changed while it is a draft" in messages_of(response)[0]
    response = client.post(add_risk_url(dpia), risk_data(likelihood="remote", severity="minimal"))
    assert response.status_code == 200
    assert "it can only be changed while it is a draft" in page_text(response)
    assert dpia.risks.count() == 1


def test_a_returned_dpia_shows_the_dpos_comment_on_the_risk_pages(client, staff, dpo):
    dpia = returned_dpia(staff, dpo, step=DpiaStep.RISKS)
    client.force_login(staff)

    text = page_text(client.get(add_risk_url(dpia)))

    assert "The DPO's comment: Say how a wrong match would be spotted." in text


def test_adding_a_risk_to_a_dpia_that_does_not_exist_is_not_found(client, staff):
    client.force_login(staff)

    assert (
        client.get(reverse("governance:dpiarisk_create", kwargs={"dpia_pk": 999})).status_code
        == 404
    )


# --- Step 6: measures ----------------------------------------------------------------------------


def test_the_measure_page_shows_the_risk_and_saves_its_measure(client, staff, dpia):
    risk = add_risk(staff, dpia, "probable", "severe")
    client.force_login(staff)

    text = page_text(client.get(risk_url("measure", risk)))
    assert "A probable severe harm: records matched to the wrong child." in text
    assert '<h1 class="govuk-heading-l">Measures for risk 1</h1>' in text

    response = client.post(
        risk_url("measure", risk),
        {
            "measure_options": "Two-person check of every match.",
            "measure_effect": "reduced",
            "residual_risk": "medium",
            "change_reason": "Agreed with the analysts",
            "row_version": risk.row_version,
        },
    )

    assert response["Location"] == detail_url(dpia, "risk-1")
    assert messages_of(response) == ["Measures for risk 1 saved: residual risk medium."]
    risk.refresh_from_db()
    assert (risk.measure_effect, risk.residual_risk, risk.overall_risk) == (
        "reduced",
        "medium",
        "high",
    )
    entry = latest_history(risk)
    assert (entry.history_user, entry.history_change_reason) == (staff, "Agreed with the analysts")


def test_the_measure_page_needs_options_effect_and_residual_risk(client, staff, dpia):
    risk = add_risk(staff, dpia, "possible", "significant")
    client.force_login(staff)

    response = client.post(
        risk_url("measure", risk), {"measure_options": "", "row_version": risk.row_version}
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {
        "measure_options",
        "measure_effect",
        "residual_risk",
    }
    assert "Select the residual risk." in page_text(response)
    risk.refresh_from_db()
    assert not risk.has_measure
    assert risk.history.count() == 1


def test_a_low_risk_has_no_measure_page(client, staff, dpia):
    risk = add_risk(staff, dpia, *LOW[:2])
    client.force_login(staff)

    response = client.get(risk_url("measure", risk))
    posted = client.post(
        risk_url("measure", risk),
        {
            "measure_options": "Something.",
            "measure_effect": "reduced",
            "residual_risk": "low",
            "row_version": risk.row_version,
        },
    )

    assert response["Location"] == detail_url(dpia, "risk-1")
    assert messages_of(response) == ["Risk 1 is low: it needs no measure."]
    assert posted.status_code == 302
    risk.refresh_from_db()
    assert risk.measure_options == ""


def test_the_dpos_comment_on_step_6_shows_on_the_measure_page(client, staff, dpo):
    dpia = returned_dpia(staff, dpo, step=DpiaStep.MEASURES, risks=(HIGH_STAYS_HIGH,))
    client.force_login(staff)

    text = page_text(client.get(risk_url("measure", dpia.risks.get())))

    assert "The DPO's comment: Say how a wrong match would be spotted." in text


# --- Removing a risk -----------------------------------------------------------------------------


def test_the_remove_page_shows_what_will_be_removed(client, staff):
    dpia = complete_dpia(staff, risks=(MEDIUM_REDUCED_TO_LOW,))
    risk = dpia.risks.get()
    client.force_login(staff)

    text = page_text(client.get(risk_url("delete", risk)))

    assert '<h1 class="govuk-heading-l">Remove risk 1</h1>' in text
    assert risk.description in text
    assert "Two-person check of every match." in text
    assert "Remove risk</button>" in text


def test_removing_a_risk_needs_a_reason(client, staff, dpia):
    risk = add_risk(staff, dpia, "remote", "minimal")
    client.force_login(staff)

    response = client.post(risk_url("delete", risk), {"reason": ""})

    assert response.status_code == 200
    assert "Enter why you are removing the risk." in page_text(response)
    assert DpiaRisk.objects.filter(pk=risk.pk).exists()


def test_removing_a_risk_keeps_who_removed_it_and_why_in_its_history(client, staff, dpia):
    risk = add_risk(staff, dpia, "remote", "minimal")
    client.force_login(staff)

    response = client.post(risk_url("delete", risk), {"reason": "Duplicate of risk 2"})

    assert response["Location"] == detail_url(dpia, "step-5")
    assert messages_of(response) == [f"Risk 1 removed from {dpia.reference}."]
    assert not DpiaRisk.objects.filter(pk=risk.pk).exists()
    entry = DpiaRisk.history.filter(id=risk.pk).order_by("-history_date").first()
    assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
        "-",
        staff,
        "Duplicate of risk 2",
    )
    assert entry.description == risk.description


def test_a_risk_of_a_submitted_dpia_cannot_be_removed(client, staff):
    dpia = submitted_dpia(staff)
    risk = dpia.risks.get()
    client.force_login(staff)

    page = client.get(risk_url("delete", risk))
    posted = client.post(risk_url("delete", risk), {"reason": "Not needed"})

    assert page.status_code == 302
    assert posted.status_code == 200
    assert "it can only be changed while it is a draft" in page_text(posted)
    assert DpiaRisk.objects.filter(pk=risk.pk).exists()


# --- Who may use these pages ---------------------------------------------------------------------


def every_page(dpia, risk):
    return [
        *(step_url(dpia, step) for step in STEP_PAGES),
        add_risk_url(dpia),
        risk_url("update", risk),
        risk_url("measure", risk),
        risk_url("delete", risk),
    ]


@pytest.mark.parametrize("role", ["siro", "director", "partner_police"])
def test_roles_that_cannot_change_dpias_are_refused_every_page(request, client, staff, role):
    dpia = draft_dpia(staff)
    risk = add_risk(staff, dpia, "possible", "significant")
    client.force_login(request.getfixturevalue(role))

    for url in every_page(dpia, risk):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url
    risk.refresh_from_db()
    assert risk.history.count() == 1


@pytest.mark.parametrize("role", ["staff", "dpo", "admin_user"])
def test_roles_that_change_dpias_open_every_page(request, client, staff, role):
    dpia = draft_dpia(staff)
    risk = add_risk(staff, dpia, "possible", "significant")
    client.force_login(request.getfixturevalue(role))

    for url in every_page(dpia, risk):
        assert client.get(url).status_code == 200, url
