"""Every text a user can type is shown as text, wherever the portal shows it.

Every text field of every register row (names, titles, notes, descriptions, references, the
reasons in the history, the people's names) is given a script payload. Then, for each role,
every named URL the role can open (see the URL × role matrix) is fetched: every page, print
view and history tab must show the payload escaped, never as markup; every CSV and XLSX export
must hold it as plain text that a spreadsheet cannot run as a formula; every PDF must be made
and carry it as literal text. The reminder e-mails are checked the same way.

The same sweep checks every page against the Content-Security-Policy: it must carry the header
and hold no inline script, inline style, event handler attribute or ``javascript:`` link, which
the policy would block (one rendering of every page serves both checks).
"""

import csv
import io
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.core import mail
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook
from pypdf import PdfReader

from tests import test_url_role_matrix as matrix
from tests.support.html import inline_code

pytestmark = pytest.mark.django_db

#: The payload every long enough text field gets: a formula start (for the exports), a script
#: element and an event handler.
PAYLOAD = '=1+2<script>alert("xss")</script><img src=x onerror=alert({n})>'
#: Shorter ones for shorter columns, longest first; ``{n}`` tells apart rows of a unique column.
PAYLOADS = (
    PAYLOAD,
    '<script>alert("xss")</script><img src=x onerror=alert({n})>',
    "<script>alert({n})</script>",
    "<b onclick=alert({n})>",
)
SCRIPT = '<script>alert("xss")</script>'
#: What must never appear in a page as it was typed.
RAW_MARKERS = (SCRIPT, "<script>alert(", "<img src=x onerror=alert(", "<b onclick=alert(")
#: A cell that starts like this is run as a formula by Excel, LibreOffice or Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

APPS = ("accounts", "sharing", "ropa", "governance")
#: Text columns that are not typed by anyone, or that must stay usable to run the tests: the
#: sign-in address and password hash, and the stored facts about an uploaded file.
NOT_TYPED = {
    ("user", "email"),
    ("user", "password"),
    ("signeddocument", "content_type"),
    ("signeddocument", "sha256"),
    ("dpiasnapshot", "digest"),
}


def _model_key(model: type[models.Model]) -> str:
    name = model._meta.model_name or ""
    return name.removeprefix("historical")


