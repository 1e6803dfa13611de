from django.urls import path
from django.views.generic import RedirectView

from .views import (
    briefing,
    bulk,
    imports,
    inbox,
    incident_map,
    incidents,
    links,
    merge,
    places,
    queues,
    review,
    saved_searches,
    workflow,
)

app_name = "desk"


def _moved(url: str):
    return RedirectView.as_view(url=url, permanent=True, query_string=False)


urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("inbox/jobs/", inbox.jobs_panel, name="jobs_panel"),
    path("import/", imports.import_page, name="import"),
    path("import/events/", imports.import_events, name="import_events"),
    path("import/jobs/<int:pk>/", imports.job_page, name="import_job"),
    path("import/jobs/<int:pk>/status/", imports.job_status, name="import_job_status"),
    # The old paste page and its job pages: one Import page now.
    path("paste/", _moved("/import/?tab=paste"), name="paste"),
    path("paste/jobs/<int:pk>/", _moved("/import/jobs/%(pk)s/"), name="paste_job"),
    path("paste/jobs/<int:pk>/status/", _moved("/import/jobs/%(pk)s/status/")),
    path("articles/<int:pk>/", review.article, name="article"),
    path("articles/<int:pk>/body/", review.article_body, name="article_body"),
    path("articles/<int:pk>/propose/", review.propose, name="propose"),
    path("places/search/", places.place_search, name="place_search"),
    path("places/preview/", places.place_preview, name="place_preview"),
    path("suggestions/<int:pk>/link-search/", links.link_search, name="link_search"),
    path("suggestions/<int:pk>/accept/", review.accept, name="accept"),
    path("suggestions/<int:pk>/reject/", review.reject, name="reject"),
    path("suggestions/<int:pk>/attach/<int:incident_pk>/", review.attach, name="attach"),
    path("incidents/", incidents.incident_list, name="incident_list"),
    path("incidents/export.csv", incidents.incident_csv, name="incident_csv"),
    path("incidents/map.json", incident_map.map_points, name="incident_map_data"),
    path("incidents/export.stix.json", incidents.incident_stix, name="incident_stix"),
    path("incidents/export.geojson", incidents.incident_geojson, name="incident_geojson"),
    path("incidents/bulk/", bulk.bulk_action, name="bulk_action"),
    path("incidents/bulk/<int:pk>/", bulk.bulk_job, name="bulk_job"),
    path("incidents/bulk/<int:pk>/status/", bulk.bulk_job_status, name="bulk_job_status"),
    path("incidents/<int:pk>/", incidents.incident_detail, name="incident"),
    path("saved-searches/", saved_searches.create, name="saved_search_create"),
    path("saved-searches/<int:pk>/follow/", saved_searches.follow, name="saved_search_follow"),
    path(
        "saved-searches/<int:pk>/alerts/",
        saved_searches.alert_settings,
        name="saved_search_alerts",
    ),
    path("incidents/<int:pk>/merge/", merge.merge_search, name="merge_search"),
    path("incidents/<int:pk>/merge/<int:into>/", merge.merge_confirm, name="merge_confirm"),
    path("incidents/<int:pk>/assign/", queues.assign, name="incident_assign"),
    path("incidents/<int:pk>/<slug:step>/", workflow.incident_step, name="incident_step"),
    path("review/", workflow.review_queue, name="review_queue"),
    path("queue/", queues.my_queue, name="queue"),
    path("briefing/", briefing.briefing, name="briefing"),
]
