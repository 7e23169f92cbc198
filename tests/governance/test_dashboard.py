"""The accountability dashboard: its figures are the registers' true counts, each figure's link
lists exactly those rows, its statuses follow the findings, and only the SIRO, the DPO and the
Director may open it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.dashboard import build_panels
from governance.dashboard.panels import status_text
from governance.findings import Category, category_counts
from governance.models import Action, Breach, Dpia, Policy, ReportJob
from ropa.ico import missing_columns
from ropa.models import Disposal, ProcessingActivity
from sharing.code_items import missing_labels
from sharing.models import Agreement, DataSource
from tests.factories import DataSourceFactory
from tests.governance.dashboard_mix import build_mix

pytestmark = pytest.mark.django_db

CURRENT_DPIA = ("draft", "submitted", "returned", "awaiting_sign_off", "approved", "screened_out")


@pytest.fixture
def mix(opcc, staff, dpo, director, siro):
    from tests.governance.training_support import dashboard_mix

    build_mix(opcc=opcc, staff=staff, dpo=dpo, director=director, siro=siro)
    dashboard_mix(staff, new_starter=dpo, key_holder=director)


def panels_by_category(user):
    return {panel.category: panel for panel in build_panels(user)}


def figures_of(panel):
    return {figure.label: figure for figure in panel.figures}


def expected_counts():
    """Every numeric figure, counted in Python from the rows themselves (not by the
    dashboard's SQL): {(category, label): count}."""
    today = timezone.localdate()
    now = timezone.now()
    policies = list(Policy.objects.all())
    agreements = list(Agreement.objects.all())
    sources = list(DataSource.objects.select_related("covering_agreement", "retention_rule"))
    activities = list(
        ProcessingActivity.objects.select_related("retention_rule", "retention_policy")
        .prefetch_related("individual_categories", "data_categories", "recipient_categories")
        .prefetch_related("dpias")
    )
    dpias = list(Dpia.objects.prefetch_related("risks"))
    disposals = list(Disposal.objects.all())
    breaches = list(Breach.objects.all())
    actions = list(Action.objects.all())

    def due_on(record):
        return (
            record.retention_rule.due_on(record.retention_trigger_on)
            if record.retention_rule
            else None
        )

    live_records = [a for a in activities if a.status != "retired"] + [
        s for s in sources if s.retired_on is None
    ]
    due_dates = [due_on(r) for r in live_records if due_on(r) is not None]
    personal = [a for a in activities if a.status == "active" and a.has_personal_data]

    def covered_by_notice(activity):
        notice = activity.privacy_notice
        return (
            notice is not None and notice.kind == "privacy_notice" and notice.status != "withdrawn"
        )

    C = Category
    expected = {
        (C.POLICIES, "In force"): sum(p.status == "in_force" for p in policies),
        (C.POLICIES, "Overdue for review"): sum(
            p.is_review_overdue(today) and p.status != "withdrawn" for p in policies
        ),
        (C.POLICIES, "Safeguards policies in force"): sum(
            p.kind == "safeguards" and p.status == "in_force" for p in policies
        ),
        (C.CONTRACTS, "Active agreements"): sum(a.is_active for a in agreements),
        (C.CONTRACTS, "Expiring within 90 days"): sum(
            a.is_active and a.expires_on is not None and a.expires_on < today + timedelta(days=90)
            for a in agreements
        ),
        (C.CONTRACTS, "Active ISAs covering every item"): sum(
            a.is_active and a.kind == "isa" and not missing_labels(a) for a in agreements
        ),
        (C.TRANSPARENCY, "Covered by a privacy notice"): sum(map(covered_by_notice, personal)),
        (C.TRANSPARENCY, "No privacy notice covers them"): sum(
            not covered_by_notice(a) for a in personal
        ),
        (C.CONTRACTS, "Partner-shared data without an active agreement"): sum(
            s.is_uncovered for s in sources
        ),
        (C.CONTRACTS, "Open data (class 1)"): sum(s.classification == "open" for s in sources),
        (C.CONTRACTS, "One-off public data (class 2)"): sum(
            s.classification == "one_off_public" for s in sources
        ),
        (C.CONTRACTS, "Partner-shared data (class 3)"): sum(
            s.classification == "partner_shared" for s in sources
        ),
        (C.CONTRACTS, "Open or one-off public"): sum(
            s.classification in ("open", "one_off_public") for s in sources
        ),
        (C.ROPA, "Active with personal data"): len(personal),
        (C.ROPA, "Complete ICO record"): sum(not missing_columns(a) for a in personal),
        (C.ROPA, "Required ICO columns missing"): sum(bool(missing_columns(a)) for a in personal),
        **{
            (C.ROPA, f"{label} activities"): sum(a.status == value for a in activities)
            for value, label in ProcessingActivity._meta.get_field("status").choices
        },
        (C.RISKS, "Awaiting the DPO's advice"): sum(d.status == "submitted" for d in dpias),
        (C.RISKS, "Due for review"): sum(d.is_review_due(today) for d in dpias),
        (C.RISKS, "High residual risk"): sum(
            d.status in CURRENT_DPIA
            and max((r.residual_rank for r in d.risks.all()), default=0) == 3
            for d in dpias
        ),
        (C.RISKS, "ICO prior consultations"): sum(d.ico_consulted_on is not None for d in dpias),
        **{
            (C.RISKS, str(label)): sum(d.status == value for d in dpias)
            for value, label in Dpia._meta.get_field("status").choices
        },
        (C.RECORDS, "Retention overdue"): sum(due <= today for due in due_dates),
        (C.RECORDS, "Retention ends within 30 days"): sum(
            today < due <= today + timedelta(days=30) for due in due_dates
        ),
        (C.RECORDS, f"Disposals since 1 January {today.year}"): sum(
            d.status == "approved" and d.disposed_on.year == today.year and d.disposed_on <= today
            for d in disposals
        ),
        (C.RECORDS, "Disposals awaiting the DPO's approval"): sum(
            d.status == "proposed" for d in disposals
        ),
        (C.BREACHES, "Open"): sum(b.status == "open" for b in breaches),
        (C.BREACHES, "Contained, not yet closed"): sum(b.status == "contained" for b in breaches),
        (C.BREACHES, "Past 72 hours and the ICO not told"): sum(
            b.is_ico_clock_running and b.ico_deadline_at <= now for b in breaches
        ),
        (C.BREACHES, "Reported to the ICO within 72 hours"): sum(
            b.ico_told_at is not None and b.ico_told_at <= b.ico_deadline_at for b in breaches
        ),
        (C.BREACHES, "Reported to the ICO late"): sum(
            b.ico_told_at is not None and b.ico_told_at > b.ico_deadline_at for b in breaches
        ),
        (C.BREACHES, "Not reportable"): sum(b.ico_decision == "not_required" for b in breaches),
        (C.BREACHES, "ICO decision not taken yet"): sum(
            b.ico_decision == "undecided" for b in breaches
        ),
        (C.LEADERSHIP, "Actions open or in progress"): sum(a.is_live for a in actions),
        (C.LEADERSHIP, "Actions overdue"): sum(a.is_overdue(today) for a in actions),
        **training_counts(today),
        **rights_counts(today),
    }
    return expected


def rights_counts(today):
    """The rights panel's counts, from each request's own dates."""
    from governance.models import RightsRequest

    requests = list(RightsRequest.objects.all())
    last_year = [
        r for r in requests if r.responded_on and r.responded_on > today - timedelta(days=365)
    ]
    open_requests = [r for r in requests if r.is_open]

    def age(request):
        return (today - request.received_on).days

    C = Category
    return {
        (C.RIGHTS, "Responded late in the last 12 months"): sum(
            r.responded_on > r.due_on for r in last_year
        ),
        (C.RIGHTS, "Open and overdue"): sum(r.is_overdue(today) for r in requests),
        (C.RIGHTS, "Open: received under a month ago"): sum(age(r) <= 30 for r in open_requests),
        (C.RIGHTS, "Open: received 1 to 2 months ago"): sum(
            31 <= age(r) <= 61 for r in open_requests
        ),
        (C.RIGHTS, "Open: received over 2 months ago"): sum(age(r) >= 62 for r in open_requests),
    }


def training_counts(today):
    """The training panel's two counts, from each person's page (``person_standings``)."""
    from accounts.models import User
    from governance.models import TrainingProfile
    from governance.training.rules import person_standings

    people = list(User.objects.filter(is_active=True))
    starts = {p.person_id: p for p in TrainingProfile.objects.all()}

    def missing(person, key_role):
        """A key-role course never done, or the induction never done past its due date."""
        return any(
            standing.latest is None
            and standing.course.is_key_role == key_role
            and (
                key_role
                or (
                    standing.course.is_induction
                    and person.pk in starts
                    and starts[person.pk].induction_due_on < today
                )
            )
            for standing in person_standings(person, today)
        )

    return {
        (Category.TRAINING, "New starters without induction after 30 days"): sum(
            missing(p, False) for p in people
        ),
        (Category.TRAINING, "Key-role holders without their specialist course"): sum(
            missing(p, True) for p in people
        ),
    }


def numeric_figures(panels):
    return {
        (panel.category, figure.label): figure
        for panel in panels.values()
        for figure in panel.figures
        if isinstance(figure.value, int)
    }


def rows_listed(response):
    """How many rows the list page says it holds (all pages)."""
    if "due" in response.context:  # the retention due list is not paginated
        return len(response.context["due"])
    return response.context["table"].paginator.count


# --- The figures --------------------------------------------------------------------------------


def test_every_figure_equals_the_count_worked_out_from_the_rows(mix, siro):
    expected = expected_counts()
    shown = {key: figure.value for key, figure in numeric_figures(panels_by_category(siro)).items()}
    assert shown == expected
    # The mix gives every headline figure rows to count, so a figure stuck at 0 fails.
    zero = [key for key, value in expected.items() if value == 0]
    assert all(key[0] in (Category.RISKS, Category.ROPA) for key in zero), zero


def test_every_figure_links_to_a_list_showing_exactly_that_many_rows(mix, client, siro):
    client.force_login(siro)
    wrong = []
    for (category, label), figure in numeric_figures(panels_by_category(siro)).items():
        response = client.get(figure.url)
        assert response.status_code == 200, figure.url
        if rows_listed(response) != figure.value:
            wrong.append(
                f"{category} {label}: {figure.value} shown, {rows_listed(response)} listed"
            )
    assert not wrong, "\n".join(wrong)


def test_the_share_of_open_and_one_off_public_data_is_given_in_words(mix, siro):
    figure = figures_of(panels_by_category(siro)[Category.CONTRACTS])["Open or one-off public"]
    sources = list(DataSource.objects.all())
    share = round(100 * figure.value / len(sources))
    assert figure.hint.startswith(f"{share}% of {len(sources)} data sources")


def test_the_leadership_panel_names_who_holds_each_role_at_the_host(mix, client, siro):
    figures = figures_of(panels_by_category(siro)[Category.LEADERSHIP])
    siro_figure = figures["Senior Information Risk Owner (SIRO)"]
    assert siro_figure.value == "Sarah Siro"
    assert figures["DPO in post"].value == "Dev Dpo"
    # The former Director has left and the partner's Director is not the partnership's.
    assert figures["Director"].value == "Nobody in post"
    client.force_login(siro)
    for label, names in (
        ("Senior Information Risk Owner (SIRO)", ["Sarah Siro"]),
        ("DPO in post", ["Dev Dpo"]),
        ("Director", []),
    ):
        response = client.get(figures[label].url)
        assert [row.record.name for row in response.context["table"].rows] == names


def test_the_last_board_report_is_the_latest_produced(mix, siro):
    figure = figures_of(panels_by_category(siro)[Category.LEADERSHIP])["Last Board report"]
    assert figure.value == "No Board report produced in the portal yet"
    finished = timezone.now() - timedelta(days=3)
    for title, status in (("Board report, Q2", "done"), ("Board report, Q3", "failed")):
        ReportJob.objects.create(
            kind="board_report",
            title=title,
            requested_by=siro,
            status=status,
            finished_at=finished if status == "done" else timezone.now(),
        )
    figure = figures_of(panels_by_category(siro)[Category.LEADERSHIP])["Last Board report"]
    assert figure.value == f"{timezone.localtime(finished):%-d %B %Y}"
    assert "Board report, Q2" in figure.hint


def test_the_longest_wait_for_the_dpo_is_given_in_days(mix, siro):
    figure = figures_of(panels_by_category(siro)[Category.RISKS])["Awaiting the DPO's advice"]
    assert "The longest has waited 6 days" in figure.hint


# --- Statuses from the findings -----------------------------------------------------------------


def test_each_panel_says_in_words_how_many_findings_need_attention(mix, siro):
    findings = category_counts()
    for panel in build_panels(siro):
        attention = sum(findings.get(panel.category, {}).values())
        assert panel.attention == attention
        assert panel.status == status_text(attention)
        assert panel.findings_url.endswith(f"category={panel.category.value}")


def test_a_new_problem_shows_in_its_panel_and_goes_when_fixed(opcc, siro):
    before = panels_by_category(siro)[Category.CONTRACTS].attention
    source = DataSourceFactory(
        name="Uncovered referrals", classification="partner_shared", url="", supplier=opcc
    )
    after = panels_by_category(siro)[Category.CONTRACTS]
    assert after.attention == before + 1
    assert after.status == status_text(before + 1)
    DataSource.objects.filter(pk=source.pk).update(classification="open")
    assert panels_by_category(siro)[Category.CONTRACTS].attention == before


def test_status_words():
    assert status_text(0) == "Nothing needs attention"
    assert status_text(1) == "1 thing needs attention"
    assert status_text(3) == "3 things need attention"


def test_every_category_has_its_panel_with_figures_in_the_frameworks_order(siro):
    panels = build_panels(siro)
    assert [panel.category for panel in panels] == list(Category)
    assert [panel.category for panel in panels if not panel.figures] == []


# --- The page -----------------------------------------------------------------------------------


def test_the_page_shows_each_panel_heading_status_and_figure_link(mix, client, siro):
    client.force_login(siro)
    response = client.get(reverse("governance:dashboard"))
    text = response.content.decode()
    for panel in response.context["panels"]:
        assert f'<h2 class="govuk-heading-m" id="panel-{panel.category}-heading">' in text
        assert panel.heading.replace("'", "&#x27;") in text
        assert panel.status in text
        for figure in panel.figures:
            if figure.url:
                assert f'href="{figure.url.replace("&", "&amp;")}"' in text
    assert "Not yet recorded" not in text
    assert 'data-testid="trends"' in text


def test_the_dashboard_is_in_the_navigation_of_those_who_may_open_it(client, siro, staff):
    url = reverse("governance:dashboard")
    client.force_login(siro)
    assert f'href="{url}"' in client.get(reverse("home")).content.decode()
    client.force_login(staff)
    assert f'href="{url}"' not in client.get(reverse("home")).content.decode()


# --- The list filters the figures link to -------------------------------------------------------


def test_the_retention_due_list_shows_one_kind_of_row_on_request(mix, client, staff):
    client.force_login(staff)
    url = reverse("ropa:retention_due")
    everything = client.get(url).context["due"]
    overdue = client.get(url, {"show": "overdue"}).context["due"]
    soon = client.get(url, {"show": "due_soon", "within": "30"}).context["due"]
    assert overdue == [item for item in everything if item.is_overdue]
    assert soon and all(
        not item.is_overdue and item.due_on <= timezone.localdate() + timedelta(days=30)
        for item in soon
    )
    assert len(soon) < len(everything) - len(overdue)  # the 90-day list holds more
    # Nonsense is ignored, never an error.
    response = client.get(url, {"show": "<script>", "within": "99999"})
    assert response.status_code == 200
    assert response.context["due"] == everything


def test_the_breach_list_filters_by_the_72_hour_record(mix, client, dpo):
    client.force_login(dpo)
    url = reverse("governance:breach_list")
    in_time = client.get(url, {"ico_told": "in_time"}).context["table"].rows
    late = client.get(url, {"ico_told": "late"}).context["table"].rows
    assert [row.record.title for row in in_time] == ["In time 0"]
    assert [row.record.title for row in late] == ["Late 0"]
    assert client.get(url, {"ico_told": "sometime"}).status_code == 200


def test_the_dpia_list_filters_high_residual_risks_and_ico_consultations(mix, client, siro):
    client.force_login(siro)
    url = reverse("governance:dpia_list")
    high = {
        row.record.title for row in client.get(url, {"high_residual": "true"}).context["table"].rows
    }
    consulted = {
        row.record.title for row in client.get(url, {"ico_consulted": "true"}).context["table"].rows
    }
    assert high == {"Awaiting 0", "Approved high 0"}
    assert consulted == {"Approved high 0"}


def test_the_data_source_list_filters_open_and_one_off_public_data(mix, client, staff):
    client.force_login(staff)
    rows = (
        client.get(reverse("sharing:datasource_list"), {"open_or_public": "true"})
        .context["table"]
        .paginator.count
    )
    assert rows == DataSource.objects.filter(classification__in=("open", "one_off_public")).count()
    assert rows < DataSource.objects.count()
