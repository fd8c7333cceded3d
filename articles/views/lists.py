"""What the list pages share: the filters a form sets, and exports of what a list shows."""

from __future__ import annotations

from django.http import QueryDict
from django.urls import reverse

from ..exporters import FORMAT_LABELS, FORMATS

# Parameters of a list page that are not filters.
PAGE_ONLY = {"page"}


# How the pages name each filter when it is wrong.
LABELS = {
    "search": "Search",
    "article": "Article",
    "speaker": "Speaker",
    "stance": "Stance",
    "topic": "Topic",
    "status": "Status",
    "created_by": "Annotator",
    "published_from": "Published from",
    "published_to": "Published to",
    "updated_from": "Updated from",
    "updated_to": "Updated to",
    "updated_since": "Updated since",
    "ordering": "Sort",
    "progress": "Show",
}


def labelled(errors) -> list[tuple[str, list[str]]]:
    """A filter form's errors by the name the page shows for each field."""
    return [(LABELS.get(name, name), messages) for name, messages in errors.items()]


def filled_in(query: QueryDict) -> QueryDict:
    """The parameters of a submitted filter form that are set, without the page number.

    A form sends every field, empty or not; the API refuses an empty typed filter.
    """
    params = QueryDict(mutable=True)
    for name, values in query.lists():
        values = [value for value in values if value.strip()]
        if name not in PAGE_ONLY and values:
            params.setlist(name, values)
    return params


def export_links(query: str = "") -> list[tuple[str, str]]:
    """(label, address) of the streamed export, in each format, of what `query` filters."""
    links = []
    for fmt in FORMATS:
        url = reverse("statement-export", args=[fmt])
        links.append((FORMAT_LABELS[fmt], f"{url}?{query}" if query else url))
    return links
