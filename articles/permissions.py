"""Who may do what: the role rules every path (API, pages, admin) asks."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from .models import Status
from .roles import is_analyst, is_reviewer

if TYPE_CHECKING:
    from .models import Article, Statement
    from .roles import AnyUser


def change_refusal(user: AnyUser) -> Callable[..., str | None]:
    """Why `user` may not edit or delete a statement, as a function of its stored facts.

    The function takes the statement's `created_by_id`, `created_by` (the creator's
    username, for the message) and `status`, and answers None when the user may. The
    user's roles are looked up once, so a list asks once, not once a statement.
    """
    if is_reviewer(user):
        return lambda **facts: None
    if not is_analyst(user):
        return lambda **facts: "Your account may read statements but not change them."

    def refusal(*, created_by_id: int | None, created_by: str | None, status: str) -> str | None:
        if created_by_id != user.pk:
            return (
                f"Added by {created_by or 'someone else'}: you can only change statements "
                "you created; ask a reviewer to change this one."
            )
        if status == Status.APPROVED:
            return (
                "This statement has been approved and is read-only for analysts; "
                "ask a reviewer to change it."
            )
        return None

    return refusal


def statement_change_refusal(user: AnyUser, statement: Statement) -> str | None:
    """Why `user` may not edit or delete `statement`, or None when they may."""
    creator = None
    if statement.created_by_id not in (None, user.pk) and not is_reviewer(user):
        author = statement.created_by  # read only for the message
        creator = author.get_username() if author is not None else None
    return change_refusal(user)(
        created_by_id=statement.created_by_id, created_by=creator, status=statement.status
    )


def can_change_statement(user: AnyUser, statement: Statement) -> bool:
    return statement_change_refusal(user, statement) is None


def statement_change_condition(user: AnyUser) -> Q:
    """The statements `user` may edit or delete, as a condition on the stored row.

    A write repeats it in its own UPDATE (or on its locked row), so a statement
    approved after the request read it is not changed by an analyst.
    """
    if is_reviewer(user):
        return Q()
    return Q(created_by=user.pk) & ~Q(status=Status.APPROVED)


def require_statement_change(user: AnyUser, statement: Statement) -> None:
    reason = statement_change_refusal(user, statement)
    if reason:
        raise PermissionDenied(reason)


def require_reviewer(user: AnyUser | None) -> None:
    if not is_reviewer(user):
        raise PermissionDenied("Only reviewers can approve or reject statements.")


def require_analyst(user: AnyUser | None) -> None:
    if not is_analyst(user):
        raise PermissionDenied("Your account may read but not annotate; ask an admin for access.")


def require_assignment(user: AnyUser | None, article: Article) -> None:
    """Under double annotation, only the assigned analysts (and reviewers) annotate."""
    if not article.double_annotation or is_reviewer(user):
        return
    assigned = list(article.annotators.all())
    if assigned and user not in assigned:
        names = ", ".join(sorted(u.get_username() for u in assigned))
        raise PermissionDenied(
            f"This article is being annotated independently by {names}; "
            "ask a reviewer to assign you."
        )


def text_change_refusal(user: AnyUser | None, article: Article) -> str | None:
    """Why `user` may not replace the article's text, or None when they may: reviewers
    and admins may; so may the analyst who imported it while no one else annotated it."""
    if is_reviewer(user):
        return None
    if not is_analyst(user) or user is None:
        return "Your account may not change article texts."
    if article.created_by_id != user.pk:
        return "Only a reviewer, or the analyst who imported it, may change this article's text."
    if article.statements.exclude(created_by_id=user.pk).exists():
        return "Others have annotated this article, so only a reviewer may change its text now."
    return None


def require_text_change(user: AnyUser | None, article: Article) -> None:
    refusal = text_change_refusal(user, article)
    if refusal:
        raise PermissionDenied(refusal)
