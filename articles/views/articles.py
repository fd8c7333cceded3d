"""Server-rendered pages: the article list, the editor shell and the import page."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from .. import revisions, services
from ..api.filters import ARTICLE_PROGRESS, ArticleFilter
from ..forms import ArticleDetailsForm, ImportForm
from ..import_jobs import REPORT_LISTED, ImportJob, import_job_create
from ..importers import BadInput, decode, import_sources, parse_txt
from ..models import (
    ARTICLE_BODY_MAX_BYTES,
    Article,
    ArticleRevision,
    Stance,
    Statement,
    StatementComment,
    Status,
)
from ..permissions import text_change_refusal as article_text_change_refusal
from ..revision_views import statement_moves, word_diff
from ..revisions import summary_text
from ..roles import is_analyst, is_reviewer, role_name
from .lists import export_links, filled_in, labelled

# How the list's sort menu names each ordering besides the first, newest first.
ARTICLE_SORTS = [
    ("published_on", "Oldest first"),
    ("title", "Title"),
    ("-pending", "Most pending"),
    ("-approved", "Most approved"),
    ("-rejected", "Most rejected"),
    ("-total", "Most statements"),
]

# Every module editor.js may import, so the page can ask for them all at once
# instead of discovering them one import at a time.
_STATIC_JS = Path(settings.BASE_DIR) / "static" / "js"
EDITOR_MODULES = [
    path.relative_to(_STATIC_JS.parent).as_posix()
    for folder in ("lib", "editor")
    for path in sorted((_STATIC_JS / folder).glob("*.js"))
]


# How far back the inbox looks for what others said about a user's statements.
INBOX_DAYS = 14


def inbox(user) -> list[tuple[str, str]]:
    """What waits for `user`, as (text, link to the statements it is about)."""
    items = []
    if is_reviewer(user):
        pending = Statement.objects.pending().count()
        if pending:
            items.append((f"{pending} pending to review", reverse("review-queue")))
    if is_analyst(user):
        mine = {"created_by": user.get_username()}
        rejected = Statement.objects.filter(created_by=user, status=Status.REJECTED).count()
        if rejected:
            query = urlencode({**mine, "status": Status.REJECTED})
            items.append((f"{rejected} rejected", f"{reverse('statement-list')}?{query}"))
        since = timezone.now() - datetime.timedelta(days=INBOX_DAYS)
        said = (
            StatementComment.objects.filter(statement__created_by=user, created_at__gte=since)
            .exclude(author=user)
            .count()
        )
        if said:
            query = urlencode({**mine, "commented": "true", "ordering": "-updated_at"})
            noun = "comment" if said == 1 else "comments"
            items.append(
                (f"{said} {noun} on your statements", f"{reverse('statement-list')}?{query}")
            )
    return items


@login_required
def article_list(request: HttpRequest) -> HttpResponse:
    params = filled_in(request.GET)
    found = ArticleFilter(params, queryset=Article.objects.for_list(request.user), request=request)
    valid = found.is_valid()
    page = Paginator(found.qs if valid else Article.objects.none(), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "articles/article_list.html",
        {
            "inbox": inbox(request.user),
            "params": params,
            "errors": [] if valid else labelled(found.errors),
            "page": page,
            "query": params.urlencode(),
            "progress": list(ARTICLE_PROGRESS.items()),
            "orderings": ARTICLE_SORTS,
            "nav": "articles",
        },
        status=200 if valid else 400,
    )


@login_required
def article_editor(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.with_statement_counts(request.user).only(
            "id",
            "title",
            "source",
            "published_on",
            "url",
            "body",
            "double_annotation",
            "created_by",
            "revision",
        ),
        pk=pk,
    )
    user = request.user
    stances = list(Stance.choices)
    context = {
        "article": article,
        "paragraphs": article.body.split("\n\n"),
        "stances": stances,
        "statuses": Status.choices,
        "editor_modules": EDITOR_MODULES,
        "editor_config": {
            "articleId": article.pk,
            "user": {"id": user.pk, "username": user.get_username(), "role": role_name(user)},
            "canAnnotate": is_analyst(user),
            "canReview": is_reviewer(user),
            # Blind double annotation: each annotator decides every suggestion alone.
            "canAcceptAll": not article.double_annotation,
            "apiRoot": "/api/",
            "stances": [{"value": value, "label": label} for value, label in stances],
        },
        "exports": export_links(urlencode({"article": article.pk})),
        "update": _latest_update(article),
        "may_replace_text": article_text_change_refusal(user, article) is None,
        "nav": "articles",
    }
    return render(request, "articles/editor.html", context)


def _latest_update(article: Article) -> dict | None:
    """The banner's facts: the article's last new text, and what it did to the statements."""
    if article.revision_id is None:
        return None
    revision = (
        ArticleRevision.objects.filter(pk=article.revision_id)
        .select_related("created_by")
        .defer("body")
        .first()
    )
    if revision is None:
        return None
    return {"revision": revision, "summary": summary_text(revision.summary)}


@require_POST
@login_required
def article_revise_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A new text for the article, uploaded in the editor: a revision, statements re-anchored."""
    article = get_object_or_404(Article, pk=pk)
    back = reverse("article-editor", args=[pk])
    upload = request.FILES.get("text")
    if upload is None:
        messages.error(request, "Choose a .txt file with the new text.")
        return redirect(back)
    if upload.size > ARTICLE_BODY_MAX_BYTES:
        messages.error(request, "The file is too large for one article.")
        return redirect(back)
    try:
        record = parse_txt(decode(upload.read()), upload.name)
        revision = revisions.article_revise(
            article=article, body=record.body, by=request.user, origin=f"upload: {upload.name}"
        )
    except BadInput as error:
        messages.error(request, f"{upload.name}: {error}")
    except PermissionDenied as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if revision is None:
            messages.info(request, "That is the text the article already has: nothing changed.")
        else:
            messages.success(request, revisions.revision_message(revision))
    return redirect(back)


