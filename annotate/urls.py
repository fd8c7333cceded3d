from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("articles.api.urls")),
    path("", include("articles.urls")),
]

handler400 = "articles.views.errors.bad_request"
handler404 = "articles.views.errors.not_found"
handler500 = "articles.views.errors.server_error"
