"""The sharing registers' choosers (``vpp_portal.choosers``): organisations, agreements, data
sources and forums, each found only among the rows the user may see."""

from vpp_portal.choosers import Chooser, register_chooser

from .models import Agreement, DataSource, Forum, Organisation


def register() -> None:
    register_chooser(
        Chooser(
            kind="organisation",
            noun="organisation",
            model=Organisation,
            search_fields=("name",),
            permission="sharing.view_organisation",
            order_by=("name", "pk"),
        )
    )
    register_chooser(
        Chooser(
            kind="agreement",
            noun="agreement",
            model=Agreement,
            search_fields=("title", "reference"),
            permission="sharing.view_agreement",
            order_by=("title", "pk"),
        )
    )
    register_chooser(
        Chooser(
            kind="datasource",
            noun="data source",
            model=DataSource,
            search_fields=("name",),
            permission="sharing.view_datasource",
            order_by=("name", "pk"),
        )
    )
    register_chooser(
        Chooser(
            kind="forum",
            noun="forum",
            model=Forum,
            search_fields=("name", "acronym"),
            permission="sharing.view_forum",
            order_by=("name", "pk"),
        )
    )
