"""The ROPA in the ICO's spreadsheet layout: export any filtered list, import a workbook.

The import is three steps, and only the last one writes: upload (the workbook is read and every
row checked; nothing is stored unless every row is valid), preview (the rows, or every problem
by row and column), confirm (the stored file is read and checked again — the browser sends
only its token — and all rows are saved in one transaction, or none).

Vocabulary terms the file names that the portal does not hold yet are listed in the preview.
The DPO (whoever may add terms to each vocabulary) confirms once: the terms are added and the
rows imported in one transaction. Anyone else sees the list and is told the DPO can add them;
their upload is not kept.
"""

import json
import re
import secrets
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic.edit import FormView
from django_filters.views import FilterView

from vpp_portal.permissions import RegisterAccessMixin
from vpp_portal.registers import EXPORT_FORMATS

from .. import spreadsheets
from ..filters.activities import ProcessingActivityFilterSet
from ..forms.spreadsheets import ActivityImportForm
from ..models import ProcessingActivity
from ..spreadsheets.terms import (
    can_add_terms,
    term_count,
    terms_fingerprint,
    vocabulary_add_terms,
)


class ProcessingActivityIcoExportView(RegisterAccessMixin, FilterView):
    """The activities the list shows (same filter), in the ICO's layout, as XLSX or CSV."""

    model = ProcessingActivity
    filterset_class = ProcessingActivityFilterSet

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponseBase:
        """CSV streams as the rows are read; XLSX is written row by row to a temporary file,
        then sent from it: either way no more than one chunk of activities is held."""
        fmt = self.kwargs["format"]
        response: HttpResponseBase
        if fmt == "xlsx":
            # Removed when closed: by the response once sent, or here if writing fails.
            file = tempfile.TemporaryFile()  # noqa: SIM115 — the response closes it
            try:
                rows = spreadsheets.ico_rows(self.object_list, hyperlinks=True)
                spreadsheets.write_xlsx(rows, file)
            except BaseException:
                file.close()
                raise
            file.seek(0)
            response = FileResponse(file, content_type=EXPORT_FORMATS[fmt])
        else:
            rows = spreadsheets.ico_rows(self.object_list, hyperlinks=False)
            response = StreamingHttpResponse(
                spreadsheets.write_csv(rows), content_type=EXPORT_FORMATS[fmt]
            )
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="ropa-ico-{stamp}.{fmt}"'
        response["Cache-Control"] = "private, no-store"
        return response


# --- uploads waiting for confirmation ----------------------------------------------------------

#: A stored upload's token: what ``secrets.token_urlsafe`` makes, nothing a path could hide in.
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")
#: How long an upload waits for its confirmation before it is refused and removed.
UPLOAD_LIFETIME = timedelta(hours=1)
NO_SUCH_IMPORT = "No such import: it may have expired, so upload the file again."


@dataclass(frozen=True)
class StoredUpload:
    """A checked workbook kept privately until its uploader confirms (or it expires)."""

    token: str
    path: Path
    original_name: str

    def read(self) -> bytes:
        return self.path.read_bytes()

    def discard(self) -> None:
        for file in (self.path, self.path.with_suffix(".json")):
            file.unlink(missing_ok=True)


def _imports_folder() -> Path:
    return Path(str(settings.PRIVATE_MEDIA_ROOT)) / "imports"


def store_upload(data: bytes, *, original_name: str, user: Any) -> str:
    """Keep ``data`` under a new random token for ``user`` to confirm; returns the token."""
    folder = _imports_folder()
    folder.mkdir(parents=True, exist_ok=True)
    _remove_expired(folder)
    token = secrets.token_urlsafe(24)
    (folder / f"{token}.xlsx").write_bytes(data)
    details = {"name": original_name, "user": user.pk, "at": timezone.now().isoformat()}
    (folder / f"{token}.json").write_text(json.dumps(details), encoding="utf-8")
    return token


