"""What the statements say, counted: by stance over time, by speaker, topic and outlet.

Each view is one GROUP BY in the database over the statements a filter finds (the
Statements page's filters), so a page costs the same few queries whatever the data. A
statement's date is its article's publication date; undated articles count everywhere
but on the timeline.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Min, QuerySet
from django.db.models.functions import TruncMonth, TruncWeek

from .formulas import neutralise
from .models import Stance, Statement

STANCES = [value for value, _ in Stance.choices]
UNITS = {"week": TruncWeek, "month": TruncMonth}
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


def _grouped(statements: QuerySet[Statement], keys: list[str]) -> dict[tuple, dict[str, int]]:
    counts: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STANCES, 0))
    for values in statements.order_by().values(*keys, "stance").annotate(n=Count("id")):
        counts[tuple(values[k] for k in keys)][values["stance"]] = values["n"]
    return counts


def over_time(statements: QuerySet[Statement], unit: str = "month") -> Chart:
    """Statements by stance in each week or month of their articles' dates, gaps filled."""
    dated = statements.filter(article__published_on__isnull=False).annotate(
        period=UNITS[unit]("article__published_on")
    )
    counts = _grouped(dated, ["period"])
    periods = sorted(_as_date(key[0]) for key in counts)
    rows = []
    for period in _every(periods, unit):
        row = Row(_period_label(period, unit), key=period.isoformat())
        row.counts.update(counts.get((period,), {}) or counts.get((_raw(period),), {}))
        rows.append(row)
    return Chart("over_time", f"Statements by stance, by {unit}", rows, len(rows))


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def _raw(period: datetime.date):
    # Databases answer a truncated date as a date or as a midnight datetime.
    return datetime.datetime.combine(period, datetime.time())


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


def _top(name: str, title: str, counts: dict[tuple, dict[str, int]], label, key) -> Chart:
    rows = [Row(label(k), dict(v), key(k)) for k, v in counts.items()]
    rows.sort(key=lambda row: (-row.total, row.label))
    return Chart(name, title, rows[:TOP], len(rows))


def speakers(statements: QuerySet[Statement]) -> Chart:
    counts = _grouped(statements, ["speaker_id", "speaker__name"])
    return _top("speakers", "Speakers by stance", counts, lambda k: k[1], lambda k: k[0])


def topics(statements: QuerySet[Statement]) -> Chart:
    counts = _grouped(statements.filter(topics__isnull=False), ["topics__slug", "topics__name"])
    return _top("topics", "Topics by stance", counts, lambda k: k[1], lambda k: k[0])


def outlets(statements: QuerySet[Statement]) -> Chart:
    counts = _grouped(statements, ["article__source"])
    return _top(
        "outlets", "Outlets by stance", counts, lambda k: k[0] or "(no source)", lambda k: k[0]
    )


def overview(statements: QuerySet[Statement], *, unit: str = "month") -> list[Chart]:
    """Every chart of the overview page, in the order it shows them."""
    return [
        over_time(statements, unit),
        speakers(statements),
        topics(statements),
        outlets(statements),
    ]


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
    timeline = over_time(statements, unit)
    dates = statements.order_by().aggregate(
        first=Min("article__published_on"), last=Max("article__published_on")
    )
    return {
        "charts": [timeline, topics(statements), outlets(statements)],
        "roles": role_spans(timeline, roles),
        "first": dates["first"],
        "last": dates["last"],
    }
