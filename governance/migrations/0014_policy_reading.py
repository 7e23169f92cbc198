# Required reading (issue 15, "Policies read and accepted"): the roles a policy's current
# version is required reading for and the day it became so, the readers' confirmations (with
# their history), and the reading tasks the reminder ledger works from.

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0013_training"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalpolicy",
            name="reading_required_on",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="required reading since"
            ),
        ),
        migrations.AddField(
            model_name="historicalpolicy",
            name="required_for_roles",
            field=models.JSONField(blank=True, default=list, verbose_name="required reading for"),
        ),
        migrations.AddField(
            model_name="policy",
            name="reading_required_on",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="required reading since"
            ),
        ),
        migrations.AddField(
            model_name="policy",
            name="required_for_roles",
            field=models.JSONField(blank=True, default=list, verbose_name="required reading for"),
        ),
        migrations.CreateModel(
            name="HistoricalPolicyConfirmation",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("version", models.CharField(max_length=30, verbose_name="version confirmed")),
                ("confirmed_at", models.DateTimeField(verbose_name="confirmed")),
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
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "policy",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="governance.policy",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="person",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical policy confirmation",
                "verbose_name_plural": "historical policy confirmations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="PolicyConfirmation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.CharField(max_length=30, verbose_name="version confirmed")),
                ("confirmed_at", models.DateTimeField(verbose_name="confirmed")),
                (
                    "policy",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="confirmations",
                        to="governance.policy",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="policy_confirmations",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="person",
                    ),
                ),
            ],
            options={
                "verbose_name": "policy confirmation",
                "ordering": ("-confirmed_at", "-pk"),
            },
        ),
        migrations.CreateModel(
            name="PolicyReadingTask",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.CharField(max_length=30)),
                ("due_on", models.DateField(verbose_name="confirm by")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="asked")),
                (
                    "confirmation",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="task",
                        to="governance.policyconfirmation",
                    ),
                ),
                (
                    "policy",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reading_tasks",
                        to="governance.policy",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="person",
                    ),
                ),
            ],
            options={
                "verbose_name": "policy reading task",
                "ordering": ("due_on", "pk"),
            },
        ),
        migrations.AddIndex(
            model_name="policyconfirmation",
            index=models.Index(fields=["policy", "version"], name="governance_policyconf_ver_idx"),
        ),
        migrations.AddConstraint(
            model_name="policyconfirmation",
            constraint=models.UniqueConstraint(
                fields=("policy", "user", "version"),
                name="governance_policyconfirmation_once_per_version",
                violation_error_message="You have already confirmed this version of the policy.",
            ),
        ),
        migrations.AddConstraint(
            model_name="policyreadingtask",
            constraint=models.UniqueConstraint(
                fields=("policy", "user", "version"),
                name="governance_policyreadingtask_once_per_version",
            ),
        ),
    ]
