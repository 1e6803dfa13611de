from django.contrib import admin
from django.urls import path

from incidents.importers.admin_views import import_events_view

admin.site.site_header = "Incident Desk"
admin.site.site_title = "Incident Desk admin"
admin.site.index_title = "Records"

urlpatterns = [
    path(
        "admin/incidents/import-events/",
        admin.site.admin_view(import_events_view),
        name="import_events",
    ),
    path("admin/", admin.site.urls),
]
