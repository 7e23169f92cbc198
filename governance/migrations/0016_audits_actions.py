# Audits and the action register: data-protection audits with their findings, the one action
# register fed by audit findings, breach lessons, DPIA measures and Board decisions, and the DPO's
# record on a breach that its lessons learnt need no action. Written by hand from
# ``makemigrations --dry-run`` (this change's models only).

import django.db.models.deletion
import sharing.storage
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0015_rights_requests"),
        ("ropa", "0006_list_indexes"),
        ("sharing", "0007_list_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="breach",
            name="no_action_decided_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="no action needed, recorded at"
            ),
        ),
        migrations.AddField(
            model_name="breach",
            name="no_action_decided_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="no action needed, recorded by",
            ),
        ),
        migrations.AddField(
            model_name="breach",
            name="no_action_reason",
            field=models.TextField(
                blank=True, editable=False, verbose_name="why the lessons learnt need no action"
            ),
        ),
        migrations.AddField(
            model_name="historicalbreach",
            name="no_action_decided_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="no action needed, recorded at"
            ),
        ),
        migrations.AddField(
            model_name="historicalbreach",
            name="no_action_decided_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="no action needed, recorded by",
            ),
        ),
        migrations.AddField(
            model_name="historicalbreach",
            name="no_action_reason",
            field=models.TextField(
                blank=True, editable=False, verbose_name="why the lessons learnt need no action"
            ),
        ),
        migrations.CreateModel(
            name="DataProtectionAudit",
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
                (
                    "title",
                    models.CharField(
                        help_text="For example ‘2026 data protection audit’.", max_length=250
                    ),
                ),
                (
                    "scope",
                    models.TextField(
                        help_text="What the audit covered, and what it did not.",
                        verbose_name="scope",
                    ),
                ),
                (
                    "auditor_name",
                    models.CharField(
                        help_text="The person or team who carried out the audit.",
                        max_length=200,
                        verbose_name="auditor",
                    ),
                ),
                ("carried_out_on", models.DateField(verbose_name="carried out on")),
                (
                    "report",
                    models.FileField(
                        blank=True,
                        storage=sharing.storage.signed_document_storage,
                        upload_to="audits/%Y/",
                        verbose_name="audit report",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("planned", "Planned"),
                            ("in_progress", "In progress"),
                            ("reported", "Reported"),
                        ],
                        default="planned",
                        max_length=20,
                    ),
                ),
                (
                    "auditor_organisation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="sharing.organisation",
                        verbose_name="auditor's organisation",
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
                "verbose_name": "data protection audit",
                "verbose_name_plural": "data protection audits",
                "ordering": ("-carried_out_on", "-pk"),
            },
        ),
        migrations.CreateModel(
            name="AuditFinding",
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
                ("number", models.PositiveSmallIntegerField(editable=False)),
                (
                    "severity",
                    models.CharField(
                        choices=[("low", "Low"), ("medium", "Medium"), ("high", "High")],
                        max_length=10,
                    ),
                ),
                ("description", models.TextField(verbose_name="what the audit found")),
                (
                    "recommendation",
                    models.TextField(blank=True, verbose_name="the auditor's recommendation"),
                ),
                (
                    "activities",
                    models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        to="ropa.processingactivity",
                        verbose_name="processing activities concerned",
                    ),
                ),
                (
                    "agreements",
                    models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        to="sharing.agreement",
                        verbose_name="agreements concerned",
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
                        related_name="+",
                        to="sharing.datasource",
                        verbose_name="data sources concerned",
                    ),
                ),
                (
                    "dpias",
                    models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        to="governance.dpia",
                        verbose_name="DPIAs concerned",
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
                (
                    "audit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="findings",
                        to="governance.dataprotectionaudit",
                    ),
                ),
            ],
            options={
                "verbose_name": "audit finding",
                "ordering": ("audit", "number"),
            },
        ),
        migrations.CreateModel(
            name="HistoricalAction",
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
                ("title", models.CharField(max_length=250)),
                ("description", models.TextField(blank=True, verbose_name="what is to be done")),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("audit_finding", "Audit finding"),
                            ("breach_lesson", "Breach lesson learnt"),
                            ("dpia_measure", "DPIA measure"),
                            ("board_decision", "Board decision"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "board_decided_on",
                    models.DateField(
                        blank=True, null=True, verbose_name="date of the Board decision"
                    ),
                ),
                ("due_on", models.DateField(verbose_name="due date")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("open", "Open"),
                            ("in_progress", "In progress"),
                            ("done", "Done"),
                            ("cancelled", "Cancelled"),
                        ],
                        default="open",
                        editable=False,
                        max_length=20,
                    ),
                ),
                (
                    "evidence",
                    models.TextField(
                        blank=True, editable=False, verbose_name="evidence of completion"
                    ),
                ),
                (
                    "evidence_document",
                    models.TextField(
                        blank=True, editable=False, max_length=100, verbose_name="evidence document"
                    ),
                ),
                (
                    "completed_on",
                    models.DateField(
                        blank=True, editable=False, null=True, verbose_name="completed on"
                    ),
                ),
                (
                    "cancelled_reason",
                    models.TextField(
                        blank=True, editable=False, verbose_name="why it was cancelled"
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
                    "audit_finding",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="governance.auditfinding",
                    ),
                ),
                (
                    "breach",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="governance.breach",
                    ),
                ),
                (
                    "cancelled_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="cancelled by",
                    ),
                ),
                (
                    "completed_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="completed by",
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
                    "dpia_risk",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="governance.dpiarisk",
                        verbose_name="DPIA measure",
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
                    "owner",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Who sees it through: reminders of the due date go to them.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
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
                "verbose_name": "historical action",
                "verbose_name_plural": "historical actions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAuditFinding",
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
                ("number", models.PositiveSmallIntegerField(editable=False)),
                (
                    "severity",
                    models.CharField(
                        choices=[("low", "Low"), ("medium", "Medium"), ("high", "High")],
                        max_length=10,
                    ),
                ),
                ("description", models.TextField(verbose_name="what the audit found")),
                (
                    "recommendation",
                    models.TextField(blank=True, verbose_name="the auditor's recommendation"),
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
                    "audit",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="governance.dataprotectionaudit",
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
                "verbose_name": "historical audit finding",
                "verbose_name_plural": "historical audit findings",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAuditFinding_activities",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "auditfinding",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="governance.auditfinding",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="governance.historicalauditfinding",
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
            ],
            options={
                "verbose_name": "HistoricalAuditFinding_activities",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAuditFinding_agreements",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "agreement",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="sharing.agreement",
                    ),
                ),
                (
                    "auditfinding",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="governance.auditfinding",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="governance.historicalauditfinding",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalAuditFinding_agreements",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAuditFinding_data_sources",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "auditfinding",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="governance.auditfinding",
                    ),
                ),
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
                        to="governance.historicalauditfinding",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalAuditFinding_data_sources",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAuditFinding_dpias",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "auditfinding",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="governance.auditfinding",
                    ),
                ),
                (
                    "dpia",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="governance.dpia",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="governance.historicalauditfinding",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalAuditFinding_dpias",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalDataProtectionAudit",
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
                (
                    "title",
                    models.CharField(
                        help_text="For example ‘2026 data protection audit’.", max_length=250
                    ),
                ),
                (
                    "scope",
                    models.TextField(
                        help_text="What the audit covered, and what it did not.",
                        verbose_name="scope",
                    ),
                ),
                (
                    "auditor_name",
                    models.CharField(
                        help_text="The person or team who carried out the audit.",
                        max_length=200,
                        verbose_name="auditor",
                    ),
                ),
                ("carried_out_on", models.DateField(verbose_name="carried out on")),
                (
                    "report",
                    models.TextField(blank=True, max_length=100, verbose_name="audit report"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("planned", "Planned"),
                            ("in_progress", "In progress"),
                            ("reported", "Reported"),
                        ],
                        default="planned",
                        max_length=20,
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
                    "auditor_organisation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="sharing.organisation",
                        verbose_name="auditor's organisation",
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
                "verbose_name": "historical data protection audit",
                "verbose_name_plural": "historical data protection audits",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Action",
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
                ("title", models.CharField(max_length=250)),
                ("description", models.TextField(blank=True, verbose_name="what is to be done")),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("audit_finding", "Audit finding"),
                            ("breach_lesson", "Breach lesson learnt"),
                            ("dpia_measure", "DPIA measure"),
                            ("board_decision", "Board decision"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "board_decided_on",
                    models.DateField(
                        blank=True, null=True, verbose_name="date of the Board decision"
                    ),
                ),
                ("due_on", models.DateField(verbose_name="due date")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("open", "Open"),
                            ("in_progress", "In progress"),
                            ("done", "Done"),
                            ("cancelled", "Cancelled"),
                        ],
                        default="open",
                        editable=False,
                        max_length=20,
                    ),
                ),
                (
                    "evidence",
                    models.TextField(
                        blank=True, editable=False, verbose_name="evidence of completion"
                    ),
                ),
                (
                    "evidence_document",
                    models.FileField(
                        blank=True,
                        editable=False,
                        storage=sharing.storage.signed_document_storage,
                        upload_to="actions/%Y/",
                        verbose_name="evidence document",
                    ),
                ),
                (
                    "completed_on",
                    models.DateField(
                        blank=True, editable=False, null=True, verbose_name="completed on"
                    ),
                ),
                (
                    "cancelled_reason",
                    models.TextField(
                        blank=True, editable=False, verbose_name="why it was cancelled"
                    ),
                ),
                (
                    "breach",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="lesson_actions",
                        to="governance.breach",
                    ),
                ),
                (
                    "cancelled_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="cancelled by",
                    ),
                ),
                (
                    "completed_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="completed by",
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
                    "dpia_risk",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="actions",
                        to="governance.dpiarisk",
                        verbose_name="DPIA measure",
                    ),
                ),
                (
                    "owner",
                    models.ForeignKey(
                        help_text="Who sees it through: reminders of the due date go to them.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
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
                (
                    "audit_finding",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="actions",
                        to="governance.auditfinding",
                    ),
                ),
            ],
            options={
                "verbose_name": "action",
                "verbose_name_plural": "actions",
                "ordering": ("due_on", "pk"),
                "permissions": (
                    ("manage_action", "Can cancel actions and record anyone's action as done"),
                ),
                "indexes": [
                    models.Index(fields=["status", "due_on"], name="governance_action_status_idx"),
                    models.Index(fields=["due_on", "id"], name="governance_action_due_idx"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("audit_finding__isnull", False),
                                ("board_decided_on__isnull", True),
                                ("breach__isnull", True),
                                ("dpia_risk__isnull", True),
                                ("source", "audit_finding"),
                            ),
                            models.Q(
                                ("audit_finding__isnull", True),
                                ("board_decided_on__isnull", True),
                                ("breach__isnull", False),
                                ("dpia_risk__isnull", True),
                                ("source", "breach_lesson"),
                            ),
                            models.Q(
                                ("audit_finding__isnull", True),
                                ("board_decided_on__isnull", True),
                                ("breach__isnull", True),
                                ("dpia_risk__isnull", False),
                                ("source", "dpia_measure"),
                            ),
                            models.Q(
                                ("audit_finding__isnull", True),
                                ("board_decided_on__isnull", False),
                                ("breach__isnull", True),
                                ("dpia_risk__isnull", True),
                                ("source", "board_decision"),
                            ),
                            _connector="OR",
                        ),
                        name="governance_action_source_link",
                        violation_error_message="An action links to exactly the record it came from.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "done"), _negated=True),
                            models.Q(
                                ("completed_on__isnull", False),
                                models.Q(
                                    models.Q(("evidence", ""), _negated=True),
                                    models.Q(("evidence_document", ""), _negated=True),
                                    _connector="OR",
                                ),
                            ),
                            _connector="OR",
                        ),
                        name="governance_action_done_has_evidence",
                        violation_error_message="A done action records when it was completed and the evidence of completion.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "cancelled"), _negated=True),
                            models.Q(("cancelled_reason", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="governance_action_cancelled_has_reason",
                        violation_error_message="Give the reason the action was cancelled.",
                    ),
                ],
            },
        ),
        migrations.AddIndex(
            model_name="dataprotectionaudit",
            index=models.Index(
                fields=["-carried_out_on", "-id"], name="governance_dpaudit_date_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="auditfinding",
            constraint=models.UniqueConstraint(
                fields=("audit", "number"),
                name="governance_auditfinding_number_unique",
                violation_error_message="This audit already has a finding with that number.",
            ),
        ),
    ]
