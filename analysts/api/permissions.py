"""Role permission for the API: any signed-in role reads, analysts and above write."""

from __future__ import annotations

from rest_framework import permissions


class ReadAnyWriteAnalyst(permissions.BasePermission):
    message = "Your role may read but not change records (Analyst, Editor or Administrator)."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(getattr(user, "is_analyst", False))
