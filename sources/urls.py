from django.urls import path

from . import views

app_name = "sources"

# `/import/` itself is now the desk's Import page (same address, one page).
urlpatterns = [
    path("jobs/<int:pk>/", views.job_detail, name="job-detail"),
]
