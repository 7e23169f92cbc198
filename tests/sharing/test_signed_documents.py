"""Signed copies of agreements: checked by content, kept privately, served only to those who may
see the agreement."""

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sharing.models import SignedDocument
from tests.conftest import MINIMAL_PDF

pytestmark = pytest.mark.django_db

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def _storage_follows_the_private_folder(_private_files_in_a_temporary_folder):
    # The storage caches its folder, and Django only resets that cache for MEDIA_ROOT; without
    # this each test after the first would write into the first test's folder.
    storage = SignedDocument._meta.get_field("file").storage
    for cached in ("base_location", "location"):
        storage.__dict__.pop(cached, None)


def make_docx() -> bytes:
    """A minimal but real Word document: the package parts Word itself writes first."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Signed by all parties.</w:t></w:r></w:p></w:body>"
            "</w:document>",
        )
    return buffer.getvalue()


def make_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("minutes.txt", "Not a Word document.")
    return buffer.getvalue()


def upload_url(agreement):
    return reverse("sharing:signeddocument_create", kwargs={"agreement_pk": agreement.pk})


def download_url(document):
    return reverse("sharing:signeddocument_download", kwargs={"pk": document.pk})


def upload(client, agreement, name, content, title="ISA signed by all parties"):
    return client.post(
        upload_url(agreement),
        {"title": title, "file": SimpleUploadedFile(name, content, "application/octet-stream")},
    )


def stored_files() -> list[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def agreement(hull_sharing):
    """Hull's agreement, without the fixture's own document, so counts start at zero."""
    hull_sharing["signeddocument"].file.delete(save=False)
    hull_sharing["signeddocument"].delete()
    assert stored_files() == []
    return hull_sharing["agreement"]


def test_the_upload_form_is_a_gov_uk_file_upload(client, staff, agreement):
    client.force_login(staff)
    text = client.get(upload_url(agreement)).content.decode()
    assert 'enctype="multipart/form-data"' in text
    assert 'class="govuk-file-upload"' in text
    assert f'href="{agreement.get_absolute_url()}" class="govuk-back-link"' in text
    assert "A PDF or Word (DOCX) file, smaller than 20.0\xa0MB." in text


def test_a_signed_pdf_is_stored_privately_with_its_details_and_history(client, staff, agreement):
    client.force_login(staff)
    response = upload(client, agreement, "signed isa.pdf", MINIMAL_PDF)
    assert response["Location"] == agreement.get_absolute_url()

    document = agreement.documents.get()
    assert (document.title, document.content_type, document.size) == (
        "ISA signed by all parties",
        "application/pdf",
        len(MINIMAL_PDF),
    )
    assert document.original_name == "signed isa.pdf"
    assert document.sha256 == hashlib.sha256(MINIMAL_PDF).hexdigest()
    (entry,) = document.history.all()
    assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
        "+",
        staff,
        "Signed document uploaded",
    )

    # Under the private folder, and under neither web root.
    path = Path(document.file.path).resolve()
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.STATIC_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert path.read_bytes() == MINIMAL_PDF
    with pytest.raises(ValueError, match="no public URL"):
        document.file.url  # noqa: B018

    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "ISA signed by all parties" in page
    assert "by Sam Staff" in page
    assert download_url(document) in page


def test_a_real_word_document_is_accepted(client, staff, agreement):
    docx = make_docx()
    client.force_login(staff)
    assert upload(client, agreement, "signed.docx", docx).status_code == 302
    document = agreement.documents.get()
    assert (document.content_type, document.original_name) == (DOCX_TYPE, "signed.docx")
    assert Path(document.file.path).read_bytes() == docx


def test_a_pdf_named_docx_is_stored_as_the_pdf_it_is(client, staff, agreement):
    client.force_login(staff)
    upload(client, agreement, "signed.docx", MINIMAL_PDF)
    document = agreement.documents.get()
    assert document.content_type == "application/pdf"
    assert document.original_name == "signed.pdf"
    assert document.file.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "signed.pdf",
            b"This is only text pretending to be a PDF.\n",
            "The selected file must be a PDF or a Word document (DOCX).",
        ),
        (
            "signed.docx",
            make_zip(),
            "The selected file must be a PDF or a Word document (DOCX).",
        ),
        ("signed.pdf", b"", "The selected file is empty."),
        (
            "signed.pdf",
            MINIMAL_PDF + b"%" * 400,
            "The selected file must be smaller than 300\xa0bytes.",
        ),
    ],
    ids=["text-named-pdf", "zip-not-docx", "empty", "over-the-limit"],
)
def test_a_file_that_is_not_a_signed_document_is_refused_and_nothing_is_stored(
    client, staff, agreement, settings, name, content, message
):
    settings.SIGNED_DOCUMENT_MAX_BYTES = 300
    assert len(make_zip()) < 300 < len(MINIMAL_PDF + b"%" * 400)
    client.force_login(staff)
    response = upload(client, agreement, name, content)
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message]
    text = response.content.decode()
    assert "There is a problem" in text
    assert 'href="#id_file"' in text
    assert 'class="govuk-file-upload govuk-file-upload--error"' in text
    assert not SignedDocument.objects.exists()
    assert stored_files() == []


def test_missing_title_and_file_are_reported_next_to_their_fields(client, staff, agreement):
    client.force_login(staff)
    response = client.post(upload_url(agreement), {"title": ""})
    assert response.context["form"].errors == {
        "title": ["Enter a title for the document."],
        "file": ["Select the signed document."],
    }


@pytest.mark.parametrize("role", ["siro", "director", "partner_hull", "partner_police"])
def test_only_editors_may_upload(request, client, role, agreement):
    client.force_login(request.getfixturevalue(role))
    assert client.get(upload_url(agreement)).status_code == 403
    assert upload(client, agreement, "signed.pdf", MINIMAL_PDF).status_code == 403
    assert not SignedDocument.objects.exists()


def test_a_party_downloads_the_document_as_an_attachment_that_is_never_cached(
    client, partner_hull, hull_sharing
):
    document = hull_sharing["signeddocument"]
    client.force_login(partner_hull)
    response = client.get(download_url(document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="signed.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_an_organisation_outside_the_agreement_cannot_download_it(
    client, partner_police, hull_sharing
):
    client.force_login(partner_police)
    assert client.get(download_url(hull_sharing["signeddocument"])).status_code == 404


def test_a_document_whose_file_has_gone_is_not_found_rather_than_an_error(
    client, staff, hull_sharing
):
    document = hull_sharing["signeddocument"]
    Path(document.file.path).unlink()
    client.force_login(staff)
    assert client.get(download_url(document)).status_code == 404
