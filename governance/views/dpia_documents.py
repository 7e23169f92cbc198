"""A DPIA as a document, laid out as the ICO's template: the printable page and PDF of the
live DPIA, and the copy frozen at approval (page and PDF). All four draw the same body from
the same data (``governance.documents.dpia_document``); the frozen copy reads it from the
stored snapshot, never from the live rows."""

from datetime import datetime
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import slugify

from vpp_portal.documents import pdf_response, render_pdf
from vpp_portal.registers import RegisterDetailView

from ..choices import DPIA_FROZEN_STATUSES, DpiaStatus, DpiaStep
from ..documents import document_marking, dpia_document
from ..models import Dpia, DpiaSnapshot
from ..services.dpias import snapshot_digest

PRINT_TEMPLATE = "governance/dpia_print.html"
SNAPSHOT_TEMPLATE = "governance/dpia_snapshot.html"
PDF_TEMPLATE = "governance/dpia_pdf.html"

DIGEST_MISMATCH = (
    "The stored copy does not match its digest: it has been altered outside the portal."
)


#: The headings of the steps the document lays out as tables (5 to 7), and of those a
#: screening that found no DPIA needed leaves out (2 to 6).
STEP_TITLES: dict[str, Any] = {
    "risks": DpiaStep.RISKS.label,
    "measures": DpiaStep.MEASURES.label,
    "sign_off": DpiaStep.SIGN_OFF.label,
    "not_needed": [
        (step.value, step.label) for step in DpiaStep if DpiaStep.NEED < step < DpiaStep.SIGN_OFF
    ],
}


def document_filename(document: dict[str, Any], ending: str) -> str:
    """``dpia-003-r1-<title>-<ending>.pdf``: the reference and revision come first, so the
    copies of one assessment sort together."""
    reference = slugify(document.get("reference", "")) or "dpia"
    title = slugify(document.get("title", ""))[:60] or "untitled"
    return f"{reference}-r{document.get('revision', '')}-{title}-{ending}.pdf"


def _when(value: datetime) -> str:
    return formats.date_format(timezone.localtime(value), "j F Y, H:i")


class _DpiaDocumentView(RegisterDetailView):
    """One DPIA (in the user's scope, with ``view_dpia``) and what every printed copy shows
    around its document: who printed it and when, and the warning a draft carries."""

    model = Dpia
    object: Dpia

    def get_queryset(self) -> QuerySet[Dpia]:
        return (
            Dpia.objects.visible_to(self.request.user)
            .with_related()
            .select_related("revision_of")
            .prefetch_related("risks", "activities", "agreements", "data_sources")
        )

    def get_template_names(self) -> list[str]:
        return [PRINT_TEMPLATE]

    def document(self) -> dict[str, Any]:
        return dpia_document(self.object)

    def document_context(self) -> dict[str, Any]:
        document = self.document()
        user = self.request.user
        return {
            "dpia": self.object,
            "document": document,
            "marking": document_marking(document),
            "step_titles": STEP_TITLES,
            "printed_on": _when(timezone.now()),
            "printed_by": getattr(user, "full_name", "") or str(user),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(self.document_context())
        context["pdf_url"] = reverse("governance:dpia_pdf", kwargs={"pk": self.object.pk})
        # Approval (or the DPO's confirmation of a screening) is what takes the snapshot.
        context["snapshot_url"] = (
            reverse("governance:dpia_snapshot", kwargs={"pk": self.object.pk})
            if self.object.status in DPIA_FROZEN_STATUSES
            else ""
        )
        return context


class DpiaPrintView(_DpiaDocumentView):
    """The live DPIA as one page to print: the portal's navigation stays off the paper."""


class DpiaPdfView(_DpiaDocumentView):
    """The live DPIA as a PDF download, marked as a draft until it is approved."""

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        html = render_to_string(PDF_TEMPLATE, context)
        filename = document_filename(context["document"], timezone.localdate().isoformat())
        return pdf_response(render_pdf(html), filename)


# --- The approved version, as frozen -------------------------------------------------------------


class _DpiaSnapshotView(_DpiaDocumentView):
    """The DPIA's approval snapshot: its stored document, with who approved it, when, and
    whether the stored copy still matches the digest taken at approval. 404 without one."""

    snapshot: DpiaSnapshot

    def get_queryset(self) -> QuerySet[Dpia]:
        return (
            Dpia.objects.visible_to(self.request.user)
            .with_related()
            .select_related("snapshot__taken_by")
        )

    def get_object(self, queryset: QuerySet[Dpia] | None = None) -> Dpia:
        dpia: Dpia = super().get_object(queryset)
        try:
            self.snapshot = dpia.snapshot
        except ObjectDoesNotExist as error:
            raise Http404("This DPIA has no approved version.") from error
        return dpia

    def get_template_names(self) -> list[str]:
        return [SNAPSHOT_TEMPLATE]

    def document(self) -> dict[str, Any]:
        content = self.snapshot.content
        # Only an edit outside the portal leaves anything but the stored document here; the
        # digest check then says so, and the page shows what is left rather than failing.
        return content if isinstance(content, dict) else {}

    def document_context(self) -> dict[str, Any]:
        context = super().document_context()
        snapshot = self.snapshot
        document = context["document"]
        screening = document.get("status_value") == DpiaStatus.SCREENED_OUT
        context.update(
            {
                "snapshot": snapshot,
                "snapshot_verb": "confirmed as needing no DPIA" if screening else "approved",
                "snapshot_on": formats.date_format(timezone.localtime(snapshot.taken_at), "j F Y"),
                "snapshot_by": getattr(snapshot.taken_by, "full_name", "")
                or str(snapshot.taken_by),
                "digest_matches": snapshot_digest(snapshot.content) == snapshot.digest,
                "digest_mismatch": DIGEST_MISMATCH,
                "live_status": self.object.get_status_display(),
            }
        )
        return context


class DpiaSnapshotView(_DpiaSnapshotView):
    """The approved version exactly as frozen, as a page (printable like the live one)."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["pdf_url"] = reverse("governance:dpia_snapshot_pdf", kwargs={"pk": self.object.pk})
        return context


class DpiaSnapshotPdfView(_DpiaSnapshotView):
    """The approved version exactly as frozen, as a PDF download."""

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        html = render_to_string(PDF_TEMPLATE, context)
        return pdf_response(render_pdf(html), document_filename(context["document"], "approved"))
