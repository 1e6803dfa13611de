from django.urls import path

from . import views

app_name = "sources"

urlpatterns = [
    path("import/", views.import_articles, name="import"),
    path("jobs/<int:pk>/", views.job_detail, name="job-detail"),
]
