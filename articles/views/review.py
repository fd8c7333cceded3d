"""Reviewer pages: the queue of pending statements and the agreement report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from .. import revisions, services
from ..agreement import agreement
from ..forms import AdjudicateForm, AgreementForm, ReviewFilterForm
from ..models import Article, Statement, Status
from ..permissions import require_reviewer
from ..review import pending_queue, with_context
from ..services import VersionConflict
from .lists import export_links


def reviewer_required(view):
    @login_required
    def wrapped(request: HttpRequest, *args, **kwargs):
        require_reviewer(request.user)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@reviewer_required
def review_queue(request: HttpRequest) -> HttpResponse:
    form = ReviewFilterForm(request.GET or None)
    statements = Statement.objects.all()
    if form.is_valid():
        statements = form.filter(statements)
    page = Paginator(pending_queue(statements), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "review/queue.html",
        {
            "form": form,
            "page": page,
            "items": with_context(page.object_list),
            "query": query.urlencode(),
            "exports": export_links(_export_query(form)),
            "nav": "review",
        },
    )


def _export_query(form: ReviewFilterForm) -> str:
    """The export's filters for what the queue shows: pending, narrowed as the queue is."""
    params: dict[str, object] = {"status": Status.PENDING}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        for name, export_name in (
            ("article", "article"),
            ("speaker", "speaker"),
            ("stance", "stance"),
            ("annotator", "created_by"),
        ):
            value = data.get(name)
            if value:
                params[export_name] = getattr(value, "pk", value)
    return urlencode(params)


@require_POST
@reviewer_required
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The queue's form fallback: approve or reject one statement."""
    statement = get_object_or_404(Statement, pk=pk)
    decision = request.POST.get("decision")
    version = request.POST.get("version", "")
    try:
        services.statement_review(
            statement=statement,
            decision=decision,
            by=request.user,
            comment=request.POST.get("comment", ""),
            expected_version=int(version) if version.isdigit() else None,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except VersionConflict:
        messages.error(
            request, "That statement was changed meanwhile; look at it again before deciding."
        )
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        verb = "Approved" if decision == Status.APPROVED else "Rejected"
        messages.success(request, f"{verb}: {statement.quote[:80]}")
    return redirect(_safe_next(request) or reverse("review-queue"))


def _safe_next(request: HttpRequest) -> str | None:
    """The `next` the form sent, if it stays on this site; else None."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@reviewer_required
def agreement_report(request: HttpRequest) -> HttpResponse:
    form = AgreementForm(request.GET or None)
    chosen = form.cleaned_data["articles"] if form.is_valid() else None
    report = agreement(Article.objects.for_agreement([a.pk for a in chosen or ()]))
    titles = {a["id"]: a["title"] for a in report["articles"]}
    for pair in report["pairs"]:
        pair["sides"] = [
            {"user": pair["annotator_a"], "spans": pair["unmatched_a"]},
            {"user": pair["annotator_b"], "spans": pair["unmatched_b"]},
        ]
        for disagreement in pair["disagreements"]:
            a, b = disagreement["a"], disagreement["b"]
            disagreement["sides"] = [
                {"user": pair["annotator_a"]["username"], "span": a, "other": b},
                {"user": pair["annotator_b"]["username"], "span": b, "other": a},
            ]
            disagreement["kept"] = _kept(disagreement, pair)
        pair["open_disagreements"] = sum(1 for d in pair["disagreements"] if not d["kept"])
    return render(
        request,
        "review/agreement.html",
        {
            "form": form,
            "report": report,
            "titles": titles,
            "back": request.get_full_path(),
            "nav": "agreement",
        },
    )


def _kept(disagreement: dict, pair: dict) -> str:
    """Whose reading of a disagreeing pair was kept, once one is approved and the other rejected."""
    statuses = (disagreement["a"]["status"], disagreement["b"]["status"])
    if statuses == (Status.APPROVED, Status.REJECTED):
        return pair["annotator_a"]["username"]
    if statuses == (Status.REJECTED, Status.APPROVED):
        return pair["annotator_b"]["username"]
    return ""


@require_POST
@reviewer_required
def adjudicate(request: HttpRequest) -> HttpResponse:
    """The agreement page's action: keep one reading of a span, reject the other."""
    form = AdjudicateForm(request.POST)
    back = _safe_next(request) or reverse("agreement")
    if not form.is_valid():
        messages.error(request, "Choose which of the two statements to keep.")
        return redirect(back)
    data = form.cleaned_data
    found = Statement.objects.with_related().in_bulk([data["keep"], data["reject"]])
    if len(found) < 2:
        messages.error(request, "One of the two statements was deleted meanwhile.")
        return redirect(back)
    keep, reject = found[data["keep"]], found[data["reject"]]
    try:
        services.statement_adjudicate(
            keep=keep,
            reject=reject,
            by=request.user,
            keep_version=data["keep_version"],
            reject_version=data["reject_version"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except VersionConflict:
        messages.error(
            request, "One of the two statements was changed meanwhile; look at them again."
        )
    else:
        kept_by = keep.created_by.username if keep.created_by else "the import"
        messages.success(request, f"Kept {kept_by}’s statement; rejected the other.")
    return redirect(back)


@require_POST
@login_required
def confirm_anchor(request: HttpRequest, pk: int) -> HttpResponse:
    """The queue's form: a statement moved by an update is where it should be."""
    statement = get_object_or_404(Statement.objects.visible_to(request.user), pk=pk)
    version = request.POST.get("version", "")
    try:
        revisions.statement_confirm_anchor(
            statement=statement,
            by=request.user,
            expected_version=int(version) if version.isdigit() else None,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except VersionConflict:
        messages.error(request, "That statement was changed meanwhile; look at it again.")
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Checked: {statement.quote[:80]}")
    return redirect(_safe_next(request) or reverse("review-queue"))
