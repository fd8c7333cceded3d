"""Streamed exports of statements: CSV, JSON, JSON Lines and W3C Web Annotation (JSON-LD).

Rows are read in keyset-paginated chunks of plain values (no model instances) and
encoded as they go, so memory stays flat whatever the number of statements.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import F, QuerySet, Value
from django.db.models.functions import Greatest, Least, Substr

from .models import Statement

CHUNK_SIZE = 2000
CONTEXT_CHARS = 32
FORMATS = ("csv", "json", "jsonl", "jsonld")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "jsonl": "application/jsonl; charset=utf-8",
    "jsonld": 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
}
CSV_HEADER = [
    "id",
    "quote",
    "start",
    "end",
    "stance",
    "topics",
    "status",
    "note",
    "speaker_id",
    "speaker_name",
    "speaker_kind",
    "speaker_role",
    "speaker_organisation",
    "article_id",
    "article_title",
    "article_url",
    "article_source",
    "article_published_on",
    "created_by",
    "reviewed_by",
    "reviewed_at",
    "created_at",
    "updated_at",
]
# Spreadsheets run cells that start with these as formulas.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_COLUMNS = {
    "id": F("id"),
    "quote": F("quote"),
    "start": F("start"),
    "end": F("end"),
    "stance": F("stance"),
    "status": F("status"),
    "note": F("note"),
    "speaker_id": F("speaker_id"),
    "speaker_name": F("speaker__name"),
    "speaker_kind": F("speaker__kind"),
    "speaker_role": F("speaker__role"),
    "speaker_organisation": F("speaker__organisation"),
    "article_id": F("article_id"),
    "article_title": F("article__title"),
    "article_url": F("article__url"),
    "article_source": F("article__source"),
    "article_published_on": F("article__published_on"),
    "created_by": F("created_by__username"),
    "reviewed_by": F("reviewed_by__username"),
    "reviewed_at": F("reviewed_at"),
    "created_at": F("created_at"),
    "updated_at": F("updated_at"),
}
# TextQuoteSelector context, cut by the database so article bodies never reach Python.
_CONTEXT_COLUMNS = {
    "prefix": Substr(
        "article__body",
        Greatest(F("start") - CONTEXT_CHARS + 1, Value(1)),
        Least(F("start"), Value(CONTEXT_CHARS)),
    ),
    "suffix": Substr("article__body", F("end") + 1, Value(CONTEXT_CHARS)),
}


@dataclass
class ExportOptions:
    base_url: str = "http://127.0.0.1:8000"
    chunk_size: int = CHUNK_SIZE


def iter_records(
    queryset: QuerySet[Statement], *, with_context: bool = False, chunk_size: int = CHUNK_SIZE
) -> Iterator[dict]:
    """Flat records in id order, fetched `chunk_size` at a time (two queries a chunk)."""
    columns = dict(_COLUMNS)
    if with_context:
        columns.update(_CONTEXT_COLUMNS)
    names = list(columns)
    # values_list needs named expressions; annotate each under a private alias.
    base = queryset.order_by().annotate(**{f"x_{n}": e for n, e in columns.items()})
    base = base.values_list(*[f"x_{n}" for n in names]).order_by("id")
    last_id = 0
    while True:
        rows = list(base.filter(id__gt=last_id)[:chunk_size])
        if not rows:
            return
        topics = _topics_for([row[0] for row in rows])
        for row in rows:
            record = dict(zip(names, row, strict=True))
            record["topics"] = topics.get(record["id"], [])
            yield record
        last_id = rows[-1][0]
        if len(rows) < chunk_size:
            return


def _topics_for(statement_ids: list[int]) -> dict[int, list[str]]:
    through = Statement.topics.through
    found: dict[int, list[str]] = defaultdict(list)
    pairs = (
        through.objects.filter(statement_id__in=statement_ids)
        .order_by("statement_id", "topic__name")
        .values_list("statement_id", "topic__name")
    )
    for statement_id, name in pairs:
        found[statement_id].append(name)
    return found


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


def record_to_json(record: dict) -> dict:
    return {
        "id": record["id"],
        "quote": record["quote"],
        "start": record["start"],
        "end": record["end"],
        "stance": record["stance"],
        "topics": record["topics"],
        "status": record["status"],
        "note": record["note"],
        "speaker": {
            "id": record["speaker_id"],
            "name": record["speaker_name"],
            "kind": record["speaker_kind"],
            "role": record["speaker_role"],
            "organisation": record["speaker_organisation"],
        },
        "article": {
            "id": record["article_id"],
            "title": record["article_title"],
            "url": record["article_url"],
            "source": record["article_source"],
            "published_on": _iso(record["article_published_on"]),
        },
        "created_by": record["created_by"],
        "reviewed_by": record["reviewed_by"],
        "reviewed_at": _iso(record["reviewed_at"]),
        "created_at": _iso(record["created_at"]),
        "updated_at": _iso(record["updated_at"]),
    }


def neutralise(value: str) -> str:
    """Keep a spreadsheet from running a cell as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    return _iso(value) if isinstance(value, datetime.date) else str(value)


