"""What the statements say, counted: by stance over time, by speaker, topic and outlet.

Each chart is drawn from counts by stance for each article, speaker or topic id
(`Counts`): either a GROUP BY in the database over the statements a filter finds (the
Statements page's filters, `LiveCounts`), without joining every statement to its
article, or the counts the task worker keeps ready (insight_counts). The few rows that
come back are named and summed by month, week or outlet here. A page costs the same few
queries whatever the data. A statement's date is its article's publication date;
undated articles count everywhere but on the timeline.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import Count, Max, Min, QuerySet

from .formulas import neutralise
from .models import Article, Speaker, Stance, Statement, Topic

STANCES = [value for value, _ in Stance.choices]
UNITS = ("month", "week")
# Speakers, topics and outlets shown in a chart: the most quoted first.
TOP = 12


@dataclass
class Row:
    """One bar of a chart: a label, its statements by stance, and where it links."""

    label: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STANCES, 0))
    key: Any = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def as_dict(self) -> dict:
        return {"label": self.label, "key": self.key, "counts": self.counts, "total": self.total}


@dataclass
class Chart:
    name: str
    title: str
    rows: list[Row]
    # How many labels there were before the chart kept the TOP ones.
    of: int = 0

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "title": self.title,
            "stances": STANCES,
            "rows": [row.as_dict() for row in self.rows],
            "of": self.of,
        }

    def csv_rows(self) -> list[list[Any]]:
        """The chart's numbers as CSV rows; labels (names, outlets) neutralised as the
        exports' free text is, so that no spreadsheet runs one as a formula."""
        return [
            [self.title.split(" by ")[0].lower(), *STANCES, "total"],
            *(
                [neutralise(row.label), *(row.counts[s] for s in STANCES), row.total]
                for row in self.rows
            ),
        ]


# What each chart groups the statements by: the path from a statement to it.
DIMENSIONS = {"article": "article_id", "speaker": "speaker_id", "topic": "topics"}


class Counts:
    """Statements counted by stance for each article, speaker or topic (`by`), and the
    facts of those articles; the charts are drawn from these alone."""

    def by(self, dimension: str) -> dict[int, dict[str, int]]:
        """Counts by stance of each id of the dimension (counted once, then kept)."""
        if dimension not in self._counted:
            self._counted[dimension] = self._by_stance(*self.count(dimension))
        return self._counted[dimension]

    @cached_property
    def _counted(self) -> dict[str, dict[int, dict[str, int]]]:
        return {}

    def count(self, dimension: str) -> tuple[QuerySet, str]:
        """Rows of counts (`n`) by the dimension and stance, and the key they hold it in."""
        raise NotImplementedError

    def article_ids(self) -> QuerySet:
        raise NotImplementedError

    @cached_property
    def articles(self) -> dict[int, tuple]:
        """(published_on, source) of the articles counted."""
        rows = Article.objects.filter(pk__in=self.article_ids()).values_list(
            "pk", "published_on", "source"
        )
        return {pk: (published_on, source) for pk, published_on, source in rows}

    def _by_stance(self, rows, key: str) -> dict[int, dict[str, int]]:
        counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STANCES, 0))
        for values in rows:
            # A statement with no topic comes back under None (an outer join).
            if values[key] is not None:
                counts[values[key]][values["stance"]] = values["n"]
        return counts


class LiveCounts(Counts):
    """The counts of the statements a queryset finds, grouped in the database as asked."""

    def __init__(self, statements: QuerySet[Statement]):
        self.statements = statements.order_by()

    def grouped(self, dimension: str, *also: str) -> QuerySet:
        """Statements by the dimension, stance and `also`: one GROUP BY. Topics are
        reached from each statement (an outer join), so that the database reads the
        statements from an index rather than each topic link's statement row."""
        path = DIMENSIONS[dimension]
        return self.statements.values(path, "stance", *also).annotate(n=Count("id"))

    def count(self, dimension: str) -> tuple[QuerySet, str]:
        return self.grouped(dimension), DIMENSIONS[dimension]

    def article_ids(self) -> QuerySet:
        return self.statements.values("article_id")


def _summed(per_article: dict[int, dict[str, int]], key_of) -> dict[Any, dict[str, int]]:
    totals: dict[Any, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STANCES, 0))
    for article_id, counts in per_article.items():
        key = key_of(article_id)
        if key is not None:
            for stance, n in counts.items():
                totals[key][stance] += n
    return totals


def _period(day: datetime.date, unit: str) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday()) if unit == "week" else day.replace(day=1)


