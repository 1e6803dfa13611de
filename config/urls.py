from django.contrib import admin
from django.urls import include, path, re_path

from analysts.api.base import not_found as api_not_found
from analysts.forms import ThrottledAdminAuthenticationForm
from incidents.alert_feed import SavedSearchFeed
from incidents.importers.admin_views import import_events_view

admin.site.site_header = "Incident Desk"
admin.site.site_title = "Incident Desk admin"
admin.site.index_title = "Records"
admin.site.login_form = ThrottledAdminAuthenticationForm

urlpatterns = [
    path(
        "admin/incidents/import-events/",
        admin.site.admin_view(import_events_view),
        name="import_events",
    ),
    path("admin/", admin.site.urls),
    path("api/", include("incidents.api.urls")),
    # Any other /api/…/ path: the JSON 404 (handler404 below is not used while DEBUG is on).
    # Paths without the slash still get APPEND_SLASH's redirect first, as known ones do.
    re_path(r"^api/.*/$", api_not_found),
    path("account/", include("analysts.urls")),
    path("", include("sources.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("feeds/saved/<str:token>.atom", SavedSearchFeed(), name="saved_search_feed"),
    path("", include("incidents.desk.urls")),
]

handler404 = "analysts.api.base.not_found"
