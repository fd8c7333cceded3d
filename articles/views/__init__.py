from .account import LoginView, account, account_token_revoke
from .articles import (
    article_details,
    article_editor,
    article_import,
    article_import_job,
    article_list,
    article_revise_view,
    article_revision,
)
from .insights import claim_detail, insights_csv, insights_overview, topic_detail
from .review import adjudicate, agreement_report, confirm_anchor, review_decide, review_queue
from .speakers import speaker_detail, speaker_list
from .statements import statement_list

__all__ = [
    "LoginView",
    "account",
    "account_token_revoke",
    "adjudicate",
    "agreement_report",
    "article_details",
    "article_editor",
    "article_import",
    "article_import_job",
    "article_list",
    "article_revise_view",
    "article_revision",
    "claim_detail",
    "confirm_anchor",
    "insights_csv",
    "insights_overview",
    "review_decide",
    "review_queue",
    "speaker_detail",
    "speaker_list",
    "statement_list",
    "topic_detail",
]
