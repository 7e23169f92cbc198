"""What an ISA covers: the data sharing code's items recorded one by one, shown item by item on
the ISA's page, a finding for an active ISA missing any, and the dashboard's figure."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from governance.findings import counts, findings_for, findings_page
from governance.findings.sharing import ISA_MISSING_ITEMS
from sharing import services
from sharing.choices import IsaItem
from sharing.code_items import coverage, missing_condition, missing_labels
from sharing.models import Agreement, AgreementCodeItem
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db

#: The items only an answer covers (the agreement's own columns hold none of them).
ANSWER_ONLY = (
    IsaItem.PARTIES,
    IsaItem.RIGHTS,
    IsaItem.SECURITY,
    IsaItem.RETENTION,
    IsaItem.DATA_QUALITY,
    IsaItem.BREACH,
    IsaItem.TRAINING,
    IsaItem.TERMINATION,
)


def items_url(agreement):
    return reverse("sharing:agreement_code_items", kwargs={"pk": agreement.pk})


def complete_isa(opcc, hull, **values):
    """An active ISA whose record holds purpose, data, basis, power, roles and review date, and
    with an answer for every other item."""
    agreement = AgreementFactory(
        kind="isa",
        status="active",
        data_items="Counts by ward.",
        lawful_basis="public_task",
        legal_power="Crime and Disorder Act 1998 s115.",
        review_on=timezone.localdate(),
        parties=[(opcc, "controller"), (hull, "controller")],
        **values,
    )
    for item in ANSWER_ONLY:
        AgreementCodeItem.objects.create(agreement=agreement, item=item, answer="Clause 9.")
    return agreement


def missing_in_sql(agreement):
    return Agreement.objects.filter(pk=agreement.pk).filter(missing_condition()).exists()


def loaded(agreement):
    return Agreement.objects.prefetch_related("code_items", "parties").get(pk=agreement.pk)


# --- The rule, in SQL and in Python --------------------------------------------------------------


def test_an_isa_with_every_item_covered_misses_nothing_in_either_form(opcc, hull):
    agreement = complete_isa(opcc, hull)
    assert missing_labels(loaded(agreement)) == []
    assert not missing_in_sql(agreement)


def test_a_bare_isa_misses_the_items_its_record_does_not_hold(opcc):
    agreement = AgreementFactory(kind="isa", status="active")
    labels = missing_labels(loaded(agreement))
    assert "Purpose and benefits" not in labels  # the agreement's purpose covers it
    assert IsaItem.SPECIAL_CONDITIONS.label not in labels  # no special data: not needed
    assert IsaItem.BREACH.label in labels and IsaItem.REVIEW.label in labels
    assert missing_in_sql(agreement)


@pytest.mark.parametrize(
    "change",
    [
        {"legal_power": ""},
        {"data_items": ""},
        {"review_on": None},
        {"has_special_category_data": True, "allows_personal_data": True},
    ],
)
def test_the_sql_and_python_forms_agree_when_one_record_column_is_missing(opcc, hull, change):
    agreement = complete_isa(opcc, hull)
    Agreement.objects.filter(pk=agreement.pk).update(**change)
    assert len(missing_labels(loaded(agreement))) == 1
    assert missing_in_sql(agreement)


def test_joint_controllers_without_an_art26_arrangement_leave_roles_missing(opcc, hull):
    agreement = complete_isa(opcc, hull)
    agreement.parties.filter(organisation=hull).update(role="joint_controller")
    assert missing_labels(loaded(agreement)) == [IsaItem.ROLES.label]
    assert missing_in_sql(agreement)
    Agreement.objects.filter(pk=agreement.pk).update(art26_arrangement="OPCC answers SARs.")
    assert missing_labels(loaded(agreement)) == [] and not missing_in_sql(agreement)


def test_a_document_reference_alone_covers_an_item(opcc, hull):
    agreement = complete_isa(opcc, hull)
    AgreementCodeItem.objects.filter(agreement=agreement, item=IsaItem.BREACH).update(
        answer="", document_reference="Schedule 3"
    )
    entry = next(e for e in coverage(loaded(agreement)) if e.item == IsaItem.BREACH)
    assert entry.is_covered and entry.document_reference == "Schedule 3"
    assert not missing_in_sql(agreement)


# --- The service ---------------------------------------------------------------------------------


def test_saving_records_only_changed_items_each_with_one_history_row(opcc, staff):
    agreement = AgreementFactory(kind="isa")
    changed = services.agreement_code_items_save(
        agreement,
        actor=staff,
        answers={"breach": (" Tell the DPO within 24 hours. ", ""), "training": ("", "")},
        reason="From the signed ISA",
    )
    assert changed == 1
    row = AgreementCodeItem.objects.get(agreement=agreement)
    assert (row.item, row.answer) == ("breach", "Tell the DPO within 24 hours.")
    history = list(row.history.all())
    assert len(history) == 1
    assert history[0].history_user == staff
    assert history[0].history_change_reason == "From the signed ISA"
    # Saving the same again changes nothing and writes no history.
    again = services.agreement_code_items_save(
        agreement, actor=staff, answers={"breach": ("Tell the DPO within 24 hours.", "")}
    )
    assert again == 0 and row.history.count() == 1


def test_only_an_isa_records_the_code_items(opcc, staff):
    mou = AgreementFactory(kind="mou")
    with pytest.raises(ValidationError, match="Only an Information Sharing Agreement"):
        services.agreement_code_items_save(mou, actor=staff, answers={"breach": ("x", "")})


# --- The pages -----------------------------------------------------------------------------------


def test_the_isa_page_shows_each_item_covered_or_missing_in_words(client, staff, opcc, hull):
    agreement = complete_isa(opcc, hull)
    AgreementCodeItem.objects.filter(agreement=agreement, item=IsaItem.TRAINING).delete()
    client.force_login(staff)
    text = client.get(agreement.get_absolute_url()).content.decode()
    assert 'data-testid="code-items"' in text
    assert text.count(">Covered<") == len(IsaItem) - 1
    assert text.count(">Missing<") == 1
    assert "1 of 14 items is missing" in text


def test_an_editor_records_the_items_on_the_edit_page(client, staff, opcc, hull):
    agreement = AgreementFactory(kind="isa", parties=[(opcc, "controller")])
    client.force_login(staff)
    assert client.get(items_url(agreement)).status_code == 200
    data = {f"{item}-answer": "" for item in IsaItem.values}
    data |= {f"{item}-reference": "" for item in IsaItem.values}
    data |= {"security-answer": "Egress, encrypted at rest.", "reason": "Signed copy read"}
    response = client.post(items_url(agreement), data)
    assert response.status_code == 302
    row = AgreementCodeItem.objects.get(agreement=agreement, item=IsaItem.SECURITY)
    assert row.history.get().history_change_reason == "Signed copy read"


def test_an_overlong_reference_is_refused_beside_its_field(client, staff):
    agreement = AgreementFactory(kind="isa")
    client.force_login(staff)
    response = client.post(items_url(agreement), {"breach-reference": "x" * 300})
    assert response.status_code == 200
    assert "Keep the reference to 250 characters or fewer." in response.content.decode()
    assert not AgreementCodeItem.objects.exists()


def test_another_kind_of_agreement_has_no_items_page(client, staff):
    client.force_login(staff)
    assert client.get(items_url(AgreementFactory(kind="mou"))).status_code == 404


def test_a_reader_cannot_edit_the_items(client, siro):
    client.force_login(siro)
    assert client.post(items_url(AgreementFactory(kind="isa")), {}).status_code == 403


# --- The finding and the list filter -------------------------------------------------------------


def test_an_active_isa_missing_items_is_a_finding_naming_them_until_answered(opcc, hull, staff):
    agreement = complete_isa(opcc, hull)
    assert counts(kinds=[ISA_MISSING_ITEMS])[ISA_MISSING_ITEMS.slug] == 0
    AgreementCodeItem.objects.filter(
        agreement=agreement, item__in=[IsaItem.BREACH, IsaItem.TRAINING]
    ).delete()
    assert counts(kinds=[ISA_MISSING_ITEMS])[ISA_MISSING_ITEMS.slug] == 1
    (finding,) = findings_page([ISA_MISSING_ITEMS], 0, 10)
    assert finding.message == "It does not cover: Breach procedure and Training."
    assert finding.fix_url == items_url(agreement)
    assert [f.kind for f in findings_for(agreement)] == [ISA_MISSING_ITEMS.slug]
    services.agreement_code_items_save(
        agreement, actor=staff, answers={"breach": ("Clause 11", ""), "training": ("", "Sch 4")}
    )
    assert counts(kinds=[ISA_MISSING_ITEMS])[ISA_MISSING_ITEMS.slug] == 0


def test_an_isa_not_yet_active_is_no_finding(opcc):
    AgreementFactory(kind="isa", status="drafting")
    assert counts(kinds=[ISA_MISSING_ITEMS])[ISA_MISSING_ITEMS.slug] == 0


def test_the_list_filter_separates_complete_and_incomplete_isas(client, staff, opcc, hull):
    complete = complete_isa(opcc, hull, title="Complete ISA")
    AgreementFactory(kind="isa", status="active", title="Bare ISA")
    AgreementFactory(kind="mou", status="active", title="An MoU")
    client.force_login(staff)
    url = reverse("sharing:agreement_list")
    for value, titles in (("complete", ["Complete ISA"]), ("incomplete", ["Bare ISA"])):
        response = client.get(url, {"code_items": value})
        assert [row.record.title for row in response.context["table"].rows] == titles
    assert complete.pk


def test_the_dashboard_counts_active_isas_covering_every_item(opcc, hull, siro):
    from governance.dashboard import build_panels
    from governance.findings import Category

    complete_isa(opcc, hull)
    AgreementFactory(kind="isa", status="active")
    panel = next(p for p in build_panels(siro) if p.category == Category.CONTRACTS)
    figure = next(f for f in panel.figures if f.label == "Active ISAs covering every item")
    assert figure.value == 1
    assert "code_items=complete" in figure.url


# --- The Humber demo -----------------------------------------------------------------------------


def test_the_demo_has_a_complete_isa_an_incomplete_one_and_an_expired_one(settings):
    from django.core.management import call_command

    from governance.demo.transparency import UNCOVERED
    from governance.findings.transparency import ACTIVITY_WITHOUT_NOTICE
    from ropa.models import ProcessingActivity
    from sharing.demo.data import HULL_ISA, POLICE_ISA
    from sharing.demo.isa import FIRE_ISA
    from sharing.services.agreements import EXPIRED_ON_ITS_DATE

    settings.DEMO_PASSWORD = "a-demo-password-1"
    call_command("load_demo")
    assert missing_labels(loaded(Agreement.objects.get(title=POLICE_ISA))) == []
    assert "Breach procedure" in missing_labels(loaded(Agreement.objects.get(title=HULL_ISA)))
    fire = Agreement.objects.get(title=FIRE_ISA)
    assert fire.status == "expired"
    assert fire.history.filter(history_change_reason=EXPIRED_ON_ITS_DATE).count() == 1
    uncovered = [f.record_label for f in findings_page([ACTIVITY_WITHOUT_NOTICE], 0, 10)]
    assert uncovered == [UNCOVERED]
    assert ProcessingActivity.objects.filter(privacy_notice__title="VPP Privacy Notice").exists()
    counted = (AgreementCodeItem.history.count(), Agreement.history.count())
    call_command("load_demo")
    assert (AgreementCodeItem.history.count(), Agreement.history.count()) == counted
