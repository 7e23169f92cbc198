"""Restricted documents (signed agreements, policies, disposal evidence): checking an upload
by its content and serving a stored file privately; and the PDFs the portal prints itself.
One place, for every register."""

import zipfile
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpResponse
from django.template.defaultfilters import filesizeformat

PDF_SIGNATURE = b"%PDF-"
DOCX_PARTS = ("[Content_Types].xml", "word/document.xml")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def document_kind(upload: IO[bytes]) -> str | None:
    """``"pdf"`` or ``"docx"`` judged by the file's content, not its name; else ``None``."""
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if head.lstrip(b"\r\n\t ").startswith(PDF_SIGNATURE):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        finally:
            upload.seek(0)
        if all(part in names for part in DOCX_PARTS):
            return "docx"
    return None


def checked_document(upload: UploadedFile, *, stem_length: int = 60) -> tuple[UploadedFile, str]:
    """A PDF or Word (DOCX) upload within the size limit, renamed after its real kind, and
    that kind; otherwise ``ValidationError`` saying what to do."""
    limit = settings.SIGNED_DOCUMENT_MAX_BYTES
    if not upload.size:
        raise ValidationError("The selected file is empty.")
    if upload.size > limit:
        raise ValidationError(f"The selected file must be smaller than {filesizeformat(limit)}.")
    kind = document_kind(upload)
    if kind is None:
        raise ValidationError("The selected file must be a PDF or a Word document (DOCX).")
    # Short enough that the stored name passes the file field's 100-character limit.
    name = (upload.name or "document").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0][:stem_length] or "document"
    upload.name = f"{stem}.{kind}"
    return upload, kind


def private_file_response(
    stored: Any, *, filename: str | None = None, content_type: str | None = None
) -> FileResponse:
    """A stored document as a download that no cache keeps; 404 if the file has gone."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError as error:
        raise Http404("The stored file is missing.") from error
    filename = filename or stored.name.rsplit("/", 1)[-1]
    extension = filename.rsplit(".", 1)[-1].lower()
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=content_type or CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def render_pdf(html: str) -> bytes:
    """``html`` (a self-contained page: inline CSS, no images) as a PDF.

    No URL protocol is allowed, so nothing is fetched: no files, no network, whatever the
    page holds."""
    # Imported here: WeasyPrint is heavy to load and only the PDF views need it.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=())
    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher)
    return document.write_pdf()  # type: ignore[no-any-return]


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    """A generated PDF as a download that no cache keeps."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
