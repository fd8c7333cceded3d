"""The Speakers pages: find a speaker, read what they said, and keep the register clean."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from .. import insights, selectors, services
from ..api.filters import SpeakerFilter
from ..models import Claim, Speaker, SpeakerKind, Statement, statements_visible_to
from ..roles import is_analyst, is_reviewer
from .lists import filled_in, labelled

PAGE_SIZE = 50
# The newest statements a speaker's page lists; the Statements page has the rest.
STATEMENTS_SHOWN = 20
# Speakers a merge may pick from at once.
MERGE_CHOICES_MAX = 500


class RoleForm(forms.Form):
    role = forms.CharField(max_length=200)
    organisation = forms.CharField(max_length=200, required=False)
    started_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ended_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


def _with_counts(speakers, user):
    visible = statements_visible_to(user, prefix="statements__", article="statements__article__")
    return speakers.annotate(statement_count=Count("statements", filter=visible or Q()))


@login_required
def speaker_list(request: HttpRequest) -> HttpResponse:
    params = filled_in(request.GET)
    found = SpeakerFilter(
        params, queryset=_with_counts(Speaker.objects.order_by("name"), request.user)
    )
    valid = found.is_valid()
    page = Paginator(found.qs if valid else Speaker.objects.none(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "params": params,
        "errors": [] if valid else labelled(found.errors),
        "page": page,
        "query": params.urlencode(),
        "kinds": SpeakerKind.choices,
        "nav": "speakers",
    }
    return render(request, "articles/speaker_list.html", context, status=200 if valid else 400)


# What a speaker's page lists of each statement (selectors' record).
STATEMENT_FIELDS = ("id", "quote", "stance", "status", "article_id", "article_title", "updated_at")


def _act(request: HttpRequest, speaker: Speaker) -> str | None:
    """Carry out the form the page sent; the message to show, or None on success."""
    action = request.POST.get("action")
    user = request.user
    if action == "alias":
        services.speaker_alias_add(speaker=speaker, alias=request.POST.get("alias", ""), by=user)
        messages.success(request, "Alias added.")
    elif action == "role":
        form = RoleForm(request.POST)
        if not form.is_valid():
            return " ".join(f"{name}: {' '.join(e)}" for name, e in form.errors.items())
        services.speaker_role_add(speaker=speaker, by=user, **form.cleaned_data)
        messages.success(request, "Role added.")
    elif action == "merge":
        ids = [int(v) for v in request.POST.getlist("others") if v.isdigit()]
        others = list(Speaker.objects.filter(pk__in=ids))
        moved = services.speaker_merge(target=speaker, others=others, by=user)
        names = ", ".join(other.name for other in others)
        messages.success(request, f"Merged {names} into {speaker.name}: {moved} statements moved.")
    elif action == "delete":
        name = speaker.name
        services.speaker_delete(speaker=speaker, by=user)
        messages.success(request, f"Deleted {name}.")
    else:
        return "Unknown action."
    return None


@login_required
def speaker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    speaker = get_object_or_404(Speaker.objects.prefetch_related("roles"), pk=pk)
    status = 200
    problem = None
    if request.method == "POST":
        try:
            problem = _act(request, speaker)
        except ValidationError as error:
            problem = " ".join(error.messages)
        except PermissionDenied as error:
            problem, status = str(error), 403
        if problem is None:
            if not Speaker.objects.filter(pk=pk).exists():
                return redirect("speaker-list")
            return redirect("speaker-detail", pk=pk)
        status = 400 if status == 200 else status
        speaker = get_object_or_404(Speaker.objects.prefetch_related("roles"), pk=pk)
    said = Statement.objects.visible_to(request.user).filter(speaker=speaker)
    newest = said.order_by("-updated_at", "-id").values_list("pk", flat=True)[:STATEMENTS_SHOWN]
    ids = list(newest)
    rows = selectors.in_order(
        selectors.records(Statement.objects.filter(pk__in=ids), STATEMENT_FIELDS), ids
    )
    approved = said.approved()
    summary = insights.speaker_overview(approved, speaker.roles.all())
    context = {
        "speaker": speaker,
        "charts": summary["charts"],
        "chart_data": [
            {
                **chart.as_dict(),
                **({"roles": summary["roles"]} if chart.name == "over_time" else {}),
            }
            for chart in summary["charts"]
        ],
        "claims": Claim.objects.filter(statements__in=approved).distinct()[:20],
        "first_said": summary["first"],
        "last_said": summary["last"],
        "query": urlencode({"speaker": speaker.pk, "status": "approved"}),
        "problem": problem,
        "rows": rows,
        "total": said.count(),
        "all_statements": f"{reverse('statement-list')}?{urlencode({'speaker': speaker.pk})}",
        "role_form": RoleForm(),
        "can_annotate": is_analyst(request.user),
        "can_review": is_reviewer(request.user),
        "merge_choices": Speaker.objects.exclude(pk=pk)
        .only("id", "name")
        .order_by("name")[:MERGE_CHOICES_MAX]
        if is_reviewer(request.user)
        else [],
        "nav": "speakers",
    }
    return render(request, "articles/speaker_detail.html", context, status=status)
