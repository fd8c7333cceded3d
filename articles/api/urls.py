from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from .exports import StatementExportView
from .suggestions import (
    suggestion_dismiss,
    suggestion_dismissed,
    suggestion_list,
    suggestion_restore,
)
from .views import (
    AgreementView,
    ArticleViewSet,
    ClaimMatchView,
    InsightsView,
    SpeakerViewSet,
    StatementViewSet,
    TokenView,
    TopicViewSet,
)

router = DefaultRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("speakers", SpeakerViewSet, basename="speaker")
router.register("topics", TopicViewSet, basename="topic")
router.register("statements", StatementViewSet, basename="statement")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path(
        "export/statements.<str:export_format>",
        StatementExportView.as_view(),
        name="statement-export",
    ),
    path("agreement/", AgreementView.as_view(), name="api-agreement"),
    path("insights/", InsightsView.as_view(), name="api-insights"),
    path("claims/match/", ClaimMatchView.as_view(), name="api-claim-match"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("articles/<int:pk>/suggestions/", suggestion_list, name="suggestion-list"),
    path("articles/<int:pk>/suggestions/dismiss/", suggestion_dismiss, name="suggestion-dismiss"),
    path(
        "articles/<int:pk>/suggestions/dismissed/",
        suggestion_dismissed,
        name="suggestion-dismissed",
    ),
    path("articles/<int:pk>/suggestions/restore/", suggestion_restore, name="suggestion-restore"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    *router.urls,
]
