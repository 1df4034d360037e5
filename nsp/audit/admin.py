"""The access log in Django's admin: read-only, for whom ``can_view_access_log`` allows."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from nsp.admin import PredicateAdmin
from nsp.audit.models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(PredicateAdmin, admin.ModelAdmin):  # type: ignore[type-arg]
    predicate = "can_view_access_log"
    list_display = ("at", "user", "role", "action", "object_type", "object_id", "case_id")
    list_filter = ("action", "role")
    date_hierarchy = "at"
    list_select_related = ("user",)
    actions = None  # no "delete selected"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
