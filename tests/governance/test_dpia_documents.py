"""A DPIA as a document: the printable page and PDF of the live DPIA, and the approved version
exactly as frozen (page and PDF), which later edits cannot change."""

import html
import re
import zlib
from datetime import timedelta

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from governance.models import Dpia, DpiaRisk, DpiaSnapshot
from governance.services import dpias as services
from governance.views.dpia_documents import PDF_TEMPLATE, STEP_TITLES
from tests.dpias import (
    HIGH_STAYS_HIGH,
    LOW,
    MEDIUM_REDUCED_TO_LOW,
    approved_dpia,
    complete_dpia,
    draft_dpia,
    returned_dpia,
    screened_out_dpia,
)

pytestmark = pytest.mark.django_db


def print_url(dpia):
    return reverse("governance:dpia_print", kwargs={"pk": dpia.pk})


def pdf_url(dpia):
    return reverse("governance:dpia_pdf", kwargs={"pk": dpia.pk})


def snapshot_url(dpia):
    return reverse("governance:dpia_snapshot", kwargs={"pk": dpia.pk})


def snapshot_pdf_url(dpia):
    return reverse("governance:dpia_snapshot_pdf", kwargs={"pk": dpia.pk})


def page_text(response):
    """The page's text with its markup and entities gone and whitespace collapsed."""
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(text).split())


# --- Reading a PDF's text (WeasyPrint's output, without a PDF library) ---------------------------
#
# WeasyPrint compresses its streams, keeps most objects in object streams, and draws text as
# glyph numbers of subset fonts; each font's ToUnicode map turns them back into characters.


def _inflate(body: bytes) -> bytes:
    match = re.search(rb"stream\r?\n(.*)\r?\nendstream", body, re.S)
    if match is None:
        return b""
    data = match.group(1)
    return zlib.decompress(data) if b"/FlateDecode" in body[: match.start()] else data


def pdf_objects(content: bytes) -> dict[int, bytes]:
    """Every object of the PDF by number, those inside object streams included."""
    objects = {
        int(m.group(1)): m.group(2)
        for m in re.finditer(rb"(?<![0-9])(\d+) 0 obj\s*(.*?)endobj", content, re.S)
    }
    for body in list(objects.values()):
        if b"/Type /ObjStm" not in body:
            continue
        first = int(re.findall(rb"/First (\d+)", body)[0])
        data = _inflate(body)
        numbers = [int(n) for n in data[:first].split()]
        pairs = list(zip(numbers[::2], numbers[1::2], strict=True))
        for index, (number, offset) in enumerate(pairs):
            end = pairs[index + 1][1] if index + 1 < len(pairs) else len(data) - first
            objects[number] = data[first + offset : first + end]
    return objects


def _ref(body: bytes, key: bytes) -> int:
    """The object number ``/key`` refers to (0, which no object has, when there is none)."""
    match = re.search(rb"/" + key + rb"\s+(\d+) 0 R", body)
    return int(match.group(1)) if match else 0