def over_time(counts: Counts, unit: str = "month") -> Chart:
    """Statements by stance in each week or month of their articles' dates, gaps filled."""
    articles = counts.articles

    def period(article_id: int):
        published_on = articles.get(article_id, (None, ""))[0]
        return None if published_on is None else _period(published_on, unit)

    by_period = _summed(counts.by("article"), period)
    rows = []
    for at in _every(sorted(by_period), unit):
        row = Row(_period_label(at, unit), key=at.isoformat())
        row.counts.update(by_period.get(at, {}))
        rows.append(row)
    return Chart("over_time", f"Statements by stance, by {unit}", rows, len(rows))


def _every(periods: list[datetime.date], unit: str) -> list[datetime.date]:
    """Each week or month from the first to the last, the empty ones too."""
    if not periods:
        return []
    found, at, last = [], periods[0], periods[-1]
    while at <= last:
        found.append(at)
        if unit == "week":
            at += datetime.timedelta(days=7)
        else:
            at = (at.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return found


def _period_label(period: datetime.date, unit: str) -> str:
    return f"week of {period.isoformat()}" if unit == "week" else period.strftime("%Y-%m")


def _top(name: str, title: str, counts: dict, label, key) -> Chart:
    rows = [Row(label(k), dict(v), key(k)) for k, v in counts.items()]
    rows.sort(key=lambda row: (-row.total, row.label))
    return Chart(name, title, rows[:TOP], len(rows))


def _named(chart: Chart, names: dict) -> Chart:
    """The chart's rows (keyed by id) labelled with their names, most statements first."""
    for row in chart.rows:
        row.label = names.get(row.key, "(deleted)")
    chart.rows.sort(key=lambda row: (-row.total, row.label))
    return chart


def _by_id(counts: Counts, dimension: str, name: str, title: str) -> Chart:
    # Ranked by count (ids break ties); named after, the top ones only.
    return _top(name, title, counts.by(dimension), lambda k: f"{k:020d}", lambda k: k)


def speakers(counts: Counts) -> Chart:
    chart = _by_id(counts, "speaker", "speakers", "Speakers by stance")
    ids = [row.key for row in chart.rows]
    return _named(chart, dict(Speaker.objects.filter(pk__in=ids).values_list("pk", "name")))


def topics(counts: Counts) -> Chart:
    chart = _by_id(counts, "topic", "topics", "Topics by stance")
    found = Topic.objects.filter(pk__in=[row.key for row in chart.rows])
    by_id = {pk: (slug, name) for pk, slug, name in found.values_list("pk", "slug", "name")}
    chart = _named(chart, {pk: name for pk, (_, name) in by_id.items()})
    for row in chart.rows:
        row.key = by_id.get(row.key, ("", ""))[0]
    return chart


def outlets(counts: Counts) -> Chart:
    articles = counts.articles
    totals = _summed(
        counts.by("article"), lambda article_id: articles.get(article_id, (None, ""))[1]
    )
    return _top("outlets", "Outlets by stance", totals, lambda k: k or "(no source)", lambda k: k)


def overview(counts: Counts, *, unit: str = "month") -> list[Chart]:
    """Every chart of the overview page, in the order it shows them: six queries when
    counted live."""
    return [over_time(counts, unit), speakers(counts), topics(counts), outlets(counts)]


def role_spans(chart: Chart, roles) -> list[dict]:
    """Each dated role as the span of the timeline's periods it covers (indices)."""
    keys = [datetime.date.fromisoformat(row.key) for row in chart.rows]
    if not keys:
        return []
    spans = []
    for role in roles:
        start = role.started_on or keys[0]
        end = role.ended_on or keys[-1]
        inside = [i for i, key in enumerate(keys) if start.replace(day=1) <= key <= end]
        if inside:
            label = f"{role.role}, {role.organisation}" if role.organisation else role.role
            spans.append({"label": label, "from": inside[0], "to": inside[-1]})
    return spans


def speaker_overview(statements: QuerySet[Statement], roles, *, unit: str = "month") -> dict:
    """A speaker's statements: over time (with their roles), topics and outlets, and the
    dates of the first and last."""
    counts = LiveCounts(statements)
    timeline = over_time(counts, unit)
    dates = statements.order_by().aggregate(
        first=Min("article__published_on"), last=Max("article__published_on")
    )
    return {
        "charts": [timeline, topics(counts), outlets(counts)],
        "roles": role_spans(timeline, roles),
        "first": dates["first"],
        "last": dates["last"],
    }