def csv_chunks(records: Iterable[dict]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    # The byte-order mark makes spreadsheets read the file as UTF-8.
    buffer.write("\ufeff")
    writer.writerow(CSV_HEADER)
    for count, record in enumerate(records, 1):
        record = {**record, "topics": "; ".join(record["topics"])}
        writer.writerow([_csv_cell(record[name]) for name in CSV_HEADER])
        if count % 500 == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _batched(lines: Iterable[str], size: int = 500) -> Iterator[bytes]:
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= size:
            yield "".join(batch).encode("utf-8")
            batch = []
    if batch:
        yield "".join(batch).encode("utf-8")


def jsonl_chunks(records: Iterable[dict]) -> Iterator[bytes]:
    return _batched(_dumps(record_to_json(r)) + "\n" for r in records)


def json_chunks(records: Iterable[dict]) -> Iterator[bytes]:
    def lines():
        yield "["
        for index, record in enumerate(records):
            yield ("," if index else "") + "\n" + _dumps(record_to_json(record))
        yield "\n]\n"

    return _batched(lines())


def annotation(record: dict, base_url: str) -> dict:
    """One statement as a W3C Web Annotation."""
    bodies = [
        {"type": "TextualBody", "purpose": "classifying", "value": record["stance"]},
        {
            "id": f"{base_url}/api/speakers/{record['speaker_id']}/",
            "type": "Person" if record["speaker_kind"] == "person" else "Organization",
            "name": record["speaker_name"],
            "purpose": "identifying",
        },
    ]
    bodies += [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in record["topics"]]
    if record["note"]:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": record["note"]})
    item = {
        "id": f"{base_url}/api/statements/{record['id']}/",
        "type": "Annotation",
        "motivation": "identifying",
        "created": _iso(record["created_at"]),
        "modified": _iso(record["updated_at"]),
        "body": bodies,
        "target": {
            "source": f"{base_url}/api/articles/{record['article_id']}/",
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": record["quote"],
                    "prefix": record["prefix"] or "",
                    "suffix": record["suffix"] or "",
                },
                {"type": "TextPositionSelector", "start": record["start"], "end": record["end"]},
            ],
        },
        "status": record["status"],
    }
    if record["created_by"]:
        item["creator"] = {"type": "Person", "nickname": record["created_by"]}
    return item


def jsonld_chunks(records: Iterable[dict], *, base_url: str, total: int) -> Iterator[bytes]:
    collection = f"{base_url}/api/export/statements.jsonld"

    def lines():
        head = {
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "id": collection,
            "type": "AnnotationCollection",
            "label": "Statements",
            "total": total,
        }
        page = {
            "id": f"{collection}#page1",
            "type": "AnnotationPage",
            "partOf": collection,
            "startIndex": 0,
        }
        yield _dumps(head)[:-1] + ',"first":' + _dumps(page)[:-1] + ',"items":['
        for index, record in enumerate(records):
            yield ("," if index else "") + "\n" + _dumps(annotation(record, base_url))
        yield "\n]}}\n"

    return _batched(lines())


def export_chunks(
    queryset: QuerySet[Statement], fmt: str, options: ExportOptions | None = None
) -> Iterator[bytes]:
    """The bytes of an export of `queryset` in format `fmt`, a chunk at a time."""
    options = options or ExportOptions()
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}; use one of {', '.join(FORMATS)}.")
    base_url = options.base_url.rstrip("/")
    records = iter_records(queryset, with_context=fmt == "jsonld", chunk_size=options.chunk_size)
    if fmt == "csv":
        return csv_chunks(records)
    if fmt == "json":
        return json_chunks(records)
    if fmt == "jsonl":
        return jsonl_chunks(records)
    return jsonld_chunks(records, base_url=base_url, total=queryset.order_by().count())
