"""Drop incident indexes no filter uses, keep what the API's filters and full-text search need.

Measured with EXPLAIN on PostgreSQL over 20,000 generated incidents (`generate_incidents 20000`),
each `IncidentFilterSet` filter as a page (`ORDER BY date_start DESC, id DESC`), a sync page
(`ORDER BY updated_at, id`) and a bare id list; proposed in bench/README.md (CSV section) because
the import is index-bound (26 indexes on `incidents_incident`).

Dropped (on `incidents_incident`):

- `country` and its `_like` twin: `country IN (…)` uses `incident_country_date_idx`
  (country, date_start), whose leading column it is; with admin1 the planner takes
  `incident_place_date_idx` (country, UPPER(admin1), date_start) from 0005.
- `admin1` and its `_like` twin: the only admin1 filter is `iexact`, i.e. `UPPER(admin1) = …`,
  which neither a plain nor a `varchar_pattern_ops` index on the column can serve; the admin's
  sidebar now goes through the same filter. Served by `incident_place_date_idx` with a country.
- `review_status` and its `_like` twin: `incident_review_date_idx` (review_status, date_start)
  leads with it (`review_status IN (…)` and the visibility rule's `= 'published'`).
- `updated_at`: `incident_sync_idx` (updated_at, id) leads with it; `updated_since` and the
  cursor pages already used the composite.
- `event_type` and `claim_status` `_like` twins (`varchar_pattern_ops`): no filter uses `LIKE`
  on them (choices, matched with `IN`). Their plain btrees stay, renamed
  `incident_event_type_idx` / `incident_claim_status_idx` and declared in `Meta.indexes`.

The same columns lose their indexes on `incidents_historicalincident`: history is read by
incident id and history date, never filtered by these columns, and is written on every save.

Kept: `date_start` (date ranges without a country), the three composites, 0004's GIN full-text
index (`q`), 0005's place-date index, `created_at`, and every foreign-key index (deletes and
`merged_into` redirects look them up).
"""

import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('analysts', '0003_role_permissions'),
        ('incidents', '0005_api_place_date_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='historicalincident',
            name='admin1',
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AlterField(
            model_name='historicalincident',
            name='claim_status',
            field=models.CharField(choices=[('unknown', 'Unknown (sources silent)'), ('unclaimed', 'Unclaimed (sources say no claim)'), ('claimed', 'Claimed'), ('disputed', 'Disputed (denied or competing claims)'), ('attributed', 'Attributed (blamed without a claim)')], default='unknown', max_length=12),
        ),
        migrations.AlterField(
            model_name='historicalincident',
            name='country',
            field=models.CharField(blank=True, max_length=2),
        ),
        migrations.AlterField(
            model_name='historicalincident',
            name='event_type',
            field=models.CharField(choices=[('Battles', 'Battles'), ('Explosions/Remote violence', 'Explosions/Remote violence'), ('Violence against civilians', 'Violence against civilians'), ('Protests', 'Protests'), ('Riots', 'Riots'), ('Strategic developments', 'Strategic developments')], max_length=40),
        ),
        migrations.AlterField(
            model_name='historicalincident',
            name='review_status',
            field=models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In review'), ('published', 'Published'), ('retracted', 'Retracted')], default='draft', max_length=12),
        ),
        migrations.AlterField(
            model_name='historicalincident',
            name='updated_at',
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AlterField(
            model_name='incident',
            name='admin1',
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AlterField(
            model_name='incident',
            name='claim_status',
            field=models.CharField(choices=[('unknown', 'Unknown (sources silent)'), ('unclaimed', 'Unclaimed (sources say no claim)'), ('claimed', 'Claimed'), ('disputed', 'Disputed (denied or competing claims)'), ('attributed', 'Attributed (blamed without a claim)')], default='unknown', max_length=12),
        ),
        migrations.AlterField(
            model_name='incident',
            name='country',
            field=models.CharField(blank=True, max_length=2),
        ),
        migrations.AlterField(
            model_name='incident',
            name='event_type',
            field=models.CharField(choices=[('Battles', 'Battles'), ('Explosions/Remote violence', 'Explosions/Remote violence'), ('Violence against civilians', 'Violence against civilians'), ('Protests', 'Protests'), ('Riots', 'Riots'), ('Strategic developments', 'Strategic developments')], max_length=40),
        ),
        migrations.AlterField(
            model_name='incident',
            name='review_status',
            field=models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In review'), ('published', 'Published'), ('retracted', 'Retracted')], default='draft', max_length=12),
        ),
        migrations.AlterField(
            model_name='incident',
            name='updated_at',
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AddIndex(
            model_name='incident',
            index=models.Index(fields=['event_type'], name='incident_event_type_idx'),
        ),
        migrations.AddIndex(
            model_name='incident',
            index=models.Index(fields=['claim_status'], name='incident_claim_status_idx'),
        ),
    ]
