"""A throw-away admin site with the rules mixin, so the mixin is tested apart from the real admin."""

from django.contrib import admin
from django.urls import path
from simple_history.admin import SimpleHistoryAdmin

from incidents.admin_rules import IncidentRulesAdminMixin
from incidents.models import Incident

site = admin.AdminSite(name="rules_admin")


@admin.register(Incident, site=site)
class RulesIncidentAdmin(IncidentRulesAdminMixin, SimpleHistoryAdmin):
    fields = ["summary", "fatalities_best", "notes"]
    search_fields = ["summary"]


urlpatterns = [path("admin/", site.urls)]
