"""GIN index for the API's full-text `q` filter (PostgreSQL only; SQLite searches with LIKE).

Built on exactly the expression `incidents.filtersets.incident_search_vector()` compiles to, so the
planner uses it. Database-only: the model state is unchanged (no Meta.indexes entry), hence no
autodetector churn and nothing to do on SQLite.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX = GinIndex(
    SearchVector("summary", "notes", config="simple"), name="incident_search_gin"
)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("incidents", "Incident"), INDEX)


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("incidents", "Incident"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0003_roles_permissions")]

    operations = [migrations.RunPython(add_index, remove_index, elidable=False)]
