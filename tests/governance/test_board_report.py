"""The Board report: choosing its period, the page's sections and figures for a known set of
records, and the PDF's text (read back with pypdf)."""

import html as html_module
import io
import re
from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from governance.choices import IcoDecision, ReportJobStatus
from governance.dashboard import build_panels
from governance.findings import Category
from governance.models import Breach, Dpia, ReportJob
from governance.reports import last_board_report, last_full_quarter
from governance.reports.periods import Period, quarter_period
from tests.dpias import approved_dpia
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db

URL = reverse("governance:board_report")
BOARD_REPORT_QUERY_BUDGET = 80
PDF_URL = reverse("governance:board_report_pdf")


def _at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def pdf_text(content: bytes) -> str:
    """The PDF's text, whitespace collapsed, so wrapped lines read whole."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def page_text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section_text(response, testid: str) -> str:
    """The text of the report section marked ``data-testid=testid``."""
    html = response.content.decode()
    start = html.index(f'data-testid="{testid}"')
    end = html.index("</section>", start)
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", html[start:end])).split())


def _breach(reference, title, aware_at, reported_by, **fields):
    return Breach.objects.create(
        reported_by=reported_by,
        reference=reference,
        title=title,
        detected_at=aware_at - timedelta(hours=1),
        became_aware_at=aware_at,
        description="What happened.",
        **fields,
    )


@pytest.fixture
def period():
    return last_full_quarter()


@pytest.fixture
def records(period, staff, dpo, siro, director, hull):
    """Two DPIAs approved in the period (one outside it), three breaches in it with each
    72-hour outcome (one outside it), one agreement that came into force in it, one draft
    dated in it (not in force: left out) and one expiring within 90 days."""
    inside, outside = period.starts_on + timedelta(days=10), period.starts_on - timedelta(days=5)
    made = {}
    for key, title, day in (
        ("dpia_a", "Knife crime hotspot mapping", inside),
        ("dpia_b", "School exclusions matching", inside + timedelta(days=20)),
        ("dpia_old", "Old night-time economy study", outside),
    ):
        dpia = approved_dpia(staff, dpo, director, title=title)
        Dpia.objects.filter(pk=dpia.pk).update(signed_off_at=_at(day))
        made[key] = dpia
    made["in_time"] = _breach(
        "BR-101",
        "Case list left on a train",
        _at(inside),
        staff,
        ico_decision=IcoDecision.REPORT,
        ico_decision_reasons="Names and addresses.",
    )
    Breach.objects.filter(pk=made["in_time"].pk).update(ico_told_at=_at(inside, 20))
    made["late"] = _breach(
        "BR-102",
        "Referral e-mailed to the wrong school",
        _at(inside + timedelta(days=3)),
        staff,
        ico_decision=IcoDecision.REPORT,
        ico_decision_reasons="Risk to the young people named.",
    )
    Breach.objects.filter(pk=made["late"].pk).update(ico_told_at=_at(inside + timedelta(days=8)))
    made["not_reportable"] = _breach(
        "BR-103",
        "Encrypted laptop lost",
        _at(inside + timedelta(days=5)),
        staff,
        ico_decision=IcoDecision.NOT_REQUIRED,
        ico_decision_reasons="The data was encrypted.",
    )
    made["old_breach"] = _breach("BR-099", "Old breach", _at(outside), staff)
    made["signed"] = AgreementFactory(
        title="Hull youth justice ISA",
        status="active",
        starts_on=inside,
        expires_on=inside + timedelta(days=900),
    )
    made["draft"] = AgreementFactory(title="Draft fire ISA", status="drafting", starts_on=inside)
    today = timezone.localdate()
    made["expiring"] = AgreementFactory(
        title="Police analytics contract",
        status="active",
        starts_on=outside - timedelta(days=400),
        expires_on=today + timedelta(days=30),
    )
    return made


# --- The period ---------------------------------------------------------------------------------


def test_the_report_covers_the_last_full_quarter_unless_asked_otherwise(client, siro, period):
    client.force_login(siro)
    response = client.get(URL)
    assert response.status_code == 200
    text = page_text(response)
    assert f"Board report, {period.label}" in text
    assert period.ends_on < timezone.localdate() <= period.ends_on + timedelta(days=92)


def test_a_quarter_can_be_chosen(client, siro):
    client.force_login(siro)
    chosen = last_full_quarter(last_full_quarter().starts_on)  # the one before
    response = client.get(URL, {"period": "quarter", "quarter": chosen.quarter})
    assert f"Board report, {chosen.label}" in page_text(response)


def test_dates_of_the_users_choosing_can_be_given(client, siro):
    client.force_login(siro)
    start = timezone.localdate() - timedelta(days=40)
    end = timezone.localdate() - timedelta(days=10)
    response = client.get(
        URL,
        {
            "period": "dates",
            **{f"starts_on_{i}": v for i, v in enumerate((start.day, start.month, start.year))},
            **{f"ends_on_{i}": v for i, v in enumerate((end.day, end.month, end.year))},
        },
    )
    assert f"Board report, {Period(start, end).label}" in page_text(response)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            {"starts_on": ("31", "2", "2026"), "ends_on": ("1", "3", "2026")},
            "The ‘from’ date must be a real date",
        ),
        (
            {"starts_on": ("1", "", "2026"), "ends_on": ("1", "3", "2026")},
            "The ‘from’ date must include a month.",
        ),
        (
            {"starts_on": ("1", "3", "2026"), "ends_on": ("1", "2", "2026")},
            "The end date must be the same as or after the start date.",
        ),
        (
            {"starts_on": ("1", "1", "2024"), "ends_on": ("1", "3", "2025")},
            "The report covers a year at most",
        ),
        (
            {"starts_on": ("", "", ""), "ends_on": ("", "", "")},
            "Enter the date the report starts from.",
        ),
        (
            {"starts_on": ("1", "1", "2026"), "ends_on": ("1", "1", "2099")},
            "The end date must be today or in the past.",
        ),
    ],
)
def test_bad_dates_are_refused_with_a_message_by_the_field(client, siro, given, message):
    client.force_login(siro)
    query = {"period": "dates"}
    for name, parts in given.items():
        query.update({f"{name}_{i}": part for i, part in enumerate(parts)})
    response = client.get(URL, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert "govuk-error-message" in html
    # No report is shown for a period that is not one.
    assert 'data-testid="board-actions"' not in html


def test_an_unknown_quarter_is_refused(client, siro):
    client.force_login(siro)
    response = client.get(URL, {"period": "quarter", "quarter": "1999-Q7"})
    assert "Select a valid choice" in response.content.decode()


def test_quarters_run_from_their_first_to_their_last_day():
    assert quarter_period("2026-Q1") == Period(
        timezone.datetime(2026, 1, 1).date(), timezone.datetime(2026, 3, 31).date()
    )
    assert quarter_period("2026-Q4").ends_on.isoformat() == "2026-12-31"
    assert last_full_quarter(timezone.datetime(2026, 4, 1).date()).quarter == "2026-Q1"
    assert last_full_quarter(timezone.datetime(2026, 3, 31).date()).quarter == "2025-Q4"


# --- What the page shows ------------------------------------------------------------------------


def test_the_page_lists_what_happened_in_the_period(client, siro, records):
    client.force_login(siro)
    response = client.get(URL)
    dpias = section_text(response, "report-dpias")
    assert "2 DPIAs approved from" in dpias
    assert "Knife crime hotspot mapping" in dpias
    assert "School exclusions matching" in dpias
    assert "Old night-time economy study" not in dpias
    breaches = section_text(response, "report-breaches")
    assert "3 breaches came to light" in breaches
    assert "Told the ICO in time 1" in breaches
    assert "Told the ICO late 1" in breaches
    assert "Not reportable 1" in breaches
    assert "Not decided yet 0" in breaches
    assert "Old breach" not in breaches
    agreements = section_text(response, "report-agreements")
    assert "1 agreement started from" in agreements
    assert "Hull youth justice ISA" in agreements
    assert "Draft fire ISA" not in agreements
    assert "1 active agreement expires within 90 days" in agreements
    assert "Police analytics contract" in agreements


def test_the_board_is_asked_to_note_a_late_breach_report(client, siro, records):
    client.force_login(siro)
    text = page_text(client.get(URL))
    assert "Note 1 breach not reported to the ICO within 72 hours" in text


def test_each_panel_appears_with_its_status_and_figures(client, siro, records):
    client.force_login(siro)
    response = client.get(URL)
    text = page_text(response)
    panels = build_panels(siro)
    assert len(panels) == len(Category)
    for panel in panels:
        assert panel.heading in text
        assert panel.status in text
        for figure in panel.figures:
            assert f"{figure.label} {figure.value}" in text


def test_findings_are_listed_high_first_and_capped(client, siro, records, settings):
    settings.BOARD_REPORT_LIST_LIMIT = 1
    client.force_login(siro)
    response = client.get(URL)
    for section in response.context["report"].panels:
        assert len(section.findings) <= 1
        if section.finding_total > 1:
            assert f"And {section.finding_total - 1} more finding" in page_text(response)
        severities = [f.severity for f in section.findings]
        assert severities == sorted(severities, key=["high", "medium", "low"].index)


def test_the_page_prints_without_the_portals_navigation(client, siro):
    client.force_login(siro)
    html = client.get(URL).content.decode()
    assert "app-print-record" in html
    assert 'class="govuk-details app-print-hidden"' in html


# --- The PDF ------------------------------------------------------------------------------------


def test_the_pdf_holds_each_panel_and_the_figures_shown_on_screen(client, siro, records):
    client.force_login(siro)
    screen = client.get(URL).context["report"]
    response = client.post(PDF_URL, {"period": "quarter", "quarter": screen.period.quarter})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    text = pdf_text(response.content)
    assert f"Board report, {screen.period.label}" in text
    for section in screen.panels:
        assert section.panel.heading in text
        assert section.panel.status in text
        for figure in section.panel.figures:
            assert f"{figure.label} {figure.value}" in text
    assert "Knife crime hotspot mapping" in text
    assert "Told the ICO late" in text
    assert "Hull youth justice ISA" in text


def test_producing_the_pdf_records_it_as_the_last_board_report(client, siro, period):
    client.force_login(siro)
    assert last_board_report() is None
    client.post(PDF_URL, {"period": "quarter", "quarter": period.quarter})
    job = last_board_report()
    assert job is not None
    assert job.status == ReportJobStatus.DONE
    assert job.in_request
    assert job.requested_by == siro
    assert job.title == f"Board report, {period.label}"
    assert job.file.read()[:5] == b"%PDF-"


def test_a_bad_period_posted_for_the_pdf_gives_the_form_back_and_makes_nothing(client, siro):
    client.force_login(siro)
    response = client.post(PDF_URL, {"period": "dates", "starts_on_0": "40"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not ReportJob.objects.exists()


def test_the_pdf_is_not_a_get(client, siro):
    client.force_login(siro)
    assert client.get(PDF_URL).status_code == 405


@pytest.mark.parametrize("role", ["staff", "partner_hull", "admin_user"])
def test_roles_without_oversight_cannot_open_the_report(client, request, role, period):
    client.force_login(request.getfixturevalue(role))
    assert client.get(URL).status_code == 403
    assert client.post(PDF_URL, {"period": "quarter", "quarter": period.quarter}).status_code == 403
    assert not ReportJob.objects.exists()


# --- Scale ----------------------------------------------------------------------------------------


def _grow(period, count, staff, director):
    """``count`` more of every row the report lists, each with its own people and partner."""
    from governance.models import Dpia as DpiaModel
    from tests.factories import OrganisationFactory, UserFactory

    inside = period.starts_on + timedelta(days=3)
    today = timezone.localdate()
    start = DpiaModel.objects.count() + Breach.objects.count()
    for index in range(start, start + count):
        signer = UserFactory()
        DpiaModel.objects.create(
            reference=f"DPIA-{900 + index}",
            title=f"Assessment {index}",
            author=UserFactory(),
            status="approved",
            signed_off_by=signer,
            signed_off_at=_at(inside),
            next_review_on=today + timedelta(days=365),
        )
        _breach(
            f"BR-{500 + index}",
            f"Breach {index}",
            _at(inside),
            UserFactory(),
            organisation=OrganisationFactory(),
        )
        AgreementFactory(
            title=f"ISA {index}",
            status="active",
            starts_on=inside,
            expires_on=today + timedelta(days=20),
        )


def _queries(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL)
    assert response.status_code == 200
    return len(captured)


def test_the_page_runs_the_same_number_of_queries_whatever_the_number_of_rows(
    client, siro, staff, director, period
):
    client.force_login(siro)
    _grow(period, 1, staff, director)
    small = _queries(client)
    _grow(period, 12, staff, director)
    big = _queries(client)
    assert big == small
    # 67 when written: the dashboard's panels and the findings (one count per kind, each
    # asked by the panels and by the report, plus a sliced read per kind with findings),
    # the charts, and one count and one capped read per section. Headroom for new kinds.
    assert big <= BOARD_REPORT_QUERY_BUDGET
    report = client.get(URL).context["report"]
    assert report.dpias_approved.total == 13
    assert report.breaches.total == 13
