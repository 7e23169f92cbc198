"""One Yes/No and one summary-list row for every page (vpp_portal.display, the portal tags)."""

import pytest
from django.template import Context, Template, TemplateSyntaxError

from vpp_portal.display import yes_no


def render(source: str, **context: object) -> str:
    return Template("{% load portal %}" + source).render(Context(context))


def squash(html: str) -> str:
    return " ".join(html.split())


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, "Yes"), (False, "No"), (1, "Yes"), (0, "No"), (None, "—"), ("", "—")],
)
def test_a_flag_reads_yes_or_no_and_nothing_recorded_reads_as_a_dash(value, expected):
    assert yes_no(value) == expected
    assert render("{{ flag|yes_no }}", flag=value) == expected


def test_a_summary_row_shows_its_label_and_escapes_its_value():
    html = squash(render('{% summary_row "Owner" owner %}', owner="<b>Sam</b> & Co"))
    assert html == (
        '<div class="govuk-summary-list__row">'
        ' <dt class="govuk-summary-list__key">Owner</dt>'
        ' <dd class="govuk-summary-list__value">&lt;b&gt;Sam&lt;/b&gt; &amp; Co</dd> </div>'
    )


def test_a_summary_row_value_takes_filters_so_dates_and_flags_read_as_elsewhere():
    html = render(
        '{% summary_row "Personal data" flag|yes_no testid="flag" %}'
        '{% summary_row "Review" when|default:"Not set" %}',
        flag=False,
        when=None,
    )
    assert 'data-testid="flag">No</dd>' in html
    assert "Review</dt>" in html
    assert ">Not set</dd>" in html


def test_a_summary_row_with_href_links_its_value():
    html = render('{% summary_row "Forum" forum href=url %}', forum="HIGA", url="/f/1/?a=1&b=2")
    assert '<a class="govuk-link" href="/f/1/?a=1&amp;b=2">HIGA</a></dd>' in html


def test_a_block_row_keeps_markup_of_the_template_and_escapes_data_in_it():
    html = render(
        '{% summary_row "Address" testid="address" %}'
        "{{ address|linebreaksbr }}{% endsummary_row %}",
        address="1 <High> St\nHull",
    )
    assert 'data-testid="address">1 &lt;High&gt; St<br>Hull</dd>' in html


def test_a_row_with_actions_shows_them_and_a_row_whose_actions_are_empty_says_so():
    source = (
        '{% summary_row "Kind" kind %}'  # no actions section: not a list with actions
        '{% summary_row "Name" %}{{ name }}{% summary_actions %}'
        '{% if may_change %}<a class="govuk-link" href="/e/">Change</a>{% endif %}'
        "{% endsummary_row %}"
    )
    shown = render(source, kind="ISA", name="Hull", may_change=True)
    assert (
        '<dd class="govuk-summary-list__actions"><a class="govuk-link" href="/e/">Change</a></dd>'
        in shown
    )
    assert "--no-actions" not in shown
    hidden = render(source, kind="ISA", name="Hull", may_change=False)
    assert "govuk-summary-list__actions" not in hidden
    assert hidden.count("govuk-summary-list__row--no-actions") == 1


def test_a_list_without_an_actions_column_marks_no_row_as_having_none():
    html = render(
        '{% summary_row "Name" actions_column=False %}Hull{% summary_actions %}{% endsummary_row %}'
    )
    assert "--no-actions" not in html
    assert "govuk-summary-list__actions" not in html


def test_a_row_may_write_its_key_with_markup_and_carry_row_attributes():
    html = squash(
        render(
            '{% summary_row field="name" row_testid="r" %}Data of {{ org }}{% summary_value %}'
            "None{% endsummary_row %}",
            org="A&B",
        )
    )
    assert '<div class="govuk-summary-list__row" data-testid="r" data-field="name">' in html
    assert '<dt class="govuk-summary-list__key">Data of A&amp;B</dt>' in html


@pytest.mark.parametrize(
    "source",
    [
        '{% summary_row "A" b c %}',
        '{% summary_row "A" colour="red" %}{% endsummary_row %}',
        '{% summary_row "A" testid="x" b %}',
    ],
)
def test_a_summary_row_written_wrong_fails_when_the_template_loads(source):
    with pytest.raises(TemplateSyntaxError):
        render(source, b=1, c=2)


def test_a_warning_says_warning_to_screen_readers_and_escapes_data_in_its_text():
    html = squash(
        render(
            '{% warning_text testid="late" %}Due on {{ when }}.{% endwarning_text %}',
            when="<1 May>",
        )
    )
    assert html == (
        '<div class="govuk-warning-text" data-testid="late">'
        ' <span class="govuk-warning-text__icon" aria-hidden="true">!</span>'
        ' <strong class="govuk-warning-text__text">'
        ' <span class="govuk-visually-hidden">Warning</span> Due on &lt;1 May&gt;. </strong> </div>'
    )
