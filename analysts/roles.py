"""What each role (a Django group) may do, as Django model permissions.

Kept as plain strings (app label, model name) so that `analysts` needs no import of the other apps.
The data migration `0003_role_permissions` and a `post_migrate` top-up both apply this table, so a
model added later by another app gets its permissions on the next `migrate` without a new migration.
"""

from __future__ import annotations

from collections.abc import Iterable

from .models import Role

DOMAIN_APPS = ("incidents", "sources")

# The working queue is not for read-only consumers.
WORK_MODELS = {("incidents", "suggestion"), ("sources", "importjob"), ("sources", "feed")}

# Analysts create and edit these, and delete the link rows (a wrong actor, a wrong source) on drafts.
ANALYST_EDITS = {
    "incidents": {
        "incident",
        "incidentactor",
        "incidentlocation",
        "incidentsource",
        "incidentreference",
        "claimevent",
        "actor",
        "actoralias",
        "location",
        "locationname",
        "tag",
        "suggestion",
    },
    "sources": {"article", "outlet", "importjob", "feed"},
}
ANALYST_DELETES = {
    "incidents": {"incidentactor", "incidentlocation", "incidentsource", "claimevent", "tag"},
    "sources": set(),
}
EDITOR_EXTRA = {("incidents", "publish_incident"), ("incidents", "merge_incident")}


def _is_history_model(model_name: str) -> bool:
    # django-simple-history's shadow tables: read through the audited model's own admin.
    return model_name.startswith("historical")


def role_permissions(role: str, models: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """(app_label, codename) pairs granted to `role`, given every (app_label, model_name)."""
    granted: set[tuple[str, str]] = set()
    models = [(a, m) for a, m in models if not _is_history_model(m)]
    domain = [(a, m) for a, m in models if a in DOMAIN_APPS]
    if role == Role.ADMINISTRATOR:
        return {(a, f"{action}_{m}") for a, m in models for action in _ACTIONS} | EDITOR_EXTRA
    for app, model in domain:
        if (app, model) not in WORK_MODELS or role != Role.VIEWER:
            granted.add((app, f"view_{model}"))
        if role == Role.EDITOR:
            granted |= {(app, f"{action}_{model}") for action in ("add", "change", "delete")}
        elif role == Role.ANALYST:
            if model in ANALYST_EDITS.get(app, ()):
                granted |= {(app, f"add_{model}"), (app, f"change_{model}")}
            if model in ANALYST_DELETES.get(app, ()):
                granted.add((app, f"delete_{model}"))
    if role == Role.EDITOR:
        granted |= EDITOR_EXTRA
    # Everyone keeps their own saved filters.
    granted |= {("analysts", f"{action}_savedfilter") for action in _ACTIONS}
    return granted


_ACTIONS = ("view", "add", "change", "delete")


def sync_role_permissions(apps, *, verbosity: int = 0) -> None:
    """Create the role groups and give each its permissions (adds only; never removes).

    `apps` is a migration state registry or `django.apps.apps`.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # Permissions are normally created after all migrations; we need them now.
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        try:
            create_permissions(app_config, verbosity=verbosity, apps=apps)
        finally:
            app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    all_models = [
        (m._meta.app_label, m._meta.model_name)
        for m in apps.get_models()
        if not m._meta.proxy or m._meta.app_label in DOMAIN_APPS
    ]
    by_key = {
        (app_label, codename): pk
        for pk, app_label, codename in Permission.objects.values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted = {by_key[key] for key in role_permissions(role, all_models) if key in by_key}
        group.permissions.add(*wanted)
