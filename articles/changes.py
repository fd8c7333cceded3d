"""What is derived from the statements (their claims, the overview's counts), brought
up to date in the task worker after they change."""

from __future__ import annotations

from .claim_groups import claims_request
from .insight_counts import recount_request


def statements_changed() -> None:
    """Ask for a regrouping of claims and a recount (each at most every few seconds)."""
    claims_request()
    recount_request()