@login_required
def article_revision(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """What revision `number` changed: the two texts' words side by side in one flow,
    additions and deletions marked, and what happened to each statement."""
    article = get_object_or_404(Article.objects.defer("body"), pk=pk)
    pair = {
        r.number: r
        # A range, not IN: Django answers an out-of-range number as no row, not an error.
        for r in ArticleRevision.objects.filter(
            article=article, number__gte=number - 1, number__lte=number
        ).select_related("created_by")
    }
    if number not in pair or number - 1 not in pair:
        raise Http404("No such revision of this article.")
    before, after = pair[number - 1], pair[number]
    moves = statement_moves(article, number, request.user)
    return render(
        request,
        "articles/article_revision.html",
        {
            "article": article,
            "before": before,
            "after": after,
            "diff": word_diff(before.body, after.body),
            "moves": moves,
            "summary": summary_text(after.summary),
            "nav": "articles",
        },
    )


@login_required
@permission_required("articles.change_article", raise_exception=True)
def article_details(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an article's title, source, address and date (not its text)."""
    article = get_object_or_404(Article, pk=pk)
    status = 200
    if request.method == "POST":
        form = ArticleDetailsForm(request.POST)
        if form.is_valid():
            try:
                services.article_update(article=article, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                article.refresh_from_db()  # the page shows what is stored
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                messages.success(request, "The article's details are saved.")
                return redirect("article-editor", pk=article.pk)
        status = 400
    else:
        form = ArticleDetailsForm.of(article)
    context = {"article": article, "form": form, "nav": "articles"}
    return render(request, "articles/article_details.html", context, status=status)


@login_required
@permission_required("articles.add_article", raise_exception=True)
def article_import(request: HttpRequest) -> HttpResponse:
    report = None
    status = 200
    if request.method == "POST":
        if _content_length(request) > settings.IMPORT_MAX_REQUEST_BYTES:
            # Refused before the body is read, so a huge upload costs nothing.
            context = {"form": ImportForm(), "upload_error": _too_large_message(), "nav": "import"}
            return render(request, "articles/import.html", context, status=413)
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            files = form.cleaned_data["files"]
            if sum(f.size for f in files) > settings.IMPORT_INLINE_MAX_BYTES:
                job = import_job_create(files=[(f.name, f.read()) for f in files], by=request.user)
                return redirect("article-import-job", pk=job.pk)
            sources = ((f.name, f.read()) for f in files)
            report = import_sources(
                sources, by=request.user, max_articles=settings.IMPORT_MAX_ARTICLES
            )
            level = messages.SUCCESS if report.ok else messages.WARNING
            messages.add_message(request, level, f"Import finished: {report.summary()}.")
            form = ImportForm()
        else:
            status = 413 if form.has_error("files", "too_large") else 400
    else:
        form = ImportForm()
    return render(
        request,
        "articles/import.html",
        {"form": form, "report": report, "nav": "import", "listed": REPORT_LISTED},
        status=status,
    )


@login_required
@permission_required("articles.add_article", raise_exception=True)
def article_import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """An import running in the background: its progress, then its report."""
    jobs = ImportJob.objects.all()
    if not is_reviewer(request.user):
        jobs = jobs.filter(created_by=request.user)
    job = get_object_or_404(jobs, pk=pk)
    return render(request, "articles/import_job.html", {"job": job, "nav": "import"})


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _too_large_message() -> str:
    limit = settings.IMPORT_MAX_REQUEST_BYTES
    return (
        f"The upload is too large: at most {limit // 2**20} MB ({limit:,} bytes) in one "
        "import. Import the files in several parts."
    )
