"""A partner never reaches another partner's records, by any id, with GET or POST.

Each partner organisation (Humberside Police, Hull City Council) gets one record of every
register a partner can see (its contact, an agreement it is party to with a signed copy, the
data source it supplies, the consultation addressed to it) and of the internal ones that name
it (a product, a connection request, a breach, a role holder), plus a notification for its
partner. Then each partner tries every named URL that takes a record id with every id of the
*other* organisation's records: every answer is a 404 (403 where the role is closed, 405 for a
method the page does not take, or a redirect to sign in), the database is unchanged, and the
lists and exports the partner can open never name the other organisation's records.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook

from tests.conftest import MINIMAL_PDF
from tests.matrix_support import (
    changed_tables,
    db_fingerprint,
    named_views,
    transitions_of,
    view_class,
)
from tests.test_post_role_matrix import _is_sign_in_redirect, _unread
from tests.test_url_role_matrix import _kwarg_names, named_urls

#: URL keywords that carry a record id.
ID_KWARGS = ("pk", "object_id", "id")
#: The admin's history version URLs take the record and version ids unnamed.
POSITIONAL = ("_0", "_1")
#: Answers that give nothing away. A redirect passes only when it is to sign in.
REFUSALS = (403, 404, 405)


@dataclass
class PartnerRecords:
    """One organisation's records: the ids to try, and the names that must not leak."""

    ids: set[int] = field(default_factory=set)
    names: list[str] = field(default_factory=list)
    #: The ids of each model's records, to know when a tried number is the partner's own.
    by_model: dict[type, set[int]] = field(default_factory=dict)


def _records_of(organisation, partner, opcc, staff, word: str) -> PartnerRecords:
    """Every register's record that belongs to (or names) ``organisation``; ``word`` makes
    each name unique to it, so a page naming one is a leak."""
    from governance.models import Breach, Notification
    from sharing.models import ConnectionRequest, RoleHolder, SignedDocument
    from tests.factories import (
        AgreementFactory,
        ConsultationFactory,
        ContactFactory,
        DataSourceFactory,
        ForumFactory,
        ProductFactory,
    )

    agreement: Any = AgreementFactory(
        title=f"{word} youth violence ISA",
        kind="isa",
        status="active",
        allows_personal_data=True,
        lawful_basis="public_task",
        parties=[(opcc, "controller"), (organisation, "controller")],
    )
    source = DataSourceFactory(
        name=f"{word} referrals extract",
        classification="partner_shared",
        url="",
        publisher="",
        supplier=organisation,
        covering_agreement=agreement,
        justification="Not published at street level.",
        collection="existing",
        has_personal_data=True,
    )
    product = ProductFactory(title=f"{word} hotspots briefing", data_sources=[source])
    forum: Any = ForumFactory(
        name=f"{word} safeguarding board", acronym=word[:4], members=[organisation]
    )
    connection = ConnectionRequest.objects.create(forum=forum, purpose=f"{word} case data")
    connection.organisations.set([organisation])
    document = SignedDocument.objects.create(
        agreement=agreement,
        title=f"{word} signed ISA",
        file=ContentFile(MINIMAL_PDF, name="signed.pdf"),
        original_name="signed.pdf",
        content_type="application/pdf",
        size=len(MINIMAL_PDF),
        sha256="0" * 64,
    )
    from governance.models import System
    from governance.services.systems import system_save

    system = system_save(
        System(name=f"{word} case system", supplier=organisation, hosting=f"{word} data centre"),
        actor=staff,
        links={"data_sources": [source]},
    )
    from governance.models import RightsRequest, RightsSearch

    rights_request = RightsRequest.objects.create(
        reference=f"RR-{word[:3].upper()}",
        kind="subject_access",
        received_on=timezone.localdate(),
        clock_started_on=timezone.localdate(),
        due_on=timezone.localdate() + timedelta(days=30),
        requester_name=f"{word} requester",
        requester_contact="someone@example.test",
        summary="Records",
        handler=staff,
    )
    search = RightsSearch.objects.create(
        rights_request=rights_request,
        organisation=organisation,
        question=f"{word} records search",
        due_on=timezone.localdate(),
    )
    aware_at = timezone.now() - timedelta(hours=2)
    records = [
        search,
        organisation,
        ContactFactory(organisation=organisation, name=f"{word} contact person"),
        agreement,
        agreement.parties.get(organisation=organisation),
        document,
        source,
        system,
        product,
        ConsultationFactory(product=product, organisation=organisation),
        forum,
        connection,
        Breach.objects.create(
            reference=f"BR-{word[:3].upper()}",
            title=f"{word} spreadsheet sent astray",
            detected_at=aware_at,
            became_aware_at=aware_at,
            reported_by=staff,
            description="A spreadsheet went to a wrong address.",
            organisation=organisation,
        ),
        RoleHolder.objects.create(
            organisation=organisation,
            role="dpo",
            name=f"{word} data protection officer",
            email=f"dpo@{word.lower()}.test",
            starts_on=date(2024, 4, 1),
        ),
        Notification.objects.create(
            user=partner, kind="consultation_due", title=f"{word} answer due", url="/"
        ),
    ]
    names = [
        organisation.name,
        f"{word} contact person",
        agreement.title,
        document.title,
        source.name,
        system.name,
        product.title,
        forum.name,
        connection.purpose,
        f"{word} spreadsheet sent astray",
        f"{word} data protection officer",
        f"{word} answer due",
    ]
    # Every party of the organisation's agreement, the OPCC's too, is on a page it may see.
    records += list(agreement.parties.all())
    # The partner's own training: a record with its evidence, a start date, and their own
    # training page (its id is the person's).
    from governance.models import Course
    from tests.governance.training_support import record as training_record
    from tests.governance.training_support import started

    # The course catalogue is every partner's to read: the course is "their own" to both.
    course = Course.objects.first() or Course.objects.create(title="Induction")
    records += [
        course,
        training_record(
            staff,
            partner,
            course,
            date(2026, 1, 12),
            evidence_reference=f"{word} certificate",
            evidence_document=ContentFile(MINIMAL_PDF, name="certificate.pdf"),
        ),
        started(staff, partner, date(2026, 1, 5)),
        partner,
    ]
    by_model: dict[type, set[int]] = {}
    for record in records:
        by_model.setdefault(type(record), set()).add(record.pk)
    return PartnerRecords(ids={record.pk for record in records}, names=names, by_model=by_model)


