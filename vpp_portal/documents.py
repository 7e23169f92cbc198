"""Restricted documents (signed agreements, policies, disposal evidence): checking an upload
by its content and serving a stored file privately; and the PDFs the portal prints itself.
One place, for every register."""

import re
import unicodedata
import zipfile
from typing import IO, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpResponse
from django.template.defaultfilters import filesizeformat

PDF_SIGNATURE = b"%PDF-"
ZIP_SIGNATURE = b"PK\x03\x04"
DOCX_PARTS = ("[Content_Types].xml", "word/document.xml")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
#: A file input's ``accept``: the browser's picker offers PDF and Word files. Only a hint to
#: the person choosing; ``checked_document`` is the check.
DOCUMENT_ACCEPT = f".pdf,.docx,{CONTENT_TYPES['pdf']},{CONTENT_TYPES['docx']}"
#: The package's list of part types is a few kilobytes; past this it is not one Word wrote.
CONTENT_TYPES_MAX_BYTES = 1024 * 1024

NOT_A_DOCUMENT = "The selected file must be a PDF or a Word document (DOCX)."
NOT_A_PDF = (
    "The file is not a PDF that can be opened. Save or export it as a PDF again, or upload "
    "it as a Word document (DOCX)."
)
PDF_WITH_PASSWORD = (
    "The selected PDF is protected by a password. Upload a copy that opens without one."  # noqa: S105 — a message
)
NOT_A_DOCX = (
    "The file is not a Word document that can be opened. Save it as a Word document (DOCX) "
    "again, or upload it as a PDF."
)
DOCX_WITH_MACROS = (
    "The selected Word document contains macros, which the portal does not accept. Save it as "
    "a Word document without macros (DOCX) or as a PDF, and upload that."
)

# Characters no file name needs: path separators, Windows' reserved ones, and controls.
_UNSAFE_NAME_CHARACTERS = re.compile(r'[/\\<>:"|?*]')


def _pdf_problem(upload: IO[bytes]) -> str | None:
    """Why ``upload`` (starting ``%PDF-``) is not a PDF a reader opens, or ``None``.

    Parsed by pypdf: the cross-reference table, the document catalogue and its first page
    must be there, so an HTML page (or anything else) behind a ``%PDF-`` prefix is refused.
    Lenient about small errors real PDF writers make (an offset out by a few bytes)."""
    # Imported here: only uploads need it.
    from pypdf import PasswordType, PdfReader

    upload.seek(0)
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            return PDF_WITH_PASSWORD
        if len(reader.pages) < 1:
            return NOT_A_PDF
        reader.pages[0].mediabox  # noqa: B018 - reading the page is the check
    # pypdf raises its own errors for most damage but ValueError, KeyError, TypeError,
    # AttributeError or RecursionError for some: any failure to read means "not a PDF".
    except Exception:
        return NOT_A_PDF
    finally:
        upload.seek(0)
    return None


def _docx_problem(upload: IO[bytes]) -> str | None:
    """Why ``upload`` (a zip archive) is not a macro-free Word document, or ``None``.

    The package must hold the parts Word writes (``[Content_Types].xml`` and
    ``word/document.xml``, which must decompress), and no macros: no VBA project part and no
    macro-enabled main document (a DOCM renamed ``.docx``)."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = {info.filename: info for info in archive.infolist()}
            if not all(part in names for part in DOCX_PARTS):
                return NOT_A_DOCUMENT
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return DOCX_WITH_MACROS
            if names["[Content_Types].xml"].file_size > CONTENT_TYPES_MAX_BYTES:
                return NOT_A_DOCX
            part_types = archive.read("[Content_Types].xml").lower()
            if b"macroenabled" in part_types or b"vbaproject" in part_types:
                return DOCX_WITH_MACROS
            # Only the first bytes: enough to show the part decompresses, not a zip bomb.
            with archive.open("word/document.xml") as document:
                document.read(1024)
    # Encrypted members raise RuntimeError, unknown compression NotImplementedError.
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        RuntimeError,
        NotImplementedError,
        ValueError,
    ):
        return NOT_A_DOCX
    finally:
        upload.seek(0)
    return None


def document_file_input() -> forms.FileInput:
    """The file input of every document upload: a plain one (a clearable input would link to
    the private file) whose picker offers PDF and Word files."""
    return forms.FileInput(attrs={"accept": DOCUMENT_ACCEPT})


def document_kind(upload: IO[bytes]) -> str | None:
    """``"pdf"`` or ``"docx"`` judged by the file's content, not its name; else ``None``.

    Only the signature: ``checked_document`` also opens the file."""
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if head.lstrip(b"\r\n\t ").startswith(PDF_SIGNATURE):
        return "pdf"
    if head.startswith(ZIP_SIGNATURE):
        return "docx"
    return None


def safe_file_stem(name: str | None, *, length: int = 60) -> str:
    """The part of an uploaded file's name worth keeping: no folders (``../``, ``C:\\``), no
    extension, no control or reserved characters, no leading dots; ``"document"`` if nothing
    is left. Short enough that the stored name passes the file field's 100 characters."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    stem = "".join(c for c in stem if not unicodedata.category(c).startswith("C"))
    stem = _UNSAFE_NAME_CHARACTERS.sub("", stem)
    stem = " ".join(stem.split()).lstrip(". ")[:length].rstrip(". ")
    return stem or "document"


def checked_document(upload: UploadedFile, *, stem_length: int = 60) -> tuple[UploadedFile, str]:
    """A PDF or Word (DOCX) upload within the size limit that opens as what it claims to be,
    renamed after its real kind (with a safe name), and that kind; otherwise
    ``ValidationError`` saying what to do."""
    limit = settings.SIGNED_DOCUMENT_MAX_BYTES
    if not upload.size:
        raise ValidationError("The selected file is empty.")
    if upload.size > limit:
        raise ValidationError(f"The selected file must be smaller than {filesizeformat(limit)}.")
    kind = document_kind(upload)
    if kind is None:
        raise ValidationError(NOT_A_DOCUMENT)
    problem = _pdf_problem(upload) if kind == "pdf" else _docx_problem(upload)
    if problem:
        raise ValidationError(problem)
    upload.name = f"{safe_file_stem(upload.name, length=stem_length)}.{kind}"
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
