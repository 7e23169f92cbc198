# The rights request register (governance.models.rights): requests from individuals and the
# searches partners are asked to make. Written by hand from makemigrations' dry run.

import django.db.models.deletion
import django_fsm
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('governance', '0014_policy_reading'),
        ('ropa', '0006_list_indexes'),
        ('sharing', '0007_list_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalRightsRequest',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='last updated')),
                ('row_version', models.PositiveIntegerField(default=1, editable=False)),
                ('reference', models.CharField(db_index=True, editable=False, max_length=20)),
                ('kind', models.CharField(choices=[('subject_access', 'Subject access (UK GDPR Art 15)'), ('rectification', 'Rectification (Art 16)'), ('erasure', 'Erasure (Art 17)'), ('restriction', 'Restriction of processing (Art 18)'), ('objection', 'Objection (Art 21)'), ('portability', 'Data portability (Art 20)'), ('foi', 'Freedom of Information (FOIA)'), ('eir', 'Environmental Information (EIR)')], max_length=20, verbose_name='kind of request')),
                ('received_on', models.DateField(verbose_name='received on')),
                ('requester_name', models.CharField(max_length=200, verbose_name="requester's name")),
                ('requester_contact', models.CharField(help_text='An e-mail or postal address to reply to: nothing more is needed.', max_length=300, verbose_name="requester's contact details")),
                ('summary', models.TextField(help_text="Describe the information or action asked for. Do not repeat the requester's name or contact details here.", verbose_name='what is asked for')),
                ('status', django_fsm.FSMField(choices=[('received', 'Received: the clock is running'), ('paused', 'Paused: waiting for the requester'), ('extended', 'Extended'), ('responded', 'Responded')], default='received', editable=False, max_length=20)),
                ('clock_started_on', models.DateField(editable=False, verbose_name='clock started on')),
                ('days_paused', models.PositiveIntegerField(default=0, editable=False, verbose_name='days paused')),
                ('paused_on', models.DateField(blank=True, editable=False, null=True, verbose_name='paused on')),
                ('pause_reason', models.CharField(blank=True, choices=[('identification', 'Waiting for identification'), ('clarification', 'Waiting for clarification')], editable=False, max_length=20, verbose_name='waiting for')),
                ('extension_months', models.PositiveSmallIntegerField(default=0, editable=False, verbose_name='extended by (months)')),
                ('extension_reason', models.TextField(blank=True, editable=False, verbose_name='reason for the extension')),
                ('due_on', models.DateField(blank=True, editable=False, null=True, verbose_name='due on')),
                ('outcome', models.CharField(blank=True, choices=[('disclosed_in_full', 'Disclosed in full'), ('disclosed_in_part', 'Disclosed in part'), ('refused', 'Refused'), ('no_data_held', 'No data held')], editable=False, max_length=20)),
                ('exemption', models.CharField(blank=True, editable=False, max_length=300, verbose_name='exemption relied on')),
                ('responded_on', models.DateField(blank=True, editable=False, null=True, verbose_name='responded on')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('extended_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='extended by')),
                ('handler', models.ForeignKey(blank=True, db_constraint=False, help_text='Reminders of the due date go to them, and to the DPO once it has passed.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='handled by')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('responded_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='responded by')),
                ('updated_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical request from an individual',
                'verbose_name_plural': 'historical requests from individuals',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='RightsRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last updated')),
                ('row_version', models.PositiveIntegerField(default=1, editable=False)),
                ('reference', models.CharField(editable=False, max_length=20, unique=True)),
                ('kind', models.CharField(choices=[('subject_access', 'Subject access (UK GDPR Art 15)'), ('rectification', 'Rectification (Art 16)'), ('erasure', 'Erasure (Art 17)'), ('restriction', 'Restriction of processing (Art 18)'), ('objection', 'Objection (Art 21)'), ('portability', 'Data portability (Art 20)'), ('foi', 'Freedom of Information (FOIA)'), ('eir', 'Environmental Information (EIR)')], max_length=20, verbose_name='kind of request')),
                ('received_on', models.DateField(verbose_name='received on')),
                ('requester_name', models.CharField(max_length=200, verbose_name="requester's name")),
                ('requester_contact', models.CharField(help_text='An e-mail or postal address to reply to: nothing more is needed.', max_length=300, verbose_name="requester's contact details")),
                ('summary', models.TextField(help_text="Describe the information or action asked for. Do not repeat the requester's name or contact details here.", verbose_name='what is asked for')),
                ('status', django_fsm.FSMField(choices=[('received', 'Received: the clock is running'), ('paused', 'Paused: waiting for the requester'), ('extended', 'Extended'), ('responded', 'Responded')], default='received', editable=False, max_length=20)),
                ('clock_started_on', models.DateField(editable=False, verbose_name='clock started on')),
                ('days_paused', models.PositiveIntegerField(default=0, editable=False, verbose_name='days paused')),
                ('paused_on', models.DateField(blank=True, editable=False, null=True, verbose_name='paused on')),
                ('pause_reason', models.CharField(blank=True, choices=[('identification', 'Waiting for identification'), ('clarification', 'Waiting for clarification')], editable=False, max_length=20, verbose_name='waiting for')),
                ('extension_months', models.PositiveSmallIntegerField(default=0, editable=False, verbose_name='extended by (months)')),
                ('extension_reason', models.TextField(blank=True, editable=False, verbose_name='reason for the extension')),
                ('due_on', models.DateField(blank=True, editable=False, null=True, verbose_name='due on')),
                ('outcome', models.CharField(blank=True, choices=[('disclosed_in_full', 'Disclosed in full'), ('disclosed_in_part', 'Disclosed in part'), ('refused', 'Refused'), ('no_data_held', 'No data held')], editable=False, max_length=20)),
                ('exemption', models.CharField(blank=True, editable=False, max_length=300, verbose_name='exemption relied on')),
                ('responded_on', models.DateField(blank=True, editable=False, null=True, verbose_name='responded on')),
                ('activities', models.ManyToManyField(blank=True, related_name='rights_requests', to='ropa.processingactivity', verbose_name='processing activities it touches')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('data_sources', models.ManyToManyField(blank=True, related_name='rights_requests', to='sharing.datasource', verbose_name='data sources it touches')),
                ('extended_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='extended by')),
                ('handler', models.ForeignKey(blank=True, help_text='Reminders of the due date go to them, and to the DPO once it has passed.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='handled by')),
                ('responded_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='responded by')),
                ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'request from an individual',
                'verbose_name_plural': 'requests from individuals',
                'ordering': ('-received_on', '-pk'),
                'permissions': (('manage_rightsrequest', 'Can take every step of any request from an individual'),),
            },
        ),
        migrations.CreateModel(
            name='HistoricalRightsSearch',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='last updated')),
                ('row_version', models.PositiveIntegerField(default=1, editable=False)),
                ('question', models.TextField(help_text="What the organisation should look for. The requester's details are not shown to the organisation: give only what it needs to search.", verbose_name='what to search for')),
                ('due_on', models.DateField(verbose_name='answer due by')),
                ('answer', models.CharField(choices=[('pending', 'Not answered yet'), ('held', 'Held'), ('not_held', 'Not held'), ('found_and_sent', 'Found and sent')], default='pending', editable=False, max_length=20)),
                ('notes', models.TextField(blank=True, editable=False, verbose_name='notes')),
                ('answered_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='answered at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('answered_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='answered by')),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='sharing.organisation', verbose_name='organisation asked to search')),
                ('requested_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('updated_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('rights_request', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='governance.rightsrequest', verbose_name='request')),
            ],
            options={
                'verbose_name': 'historical search for a request',
                'verbose_name_plural': 'historical searches for requests',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalRightsRequest_data_sources',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                ('datasource', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='sharing.datasource')),
                ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='governance.historicalrightsrequest')),
                ('rightsrequest', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='governance.rightsrequest')),
            ],
            options={
                'verbose_name': 'HistoricalRightsRequest_data_sources',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalRightsRequest_activities',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='governance.historicalrightsrequest')),
                ('processingactivity', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='ropa.processingactivity')),
                ('rightsrequest', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='governance.rightsrequest')),
            ],
            options={
                'verbose_name': 'HistoricalRightsRequest_activities',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='RightsSearch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last updated')),
                ('row_version', models.PositiveIntegerField(default=1, editable=False)),
                ('question', models.TextField(help_text="What the organisation should look for. The requester's details are not shown to the organisation: give only what it needs to search.", verbose_name='what to search for')),
                ('due_on', models.DateField(verbose_name='answer due by')),
                ('answer', models.CharField(choices=[('pending', 'Not answered yet'), ('held', 'Held'), ('not_held', 'Not held'), ('found_and_sent', 'Found and sent')], default='pending', editable=False, max_length=20)),
                ('notes', models.TextField(blank=True, editable=False, verbose_name='notes')),
                ('answered_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='answered at')),
                ('answered_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='answered by')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rights_searches', to='sharing.organisation', verbose_name='organisation asked to search')),
                ('requested_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('rights_request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='searches', to='governance.rightsrequest', verbose_name='request')),
                ('updated_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'search for a request',
                'verbose_name_plural': 'searches for requests',
                'ordering': ('due_on', 'pk'),
                'permissions': (('answer_rightssearch', 'Can answer a search for a request'),),
            },
        ),
        migrations.AddIndex(
            model_name='rightsrequest',
            index=models.Index(fields=['status', 'due_on'], name='governance_rr_status_due_idx'),
        ),
        migrations.AddIndex(
            model_name='rightsrequest',
            index=models.Index(fields=['-received_on', '-id'], name='governance_rr_received_idx'),
        ),
        migrations.AddConstraint(
            model_name='rightsrequest',
            constraint=models.CheckConstraint(condition=models.Q(('status', 'paused'), ('due_on__isnull', False), _connector='OR'), name='governance_rightsrequest_due_unless_paused', violation_error_message='A request that is not paused has a due date.'),
        ),
        migrations.AddConstraint(
            model_name='rightsrequest',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'paused'), _negated=True), models.Q(('paused_on__isnull', False), models.Q(('pause_reason', ''), _negated=True)), _connector='OR'), name='governance_rightsrequest_paused_has_reason', violation_error_message='Say what the request is waiting for.'),
        ),
        migrations.AddConstraint(
            model_name='rightsrequest',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'extended'), _negated=True), models.Q(('extension_reason', ''), _negated=True), _connector='OR'), name='governance_rightsrequest_extension_has_reason', violation_error_message='Give the reason for the extension.'),
        ),
        migrations.AddConstraint(
            model_name='rightsrequest',
            constraint=models.CheckConstraint(condition=models.Q(('extension_months__lte', 2)), name='governance_rightsrequest_extension_months', violation_error_message='A request can be extended by one or two months only.'),
        ),
        migrations.AddConstraint(
            model_name='rightsrequest',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'responded'), _negated=True), models.Q(models.Q(('outcome', ''), _negated=True), ('responded_on__isnull', False)), _connector='OR'), name='governance_rightsrequest_responded_has_outcome', violation_error_message='Record the outcome and the date of the response.'),
        ),
        migrations.AddConstraint(
            model_name='rightsrequest',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('outcome__in', ('disclosed_in_part', 'refused')), _negated=True), models.Q(('exemption', ''), _negated=True), _connector='OR'), name='governance_rightsrequest_exemption_named', violation_error_message='Name the exemption relied on.'),
        ),
        migrations.AddIndex(
            model_name='rightssearch',
            index=models.Index(fields=['answer', 'due_on'], name='governance_rs_answer_idx'),
        ),
        migrations.AddIndex(
            model_name='rightssearch',
            index=models.Index(fields=['due_on', 'id'], name='governance_rs_due_idx'),
        ),
        migrations.AddConstraint(
            model_name='rightssearch',
            constraint=models.UniqueConstraint(fields=('rights_request', 'organisation'), name='governance_rightssearch_once_per_request', violation_error_message='This organisation has already been asked to search for this request.'),
        ),
    ]
