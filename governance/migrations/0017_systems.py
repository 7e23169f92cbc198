"""The systems register (governance.System): a system's supplier, hosting, Art 28 contract,
security assurance, what it holds, its information asset owner and the Board's review, with
its history (and the history of its links to data sources and processing activities)."""

import django.db.models.deletion
import django.db.models.functions.text
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0016_audits_actions"),
        ("ropa", "0006_list_indexes"),
        ("sharing", "0007_list_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalSystem",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="created"),
                ),
                (
                    "updated_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="last updated"),
                ),
                ("row_version", models.PositiveIntegerField(default=1, editable=False)),
                ("name", models.CharField(max_length=200)),
                ("description", models.TextField(blank=True)),
                (
                    "hosting",
                    models.CharField(
                        help_text="Who hosts it and where, for example ‘LJMU data centre, Liverpool, UK’. The processing activities it holds show this as the location of their data.",
                        max_length=250,
                        verbose_name="hosting and location",
                    ),
                ),
                (
                    "assurance_kind",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("cyber_essentials", "Cyber Essentials"),
                            ("cyber_essentials_plus", "Cyber Essentials Plus"),
                            ("dspt", "Data Security and Protection Toolkit (DSPT)"),
                            ("iso_27001", "ISO/IEC 27001"),
                            ("other", "Other"),
                        ],
                        max_length=30,
                        verbose_name="security assurance",
                    ),
                ),
                (
                    "assurance_status",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("certified", "Certified or standards met"),
                            ("in_progress", "Assessment in progress"),
                            ("lapsed", "Lapsed"),
                            ("not_met", "Not met"),
                        ],
                        max_length=20,
                        verbose_name="assurance status",
                    ),
                ),
                (
                    "assured_on",
                    models.DateField(
                        blank=True,
                        help_text="When the certificate was issued or the assessment was last passed.",
                        null=True,
                        verbose_name="assurance date",
                    ),
                ),
                (
                    "next_board_review_on",
                    models.DateField(blank=True, null=True, verbose_name="Board review date"),
                ),
                (
                    "exit_plan",
                    models.TextField(
                        blank=True,
                        help_text="How the system would be withdrawn in phases, and what happens to the data.",
                        verbose_name="exit plan",
                    ),
                ),
                (
                    "board_decision",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "No decision recorded"),
                            ("continue", "Continue"),
                            ("replace", "Replace"),
                            ("withdraw", "Withdraw"),
                        ],
                        default="",
                        editable=False,
                        max_length=20,
                        verbose_name="Board decision",
                    ),
                ),
                (
                    "board_decided_on",
                    models.DateField(editable=False, null=True, verbose_name="Board decision date"),
                ),
                (
                    "board_decision_reason",
                    models.TextField(
                        blank=True, editable=False, verbose_name="reasons for the decision"
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "art28_contract",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The controller-to-processor contract (UK GDPR Art 28) with the supplier.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="sharing.agreement",
                        verbose_name="Art 28 contract",
                    ),
                ),
                (
                    "asset_owner",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Who answers for the system and its information: review reminders go to them.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="information asset owner",
                    ),
                ),
                (
                    "board_decision_recorded_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="Board decision recorded by",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "supplier",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="sharing.organisation",
                        verbose_name="supplier organisation",
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical system",
                "verbose_name_plural": "historical systems",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="System",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="last updated")),
                ("row_version", models.PositiveIntegerField(default=1, editable=False)),
                ("name", models.CharField(max_length=200)),
                ("description", models.TextField(blank=True)),
                (
                    "hosting",
                    models.CharField(
                        help_text="Who hosts it and where, for example ‘LJMU data centre, Liverpool, UK’. The processing activities it holds show this as the location of their data.",
                        max_length=250,
                        verbose_name="hosting and location",
                    ),
                ),
                (
                    "assurance_kind",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("cyber_essentials", "Cyber Essentials"),
                            ("cyber_essentials_plus", "Cyber Essentials Plus"),
                            ("dspt", "Data Security and Protection Toolkit (DSPT)"),
                            ("iso_27001", "ISO/IEC 27001"),
                            ("other", "Other"),
                        ],
                        max_length=30,
                        verbose_name="security assurance",
                    ),
                ),
                (
                    "assurance_status",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("certified", "Certified or standards met"),
                            ("in_progress", "Assessment in progress"),
                            ("lapsed", "Lapsed"),
                            ("not_met", "Not met"),
                        ],
                        max_length=20,
                        verbose_name="assurance status",
                    ),
                ),
                (
                    "assured_on",
                    models.DateField(
                        blank=True,
                        help_text="When the certificate was issued or the assessment was last passed.",
                        null=True,
                        verbose_name="assurance date",
                    ),
                ),
                (
                    "next_board_review_on",
                    models.DateField(blank=True, null=True, verbose_name="Board review date"),
                ),
                (
                    "exit_plan",
                    models.TextField(
                        blank=True,
                        help_text="How the system would be withdrawn in phases, and what happens to the data.",
                        verbose_name="exit plan",
                    ),
                ),
                (
                    "board_decision",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "No decision recorded"),
                            ("continue", "Continue"),
                            ("replace", "Replace"),
                            ("withdraw", "Withdraw"),
                        ],
                        default="",
                        editable=False,
                        max_length=20,
                        verbose_name="Board decision",
                    ),
                ),
                (
                    "board_decided_on",
                    models.DateField(editable=False, null=True, verbose_name="Board decision date"),
                ),
                (
                    "board_decision_reason",
                    models.TextField(
                        blank=True, editable=False, verbose_name="reasons for the decision"
                    ),
                ),
                (
                    "activities",
                    models.ManyToManyField(
                        blank=True,
                        related_name="systems",
                        to="ropa.processingactivity",
                        verbose_name="processing activities",
                    ),
                ),
                (
                    "art28_contract",
                    models.ForeignKey(
                        blank=True,
                        help_text="The controller-to-processor contract (UK GDPR Art 28) with the supplier.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="systems",
                        to="sharing.agreement",
                        verbose_name="Art 28 contract",
                    ),
                ),
                (
                    "asset_owner",
                    models.ForeignKey(
                        blank=True,
                        help_text="Who answers for the system and its information: review reminders go to them.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="information asset owner",
                    ),
                ),
                (
                    "board_decision_recorded_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="Board decision recorded by",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "data_sources",
                    models.ManyToManyField(
                        blank=True,
                        related_name="systems",
                        to="sharing.datasource",
                        verbose_name="data sources",
                    ),
                ),
                (
                    "supplier",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="supplied_systems",
                        to="sharing.organisation",
                        verbose_name="supplier organisation",
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "system",
                "ordering": ("name",),
                "permissions": (("decide_system", "Record the Board's decision on a system"),),
            },
        ),
        migrations.CreateModel(
            name="HistoricalSystem_data_sources",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "datasource",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="sharing.datasource",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="governance.historicalsystem",
                    ),
                ),
                (
                    "system",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="governance.system",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalSystem_data_sources",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalSystem_activities",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="governance.historicalsystem",
                    ),
                ),
                (
                    "processingactivity",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="ropa.processingactivity",
                    ),
                ),
                (
                    "system",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="governance.system",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalSystem_activities",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddIndex(
            model_name="system",
            index=models.Index(fields=["name"], name="governance_system_name_idx"),
        ),
        migrations.AddIndex(
            model_name="system",
            index=models.Index(
                fields=["next_board_review_on"], name="governance_system_review_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="system",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("name"),
                name="governance_system_unique_name",
                violation_error_message="A system with this name already exists.",
            ),
        ),
        migrations.AddConstraint(
            model_name="system",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("board_decision__in", ["replace", "withdraw"]), _negated=True),
                    models.Q(("exit_plan", ""), _negated=True),
                    _connector="OR",
                ),
                name="governance_system_exit_plan_for_exit",
                violation_error_message="Record the exit plan: a system the Board decided to replace or withdraw needs one.",
            ),
        ),
    ]
