"""Incidents bulk-imported from ACLED/UCDP before this fix carry `tlp = 'CLEAR'`, which is not a
value of the TLP choices (`clear`): no reader but a superuser could see them. Give them the value
the import meant."""

from django.db import migrations


def fix_tlp(apps, schema_editor):
    Incident = apps.get_model("incidents", "Incident")
    Incident.objects.filter(tlp="CLEAR").update(tlp="clear")


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0007_partial_fk_indexes"),
    ]

    operations = [
        migrations.RunPython(fix_tlp, migrations.RunPython.noop),
    ]