def stored_upload(token: str, *, user: Any) -> StoredUpload | None:
    """``user``'s unexpired upload under ``token``; ``None`` for anything else."""
    if not TOKEN.fullmatch(token):
        return None
    folder = _imports_folder().resolve()
    file = (folder / f"{token}.xlsx").resolve()
    if file.parent != folder or not file.is_file():
        return None
    try:
        details = json.loads(file.with_suffix(".json").read_text(encoding="utf-8"))
        uploaded_at = datetime.fromisoformat(details["at"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    upload = StoredUpload(token, file, str(details.get("name", "spreadsheet.xlsx")))
    if timezone.now() - uploaded_at > UPLOAD_LIFETIME:
        upload.discard()
        return None
    return upload if details.get("user") == user.pk else None


def _remove_expired(folder: Path) -> None:
    cutoff = (timezone.now() - UPLOAD_LIFETIME).timestamp()
    for file in folder.glob("*.*"):
        try:
            if file.stat().st_mtime < cutoff:
                file.unlink(missing_ok=True)
        except OSError:
            continue  # removed by a parallel request


# --- the import views --------------------------------------------------------------------------


def _activities(count: int) -> str:
    return f"{count} processing {'activity' if count == 1 else 'activities'}"


def _terms(count: int) -> str:
    return f"{count} {'term' if count == 1 else 'terms'}"


def may_confirm(user: Any, result: spreadsheets.ParseResult) -> bool:
    """Whether ``user`` can confirm the import: every row valid, or valid once the unknown
    terms are added and ``user`` may add them."""
    return result.is_valid or (result.needs_terms and can_add_terms(user, result.unknown_terms))


def render_preview(
    request: HttpRequest,
    *,
    file_name: str,
    result: spreadsheets.ParseResult,
    token: str = "",
    terms_changed: bool = False,
) -> HttpResponse:
    """The rows to import with the confirm button, or every problem by row and column; the
    unknown vocabulary terms and the ignored columns either way."""
    count = len(result.activities)
    terms = term_count(result.unknown_terms)
    return TemplateResponse(
        request,
        "ropa/import_preview.html",
        {
            "file_name": file_name,
            "problems": result.problems,
            "rows": result.activities,
            "names_from_purpose": result.names_from_purpose,
            "sheet_title": result.sheet_title,
            "token": token,
            "count_label": _activities(count),
            "import_label": f"Import {_activities(count)}",
            "form": ActivityImportForm(),
            "ignored_columns": result.ignored_columns,
            "unknown_terms": [
                {"label": str(model._meta.verbose_name_plural).capitalize(), "terms": names}
                for model, names in result.unknown_terms.items()
            ],
            "can_add_terms": can_add_terms(request.user, result.unknown_terms),
            "terms_fingerprint": terms_fingerprint(result.unknown_terms),
            "term_count_label": _terms(terms).capitalize(),
            "add_terms_label": f"Add {_terms(terms)} and import {_activities(count)}",
            "terms_changed": terms_changed,
        },
    )


class _NotImported(Exception):
    """Roll back the terms just added: the file no longer imports as previewed."""

    def __init__(self, result: spreadsheets.ParseResult) -> None:
        super().__init__(result)
        self.result = result


class ProcessingActivityImportView(RegisterAccessMixin, FormView):
    """Upload a workbook; answer with the preview. Stores the file only when every row is
    valid, for the confirm step."""

    model = ProcessingActivity
    permission_action = "add"
    form_class = ActivityImportForm
    template_name = "ropa/import_form.html"

    def form_valid(self, form: ActivityImportForm) -> HttpResponse:
        assert form.sheet is not None
        result = spreadsheets.parse_sheet(form.sheet, user=self.request.user)
        token = ""
        if may_confirm(self.request.user, result):
            token = store_upload(
                form.data_bytes, original_name=form.file_name, user=self.request.user
            )
        return render_preview(self.request, file_name=form.file_name, result=result, token=token)


class ProcessingActivityImportConfirmView(RegisterAccessMixin, View):
    """GET: the preview of a stored upload again. POST: read it again and save every row."""

    model = ProcessingActivity
    permission_action = "add"

    def get_upload(self) -> StoredUpload:
        upload = stored_upload(self.kwargs["token"], user=self.request.user)
        if upload is None:
            raise Http404(NO_SUCH_IMPORT)
        return upload

    def parse(self, upload: StoredUpload) -> spreadsheets.ParseResult:
        try:
            data = upload.read()
        except OSError as error:  # confirmed or expired by a parallel request
            raise Http404(NO_SUCH_IMPORT) from error
        try:
            sheet = spreadsheets.read_workbook(data)
        except spreadsheets.SpreadsheetError as error:
            return spreadsheets.ParseResult(
                problems=[spreadsheets.ImportProblem(None, "", error.message)]
            )
        return spreadsheets.parse_sheet(sheet, user=self.request.user)

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        upload = self.get_upload()
        result = self.parse(upload)
        return render_preview(
            request,
            file_name=upload.original_name,
            result=result,
            token=token if may_confirm(request.user, result) else "",
        )

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        upload = self.get_upload()
        result = self.parse(upload)
        add_terms = result.needs_terms and request.POST.get("add_terms") == "yes"
        if add_terms:
            if not can_add_terms(request.user, result.unknown_terms):
                raise PermissionDenied("Only the DPO can add terms to the ROPA's vocabularies.")
            if request.POST.get("terms") != terms_fingerprint(result.unknown_terms):
                return render_preview(
                    request,
                    file_name=upload.original_name,
                    result=result,
                    token=token,
                    terms_changed=True,
                )
        if result.is_valid or add_terms:
            try:
                with transaction.atomic():
                    added: list[Any] = []
                    if add_terms:
                        added = vocabulary_add_terms(
                            actor=request.user,
                            terms=result.unknown_terms,
                            file_name=upload.original_name,
                        )
                        result = self.parse(upload)  # now with the terms
                        if not result.is_valid:
                            raise _NotImported(result)
                    saved = spreadsheets.import_activities(
                        actor=request.user,
                        parsed=result.activities,
                        file_name=upload.original_name,
                    )
            except _NotImported as not_imported:
                result = not_imported.result
            except spreadsheets.ImportFailed as failure:
                result = spreadsheets.ParseResult(problems=failure.problems)
            else:
                upload.discard()
                done = f"{_activities(len(saved))} imported"
                if added:
                    done = f"{_terms(len(added))} added to the vocabularies and {done}"
                messages.success(request, done)
                return HttpResponseRedirect(reverse("ropa:processingactivity_list"))
        return render_preview(
            request,
            file_name=upload.original_name,
            result=result,
            token=token if may_confirm(request.user, result) else "",
        )
