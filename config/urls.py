from django.contrib import admin
from django.urls import path

from analysts.forms import ThrottledAdminAuthenticationForm

admin.site.site_header = "Incident Desk"
admin.site.site_title = "Incident Desk admin"
admin.site.index_title = "Records"
admin.site.login_form = ThrottledAdminAuthenticationForm

urlpatterns = [
    path("admin/", admin.site.urls),
]
