"""The DPIA's highest risk and highest residual risk stored on the DPIA (the list and the
queues read a column instead of grouping every DPIA with its risks), filled for the DPIAs
that exist from their risks, with the indexes the list's sort and the sign-off queues use."""

from typing import Any

from django.conf import settings
from django.db import migrations, models
from django.db.models import Case, IntegerField, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce


def _rank(field: str) -> Case:
    # As governance.querysets ranks levels; repeated so this migration never changes with it.
    return Case(
        When(**{field: "high"}, then=Value(3)),
        When(**{field: "medium"}, then=Value(2)),
        When(**{field: "low"}, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def fill_ranks(apps: Any, schema_editor: Any) -> None:
    """Every DPIA's ranks from its risks, in one UPDATE."""
    Dpia = apps.get_model("governance", "Dpia")
    DpiaRisk = apps.get_model("governance", "DpiaRisk")
    residual = Case(
        When(
            Q(overall_risk__in=("medium", "high")) & ~Q(residual_risk=""),
            then=_rank("residual_risk"),
        ),
        default=_rank("overall_risk"),
        output_field=IntegerField(),
    )
    risks = DpiaRisk.objects.filter(dpia_id=OuterRef("pk")).order_by().values("dpia_id")
    Dpia.objects.update(
        highest_risk_rank=Coalesce(
            Subquery(risks.annotate(rank=Max(_rank("overall_risk"))).values("rank")), Value(0)
        ),
        highest_residual_rank=Coalesce(
            Subquery(risks.annotate(rank=Max(residual)).values("rank")), Value(0)
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0008_report_ready"),
        ("ropa", "0005_findings_indexes"),
        ("sharing", "0006_findings_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="dpia",
            name="highest_residual_rank",
            field=models.PositiveSmallIntegerField(
                default=0, editable=False, verbose_name="highest residual risk"
            ),
        ),
        migrations.AddField(
            model_name="dpia",
            name="highest_risk_rank",
            field=models.PositiveSmallIntegerField(
                default=0, editable=False, verbose_name="highest risk"
            ),
        ),
        migrations.RunPython(fill_ranks, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="dpia",
            index=models.Index(
                fields=["highest_risk_rank", "created_at", "id"], name="governance_dpia_risk_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="dpia",
            index=models.Index(
                fields=["status", "highest_residual_rank", "advised_at"],
                name="governance_dpia_residual_idx",
            ),
        ),
    ]
