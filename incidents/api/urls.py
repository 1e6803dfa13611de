"""/api/: every endpoint of the API, its OpenAPI schema and the docs (served from local files)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from analysts.api.views import ApiTokenViewSet
from sources.api.views import ArticleViewSet, FeedViewSet, ImportJobViewSet, OutletViewSet

from .compat import AcledReadView, DeletedReadView
from .saved_searches import AlertSubscriptionViewSet, SavedSearchViewSet
from .views import ActorViewSet, IncidentViewSet, LocationViewSet

router = DefaultRouter()
router.register("incidents", IncidentViewSet, basename="incident")
router.register("actors", ActorViewSet, basename="actor")
router.register("locations", LocationViewSet, basename="location")
router.register("articles", ArticleViewSet, basename="article")
router.register("outlets", OutletViewSet, basename="outlet")
router.register("feeds", FeedViewSet, basename="feed")
router.register("import-jobs", ImportJobViewSet, basename="import-job")
router.register("tokens", ApiTokenViewSet, basename="token")
router.register("saved-searches", SavedSearchViewSet, basename="saved-search")
router.register("alert-subscriptions", AlertSubscriptionViewSet, basename="alert-subscription")

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    # ACLED's API paths under a base of our own: `ACLED_API_HOST=<desk>/api/compat`.
    path("compat/acled/read", AcledReadView.as_view(), name="compat-acled-read"),
    path("compat/deleted/read", DeletedReadView.as_view(), name="compat-deleted-read"),
    path("", include(router.urls)),
]