def _to_unicode(cmap: bytes) -> dict[bytes, str]:
    mapping: dict[bytes, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[code.lower()] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, start in re.findall(
            rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
        ):
            width = len(low)
            for offset in range(int(high, 16) - int(low, 16) + 1):
                code = f"{int(low, 16) + offset:0{width}x}".encode()
                mapping[code] = chr(int(start, 16) + offset)
    return mapping


def pdf_text(content: bytes) -> str:
    """The text drawn on the PDF's pages, one line a page, whitespace collapsed: a line break
    counts as a space (a word broken after its hyphen joins up), so wrapped text reads whole."""
    objects = pdf_objects(content)
    tree = next(body for body in objects.values() if re.search(rb"/Type /Pages\b", body))
    kids = re.search(rb"/Kids \[([^\]]*)\]", tree)
    assert kids is not None, "WeasyPrint keeps every page in one /Pages object"
    pages = []
    for number in re.findall(rb"(\d+) 0 R", kids.group(1)):
        body = objects[int(number)]
        resources = objects[_ref(body, b"Resources")]
        fonts_ref = _ref(resources, b"Font")
        fonts_body = objects[fonts_ref] if fonts_ref else resources
        maps = {}
        for name, number in re.findall(rb"/([A-Za-z0-9_.+-]+)\s+(\d+) 0 R", fonts_body):
            cmap_ref = _ref(objects.get(int(number), b""), b"ToUnicode")
            if cmap_ref:
                maps[name] = _to_unicode(_inflate(objects[cmap_ref]))
        stream = _inflate(objects[_ref(body, b"Contents")])
        runs, font = [""], {}
        for token in re.finditer(
            rb"/([A-Za-z0-9_.+-]+)\s+[\d.]+\s+Tf|\[(.*?)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj|\bT[md*]\b",
            stream,
            re.S,
        ):
            if token.group(1):
                font = maps.get(token.group(1), {})
            elif token.group(0).startswith(b"T"):  # the text moves: a new line or cell
                runs.append("")
            else:
                strings = token.group(2) or b"<" + token.group(3) + b">"
                for hexes in re.findall(rb"<([0-9a-fA-F]*)>", strings):
                    runs[-1] += "".join(
                        font.get(hexes[i : i + 4].lower(), "\ufffd")
                        for i in range(0, len(hexes), 4)
                    )
        text = ""
        for run in filter(None, (" ".join(run.split()) for run in runs)):
            # A word broken after its hyphen at the end of a line ("sign-" / "off") reads whole.
            joined = len(text) > 1 and text[-1] == "-" and text[-2].isalpha()
            text += run if joined or not text else " " + run
        pages.append(text)
    return "\n".join(pages)


def test_the_pdf_text_reader_reads_what_weasyprint_drew():
    from vpp_portal.documents import render_pdf

    content = render_pdf(
        "<title>T</title><p>Café — fine, “quoted” ffi</p><table><tr><td>Left cell</td>"
        "<td>Right cell</td></tr></table><p>" + "A long line that wraps. " * 30 + "</p>"
    )
    text = pdf_text(content)
    assert "Café — fine, “quoted” ffi" in text
    assert "Left cell" in text and "Right cell" in text
    assert "A long line that wraps. " * 29 in text


def step_positions(text: str) -> list[int]:
    """Where each of the seven step headings first appears in ``text``."""
    headings = [
        "Step 1: Identify the need for a DPIA",
        "Step 2: Describe the processing",
        "Step 3: Consultation process",
        "Step 4: Necessity and proportionality",
        STEP_TITLES["risks"],
        STEP_TITLES["measures"],
        STEP_TITLES["sign_off"],
    ]
    return [text.index(heading) for heading in headings]


def today_long() -> str:
    return f"{timezone.localdate():%-d %B %Y}"


# --- Who may see the documents -------------------------------------------------------------------


@pytest.fixture
def approved(staff, dpo, siro):
    return approved_dpia(staff, dpo, siro, risks=(HIGH_STAYS_HIGH, LOW))


DOCUMENT_URLS = (print_url, pdf_url, snapshot_url, snapshot_pdf_url)


@pytest.mark.parametrize("role", ["staff", "dpo", "siro", "director", "admin_user"])
def test_every_internal_role_can_open_the_printed_dpia_and_its_approved_version(
    request, client, approved, role
):
    client.force_login(request.getfixturevalue(role))
    for url in DOCUMENT_URLS:
        assert client.get(url(approved)).status_code == 200, url.__name__


def test_a_dpia_that_does_not_exist_is_not_found(client, staff):
    client.force_login(staff)
    missing = Dpia(pk=9999)
    for url in DOCUMENT_URLS:
        assert client.get(url(missing)).status_code == 404


# --- The printable page --------------------------------------------------------------------------


def test_the_printable_page_shows_all_seven_steps_in_order_with_the_risks(client, staff):
    dpia = complete_dpia(staff, risks=(HIGH_STAYS_HIGH, MEDIUM_REDUCED_TO_LOW, LOW))
    client.force_login(staff)
    response = client.get(print_url(dpia))
    assert response.status_code == 200
    text = page_text(response)
    assert "DPIA-001: Hull youth referrals matching" in text
    positions = step_positions(text)
    assert positions == sorted(positions)
    for risk in dpia.risks.all():
        assert risk.description in text
    assert "Hull youth referrals matching activity" in text  # the linked activity
    assert f"Printed on {today_long()}" in text and "by Sam Staff" in text
    assert reverse("governance:dpia_pdf", kwargs={"pk": dpia.pk}) in response.content.decode()


def test_the_printable_page_leaves_the_navigation_off_the_paper(client, staff):
    dpia = draft_dpia(staff)
    client.force_login(staff)
    content = client.get(print_url(dpia)).content.decode()
    assert 'class="app-dpia-print"' in content
    # The print rules are in the stylesheet (the Content-Security-Policy forbids inline style).
    sass = (settings.BASE_DIR / "assets" / "_portal.scss").read_text()
    print_rules = sass[sass.index("@media print {") :]
    assert ":has(.app-dpia-print" in print_rules
    hidden = print_rules.split("display: none !important;")[0]
    for part in (".moj-header", ".moj-primary-navigation", ".govuk-footer", ".govuk-back-link"):
        assert part in hidden
    assert 'class="moj-primary-navigation"' in content  # on screen it is still there


@pytest.mark.parametrize(
    "make",
    [
        lambda staff, dpo: draft_dpia(staff),
        lambda staff, dpo: complete_dpia(staff),
        lambda staff, dpo: returned_dpia(staff, dpo),
        lambda staff, dpo: services.dpia_submit(complete_dpia(staff), actor=staff),
    ],
    ids=["draft", "written", "returned", "submitted"],
)
def test_a_dpia_not_yet_approved_is_printed_as_a_draft(client, staff, dpo, make):
    dpia = make(staff, dpo)
    client.force_login(staff)
    text = page_text(client.get(print_url(dpia)))
    assert "DRAFT — not approved" in text


def test_an_approved_dpia_is_printed_without_the_draft_marking_and_links_to_its_frozen_copy(
    client, staff, approved
):
    client.force_login(staff)
    response = client.get(print_url(approved))
    assert "DRAFT" not in page_text(response)
    assert snapshot_url(approved) in response.content.decode()


def test_text_written_into_a_dpia_is_shown_as_text_not_markup(client, staff):
    dpia = draft_dpia(staff, title="<script>alert(1)</script> & co")
    client.force_login(staff)
    content = client.get(print_url(dpia)).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in content


# --- The PDF -------------------------------------------------------------------------------------


def test_a_drafts_pdf_has_the_seven_steps_and_says_on_every_page_that_it_is_not_approved(
    client, staff
):
    dpia = complete_dpia(staff, risks=(HIGH_STAYS_HIGH, MEDIUM_REDUCED_TO_LOW, LOW))
    client.force_login(staff)
    response = client.get(pdf_url(dpia))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="dpia-001-r1-hull-youth-referrals-matching-'
        f'{timezone.localdate().isoformat()}.pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF")
    pages = pdf_text(response.content).split("\n")
    assert len(pages) > 1
    assert all("DRAFT — not approved" in page for page in pages)
    text = " ".join(pages)
    assert "DPIA-001: Hull youth referrals matching" in text
    positions = step_positions(text)
    assert positions == sorted(positions)
    for risk in dpia.risks.all():
        assert risk.description in text
    assert "Two-person check of every match." in text  # step 6's measures
    assert "Awaiting sign-off" in text  # no measure is approved yet
    assert f"Printed on {today_long()}" in text and "by Sam Staff" in text


def test_an_approved_dpias_pdf_has_the_risks_the_sign_off_names_and_the_timeline(
    client, staff, approved
):
    client.force_login(staff)
    response = client.get(pdf_url(approved))
    text = pdf_text(response.content)
    assert "Hull youth referrals matching" in text
    assert "DRAFT" not in text
    for risk in approved.risks.all():
        assert risk.description in text
    # Step 7, row by row as the ICO template lays it out, with the names and dates.
    signed = f"Simon SIRO, {today_long()}"
    assert f"Measures approved by {signed}" in text
    assert f"Residual risks approved by {signed}" in text
    assert f"DPO advice provided Dana DPO, {today_long()}" in text
    assert "Proceed with the two-person check." in text
    assert f"DPO advice accepted or overruled by {signed} Accepted" in text
    assert "This DPIA will be kept under review by Dana DPO" in text
    # High residual risk: the prior consultation with the ICO.
    assert "ICO case reference ICO/2026/001" in text
    assert "The ICO raised no objection." in text
    # The timeline: action, who, when.
    assert f"Signed off and approved Simon SIRO {today_long()}" in text
    assert text.index("Started Sam Staff") < text.index("DPO advice given Dana DPO")


def test_a_pdf_signed_off_by_the_director_names_the_director(client, staff, dpo, director):
    dpia = approved_dpia(staff, dpo, director, risks=(MEDIUM_REDUCED_TO_LOW,))
    client.force_login(staff)
    text = pdf_text(client.get(pdf_url(dpia)).content)
    assert f"Measures approved by Diane Director, {today_long()}" in text
    assert "Prior consultation with the ICO" not in text  # the residual risk is low


def test_a_screened_out_dpias_pdf_shows_the_screening_and_the_dpos_confirmation(client, staff, dpo):
    dpia = screened_out_dpia(staff, dpo)
    client.force_login(staff)
    response = client.get(pdf_url(dpia))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "DPIA-001: Open crime data hotspot maps" in text
    assert "No DPIA is needed" in text
    assert "Published, aggregated data only: nobody can be identified." in text
    assert f"Screening confirmed by the DPO Dana DPO, {today_long()}" in text
    assert "Agreed: no personal data." in text
    assert text.count("Not needed: the screening in step 1 found that no DPIA is required.") == 5
    positions = step_positions(text)
    assert positions == sorted(positions)
    assert "DRAFT" not in text


def test_the_pdf_is_drawn_from_the_pdf_template_which_fetches_nothing(client, staff, approved):
    client.force_login(staff)
    for url in (pdf_url, snapshot_pdf_url):
        response = client.get(url(approved))
        assert PDF_TEMPLATE in [t.name for t in response.templates]
    document = approved.snapshot.content
    for context in (
        {"document": document, "marking": "DRAFT — not approved"},
        {"document": document, "snapshot": approved.snapshot},
    ):
        page = render_to_string(PDF_TEMPLATE, {**context, "digest_matches": False})
        for fetching in ("<link", "<img", "<script", "url(", "@import", "/static/", "src="):
            assert fetching not in page


# --- The approved version, as frozen -------------------------------------------------------------


def test_the_approved_version_says_who_approved_it_and_when_with_its_digest(
    client, staff, approved
):
    client.force_login(staff)
    text = page_text(client.get(snapshot_url(approved)))
    assert (
        f"This is DPIA-001 revision 1 exactly as approved on {today_long()} by Simon SIRO."
    ) in text
    assert f"SHA-256 digest: {approved.snapshot.digest} (the stored copy matches it)" in text
    assert "does not match its digest" not in text
    assert "DRAFT" not in text
    positions = step_positions(text)
    assert positions == sorted(positions)


def test_the_approved_versions_pdf_is_named_as_the_approved_copy(client, staff, approved):
    client.force_login(staff)
    response = client.get(snapshot_pdf_url(approved))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="dpia-001-r1-hull-youth-referrals-matching-approved.pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(response.content)
    assert f"exactly as approved on {today_long()} by Simon SIRO." in text
    assert approved.snapshot.digest in text
    assert f"Measures approved by Simon SIRO, {today_long()}" in text


def test_the_approved_version_is_unchanged_by_later_edits_and_a_new_revision(
    client, staff, dpo, director
):
    dpia = approved_dpia(staff, dpo, director, risks=(MEDIUM_REDUCED_TO_LOW,))
    digest = dpia.snapshot.digest
    risk_text = dpia.risks.get().description
    # An edit behind the services' back (as an administrator might make) ...
    Dpia.objects.filter(pk=dpia.pk).update(title="Renamed behind the portal's back")
    DpiaRisk.objects.filter(dpia=dpia).update(description="A risk rewritten later.")
    # ... and a review: a new revision, edited and approved in its turn.
    revision = services.dpia_start_review(dpia, actor=staff)
    revision.title = "Hull youth referrals matching, reviewed"
    revision = services.dpia_save(revision, actor=staff, reason="Reviewed")
    risk = revision.risks.get()
    risk.description = "A new risk wording in the review."
    services.dpia_risk_save(risk, actor=staff, reason="Reworded")
    approved_revision = services.dpia_approve(
        services.dpia_give_advice(
            services.dpia_submit(revision, actor=staff),
            actor=dpo,
            recommendation="proceed_with_measures",
            advice="Still fine.",
        ),
        actor=director,
        advice_decision="accepted",
        review_owner=dpo,
        next_review_on=timezone.localdate() + timedelta(days=365),
    )
    client.force_login(staff)

    # The live print of the first revision shows the later edit ...
    assert "Renamed behind the portal's back" in page_text(client.get(print_url(dpia)))
    # ... its approved version does not, on the page or in the PDF.
    page = page_text(client.get(snapshot_url(dpia)))
    pdf = pdf_text(client.get(snapshot_pdf_url(dpia)).content)
    for text in (page, pdf):
        assert "DPIA-001: Hull youth referrals matching" in text
        assert risk_text in text
        assert "Renamed behind" not in text and "rewritten later" not in text
        assert "matching, reviewed" not in text and "new risk wording" not in text
        assert "does not match its digest" not in text
    assert "This revision's status today: Superseded by a revision." in page
    assert "This revision's status today: Superseded by a revision." in pdf
    assert DpiaSnapshot.objects.get(dpia=dpia).digest == digest
    # The revision has its own approved version, with its own text.
    revision_page = page_text(client.get(snapshot_url(approved_revision)))
    assert "This is DPIA-001 revision 2 exactly as approved" in revision_page
    assert "A new risk wording in the review." in revision_page
    assert "a review of DPIA-001" in revision_page


def test_an_approved_version_altered_outside_the_portal_is_flagged_as_untrustworthy(
    client, staff, approved
):
    content = approved.snapshot.content
    content["title"] = "A title slipped in later"
    DpiaSnapshot.objects.filter(pk=approved.snapshot.pk).update(content=content)
    client.force_login(staff)
    warning = "The stored copy does not match its digest: it has been altered outside the portal."
    page = page_text(client.get(snapshot_url(approved)))
    assert warning in page
    assert "(the stored copy matches it)" not in page
    assert warning in pdf_text(client.get(snapshot_pdf_url(approved)).content)


def test_an_approved_version_replaced_by_something_else_is_flagged_not_a_server_error(
    client, staff, approved
):
    DpiaSnapshot.objects.filter(pk=approved.snapshot.pk).update(content=["not", "a", "DPIA"])
    client.force_login(staff)
    for url in (snapshot_url, snapshot_pdf_url):
        response = client.get(url(approved))
        assert response.status_code == 200
    assert "does not match its digest" in page_text(client.get(snapshot_url(approved)))


def test_a_screening_confirmed_by_the_dpo_has_a_frozen_copy_saying_so(client, staff, dpo):
    dpia = screened_out_dpia(staff, dpo)
    client.force_login(staff)
    text = page_text(client.get(snapshot_url(dpia)))
    assert f"exactly as confirmed as needing no DPIA on {today_long()} by Dana DPO." in text
    assert "No DPIA is needed" in text


@pytest.mark.parametrize("url", [snapshot_url, snapshot_pdf_url], ids=["page", "pdf"])
def test_a_dpia_never_approved_has_no_approved_version(client, staff, dpo, url):
    dpia = services.dpia_give_advice(
        services.dpia_submit(complete_dpia(staff), actor=staff),
        actor=dpo,
        recommendation="proceed_with_measures",
        advice="Fine.",
    )
    client.force_login(staff)
    assert client.get(url(dpia)).status_code == 404
    assert client.get(print_url(dpia)).status_code == 200  # the live one prints
