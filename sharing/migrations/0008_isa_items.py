"""What an ISA covers: one answer or document reference per item of the ICO data sharing
code (``sharing.AgreementCodeItem``), with its history."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sharing", "0007_list_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalAgreementCodeItem",
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
                    "item",
                    models.CharField(
                        choices=[
                            ("purpose", "Purpose and benefits"),
                            ("parties", "Parties, contacts and how parties join or leave"),
                            ("roles", "Roles, with an Art 26 arrangement for joint controllers"),
                            ("data_items", "Data items shared"),
                            ("lawful_basis", "Lawful basis and legal power"),
                            (
                                "special_conditions",
                                "Special category and criminal offence data conditions",
                            ),
                            (
                                "rights",
                                "Individuals' rights, subject access, FOI requests and complaints",
                            ),
                            ("security", "Security of transfer and storage"),
                            ("retention", "Retention and deletion"),
                            ("data_quality", "Data quality"),
                            ("breach", "Breach procedure"),
                            ("training", "Training"),
                            ("review", "Review"),
                            ("termination", "What happens at the end, or when a party withdraws"),
                        ],
                        max_length=30,
                    ),
                ),
                ("answer", models.TextField(blank=True)),
                (
                    "document_reference",
                    models.CharField(
                        blank=True,
                        help_text="Where the signed agreement deals with it, for example ‘Schedule 2, section 4’.",
                        max_length=250,
                        verbose_name="document reference or section",
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
                    "agreement",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="sharing.agreement",
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
                "verbose_name": "historical data sharing code item",
                "verbose_name_plural": "historical data sharing code items",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="AgreementCodeItem",
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
                    "item",
                    models.CharField(
                        choices=[
                            ("purpose", "Purpose and benefits"),
                            ("parties", "Parties, contacts and how parties join or leave"),
                            ("roles", "Roles, with an Art 26 arrangement for joint controllers"),
                            ("data_items", "Data items shared"),
                            ("lawful_basis", "Lawful basis and legal power"),
                            (
                                "special_conditions",
                                "Special category and criminal offence data conditions",
                            ),
                            (
                                "rights",
                                "Individuals' rights, subject access, FOI requests and complaints",
                            ),
                            ("security", "Security of transfer and storage"),
                            ("retention", "Retention and deletion"),
                            ("data_quality", "Data quality"),
                            ("breach", "Breach procedure"),
                            ("training", "Training"),
                            ("review", "Review"),
                            ("termination", "What happens at the end, or when a party withdraws"),
                        ],
                        max_length=30,
                    ),
                ),
                ("answer", models.TextField(blank=True)),
                (
                    "document_reference",
                    models.CharField(
                        blank=True,
                        help_text="Where the signed agreement deals with it, for example ‘Schedule 2, section 4’.",
                        max_length=250,
                        verbose_name="document reference or section",
                    ),
                ),
                (
                    "agreement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="code_items",
                        to="sharing.agreement",
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
                "verbose_name": "data sharing code item",
                "ordering": ("agreement", "item"),
                "constraints": [
                    models.UniqueConstraint(
                        fields=("agreement", "item"),
                        name="sharing_agreementcodeitem_once_per_agreement",
                        violation_error_message="This item is already recorded for the agreement.",
                    )
                ],
            },
        ),
    ]
