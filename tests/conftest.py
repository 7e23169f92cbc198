"""Shared fixtures: named actors for every role, and the Humber organisations they belong to.

``VPP_REQUIRE_INTEGRATION=1`` (set by ``.ci/run``) turns skips of browser and worker tests into
failures, so CI can never pass without exercising them.
"""

import os

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from hypothesis import settings as hypothesis_settings

from accounts.choices import Role
from tests.factories import OrganisationFactory, UserFactory
from vpp_portal.celery import app as celery_app

REQUIRE_INTEGRATION = os.environ.get("VPP_REQUIRE_INTEGRATION") == "1"

# Hypothesis: "ci" runs today's counts (each test's own ``examples(n)``, Hypothesis's default of
# 100 where a test names none); "dev", the default locally, tries at most 20 examples a test.
# ``HYPOTHESIS_PROFILE`` chooses one by name; otherwise ``CI=true`` (set by .ci/run) means "ci".
hypothesis_settings.register_profile("ci", max_examples=100)
hypothesis_settings.register_profile("dev", max_examples=20, deadline=None)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE")
    or ("ci" if os.environ.get("CI", "").lower() == "true" else "dev")
)


def skip_or_fail(reason: str) -> None:
    """Skip a test that needs something missing here, unless CI demands it run."""
    if REQUIRE_INTEGRATION:
        pytest.fail(f"VPP_REQUIRE_INTEGRATION is set but {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True, scope="session")
def _tasks_run_in_process():
    """Unit tests run tasks in-process; the worker integration test switches this off."""
    celery_app.conf.task_always_eager = True
    yield


#: The Humber organisations the actors belong to, by fixture name.
ORGANISATIONS = {
    "police": {"name": "Humberside Police", "kind": "police"},
    "hull": {"name": "Hull City Council", "kind": "local_authority"},
    "opcc": {
        "name": "Office of the Police and Crime Commissioner for Humberside",
        "kind": "other",
        "is_core_team_host": True,
    },
}
#: The named actors, by fixture name (= role column of the URL matrices), and their organisation.
ACTORS = {
    "staff": ("opcc", {"email": "staff@test.vpp", "full_name": "Sam Staff", "role": Role.STAFF}),
    "dpo": ("opcc", {"email": "dpo@test.vpp", "full_name": "Dana DPO", "role": Role.DPO}),
    "siro": ("opcc", {"email": "siro@test.vpp", "full_name": "Simon SIRO", "role": Role.SIRO}),
    "director": (
        "opcc",
        {"email": "director@test.vpp", "full_name": "Diane Director", "role": Role.DIRECTOR},
    ),
    "admin_user": (
        "opcc",
        {
            "email": "admin@test.vpp",
            "full_name": "Alex Admin",
            "role": Role.ADMIN,
            "is_staff": True,
        },
    ),
    "partner_police": (
        "police",
        {"email": "partner.police@test.vpp", "full_name": "Priya Police", "role": Role.PARTNER},
    ),
    "partner_hull": (
        "hull",
        {"email": "partner.hull@test.vpp", "full_name": "Harry Hull", "role": Role.PARTNER},
    ),
}


def make_organisation(name: str):
    return OrganisationFactory(**ORGANISATIONS[name])


def make_actor(name: str, organisation):
    return UserFactory(**ACTORS[name][1], organisation=organisation)


@pytest.fixture
def police(db):
    return make_organisation("police")


@pytest.fixture
def hull(db):
    return make_organisation("hull")


@pytest.fixture
def opcc(db):
    return make_organisation("opcc")


@pytest.fixture
def staff(opcc):
    return make_actor("staff", opcc)


@pytest.fixture
def dpo(opcc):
    return make_actor("dpo", opcc)


@pytest.fixture
def siro(opcc):
    return make_actor("siro", opcc)


@pytest.fixture
def director(opcc):
    return make_actor("director", opcc)


@pytest.fixture
def admin_user(opcc):
    return make_actor("admin_user", opcc)


@pytest.fixture
def partner_police(police):
    return make_actor("partner_police", police)


@pytest.fixture
def partner_hull(hull):
    return make_actor("partner_hull", hull)


@pytest.fixture
def anonymous():
    return None


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client logged in as ``user`` (or anonymous for None)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing with the production hasher costs ~0.3 s a password; tests don't need the cost."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# A real one-page blank PDF (as pypdf writes it): uploads are checked by opening them.
MINIMAL_PDF = (
    b"%PDF-1.3\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<\n/Producer (pypdf)\n>>\nendobj\n"
    b"2 0 obj\n<<\n/Type /Pages\n/Count 1\n/Kids [ 4 0 R ]\n>>\nendobj\n"
    b"3 0 obj\n<<\n/Type /Catalog\n/Pages 2 0 R\n>>\nendobj\n"
    b"4 0 obj\n<<\n/Type /Page\n/Resources <<\n>>\n/MediaBox [ 0.0 0.0 595 842 ]\n"
    b"/Parent 2 0 R\n>>\nendobj\n"
    b"xref\n0 5\n0000000000 65535 f \n0000000015 00000 n \n0000000054 00000 n \n"
    b"0000000113 00000 n \n0000000162 00000 n \n"
    b"trailer\n<<\n/Size 5\n/Root 3 0 R\n/Info 1 0 R\n>>\nstartxref\n256\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def _private_files_in_a_temporary_folder(settings, tmp_path):
    """Signed documents uploaded by tests never land in the real private folder."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def hull_sharing(opcc, hull, police):
    return make_hull_sharing(opcc, hull, police)


def make_hull_sharing(opcc, hull, police):
    """A small sharing landscape around Hull City Council, for scoping tests.

    An active ISA between the OPCC and Hull, a partner-shared source Hull supplies under it,
    a product for partners using it, and a pending consultation addressed to Hull.
    """
    from django.core.files.base import ContentFile

    from sharing.models import SignedDocument
    from tests.factories import (
        AgreementFactory,
        ConsultationFactory,
        ContactFactory,
        DataSourceFactory,
        ForumFactory,
        ProductFactory,
    )

    agreement = AgreementFactory(
        title="Hull youth violence ISA",
        kind="isa",
        status="active",
        allows_personal_data=True,
        lawful_basis="public_task",
        parties=[(opcc, "controller"), (hull, "controller")],
    )
    source = DataSourceFactory(
        name="Hull youth service contacts",
        classification="partner_shared",
        url="",
        publisher="",
        supplier=hull,
        covering_agreement=agreement,
        justification="Not published at street level.",
        collection="existing",
        has_personal_data=True,
    )
    product = ProductFactory(title="Hull hotspots briefing", data_sources=[source])
    forum = ForumFactory(
        name="Humber Information Governance Alliance", acronym="HIGA", members=[hull, police]
    )
    from sharing.models import ConnectionRequest

    connection = ConnectionRequest.objects.create(forum=forum, purpose="Youth service data")
    connection.organisations.set([hull])
    document = SignedDocument.objects.create(
        agreement=agreement,
        title="Signed ISA",
        file=ContentFile(MINIMAL_PDF, name="signed.pdf"),
        original_name="signed.pdf",
        content_type="application/pdf",
        size=len(MINIMAL_PDF),
        sha256="0" * 64,
    )
    return {
        "contact": ContactFactory(organisation=hull, name="Hana Hull"),
        "forum": forum,
        "connectionrequest": connection,
        "agreement": agreement,
        "agreementparty": agreement.parties.get(organisation=hull),
        "signeddocument": document,
        "datasource": source,
        "product": product,
        "consultation": ConsultationFactory(product=product, organisation=hull),
    }


@pytest.fixture
def ropa_records(opcc, staff, hull_sharing):
    return make_ropa_records(opcc, staff, hull_sharing)


def make_ropa_records(opcc, staff, hull_sharing):
    """One of each ROPA and governance record, for URL tests."""
    from datetime import date

    from django.core.files.base import ContentFile

    from governance.models import Policy
    from ropa.models import (
        ControllerDetails,
        DataCategory,
        Disposal,
        IndividualCategory,
        ProcessingActivity,
        RecipientCategory,
        RetentionRule,
    )

    rule = RetentionRule.objects.create(
        record_class="Partnership analysis",
        period=6,
        period_unit="years",
        trigger="creation",
        action="review",
    )
    activity = ProcessingActivity.objects.create(
        name="Analysis of open crime data",
        business_function="Analysis",
        purpose="Hotspot analysis",
        retention_rule=rule,
        retention_trigger_on=date(2020, 1, 1),
    )
    source = hull_sharing["datasource"]
    return {
        "processingactivity": activity,
        "retentionrule": rule,
        "disposal": Disposal.objects.create(
            data_source=source,
            disposed_on=date(2026, 1, 5),
            method="secure_deletion",
            carried_out_by=staff,
            proposed_by=staff,  # awaiting the DPO's approval
            evidence_reference="DEL-1",
            evidence=ContentFile(MINIMAL_PDF, name="certificate.pdf"),
        ),
        "controllerdetails": ControllerDetails.objects.create(controller_name="OPCC"),
        "individualcategory": IndividualCategory.objects.create(name="Victims"),
        "datacategory": DataCategory.objects.create(name="Contact details"),
        "recipientcategory": RecipientCategory.objects.create(name="Community safety partners"),
        "policy": Policy.objects.create(
            title="Data Protection Policy",
            kind="policy",
            owner_organisation=opcc,
            status="in_force",
            version="3.1",
            document=ContentFile(MINIMAL_PDF, name="data-protection-policy.pdf"),
        ),
    }


@pytest.fixture
def dpia_records(staff, dpo, director, ropa_records):
    return make_dpia_records(staff, dpo, director, ropa_records)


def make_dpia_records(staff, dpo, director, ropa_records):
    """A DPIA returned by the DPO with a comment (so its pages can be edited), one awaiting
    the SIRO's sign-off with a high residual risk, and one approved (with its snapshot)."""
    from tests.dpias import HIGH_STAYS_HIGH, advised_dpia, approved_dpia, returned_dpia

    returned = returned_dpia(staff, dpo, activities=[ropa_records["processingactivity"]])
    return {
        "dpia": returned,
        "dpiarisk": returned.risks.get(),
        "dpiacomment": returned.comments.get(),
        "dpia_awaiting_sign_off": advised_dpia(
            staff, dpo, title="Knife crime hotspot patrols", risks=(HIGH_STAYS_HIGH,)
        ),
        "approved_dpia": approved_dpia(staff, dpo, director, title="Youth diversion referrals"),
    }


@pytest.fixture
def governance_records(hull, staff, ropa_records):
    return make_governance_records(hull, staff, ropa_records)


def make_governance_records(hull, staff, ropa_records):
    """An open breach, a role holder at Hull and a notification to the staff user."""
    from datetime import date, timedelta

    from django.utils import timezone

    from governance.models import Breach, Notification
    from sharing.models import RoleHolder

    aware_at = timezone.now() - timedelta(hours=20)
    policy = ropa_records["policy"]
    return {
        "breach": Breach.objects.create(
            reference="BR-001",
            title="Referral spreadsheet e-mailed to the wrong partner",
            detected_at=aware_at - timedelta(hours=1),
            became_aware_at=aware_at,
            reported_by=staff,
            description="A spreadsheet of youth referrals went to a wrong address.",
            organisation=hull,
        ),
        "roleholder": RoleHolder.objects.create(
            organisation=hull,
            role="dpo",
            name="Harriet Hull",
            email="dpo@hull.test",
            starts_on=date(2024, 4, 1),
        ),
        "notification": Notification.objects.create(
            user=staff,
            kind="policy_review",
            title=f"The review of policy ‘{policy}’ is due in 7 days",
            url=policy.get_absolute_url(),
        ),
        **make_rights_records(hull, staff),
    }


def make_rights_records(hull, staff):
    """A subject access request handled by the staff user, and a search asked of Hull."""
    from django.utils import timezone

    from governance.models import RightsRequest, RightsSearch
    from governance.rights.clocks import gdpr_due_on

    received = timezone.localdate()
    request = RightsRequest.objects.create(
        reference="RR-001",
        kind="subject_access",
        received_on=received,
        clock_started_on=received,
        due_on=gdpr_due_on(received),
        requester_name="Jordan Ellis",
        requester_contact="jordan.ellis@example.com",
        summary="Copies of referral records",
        handler=staff,
    )
    search = RightsSearch.objects.create(
        rights_request=request,
        organisation=hull,
        question="Referral records, March to September 2026",
        due_on=received,
        requested_by=staff,
    )
    return {"rightsrequest": request, "rightssearch": search}


@pytest.fixture
def report_job(siro):
    return make_report_job(siro)


def make_report_job(siro):
    """A finished Board report job of the SIRO's, its PDF in the (temporary) private folder."""
    from governance.choices import ReportJobKind
    from governance.reports.jobs import report_job_record

    return report_job_record(
        actor=siro,
        kind=ReportJobKind.BOARD_REPORT,
        params={"starts_on": "2026-07-01", "ends_on": "2026-09-30"},
        title="Board report, 1 July to 30 September 2026",
        content=b"%PDF-1.7\n%%EOF\n",
        filename="board-report-2026-07-01-to-2026-09-30.pdf",
    )


@pytest.fixture
def url_objects(
    hull, staff, hull_sharing, ropa_records, dpia_records, governance_records, report_job
):
    """One record per model whose URLs take an id, keyed by model name as URL names spell it."""
    return make_url_objects(
        hull, staff, hull_sharing, ropa_records, dpia_records, governance_records, report_job
    )


def make_url_objects(
    hull, staff, hull_sharing, ropa_records, dpia_records, governance_records, report_job
):
    common = {"ip_address": "192.0.2.1", "user_agent": "test", "username": "someone@test.vpp"}
    return {
        "reportjob": report_job,
        **hull_sharing,
        **ropa_records,
        **dpia_records,
        **governance_records,
        **_audit_and_action_records(staff),
        **_training_records(hull, staff),
        **_system_records(hull, staff, hull_sharing),
        "organisation": hull,
        "user": staff,
        "accessattempt": AccessAttempt.objects.create(failures_since_start=3, **common),
        "accesslog": AccessLog.objects.create(**common),
        "accessfailurelog": AccessFailureLog.objects.create(**common),
    }


def _audit_and_action_records(staff):
    """An audit with its report, its finding, and an open action owned by ``staff``."""
    from tests.governance.action_support import make_url_records

    return make_url_records(staff)


def _training_records(hull, staff):
    """A course, a Hull contact with a start date and a record with its evidence file."""
    from tests.governance.training_support import make_url_records

    return make_url_records(hull, staff)


def _system_records(hull, staff, hull_sharing):
    """A system Hull supplies, holding the data source Hull supplies."""
    from governance.models import System
    from governance.services.systems import system_save

    system = system_save(
        System(name="Hull case system", supplier=hull, hosting="Hull Guildhall, UK"),
        actor=staff,
        links={"data_sources": [hull_sharing["datasource"]]},
    )
    return {"system": system}


#: A cheap hasher for users made outside a test's own settings (the module-scoped world).
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_world() -> dict:
    """Every actor (by role, ``anonymous`` as None) and ``url_objects``, made in one go."""
    organisations = {name: make_organisation(name) for name in ("hull", "opcc", "police")}
    actors = {name: make_actor(name, organisations[org]) for name, (org, _) in ACTORS.items()}
    sharing = make_hull_sharing(
        organisations["opcc"], organisations["hull"], organisations["police"]
    )
    ropa = make_ropa_records(organisations["opcc"], actors["staff"], sharing)
    objects = make_url_objects(
        organisations["hull"],
        actors["staff"],
        sharing,
        ropa,
        make_dpia_records(actors["staff"], actors["dpo"], actors["director"], ropa),
        make_governance_records(organisations["hull"], actors["staff"], ropa),
        make_report_job(actors["siro"]),
    )
    return {"actors": {"anonymous": None, **actors}, "objects": objects, **organisations}


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """``make_world()`` once per test module (and xdist worker), not once per test.

    Made inside a transaction that is rolled back when the module's tests are done; each test
    runs in a savepoint within it (pytest-django's ``db``), so a test's writes are undone and
    nothing leaks into another module. Tests use it through a function-scoped fixture that
    also points ``PRIVATE_MEDIA_ROOT`` back at this world's files (see ``world_files``)."""
    from django.db import transaction
    from django.test import override_settings

    private = tmp_path_factory.mktemp("private")
    with (
        django_db_blocker.unblock(),
        override_settings(PRIVATE_MEDIA_ROOT=private, PASSWORD_HASHERS=FAST_PASSWORD_HASHERS),
        transaction.atomic(),
    ):
        world = make_world()
        world["private"] = private
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def world(db, module_world, settings, _private_files_in_a_temporary_folder):
    """The module's world for one test, its uploaded files where its records expect them."""
    settings.PRIVATE_MEDIA_ROOT = module_world["private"]
    return module_world
