"""Uploaded documents — signed agreements, disposal evidence, policy copies — are opened to
check they are what they claim, capped in size, stored privately under a safe name, and served
only as downloads to those who may see their record."""

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from governance.models import Policy
from ropa.models import Disposal, ProcessingActivity, RetentionRule
from sharing import services as sharing_services
from sharing.models import SignedDocument
from tests.conftest import MINIMAL_PDF
from vpp_portal.documents import (
    DOCUMENT_ACCEPT,
    DOCX_WITH_MACROS,
    NOT_A_DOCX,
    NOT_A_PDF,
    PDF_WITH_PASSWORD,
    checked_document,
    render_pdf,
    safe_file_stem,
)

pytestmark = pytest.mark.django_db

#: An HTML page that starts like a PDF: a prefix check would take it, and a browser told to
#: sniff it would run its script.
FAKE_PDF = b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n"

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


@pytest.fixture(scope="module")
def real_pdf() -> bytes:
    """A PDF as WeasyPrint writes it: text, fonts, one page."""
    return render_pdf("<html><body><p>Signed by all parties.</p></body></html>")


def docx(*, main_type: str = DOCX_MAIN, extra_parts: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{main_type}"/></Types>',
        )
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Certificate of destruction.</w:t></w:r></w:p></w:body>"
            "</w:document>",
        )
        for part in extra_parts:
            archive.writestr(part, b"\x00macro")
    return buffer.getvalue()