def text_fields(model: type[models.Model]) -> list[models.Field]:
    """The model's free-text columns: character and text fields without fixed choices."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and (_model_key(model), field.name) not in NOT_TYPED
        and (not field.name.startswith("history_") or field.name == "history_change_reason")
    ]


def unique_columns(model: type[models.Model]) -> set[str]:
    """Columns whose values must differ between rows, alone or with others."""
    names = {field.name for field in model._meta.concrete_fields if field.unique}
    for constraint in model._meta.constraints:
        names |= set(getattr(constraint, "fields", ()))
        for expression in getattr(constraint, "expressions", ()):  # e.g. Lower("name")
            names |= {node.name for node in expression.flatten() if isinstance(node, F)}
    for together in model._meta.unique_together:
        names |= set(together)
    return names


def payload_for(field: models.Field, n: int) -> str | None:
    """The longest payload the column holds (PostgreSQL enforces the length); in a column
    that must be unique, ``n`` (the row's number) keeps the rows apart."""
    unique = field.name in unique_columns(field.model)
    for template in PAYLOADS:
        value = template.format(n=n if unique else 1)
        if field.max_length is None or len(value) <= field.max_length:
            return value
    return None


def give_every_text_field_a_payload() -> list[str]:
    """Overwrite every text column of every row in the portal's apps; returns the columns it
    could not fill (a database constraint wants them empty in that row's state)."""
    refused = []
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            fields = [f for f in text_fields(model) if payload_for(f, 0) is not None]
            if not fields:
                continue
            for n, pk in enumerate(model._base_manager.values_list("pk", flat=True)):
                values = {f.name: value for f in fields if (value := payload_for(f, n)) is not None}
                try:
                    with transaction.atomic():
                        model._base_manager.filter(pk=pk).update(**values)
                except IntegrityError:
                    for name, value in values.items():
                        try:
                            with transaction.atomic():
                                model._base_manager.filter(pk=pk).update(**{name: value})
                        except IntegrityError:
                            refused.append(f"{model._meta.label}.{name}")
    _refreeze_snapshots()
    return refused


def _refreeze_snapshots() -> None:
    """An approved DPIA's snapshot is the data at approval: take it again from the payloads."""
    from governance.documents import dpia_document
    from governance.models import DpiaSnapshot
    from governance.services.dpias import snapshot_digest

    for snapshot in DpiaSnapshot.objects.select_related("dpia"):
        content = dpia_document(snapshot.dpia)
        DpiaSnapshot.objects.filter(pk=snapshot.pk).update(
            content=content, digest=snapshot_digest(content)
        )


# --- Reading what the portal sends ---------------------------------------------------------------


class InjectedMarkup(HTMLParser):
    """Collects markup that came from the payloads: a script element running ``alert``, an
    event handler calling it, or the payload's ``<img src=x>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on") and "alert(" in (value or ""):
                self.found.append(f"<{tag} {name}={value}>")
        if tag == "img" and ("src", "x") in attrs:
            self.found.append("<img src=x>")
        if tag == "script":
            self._in_script = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(" in data:
            self.found.append(f"<script>{data.strip()[:60]}</script>")


def markup_problems(html: str) -> list[str]:
    """Payload text that reached the page as markup rather than as text."""
    problems = [f"raw {marker!r}" for marker in RAW_MARKERS if marker in html]
    parser = InjectedMarkup()
    parser.feed(html)
    parser.close()
    return problems + parser.found


def formula_cells(rows: Iterator[list[Any]]) -> list[str]:
    return [
        str(value)[:40]
        for row in rows
        for value in row
        if isinstance(value, str) and value.startswith(FORMULA_STARTS)
    ]


def csv_problems(content: bytes) -> list[str]:
    text = content.decode("utf-8-sig")
    return [f"formula cell {cell!r}" for cell in formula_cells(csv.reader(io.StringIO(text)))]


def xlsx_problems(content: bytes) -> list[str]:
    workbook = load_workbook(io.BytesIO(content))
    problems = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    problems.append(f"formula in {sheet.title}!{cell.coordinate}: {cell.value}")
        values = ([cell.value for cell in row] for row in sheet.iter_rows())
        problems += [f"formula cell {cell!r} in {sheet.title}" for cell in formula_cells(values)]
    return problems


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def squashed(text: str) -> str:
    """Without white space: a PDF breaks long text into lines wherever it likes."""
    return re.sub(r"\s+", "", text)


ESCAPED_SCRIPT = escape(SCRIPT)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def fetched_urls(role: str, objects: dict[str, Any]) -> list[tuple[str, str]]:
    """Every named URL the role opens (200 in the matrix), each export in both formats."""
    urls = []
    for name in matrix.named_urls():
        # A URL still missing from the matrix fails the matrix's own test.
        expected = matrix.MATRIX.get(name)
        if expected is None or expected[matrix.ROLES.index(role)] != 200:
            continue
        url = matrix.url_for(name, objects)
        urls.append((name, url))
        if url.endswith(".csv"):
            urls.append((name, url.removesuffix(".csv") + ".xlsx"))
    return urls


# --- The sweep -----------------------------------------------------------------------------------


@pytest.fixture
def payloaded(request, url_objects):
    """The URL matrix's records (and its actors), every text field a payload."""
    actors = {role: request.getfixturevalue(role) for role in matrix.ROLES}
    refused = give_every_text_field_a_payload()
    return {"objects": url_objects, "actors": actors, "refused": refused}


@pytest.mark.parametrize("role", matrix.ROLES)
def test_no_page_export_or_pdf_a_role_opens_runs_what_a_user_typed(client, payloaded, role):
    actor = payloaded["actors"][role]
    if actor is not None:
        actor.refresh_from_db()
        client.force_login(actor)
    problems: list[str] = []
    pages_showing_the_payload = 0
    for name, url in fetched_urls(role, payloaded["objects"]):
        response = client.get(url)
        if response.status_code != 200:
            problems.append(f"{name} ({url}) answered {response.status_code}")
            continue
        kind = response.get("Content-Type", "").split(";")[0]
        body = response.getvalue() if response.streaming else response.content
        if kind == "text/html":
            html = body.decode()
            found = markup_problems(html) + [f"CSP blocks {code}" for code in inline_code(html)]
            if "Content-Security-Policy" not in response:
                found.append("no Content-Security-Policy header")
            pages_showing_the_payload += ESCAPED_SCRIPT in html
        elif kind == "text/csv":
            found = csv_problems(body)
        elif kind == XLSX:
            found = xlsx_problems(body)
        elif kind == "application/pdf" and name.endswith("_pdf"):
            found = [] if squashed(SCRIPT) in squashed(pdf_text(body)) else ["payload not in text"]
        else:  # a stored upload served back, or JSON: nothing of it is typed in a form
            found = []
        problems += [f"{name} ({url}): {problem}" for problem in found]
    assert not problems, "\n".join(problems)
    if actor is not None:
        # The sweep is only worth something if the payloads reached the pages.
        assert pages_showing_the_payload > 0


def test_the_forms_that_once_ran_a_name_as_script_show_the_payload_as_text(client, payloaded):
    """The three holes of issue 11, as the DPO: the consultation answer's question, the
    agreement party's hint, the connection request's list of forum members."""
    client.force_login(payloaded["actors"]["dpo"])
    for name in (
        "sharing:consultation_respond",
        "sharing:agreementparty_update",
        "sharing:connectionrequest_update",
    ):
        html = client.get(matrix.url_for(name, payloaded["objects"])).content.decode()
        assert not markup_problems(html), name
        assert ESCAPED_SCRIPT in html, name


def test_every_text_field_of_the_registers_is_given_a_payload(payloaded):
    from sharing.models import Organisation

    assert payloaded["refused"] == []
    hull = Organisation.objects.get(pk=payloaded["objects"]["organisation"].pk)
    assert SCRIPT in hull.name


def test_reminder_emails_show_what_a_user_typed_as_text(opcc, hull, staff, dpo):
    from governance.reminders import sweep
    from governance.reminders.kinds import KINDS
    from tests.governance.reminder_support import build, set_due

    for kind in KINDS:
        record = build(kind, staff, hull if kind == "consultation_due" else opcc)
        if not KINDS[kind].is_deadline:
            set_due(kind, record, timezone.localdate())
    give_every_text_field_a_payload()
    mail.outbox.clear()

    sweep()

    assert len(mail.outbox) >= len(KINDS)
    problems = []
    for message in mail.outbox:
        (html, _type), *_ = message.alternatives
        problems += [f"{message.subject}: {problem}" for problem in markup_problems(html)]
        assert ESCAPED_SCRIPT in html or escape("<script>alert(1)</script>") in html
    assert not problems, "\n".join(problems)
