"""GIN index for full-text search in articles (PostgreSQL only; SQLite searches with LIKE).

Built on exactly the expression `sources.search.article_search_vector()` compiles to, so that the
article list's `q` and the incident filter's search in sources use it instead of reading every
article's text. Database-only, as `incidents/0004`: no model state, nothing to do on SQLite.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX = GinIndex(SearchVector("text", "title", config="simple"), name="article_search_gin")


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("sources", "Article"), INDEX)


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("sources", "Article"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("sources", "0002_import_items_bands_and_heartbeat")]

    operations = [migrations.RunPython(add_index, remove_index, elidable=False)]
