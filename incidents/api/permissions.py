"""DRF permission classes for incidents; the rule itself is `incidents.permissions`."""

from __future__ import annotations

from rest_framework import permissions

from analysts.api.permissions import ReadAnyWriteAnalyst
from incidents import permissions as rules


class IncidentPermission(ReadAnyWriteAnalyst):
    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return super().has_permission(request, view)
        return rules.can_create(request.user)

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True  # the queryset is already `visible_to(user)`
        return rules.can_edit(request.user, obj)
