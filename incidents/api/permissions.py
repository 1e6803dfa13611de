"""DRF permission classes for incidents. The rule itself lives in `incidents.permissions`."""

from incidents.permissions import IncidentPermission

__all__ = ["IncidentPermission"]
