"""The audit log: every register's changes in one place, filtered, paged without repeats or
gaps, exported as CSV, and read-only everywhere (the Django admin included)."""

import csv
import datetime
import io

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from governance.audit import AuditQuery, Cursor, audit_page, audited_models, iter_entries
from governance.models import Policy
from governance.views.audit import AuditLogView
from sharing.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

URL = reverse("governance:audit_log")
EXPORT_URL = reverse("governance:audit_log_export")


def save_as(record, user, reason: str = "") -> None:
    """Save ``record`` as ``user`` with ``reason``, as a page would (one history row)."""
    record._history_user = user
    record._change_reason = reason
    record.save()


def policy_by(owner_organisation, user, title: str, reason: str = "") -> Policy:
    policy = Policy(title=title, kind="policy", owner_organisation=owner_organisation)
    save_as(policy, user, reason)
    return policy


def entry_rows(response) -> list[str]:
    """The text of each entry row on the page."""
    body = response.content.decode()
    table = (
        body.split('data-testid="audit-log"', 1)[1].split("</table>", 1)[0]
        if ('data-testid="audit-log"' in body)
        else ""
    )
    return [row.split("</tr>", 1)[0] for row in table.split('data-testid="audit-entry"')[1:]]


def export(client, query: dict | None = None) -> list[list[str]]:
    response = client.get(EXPORT_URL, query or {})
    assert response.status_code == 200
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def test_each_change_shows_who_when_which_record_the_field_differences_and_the_reason(
    client, dpo, staff
):
    trust = OrganisationFactory(name="Humber Teaching NHS Trust")
    trust.name = "Humber Teaching NHS Foundation Trust"
    save_as(trust, staff, "Name corrected from the Companies House record")
    client.force_login(dpo)
    response = client.get(URL)
    assert response.status_code == 200
    rows = entry_rows(response)
    changed = next(row for row in rows if "Name corrected" in row)
    assert "Sam Staff" in changed
    assert "Changed" in changed
    assert (
        "Humber Teaching NHS Trust" in changed and "Humber Teaching NHS Foundation Trust" in changed
    )
    assert trust.get_absolute_url() in changed
    assert "Organisations #" in changed


def test_entries_are_newest_first_across_registers(client, dpo, staff, hull):
    policy_by(hull, staff, "Information security policy", "First")
    hull.name = "Hull City Council (renamed)"
    save_as(hull, staff, "Second")
    client.force_login(dpo)
    rows = entry_rows(client.get(URL))
    first = next(i for i, row in enumerate(rows) if "Second" in row)
    second = next(i for i, row in enumerate(rows) if "First" in row)
    assert first < second


def test_the_person_filter_keeps_only_that_persons_changes(client, dpo, staff, siro, hull):
    policy_by(hull, staff, "Staff's policy", "By staff")
    policy_by(hull, siro, "SIRO's policy", "By the SIRO")
    client.force_login(dpo)
    rows = entry_rows(client.get(URL, {"person": "siro@test"}))
    assert rows and all("Simon SIRO" in row for row in rows)
    assert not any("By staff" in row for row in rows)


def test_the_register_filter_keeps_only_that_registers_changes(client, dpo, staff, hull):
    policy_by(hull, staff, "Records management policy", "A policy")
    hull.name = "Hull CC"
    save_as(hull, staff, "An organisation")
    client.force_login(dpo)
    rows = entry_rows(client.get(URL, {"register": "governance.policy"}))
    assert rows and all("Policies #" in row for row in rows)
    assert not any("An organisation" in row for row in rows)


def test_the_record_filter_keeps_only_that_records_changes(client, dpo, staff, hull):
    first = policy_by(hull, staff, "Policy one", "One created")
    second = policy_by(hull, staff, "Policy two", "Two created")
    second.version = "2"
    save_as(second, staff, "Two revised")
    client.force_login(dpo)
    rows = entry_rows(client.get(URL, {"register": "governance.policy", "record": second.pk}))
    assert len(rows) == 2
    assert all(f"Policies #{second.pk}" in row for row in rows)
    assert not any("One created" in row for row in rows)
    assert first.pk != second.pk


