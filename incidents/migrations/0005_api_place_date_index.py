"""Index for the API's commonest filter: country + admin1 (case-insensitive) + date range.

`admin1` is matched with iexact, i.e. UPPER(admin1); the expression index serves it on both
databases. Database-only (the model state does not list it), like 0004.
"""

from django.db import migrations, models
from django.db.models.functions import Upper

INDEX = models.Index(
    models.F("country"), Upper("admin1"), models.F("date_start"), name="incident_place_date_idx"
)


def add_index(apps, schema_editor):
    schema_editor.add_index(apps.get_model("incidents", "Incident"), INDEX)


def remove_index(apps, schema_editor):
    schema_editor.remove_index(apps.get_model("incidents", "Incident"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0004_api_search_index")]

    operations = [migrations.RunPython(add_index, remove_index, elidable=False)]
