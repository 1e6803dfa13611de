from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Incident Desk"
admin.site.site_title = "Incident Desk admin"
admin.site.index_title = "Records"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("sources.urls")),
]