def password_protected_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def stored_files() -> list[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def upload_file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _storages_follow_the_private_folder(_private_files_in_a_temporary_folder):
    # Each file field's storage caches its folder; without this a test would write into the
    # folder of the first test that used it.
    for model, field in ((SignedDocument, "file"), (Disposal, "evidence"), (Policy, "document")):
        storage = model._meta.get_field(field).storage
        for cached in ("base_location", "location"):
            storage.__dict__.pop(cached, None)


# --- The three places a document is uploaded ---------------------------------------------------


class SignedDocumentUpload:
    """An agreement's signed copy: Staff upload it on the agreement; its parties download it."""

    field = "file"
    model = SignedDocument

    def __init__(self, request):
        self.record = request.getfixturevalue("hull_sharing")["agreement"]
        # Without the fixture's own document, so that nothing is stored to begin with.
        existing = self.record.documents.get()
        existing.file.delete(save=False)
        existing.delete()

    def url(self):
        return reverse("sharing:signeddocument_create", kwargs={"agreement_pk": self.record.pk})

    def post(self, client, upload):
        return client.post(self.url(), {"title": "ISA signed by all parties", "file": upload})

    def stored(self):
        document = self.record.documents.get()
        return document.file, reverse("sharing:signeddocument_download", kwargs={"pk": document.pk})


class DisposalEvidenceUpload:
    """A disposal's evidence: Staff upload it when proposing the disposal."""

    field = "evidence"
    model = Disposal

    def __init__(self, request):
        self.staff = request.getfixturevalue("staff")
        rule = RetentionRule.objects.create(
            record_class="Partnership analysis", period=6, trigger="creation", action="destroy"
        )
        self.record = ProcessingActivity.objects.create(
            name="Old hotspot study",
            business_function="Analysis",
            purpose="Hotspot analysis",
            retention_rule=rule,
            retention_trigger_on=datetime.date(2019, 1, 1),
        )

    def url(self):
        return reverse("ropa:disposal_create")

    def post(self, client, upload):
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        data = {
            "activity": self.record.pk,
            "disposed_on": yesterday.isoformat(),
            "method": "secure_deletion",
            "carried_out_by": self.staff.pk,
            "evidence": upload,
        }
        return client.post(self.url(), data)

    def stored(self):
        disposal = Disposal.objects.get()
        return disposal.evidence, reverse("ropa:disposal_evidence", kwargs={"pk": disposal.pk})


class PolicyCopyUpload:
    """A policy's copy: Staff upload it on the policy register."""

    field = "document"
    model = Policy

    def __init__(self, request):
        self.owner = request.getfixturevalue("opcc")

    def url(self):
        return reverse("governance:policy_create")

    def post(self, client, upload):
        data = {
            "title": "Appropriate Policy Document",
            "kind": "safeguards",
            "owner_organisation": self.owner.pk,
            "version": "1.0",
            "adoption": "adopted",
            "status": "in_force",
            "next_review_on": "2027-03-31",
            "document": upload,
        }
        return client.post(self.url(), data)

    def stored(self):
        policy = Policy.objects.get()
        return policy.document, reverse("governance:policy_document", kwargs={"pk": policy.pk})


PLACES = {
    "signed-document": SignedDocumentUpload,
    "disposal-evidence": DisposalEvidenceUpload,
    "policy-copy": PolicyCopyUpload,
}


@pytest.fixture(params=list(PLACES))
def place(request):
    return PLACES[request.param](request)


def assert_refused(response, place, message):
    assert response.status_code == 200
    assert response.context["form"].errors[place.field] == [message]
    text = response.content.decode()
    assert "There is a problem" in text
    assert f'href="#id_{place.field}"' in text
    assert not place.model.objects.exists()
    assert stored_files() == []


def test_the_file_picker_offers_pdf_and_word_files(client, staff, place):
    client.force_login(staff)
    text = client.get(place.url()).content.decode()
    assert f'accept="{DOCUMENT_ACCEPT}"' in text
    assert 'class="govuk-file-upload"' in text


def test_an_html_page_behind_a_pdf_prefix_is_refused_and_nothing_is_saved(client, staff, place):
    client.force_login(staff)
    response = place.post(client, upload_file("certificate.pdf", FAKE_PDF))
    assert_refused(response, place, NOT_A_PDF)
    assert NOT_A_PDF.startswith("The file is not a PDF that can be opened")


def test_a_word_document_with_macros_is_refused_and_nothing_is_saved(client, staff, place):
    client.force_login(staff)
    macros = docx(main_type=DOCM_MAIN, extra_parts=("word/vbaProject.bin",))
    response = place.post(client, upload_file("certificate.docx", macros))
    assert_refused(response, place, DOCX_WITH_MACROS)


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_saved(
    client, staff, place, settings, real_pdf
):
    settings.SIGNED_DOCUMENT_MAX_BYTES = len(real_pdf) - 1
    client.force_login(staff)
    response = place.post(client, upload_file("certificate.pdf", real_pdf))
    assert (
        response.context["form"]
        .errors[place.field][0]
        .startswith("The selected file must be smaller than")
    )
    assert not place.model.objects.exists()
    assert stored_files() == []


def test_a_real_pdf_is_stored_privately_and_downloaded_as_an_attachment(
    client, staff, place, real_pdf
):
    client.force_login(staff)
    response = place.post(client, upload_file("certificate.pdf", real_pdf))
    assert response.status_code == 302, response.context["form"].errors
    stored, download_url = place.stored()
    path = Path(stored.path).resolve()
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert path.read_bytes() == real_pdf
    with pytest.raises(ValueError, match="no public URL"):
        stored.url  # noqa: B018

    download = client.get(download_url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment; filename=")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == real_pdf


def test_a_real_word_document_is_accepted_and_served_as_one(client, staff, place):
    content = docx()
    client.force_login(staff)
    response = place.post(client, upload_file("certificate.docx", content))
    assert response.status_code == 302, response.context["form"].errors
    _stored, download_url = place.stored()
    download = client.get(download_url)
    assert download["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert download["Content-Disposition"].startswith("attachment; filename=")
    assert download["Content-Disposition"].endswith('.docx"')


def test_a_file_name_with_folders_is_stored_under_its_own_name_only(client, staff, place, real_pdf):
    client.force_login(staff)
    response = place.post(client, upload_file("../../../../etc/cron.d/evil.pdf", real_pdf))
    assert response.status_code == 302, response.context["form"].errors
    stored, _url = place.stored()
    assert ".." not in stored.name
    assert Path(stored.name).name.startswith("evil")
    assert Path(stored.path).resolve().is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())


@pytest.mark.parametrize("partner", ["partner_police", "partner_hull"])
def test_a_partner_cannot_download_what_their_organisation_may_not_see(
    request, client, staff, place, partner, real_pdf
):
    client.force_login(staff)
    place.post(client, upload_file("certificate.pdf", real_pdf))
    _stored, download_url = place.stored()
    client.force_login(request.getfixturevalue(partner))
    response = client.get(download_url)
    if isinstance(place, SignedDocumentUpload) and partner == "partner_hull":
        assert response.status_code == 200  # Hull is party to the agreement
    elif isinstance(place, SignedDocumentUpload):
        assert response.status_code == 404  # the police are not: the agreement is not there
    else:
        assert response.status_code == 403  # disposals and policies are internal registers
        assert not getattr(response, "streaming", False)


# --- The check itself ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4\n%%EOF\n", NOT_A_PDF),
        (b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n", NOT_A_PDF),
        (password_protected_pdf(), PDF_WITH_PASSWORD),
        (b"PK\x03\x04 not really a zip archive", NOT_A_DOCX),
        (docx(extra_parts=("word/vbaProject.bin",)), DOCX_WITH_MACROS),
        (docx(main_type=DOCM_MAIN), DOCX_WITH_MACROS),
        (b"<html><script>alert(1)</script></html>", "must be a PDF or a Word document (DOCX)"),
    ],
    ids=[
        "pdf-with-no-body",
        "pdf-with-no-pages",
        "pdf-needing-a-password",
        "broken-zip",
        "vba-project",
        "macro-enabled-type",
        "html",
    ],
)
def test_the_check_opens_the_file_and_says_what_is_wrong(content, message):
    with pytest.raises(ValidationError) as refused:
        checked_document(upload_file("upload.pdf", content))
    assert message in refused.value.messages[0]


def test_a_truncated_pdf_is_refused(real_pdf):
    with pytest.raises(ValidationError, match="not a PDF that can be opened"):
        checked_document(upload_file("upload.pdf", real_pdf[: len(real_pdf) // 2]))


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("../../etc/passwd.pdf", "passwd"),
        ("..\\..\\Windows\\System32\\evil.docx", "evil"),
        ("C:\\Users\\sam\\signed isa.pdf", "signed isa"),
        (".htaccess", "htaccess"),
        ("..", "document"),
        ("", "document"),
        ('signed"\r\nX-Injected: 1.pdf', "signedX-Injected 1"),
        ("report<1>|final?*.pdf", "report1final"),
    ],
)
def test_an_uploaded_file_name_keeps_no_folders_or_unsafe_characters(name, stem):
    assert safe_file_stem(name) == stem


def test_a_signed_document_named_with_windows_folders_keeps_only_its_own_name(staff, hull_sharing):
    # Django's upload parser strips folders from what browsers send; a name reaching the
    # service any other way gets the same treatment.
    upload = upload_file("..\\..\\private\\signed isa.pdf", MINIMAL_PDF)
    assert "\\" in upload.name
    document = sharing_services.signed_document_add(
        hull_sharing["agreement"], actor=staff, title="Signed ISA", upload=upload
    )
    assert document.original_name == "signed isa.pdf"
    assert "\\" not in document.file.name and ".." not in document.file.name
