from django.db import migrations


def grant_role_permissions(apps, schema_editor):
    from analysts.roles import sync_role_permissions

    sync_role_permissions(apps)


class Migration(migrations.Migration):
    # Runs after the models whose permissions the roles receive, including the custom
    # incidents.publish_incident and incidents.merge_incident.
    dependencies = [
        ("analysts", "0002_roles"),
        ("incidents", "0003_roles_permissions"),
        ("sources", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_role_permissions, migrations.RunPython.noop)]
