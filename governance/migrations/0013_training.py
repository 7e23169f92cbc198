"""Training and awareness: courses, training records and start dates (with their history)."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import sharing.storage


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0012_reminder_kinds_people_rights_systems"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Course',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last updated')),
                ('row_version', models.PositiveIntegerField(default=1, editable=False)),
                ('title', models.CharField(max_length=200, unique=True)),
                ('description', models.TextField(blank=True)),
                ('provider', models.CharField(blank=True, max_length=200)),
                ('audience', models.CharField(choices=[('everyone', 'Everyone'), ('role', 'People with one portal role'), ('key_roles', 'Key-role holders (SIRO, DPO, Director)')], default='everyone', max_length=20)),
                ('role', models.CharField(blank=True, choices=[('staff', 'Staff'), ('dpo', 'DPO'), ('siro', 'SIRO'), ('director', 'Director'), ('partner', 'Partner'), ('admin', 'Admin')], help_text='For a course for one portal role: which role.', max_length=20, verbose_name='portal role')),
                ('is_for_siro', models.BooleanField(default=False, verbose_name='for the SIRO')),
                ('is_for_dpo', models.BooleanField(default=False, verbose_name='for the DPO')),
                ('is_for_director', models.BooleanField(default=False, verbose_name='for the Director')),
                ('is_induction', models.BooleanField(default=False, help_text='New starters must complete it within 30 days of starting.', verbose_name='the induction course')),
                ('renewal_months', models.PositiveSmallIntegerField(blank=True, help_text='How often it must be taken again. Leave blank if it never expires.', null=True, verbose_name='renewal period (months)')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'course',
                'ordering': ('title',),
            },
        ),
        migrations.CreateModel(
            name='HistoricalCourse',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='last updated')),
                ('row_version', models.PositiveIntegerField(default=1, editable=False)),
                ('title', models.CharField(db_index=True, max_length=200)),
                ('description', models.TextField(blank=True)),
                ('provider', models.CharField(blank=True, max_length=200)),
                ('audience', models.CharField(choices=[('everyone', 'Everyone'), ('role', 'People with one portal role'), ('key_roles', 'Key-role holders (SIRO, DPO, Director)')], default='everyone', max_length=20)),
                ('role', models.CharField(blank=True, choices=[('staff', 'Staff'), ('dpo', 'DPO'), ('siro', 'SIRO'), ('director', 'Director'), ('partner', 'Partner'), ('admin', 'Admin')], help_text='For a course for one portal role: which role.', max_length=20, verbose_name='portal role')),
                ('is_for_siro', models.BooleanField(default=False, verbose_name='for the SIRO')),
                ('is_for_dpo', models.BooleanField(default=False, verbose_name='for the DPO')),
                ('is_for_director', models.BooleanField(default=False, verbose_name='for the Director')),
                ('is_induction', models.BooleanField(default=False, help_text='New starters must complete it within 30 days of starting.', verbose_name='the induction course')),
                ('renewal_months', models.PositiveSmallIntegerField(blank=True, help_text='How often it must be taken again. Leave blank if it never expires.', null=True, verbose_name='renewal period (months)')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('updated_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical course',
                'verbose_name_plural': 'historical courses',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalTrainingProfile',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='last updated')),
                ('row_version', models.PositiveIntegerField(default=1, editable=False)),
                ('started_on', models.DateField(verbose_name='started on')),
                ('induction_due_on', models.DateField(editable=False, verbose_name='induction due by')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('person', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('updated_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical start date',
                'verbose_name_plural': 'historical start dates',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalTrainingRecord',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='last updated')),
                ('row_version', models.PositiveIntegerField(default=1, editable=False)),
                ('completed_on', models.DateField(verbose_name='completed on')),
                ('evidence_reference', models.CharField(blank=True, help_text="For example a certificate number or the e-learning system's completion ID.", max_length=250, verbose_name='evidence reference')),
                ('evidence_document', models.TextField(blank=True, max_length=100, verbose_name='evidence file')),
                ('expires_on', models.DateField(blank=True, editable=False, null=True, verbose_name='expires on')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('course', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='governance.course')),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('person', models.ForeignKey(blank=True, db_constraint=False, help_text='Core team or partner staff working on VPP data.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('updated_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical training record',
                'verbose_name_plural': 'historical training records',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='TrainingProfile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last updated')),
                ('row_version', models.PositiveIntegerField(default=1, editable=False)),
                ('started_on', models.DateField(verbose_name='started on')),
                ('induction_due_on', models.DateField(editable=False, verbose_name='induction due by')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('person', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='training_profile', to=settings.AUTH_USER_MODEL)),
                ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'start date',
                'ordering': ('-started_on', 'pk'),
            },
        ),
        migrations.CreateModel(
            name='TrainingRecord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last updated')),
                ('row_version', models.PositiveIntegerField(default=1, editable=False)),
                ('completed_on', models.DateField(verbose_name='completed on')),
                ('evidence_reference', models.CharField(blank=True, help_text="For example a certificate number or the e-learning system's completion ID.", max_length=250, verbose_name='evidence reference')),
                ('evidence_document', models.FileField(blank=True, storage=sharing.storage.signed_document_storage, upload_to='training/%Y/', verbose_name='evidence file')),
                ('expires_on', models.DateField(blank=True, editable=False, null=True, verbose_name='expires on')),
                ('course', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='records', to='governance.course')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('person', models.ForeignKey(help_text='Core team or partner staff working on VPP data.', on_delete=django.db.models.deletion.PROTECT, related_name='training_records', to=settings.AUTH_USER_MODEL)),
                ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'training record',
                'ordering': ('-completed_on', 'pk'),
            },
        ),
        migrations.AddIndex(
            model_name='course',
            index=models.Index(fields=['audience'], name='governance_course_audience_idx'),
        ),
        migrations.AddConstraint(
            model_name='course',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('audience', 'role'), models.Q(('role', ''), _negated=True)), models.Q(models.Q(('audience', 'role'), _negated=True), ('role', '')), _connector='OR'), name='governance_course_role_audience_has_role', violation_error_message='Choose the portal role for a course for one role (and only for such a course).'),
        ),
        migrations.AddConstraint(
            model_name='course',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('audience', 'key_roles'), models.Q(('is_for_siro', True), ('is_for_dpo', True), ('is_for_director', True), _connector='OR')), models.Q(models.Q(('audience', 'key_roles'), _negated=True), ('is_for_director', False), ('is_for_dpo', False), ('is_for_siro', False)), _connector='OR'), name='governance_course_key_roles_named', violation_error_message='Tick the key roles a key-role course is for (and none for other courses).'),
        ),
        migrations.AddConstraint(
            model_name='course',
            constraint=models.CheckConstraint(condition=models.Q(('is_induction', False), ('audience', 'everyone'), _connector='OR'), name='governance_course_induction_for_everyone', violation_error_message='The induction course is for everyone.'),
        ),
        migrations.AddConstraint(
            model_name='course',
            constraint=models.UniqueConstraint(condition=models.Q(('is_induction', True)), fields=('is_induction',), name='governance_course_one_induction', violation_error_message='There is already an induction course.'),
        ),
        migrations.AddConstraint(
            model_name='course',
            constraint=models.CheckConstraint(condition=models.Q(('renewal_months__isnull', True), ('renewal_months__gte', 1), _connector='OR'), name='governance_course_renewal_positive', violation_error_message='Enter a renewal period of at least 1 month, or none.'),
        ),
        migrations.AddIndex(
            model_name='trainingprofile',
            index=models.Index(fields=['induction_due_on'], name='governance_profile_due_idx'),
        ),
        migrations.AddIndex(
            model_name='trainingrecord',
            index=models.Index(fields=['person', 'course', 'completed_on'], name='governance_training_person_idx'),
        ),
        migrations.AddIndex(
            model_name='trainingrecord',
            index=models.Index(fields=['expires_on'], name='governance_training_expiry_idx'),
        ),
        migrations.AddIndex(
            model_name='trainingrecord',
            index=models.Index(fields=['-completed_on', 'id'], name='governance_training_list_idx'),
        ),
        migrations.AddConstraint(
            model_name='trainingrecord',
            constraint=models.UniqueConstraint(fields=('person', 'course', 'completed_on'), name='governance_trainingrecord_once_a_day', violation_error_message="This person's completion of this course on this day is already recorded."),
        ),
    ]
