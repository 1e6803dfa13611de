"""Partial indexes for the seven foreign keys that imports and most desk rows leave NULL.

`created_by`, `updated_by`, `submitted_by`, `published_by`, `retracted_by`, `team` and
`merged_into` had full btree indexes, i.e. one entry per incident, nearly all of them NULL: every
bulk-loaded row paid seven index insertions for nothing (bench/README.md, issue 6). A lookup by any
of them (SET NULL when a user or team is deleted, merge redirects, a team's incidents) asks for a
non-NULL value, which a `WHERE column IS NOT NULL` index serves as well.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('analysts', '0003_role_permissions'),
        ('incidents', '0006_drop_redundant_incident_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='incident',
            name='created_by',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='incident',
            name='merged_into',
            field=models.ForeignKey(blank=True, db_index=False, help_text='This incident was a duplicate and now redirects here.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='merged_from', to='incidents.incident'),
        ),
        migrations.AlterField(
            model_name='incident',
            name='published_by',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='incident',
            name='retracted_by',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='incident',
            name='submitted_by',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='incident',
            name='team',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='analysts.team'),
        ),
        migrations.AlterField(
            model_name='incident',
            name='updated_by',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddIndex(
            model_name='incident',
            index=models.Index(condition=models.Q(('submitted_by__isnull', False)), fields=['submitted_by'], name='incident_submitted_by_idx'),
        ),
        migrations.AddIndex(
            model_name='incident',
            index=models.Index(condition=models.Q(('published_by__isnull', False)), fields=['published_by'], name='incident_published_by_idx'),
        ),
        migrations.AddIndex(
            model_name='incident',
            index=models.Index(condition=models.Q(('retracted_by__isnull', False)), fields=['retracted_by'], name='incident_retracted_by_idx'),
        ),
        migrations.AddIndex(
            model_name='incident',
            index=models.Index(condition=models.Q(('merged_into__isnull', False)), fields=['merged_into'], name='incident_merged_into_idx'),
        ),
        migrations.AddIndex(
            model_name='incident',
            index=models.Index(condition=models.Q(('team__isnull', False)), fields=['team'], name='incident_team_idx'),
        ),
        migrations.AddIndex(
            model_name='incident',
            index=models.Index(condition=models.Q(('created_by__isnull', False)), fields=['created_by'], name='incident_created_by_idx'),
        ),
        migrations.AddIndex(
            model_name='incident',
            index=models.Index(condition=models.Q(('updated_by__isnull', False)), fields=['updated_by'], name='incident_updated_by_idx'),
        ),
    ]
