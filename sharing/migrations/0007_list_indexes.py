"""Indexes for the first page of each list: its default order, its sortable columns and its
common filters, so that a page of 25 reads an index in order instead of sorting the table."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sharing", "0006_findings_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(fields=["title"], name="sharing_agreement_title_idx"),
        ),
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(fields=["status", "title"], name="sharing_agreement_stitle_idx"),
        ),
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(fields=["kind", "title"], name="sharing_agreement_ktitle_idx"),
        ),
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(fields=["review_on", "title"], name="sharing_agreement_rtitle_idx"),
        ),
        migrations.AddIndex(
            model_name="connectionrequest",
            index=models.Index(fields=["-requested_on", "-id"], name="sharing_connreq_newest_idx"),
        ),
        migrations.AddIndex(
            model_name="consultation",
            index=models.Index(fields=["due_on"], name="sharing_consult_due_idx"),
        ),
        migrations.AddIndex(
            model_name="consultation",
            index=models.Index(fields=["requested_at"], name="sharing_consult_asked_idx"),
        ),
        migrations.AddIndex(
            model_name="datasource",
            index=models.Index(fields=["name"], name="sharing_source_name_idx"),
        ),
        migrations.AddIndex(
            model_name="datasource",
            index=models.Index(fields=["has_personal_data", "name"], name="sharing_source_pd_idx"),
        ),
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(fields=["name"], name="sharing_org_name_idx"),
        ),
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(fields=["updated_at"], name="sharing_org_updated_idx"),
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(fields=["title"], name="sharing_product_title_idx"),
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(fields=["status", "title"], name="sharing_product_stitle_idx"),
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(fields=["published_on"], name="sharing_product_pub_idx"),
        ),
    ]