@pytest.fixture
def partner_worlds(opcc, staff, hull, police, partner_hull, partner_police):
    """Each partner with the other organisation's records."""
    hulls = _records_of(hull, partner_hull, opcc, staff, "Kingston")
    polices = _records_of(police, partner_police, opcc, staff, "Constabulary")
    return {
        "partner_police": (partner_police, hulls, polices),
        "partner_hull": (partner_hull, polices, hulls),
    }


def _id_urls() -> list[str]:
    """Every named URL with a record id among its keywords."""
    return [
        name
        for name in named_urls()
        if any(
            keyword in (*ID_KWARGS, *POSITIONAL) or keyword.endswith("_pk")
            for keyword in _kwarg_names(name)
        )
    ]


def _urls_with(name: str, record_id: int) -> list[str]:
    """``name`` with ``record_id`` in every id keyword, once per workflow step it takes."""
    keywords = _kwarg_names(name)
    if tuple(keywords) == POSITIONAL:  # the admin's version of a record: (record, version)
        return [reverse(name, args=[record_id, record_id])]
    fixed: dict = {}
    for keyword in keywords:
        if keyword in ID_KWARGS or keyword.endswith("_pk"):
            fixed[keyword] = record_id
        elif keyword == "format":
            fixed[keyword] = "csv"
        elif keyword == "content_type_id":
            fixed[keyword] = ContentType.objects.get(app_label="sharing", model="organisation").pk
        elif keyword != "transition":
            raise AssertionError(f"{name}: say how to fill its <{keyword}> for this test")
    if "transition" in keywords:
        return [
            reverse(name, kwargs={**fixed, "transition": step}) for step in transitions_of(name)
        ]
    return [reverse(name, kwargs=fixed)]


def _model_named_by(name: str):
    """The model a register URL's name starts with (``governance:notification_open``)."""
    app_label, _, url_name = name.rpartition(":")
    try:
        return apps.get_model(app_label, url_name.split("_")[0])
    except (LookupError, ValueError):
        return None


