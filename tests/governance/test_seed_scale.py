"""``manage.py seed_scale`` at a tiny size: every register filled, with history over time, in
states the services would accept (or marked as imported old data), and a second run refused.
Also the benchmark's floor view and its check for unfiltered counts over history tables."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from benchmarks import settings as benchmark_settings
from benchmarks.middleware import unfiltered_history_counts
from governance import scale
from governance.choices import DpiaStatus
from governance.models import Breach, Dpia, DpiaRisk, Notification, Policy, Reminder
from ropa.choices import ActivityStatus
from ropa.models import Disposal, ProcessingActivity, RetentionRule
from ropa.services import activity_problems
from sharing.choices import AgreementStatus, Audience, ConsultationResponse, ProductStatus
from sharing.models import (
    Agreement,
    AgreementParty,
    Consultation,
    Contact,
    DataSource,
    Forum,
    Organisation,
    Product,
    RoleHolder,
)
from sharing.services import agreement_problems, data_source_problems

pytestmark = pytest.mark.django_db

SIZE = 400
REGISTERS = (
    Organisation,
    Contact,
    RoleHolder,
    Forum,
    RetentionRule,
    Policy,
    Agreement,
    AgreementParty,
    DataSource,
    Product,
    Consultation,
    Dpia,
    DpiaRisk,
    ProcessingActivity,
    Disposal,
    Breach,
)


@pytest.fixture
def seeded(settings):
    settings.DEMO_PASSWORD = "a-demo-password-for-tests"
    out = StringIO()
    call_command("seed_scale", "--size", str(SIZE), stdout=out)
    return out.getvalue()


def scale_rows(model):
    """The rows the seeder wrote (the demo's are left out by the creator: the scale users)."""
    return model.objects.filter(created_by__email__endswith="@scale.vpp.test")


def first_reason(record) -> str:
    return record.history.order_by("history_date", "history_id").first().history_change_reason


def check_every_register_gets_rows_and_history_spread_over_time(seeded):
    for model in REGISTERS:
        rows = scale_rows(model).count()
        assert rows > 0, model
        history = model.history.filter(history_user__email__endswith="@scale.vpp.test")
        # Created, then changed: more history rows than rows, over more than one month.
        assert history.count() > rows, model
        dates = history.order_by("history_date").values_list("history_date", flat=True)
        assert (dates.last() - dates.first()).days > 30, model
    assert Reminder.objects.exists() and Notification.objects.exists()
    assert "history rows" in seeded and "Done in" in seeded
    # About the size asked for (links and accounts are counted apart).
    total = sum(scale_rows(model).count() for model in REGISTERS)
    assert SIZE * 0.7 < total < SIZE * 1.6


def check_each_record_history_starts_at_its_creation_and_ends_as_it_stands(seeded):
    for agreement in scale_rows(Agreement)[:20]:
        versions = list(agreement.history.order_by("history_date", "history_id"))
        assert versions[0].history_type == "+"
        assert versions[0].history_date == agreement.created_at
        assert versions[-1].status == agreement.status
        assert versions[-1].history_date == agreement.updated_at
        assert len(versions) == agreement.row_version
        # Each change has its reason and its author.
        assert all(v.history_change_reason and v.history_user_id for v in versions)


def check_agreements_are_as_the_services_would_leave_them(seeded):
    active = scale_rows(Agreement).filter(status=AgreementStatus.ACTIVE)
    assert active.exists()
    for agreement in active.prefetch_related("parties", "documents"):
        assert agreement_problems(agreement) == [], agreement
    for agreement in scale_rows(Agreement).filter(status=AgreementStatus.EXPIRED):
        assert agreement.expires_on < timezone.localdate()


def check_records_breaking_todays_rules_are_only_imported_ones(seeded):
    for source in scale_rows(DataSource):
        if data_source_problems(source):
            assert first_reason(source) == scale.IMPORTED, source
    active = scale_rows(ProcessingActivity).filter(status=ActivityStatus.ACTIVE)
    assert active.filter(has_personal_data=True).exists()
    for activity in active:
        if activity_problems(activity):
            assert first_reason(activity) == scale.IMPORTED, activity


def check_dates_agree_with_statuses(seeded):
    for dpia in scale_rows(Dpia).filter(status=DpiaStatus.APPROVED):
        assert dpia.next_review_on and dpia.signed_off_at and dpia.advised_at
        assert dpia.submitted_at < dpia.advised_at < dpia.signed_off_at
    for breach in scale_rows(Breach):
        assert breach.became_aware_at >= breach.detected_at
        assert breach.ico_deadline_at == Breach.deadline_for(breach.became_aware_at)
    for product in scale_rows(Product).filter(status=ProductStatus.PUBLISHED):
        assert product.published_on is not None
        if product.audience == Audience.INTERNAL:
            continue
        pending = product.consultations.filter(response=ConsultationResponse.PENDING)
        # At most one supplier left unanswered, as old data can leave it (a finding).
        assert pending.count() <= 1


def check_each_dpia_stores_the_highest_risks_its_risks_give(seeded):
    dpias = Dpia.objects.computed_risk_ranks()
    assert scale_rows(Dpia).filter(highest_risk_rank__gt=0).exists()
    for dpia in dpias:
        assert (dpia.highest_risk_rank, dpia.highest_residual_rank) == (
            dpia.computed_risk_rank,
            dpia.computed_residual_rank,
        ), dpia


def check_a_second_run_is_refused_and_adds_nothing(seeded):
    before = Organisation.objects.count(), Organisation.history.count()
    with pytest.raises(CommandError, match="already holds scale data"):
        call_command("seed_scale", "--size", str(SIZE), stdout=StringIO())
    assert (Organisation.objects.count(), Organisation.history.count()) == before


def test_seed_scale_at_a_tiny_size(seeded):
    """One seeding, every check (loading the demo first is what takes the time)."""
    check_every_register_gets_rows_and_history_spread_over_time(seeded)
    check_each_record_history_starts_at_its_creation_and_ends_as_it_stands(seeded)
    check_agreements_are_as_the_services_would_leave_them(seeded)
    check_records_breaking_todays_rules_are_only_imported_ones(seeded)
    check_dates_agree_with_statuses(seeded)
    check_each_dpia_stores_the_highest_risks_its_risks_give(seeded)
    check_a_second_run_is_refused_and_adds_nothing(seeded)


@override_settings(ROOT_URLCONF="benchmarks.urls", TEMPLATES=benchmark_settings.TEMPLATES)
def test_the_benchmark_floor_view_needs_a_login(client, staff):
    response = client.get("/benchmark/floor/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    client.force_login(staff)
    response = client.get("/benchmark/floor/")
    assert response.status_code == 200
    assert staff.full_name in response.text


def test_unfiltered_counts_over_history_tables_are_caught():
    flagged = unfiltered_history_counts(
        [
            'SELECT COUNT(*) AS "__count" FROM "sharing_historicalagreement"',
            'SELECT COUNT(*) FROM "sharing_historicalagreement" WHERE "id" = 3',
            'SELECT COUNT(*) FROM "sharing_agreement"',
            'SELECT COUNT(*) FROM "ropa_disposal" WHERE EXISTS(SELECT 1 FROM '
            '"ropa_historicaldisposal" U0 INNER JOIN "accounts_user" U1 ON (U0.id = U1.id))',
        ]
    )
    assert flagged == ['SELECT COUNT(*) AS "__count" FROM "sharing_historicalagreement"']