def test_a_record_id_without_its_register_is_refused_next_to_the_register(client, dpo):
    client.force_login(dpo)
    response = client.get(URL, {"record": "5"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Choose the register the record ID belongs to." in body
    assert entry_rows(response) == []


@pytest.mark.parametrize("record", ["abc", "0", "99999999999999999999999"])
def test_a_record_id_that_is_not_one_is_refused_with_a_message(client, dpo, record):
    client.force_login(dpo)
    response = client.get(URL, {"register": "governance.policy", "record": record})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_the_date_range_keeps_changes_made_on_those_london_days(client, dpo, staff, hull):
    march = policy_by(hull, staff, "March policy", "Made in March")
    june = policy_by(hull, staff, "June policy", "Made in June")
    # 23:30 on 31 March in London is 22:30 UTC (summer time): a change of 31 March.
    late_march = datetime.datetime(2026, 3, 31, 23, 30, tzinfo=timezone.get_current_timezone())
    Policy.history.filter(id=march.pk).update(history_date=late_march)
    Policy.history.filter(id=june.pk).update(
        history_date=datetime.datetime(2026, 6, 2, 9, 0, tzinfo=timezone.get_current_timezone())
    )
    client.force_login(dpo)
    rows = entry_rows(client.get(URL, {"date_from": "2026-03-31", "date_to": "2026-03-31"}))
    assert len(rows) == 1 and "Made in March" in rows[0]
    rows = entry_rows(client.get(URL, {"date_from": "2026-04-01", "date_to": "2026-06-30"}))
    assert len(rows) == 1 and "Made in June" in rows[0]


def test_a_range_that_ends_before_it_starts_is_refused_and_lists_nothing(client, dpo, staff, hull):
    policy_by(hull, staff, "Any policy", "Any change")
    client.force_login(dpo)
    response = client.get(URL, {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "must be the same as or after" in body
    assert entry_rows(response) == []


def test_the_action_filter_shows_deletions_with_the_records_last_name(client, dpo, staff, hull):
    doomed = policy_by(hull, staff, "Withdrawn guidance", "Created")
    doomed._history_user = staff
    doomed._change_reason = "Duplicate of the records policy"
    doomed.delete()
    client.force_login(dpo)
    rows = entry_rows(client.get(URL, {"action": "deleted"}))
    assert len(rows) == 1
    assert "Deleted" in rows[0]
    assert "Withdrawn guidance" in rows[0]
    assert "Duplicate of the records policy" in rows[0]
    assert 'href="/governance/policies/' not in rows[0]  # no link to a record that is gone
    rows = entry_rows(client.get(URL, {"action": "created", "register": "governance.policy"}))
    assert len(rows) == 1 and "Created" in rows[0]


def test_user_account_changes_are_listed_without_their_password(client, dpo, admin_user, staff):
    staff.job_title = "Senior analyst"
    staff.set_password("a-new-password-123")
    save_as(staff, admin_user, "Promotion")
    client.force_login(dpo)
    rows = entry_rows(client.get(URL, {"register": "accounts.user", "action": "changed"}))
    promoted = next(row for row in rows if "Promotion" in row)
    assert "Senior analyst" in promoted
    assert "Password" not in promoted and "pbkdf2" not in promoted


def test_every_model_with_history_is_an_audited_register():
    keys = {audited.key for audited in audited_models()}
    assert {
        "sharing.organisation",
        "sharing.agreement",
        "sharing.datasource",
        "ropa.processingactivity",
        "ropa.disposal",
        "governance.policy",
        "governance.dpia",
        "governance.breach",
        "accounts.user",
    } <= keys
    assert not any("historical" in key for key in keys)


# Keyset pagination.


def _many_entries_at_one_moment(hull, staff, count: int) -> None:
    """``count`` policy and organisation changes all saved at the same instant."""
    for index in range(count):
        policy_by(hull, staff, f"Policy {index}", f"policy {index}")
        OrganisationFactory(name=f"Organisation {index}")
    moment = datetime.datetime(2026, 5, 1, 12, 0, tzinfo=timezone.get_current_timezone())
    Policy.history.update(history_date=moment)
    Organisation.history.update(history_date=moment)


def _all_keys(query: AuditQuery) -> list[Cursor]:
    return [entry.cursor for entry in iter_entries(query, batch=7)]


@pytest.mark.parametrize("limit", [1, 4, 7, 50])
def test_older_pages_neither_repeat_nor_skip_entries_with_equal_timestamps(hull, staff, limit):
    _many_entries_at_one_moment(hull, staff, 12)
    query = AuditQuery()
    expected = _all_keys(query)
    seen: list[Cursor] = []
    page = audit_page(query, limit=limit)
    while True:
        seen.extend(entry.cursor for entry in page.entries)
        if page.older is None:
            break
        page = audit_page(query, older_than=page.older, limit=limit)
    assert len(seen) == len(set(seen)) == len(expected)
    assert seen == expected
    assert seen == sorted(seen, reverse=True)


def test_newer_pages_walk_back_to_the_first_page_without_gaps(hull, staff):
    _many_entries_at_one_moment(hull, staff, 10)
    query = AuditQuery()
    pages = [audit_page(query, limit=6)]
    while pages[-1].older is not None:
        pages.append(audit_page(query, older_than=pages[-1].older, limit=6))
    last = pages[-1]
    walked_back = [last]
    while walked_back[-1].newer is not None:
        walked_back.append(audit_page(query, newer_than=walked_back[-1].newer, limit=6))
    assert walked_back[-1].newer is None
    assert [e.cursor for e in walked_back[-1].entries] == [e.cursor for e in pages[0].entries]
    # Each page back is the page before it going forward.
    for forward, back in zip(reversed(pages[:-1]), walked_back[1:-1], strict=False):
        assert [e.cursor for e in back.entries] == [e.cursor for e in forward.entries]


def test_the_older_and_newer_links_carry_the_filters(client, dpo, hull, staff, monkeypatch):
    monkeypatch.setattr(AuditLogView, "page_size", 5)
    _many_entries_at_one_moment(hull, staff, 8)
    client.force_login(dpo)
    first = client.get(URL, {"register": "governance.policy"})
    older = first.context["older_query"]
    assert "register=governance.policy" in older and "older=" in older
    second = client.get(f"{URL}?{older}")
    assert second.status_code == 200
    first_ids = {e.cursor for e in first.context["page"].entries}
    second_ids = {e.cursor for e in second.context["page"].entries}
    assert first_ids and second_ids and not first_ids & second_ids
    assert "newer=" in second.context["newer_query"]


@pytest.mark.parametrize("cursor", ["nonsense", "2026-01-01T00:00:00|nope.nope|1", "x|y|z"])
def test_a_cursor_edited_by_hand_shows_the_first_page(client, dpo, cursor):
    client.force_login(dpo)
    assert client.get(URL, {"older": cursor}).status_code == 200
    assert client.get(URL, {"newer": cursor}).status_code == 200


# The CSV export.


def test_the_export_holds_exactly_the_filtered_entries(client, dpo, staff, siro, hull):
    policy_by(hull, staff, "Staff's policy", "By staff")
    policy_by(hull, siro, "SIRO's policy", "By the SIRO")
    hull.name = "Hull City Council, renamed"
    save_as(hull, siro, "Renamed by the SIRO")
    client.force_login(dpo)
    query = {"person": "Simon", "register": "governance.policy"}
    rows = export(client, query)
    assert rows[0] == [
        "When",
        "Who",
        "Register",
        "Record ID",
        "Record",
        "Action",
        "What changed",
        "Reason",
    ]
    assert [row[7] for row in rows[1:]] == ["By the SIRO"]
    assert rows[1][1] == "Simon SIRO" and rows[1][2] == "Policies" and rows[1][5] == "Created"
    page = client.get(URL, query)
    assert len(rows) - 1 == len(page.context["page"].entries)


def test_the_export_lists_every_entry_beyond_one_page_newest_first(
    client, dpo, hull, staff, monkeypatch
):
    monkeypatch.setattr(AuditLogView, "page_size", 5)
    monkeypatch.setattr("governance.audit.query.EXPORT_BATCH", 3)  # several batches
    _many_entries_at_one_moment(hull, staff, 8)
    client.force_login(dpo)
    query = {"register": "governance.policy"}
    assert len(client.get(URL, query).context["page"].entries) == 5
    rows = export(client, query)[1:]
    assert len(rows) == 8
    assert [int(row[3]) for row in rows] == sorted((int(row[3]) for row in rows), reverse=True)


def test_the_export_neutralises_cells_a_spreadsheet_would_run(client, dpo, staff, hull):
    policy_by(hull, staff, '=HYPERLINK("http://evil.example")', "+SUM(A1:A9)")
    client.force_login(dpo)
    rows = export(client, {"register": "governance.policy"})
    assert rows[1][4].startswith("'=HYPERLINK")
    assert rows[1][7] == "'+SUM(A1:A9)"


def test_an_export_with_a_bad_range_is_refused_with_the_page(client, dpo):
    client.force_login(dpo)
    response = client.get(EXPORT_URL, {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert response.status_code == 200
    assert not response.streaming
    assert "There is a problem" in response.content.decode()


# Read-only everywhere.


@pytest.mark.parametrize("url", [URL, EXPORT_URL])
def test_the_audit_pages_refuse_post(client, dpo, url):
    client.force_login(dpo)
    assert client.post(url, {"record": "1"}).status_code == 405


def test_no_historical_model_is_registered_in_the_admin():
    history_models = {audited.history_model for audited in audited_models()}
    assert not history_models & set(admin.site._registry)


def test_simple_historys_revert_is_switched_off():
    assert settings.SIMPLE_HISTORY_REVERT_DISABLED is True


def test_the_admins_past_version_page_shows_but_refuses_to_restore(client, admin_user, hull):
    name = hull.name
    hull.name = "Renamed in the portal"
    save_as(hull, admin_user, "Rename")
    first = hull.history.order_by("history_date", "history_id").first()
    url = reverse("admin:sharing_organisation_simple_history", args=[hull.pk, first.history_id])
    client.force_login(admin_user)
    page = client.get(url)
    assert page.status_code == 200
    assert "Revert" not in page.content.decode()
    before = hull.history.count()
    response = client.post(url, {"name": name, "kind": hull.kind, "address": ""})
    assert response.status_code == 403
    hull.refresh_from_db()
    assert hull.name == "Renamed in the portal"
    assert hull.history.count() == before


def test_the_admins_user_version_page_refuses_to_restore(client, admin_user, staff):
    version = staff.history.first()
    url = reverse("admin:accounts_user_simple_history", args=[staff.pk, version.history_id])
    client.force_login(admin_user)
    before = staff.history.count()
    assert client.post(url, {"email": "changed@test.vpp"}).status_code == 403
    assert staff.history.count() == before


def test_reading_the_log_writes_no_history(client, dpo, staff, hull):
    policy_by(hull, staff, "A policy", "Made")
    counts = {a.key: a.history_model._default_manager.count() for a in audited_models()}
    client.force_login(dpo)
    client.get(URL)
    export(client)
    assert counts == {a.key: a.history_model._default_manager.count() for a in audited_models()}


def test_the_navigation_offers_the_audit_log_to_those_who_may_read_it(
    client, dpo, siro, admin_user, staff, director
):
    for user, sees in (
        (dpo, True),
        (siro, True),
        (admin_user, True),
        (staff, False),
        (director, False),
    ):
        client.force_login(user)
        body = client.get(reverse("home")).content.decode()
        assert (f'href="{URL}"' in body) is sees, user


def test_the_page_links_to_the_security_log_and_role_changes(client, dpo):
    client.force_login(dpo)
    body = client.get(URL).content.decode()
    assert reverse("accounts:securityevent_list") in body
    assert reverse("accounts:rolechange_list") in body
