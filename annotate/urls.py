from django.contrib import admin
from django.urls import include, path

from . import health

urlpatterns = [
    path("health/", health.alive, name="health"),
    path("health/databases/", health.databases, name="health-databases"),
    path("admin/", admin.site.urls),
    path("api/", include("articles.api.urls")),
    path("", include("articles.urls")),
]

handler400 = "articles.views.errors.bad_request"
handler404 = "articles.views.errors.not_found"
handler500 = "articles.views.errors.server_error"
