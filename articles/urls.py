from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("", views.article_list, name="article-list"),
    path("articles/import/", views.article_import, name="article-import"),
    path("articles/import/<int:pk>/", views.article_import_job, name="article-import-job"),
    path("articles/<int:pk>/", views.article_editor, name="article-editor"),
    path("articles/<int:pk>/details/", views.article_details, name="article-details"),
    path("articles/<int:pk>/revise/", views.article_revise_view, name="article-revise"),
    path(
        "articles/<int:pk>/revisions/<int:number>/",
        views.article_revision,
        name="article-revision",
    ),
    path("statements/", views.statement_list, name="statement-list"),
    path("insights/", views.insights_overview, name="insights"),
    path("insights/<slug:chart>.csv", views.insights_csv, name="insights-csv"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic-detail"),
    path("claims/<int:pk>/", views.claim_detail, name="claim-detail"),
    path("speakers/", views.speaker_list, name="speaker-list"),
    path("speakers/<int:pk>/", views.speaker_detail, name="speaker-detail"),
    path("review/", views.review_queue, name="review-queue"),
    path("review/<int:pk>/decide/", views.review_decide, name="review-decide"),
    path("review/agreement/", views.agreement_report, name="agreement"),
    path("review/adjudicate/", views.adjudicate, name="adjudicate"),
    path("statements/<int:pk>/confirm-anchor/", views.confirm_anchor, name="confirm-anchor"),
    path(
        "accounts/login/",
        views.LoginView.as_view(),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", views.account, name="account"),
    path("accounts/tokens/revoke/", views.account_token_revoke, name="account-token-revoke"),
]