def _is_own(name: str, record_id: int, own: PartnerRecords) -> bool:
    """Whether ``record_id`` in ``name``'s id is one of the partner's own records, by what this
    test created (never by the portal's own scoping, which is what is under test)."""
    model = getattr(view_class(name), "model", None) or _model_named_by(name)
    return model is not None and record_id in own.by_model.get(model, set())


@pytest.mark.django_db
@pytest.mark.parametrize("partner_role", ["partner_police", "partner_hull"])
def test_a_partner_reaches_none_of_the_other_partners_records_by_id(
    client, partner_worlds, partner_role
):
    partner, others, own = partner_worlds[partner_role]
    client.force_login(partner)
    before = db_fingerprint(_unread)
    leaks = []
    tried = 0
    for name in _id_urls():
        for record_id in sorted(others.ids):
            if _is_own(name, record_id, own):
                continue  # the same number is one of the partner's own records
            for url in _urls_with(name, record_id):
                for method in ("get", "post"):
                    response = getattr(client, method)(url)
                    tried += 1
                    status = response.status_code
                    if status in REFUSALS or _is_sign_in_redirect(response):
                        continue
                    leaks.append(f"{method.upper()} {url} ({name}): {status}")
    assert not leaks, f"{partner_role} reached the other partner's records:\n" + "\n".join(leaks)
    assert tried > 300, f"the sweep tried only {tried} requests"
    assert not changed_tables(before, db_fingerprint(_unread)), "the sweep changed the database"


#: Namespaces of the registers (and the accounts' own pages); home too.
LISTING_NAMESPACES = ("sharing", "ropa", "governance", "accounts")


def _listing_urls() -> list[str]:
    """Every page of the registers without an id (lists, queues, forms) and every export,
    in both formats."""
    urls = []
    for name in named_urls():
        keywords = _kwarg_names(name)
        if keywords == ["format"]:
            urls += [reverse(name, kwargs={"format": fmt}) for fmt in ("csv", "xlsx")]
        elif not keywords and (name == "home" or name.split(":")[0] in LISTING_NAMESPACES):
            urls.append(reverse(name))
    return urls


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        sheet = load_workbook(io.BytesIO(body), read_only=True).active
        return "\n".join(
            " ".join(str(cell) for cell in row if cell is not None)
            for row in sheet.iter_rows(values_only=True)
        )
    text = body.decode("utf-8-sig", errors="replace")
    if response.get("Content-Type", "").startswith("text/csv"):
        return "\n".join(" ".join(row) for row in csv.reader(io.StringIO(text)))
    return text


@pytest.mark.django_db
@pytest.mark.parametrize("partner_role", ["partner_police", "partner_hull"])
def test_a_partners_lists_and_exports_never_name_the_other_partners_records(
    client, partner_worlds, partner_role
):
    partner, others, own = partner_worlds[partner_role]
    client.force_login(partner)
    leaks, seen = [], set()
    for url in _listing_urls():
        response = client.get(url)
        # 405: a button's target (marking all read) that only takes POST.
        assert response.status_code in (200, 403, 405), f"{url}: {response.status_code}"
        if response.status_code != 200:
            continue
        text = _text(response)
        leaks += [f"{url} names ‘{n}’" for n in others.names if n in text or escape(n) in text]
        seen |= {n for n in own.names if n in text or escape(n) in text}
    assert not leaks, f"{partner_role} sees the other partner's records:\n" + "\n".join(leaks)
    # The lists are not empty for the partner: their own agreement, source and organisation.
    assert {own.names[0], own.names[2], own.names[4]} <= seen


#: Keywords that are not record ids: what the sweep fills them with, or why it skips them.
#: ``kind`` names a chooser's register; what a partner finds there is tested in
#: tests/vpp_portal/test_choosers.py.
NOT_IDS = (
    "format",
    "transition",
    "content_type_id",
    "token",
    "uidb36",
    "key",
    "app_label",
    "kind",
)


def test_every_id_keyword_of_every_url_is_known_to_the_sweep():
    # A URL whose id keyword this test did not recognise would silently escape the sweep.
    unknown = [
        f"{name}: <{keyword}>"
        for name in named_views()
        for keyword in _kwarg_names(name)
        if keyword not in (*ID_KWARGS, *NOT_IDS, *POSITIONAL) and not keyword.endswith("_pk")
    ]
    assert not unknown, f"record ids the sweep does not try (add them to ID_KWARGS): {unknown}"
