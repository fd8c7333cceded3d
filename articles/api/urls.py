from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .suggestions import suggestion_dismiss, suggestion_list

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("articles/<int:pk>/suggestions/", suggestion_list, name="suggestion-list"),
    path("articles/<int:pk>/suggestions/dismiss/", suggestion_dismiss, name="suggestion-dismiss"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
]
