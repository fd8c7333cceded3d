"""Streamed exports of statements: CSV, JSON, JSON Lines and W3C Web Annotation (JSON-LD).

Rows are read in keyset-paginated chunks of plain values (no model instances) and
encoded as they go, so memory stays flat whatever the number of statements.

A stream that fails midway still answers 200 (the status left long before), so every
format shows in-band whether it is whole: CSV and JSON Lines end with a trailer that
counts the statements (written only after the last one), JSON and JSON-LD are invalid
JSON until their closing brackets. `export_complete` checks the end of a file.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import orjson
from django.db.models import F, QuerySet

from . import copy_csv
from .formulas import neutralise
from .iso_times import IsoTime, formatted_by_database
from .models import Article, Statement

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
# The last record of a whole export: `{"_count": n}` in JSON Lines, and in CSV a row of
# the header's width whose first two cells are `_count` and n.
COUNT_FIELD = "_count"
_TRAILERS = {
    "csv": re.compile(rb"(?:^|\n)_count,(\d+),*\r?\n?$"),
    "jsonl": re.compile(rb'(?:^|\n)\{"_count":(\d+)\}\n?$'),
}
_CLOSINGS = {"json": b"]", "jsonld": b"]}}"}
# Article bodies read at once when exporting with context: a bound on memory.
BODY_BATCH = 50


@dataclass
class ExportOptions:
    base_url: str = "http://127.0.0.1:8000"
    chunk_size: int = CHUNK_SIZE


Chunk = tuple[list[tuple], dict[int, list[str]]]
_TIMES = ("reviewed_at", "created_at", "updated_at")


def iter_chunks(
    queryset: QuerySet[Statement], *, with_context: bool = False, chunk_size: int = CHUNK_SIZE
) -> Iterator[Chunk]:
    """Rows in id order, `chunk_size` at a time (two queries a chunk, three with context).

    Each chunk is (rows, topics): rows are tuples of the `_COLUMNS` values (then prefix
    and suffix with context), topics maps a statement id to its topic names.
    """
    columns = dict(_COLUMNS)
    if formatted_by_database(queryset):
        columns.update({name: IsoTime(name) for name in _TIMES})
    # values_list needs named expressions; annotate each under a private alias.
    base = queryset.order_by().annotate(**{f"x_{n}": e for n, e in columns.items()})
    base = base.values_list(*[f"x_{n}" for n in columns]).order_by("id")
    last_id = 0
    while True:
        rows = list(base.filter(id__gt=last_id)[:chunk_size])
        if not rows:
            return
        last_id = rows[-1][0]
        full = len(rows) == chunk_size
        topics = _topics_for([row[0] for row in rows])
        yield (_with_context(rows) if with_context else rows), topics
        if not full:
            return


def _with_context(rows: list[tuple]) -> list[tuple]:
    """Add each row's TextQuoteSelector prefix and suffix, cut from its article's body.

    Bodies are read once per chunk, BODY_BATCH articles at a time. Cutting them in SQL
    made PostgreSQL decompress the whole body twice for every statement (4x slower).
    """
    by_article: dict[int, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        by_article[row[12]].append(index)
    result = list(rows)
    article_ids = list(by_article)
    for at in range(0, len(article_ids), BODY_BATCH):
        group = article_ids[at : at + BODY_BATCH]
        for article_id, body in Article.objects.filter(pk__in=group).values_list("pk", "body"):
            for index in by_article[article_id]:
                row = result[index]
                start, end = row[2], row[3]
                prefix = body[max(0, start - CONTEXT_CHARS) : start]
                result[index] = (*row, prefix, body[end : end + CONTEXT_CHARS])
    return result


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


def _json_record(row: tuple, topics: list[str]) -> dict:
    """The JSON and JSON Lines record of one row of `_COLUMNS`."""
    (
        pk,
        quote,
        start,
        end,
        stance,
        status,
        note,
        speaker_id,
        speaker_name,
        speaker_kind,
        speaker_role,
        speaker_organisation,
        article_id,
        article_title,
        article_url,
        article_source,
        article_published_on,
        created_by,
        reviewed_by,
        reviewed_at,
        created_at,
        updated_at,
    ) = row[:22]
    return {
        "id": pk,
        "quote": quote,
        "start": start,
        "end": end,
        "stance": stance,
        "topics": topics,
        "status": status,
        "note": note,
        "speaker": {
            "id": speaker_id,
            "name": speaker_name,
            "kind": speaker_kind,
            "role": speaker_role,
            "organisation": speaker_organisation,
        },
        "article": {
            "id": article_id,
            "title": article_title,
            "url": article_url,
            "source": article_source,
            "published_on": _iso(article_published_on),
        },
        "created_by": created_by,
        "reviewed_by": reviewed_by,
        "reviewed_at": _iso(reviewed_at),
        "created_at": _iso(created_at),
        "updated_at": _iso(updated_at),
    }


def _csv_row(row: tuple, topics: list[str]) -> tuple:
    """One CSV row in CSV_HEADER order; csv writes ints as str() and None as empty."""
    (
        pk,
        quote,
        start,
        end,
        stance,
        status,
        note,
        speaker_id,
        speaker_name,
        speaker_kind,
        speaker_role,
        speaker_organisation,
        article_id,
        article_title,
        article_url,
        article_source,
        article_published_on,
        created_by,
        reviewed_by,
        reviewed_at,
        created_at,
        updated_at,
    ) = row
    # Choice values (stance, status, kind) never start with a formula character.
    return (
        pk,
        neutralise(quote),
        start,
        end,
        stance,
        neutralise("; ".join(topics)),
        status,
        neutralise(note),
        speaker_id,
        neutralise(speaker_name),
        speaker_kind,
        neutralise(speaker_role),
        neutralise(speaker_organisation),
        article_id,
        neutralise(article_title),
        neutralise(article_url),
        neutralise(article_source),
        _iso(article_published_on),
        neutralise(created_by),
        neutralise(reviewed_by),
        _iso(reviewed_at),
        _iso(created_at),
        _iso(updated_at),
    )


def _csv_head() -> tuple[io.StringIO, csv.writer]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    # The byte-order mark makes spreadsheets read the file as UTF-8.
    buffer.write("\ufeff")
    writer.writerow(CSV_HEADER)
    return buffer, writer


def _csv_trailer(count: int) -> bytes:
    cells = [COUNT_FIELD, str(count)] + [""] * (len(CSV_HEADER) - 2)
    return (",".join(cells) + "\r\n").encode("utf-8")


def _copy_csv_chunks(queryset: QuerySet[Statement]) -> Iterator[bytes]:
    """PostgreSQL formats the rows itself and streams them (see copy_csv)."""
    buffer, _ = _csv_head()
    yield buffer.getvalue().encode("utf-8")
    count = yield from copy_csv.csv_lines(queryset)
    yield _csv_trailer(count)


def csv_chunks(chunks: Iterable[Chunk]) -> Iterator[bytes]:
    buffer, writer = _csv_head()
    count = 0
    for rows, topics in chunks:
        writer.writerows([_csv_row(row, topics.get(row[0], [])) for row in rows])
        count += len(rows)
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue().encode("utf-8") + _csv_trailer(count)


# Compact UTF-8 JSON, the bytes of json.dumps(..., ensure_ascii=False,
# separators=(",", ":")) encoded, at a fraction of the time (a test compares them).
_dumps = orjson.dumps


def _encoded(records: Iterable[dict], separator: bytes) -> bytes:
    """The records as JSON with `separator` between them.

    Each goes into one buffer as soon as it is encoded: orjson's bytes keep spare room,
    and holding a chunk's 2,000 of them to join took a worker ~40 MiB more at its peak.
    """
    buffer = bytearray()
    for record in records:
        buffer += _dumps(record)
        buffer += separator
    del buffer[-len(separator) :]
    return bytes(buffer)


def jsonl_chunks(chunks: Iterable[Chunk]) -> Iterator[bytes]:
    count = 0
    for rows, topics in chunks:
        records = (_json_record(row, topics.get(row[0], [])) for row in rows)
        count += len(rows)
        yield _encoded(records, b"\n") + b"\n"
    yield _dumps({COUNT_FIELD: count}) + b"\n"


def json_chunks(chunks: Iterable[Chunk]) -> Iterator[bytes]:
    separator = b"\n"
    yield b"["
    for rows, topics in chunks:
        records = (_json_record(row, topics.get(row[0], [])) for row in rows)
        yield separator + _encoded(records, b",\n")
        separator = b",\n"
    yield b"\n]\n"


def _annotation(row: tuple, topics: list[str], base_url: str) -> dict:
    pk, quote, start, end, stance, status, note, speaker_id, speaker_name, speaker_kind = row[:10]
    created_by, created_at, updated_at = row[17], row[20], row[21]
    article_id, prefix, suffix = row[12], row[22], row[23]
    bodies = [
        {"type": "TextualBody", "purpose": "classifying", "value": stance},
        {
            "id": f"{base_url}/api/speakers/{speaker_id}/",
            "type": "Person" if speaker_kind == "person" else "Organization",
            "name": speaker_name,
            "purpose": "identifying",
        },
    ]
    bodies += [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in topics]
    if note:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": note})
    item = {
        "id": f"{base_url}/api/statements/{pk}/",
        "type": "Annotation",
        "motivation": "identifying",
        "created": _iso(created_at),
        "modified": _iso(updated_at),
        "body": bodies,
        "target": {
            "source": f"{base_url}/api/articles/{article_id}/",
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": quote,
                    "prefix": prefix or "",
                    "suffix": suffix or "",
                },
                {"type": "TextPositionSelector", "start": start, "end": end},
            ],
        },
        "status": status,
    }
    if created_by:
        item["creator"] = {"type": "Person", "nickname": created_by}
    return item


def jsonld_chunks(chunks: Iterable[Chunk], *, base_url: str, total: int) -> Iterator[bytes]:
    collection = f"{base_url}/api/export/statements.jsonld"
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
    yield _dumps(head)[:-1] + b',"first":' + _dumps(page)[:-1] + b',"items":['
    separator = b"\n"
    for rows, topics in chunks:
        items = (_annotation(row, topics.get(row[0], []), base_url) for row in rows)
        yield separator + _encoded(items, b",\n")
        separator = b",\n"
    yield b"\n]}}\n"


def export_complete(fmt: str, tail: bytes) -> bool:
    """Whether an export in `fmt` ending with the bytes `tail` (its last KiB) is whole."""
    if fmt in _TRAILERS:
        return _TRAILERS[fmt].search(tail) is not None
    return tail.rstrip().endswith(_CLOSINGS[fmt])


def export_count(fmt: str, tail: bytes) -> int | None:
    """The number of statements in the trailer of a whole CSV or JSON Lines export."""
    match = _TRAILERS[fmt].search(tail) if fmt in _TRAILERS else None
    return int(match[1]) if match else None


def export_chunks(
    queryset: QuerySet[Statement], fmt: str, options: ExportOptions | None = None
) -> Iterator[bytes]:
    """The bytes of an export of `queryset` in format `fmt`, a chunk at a time."""
    options = options or ExportOptions()
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}; use one of {', '.join(FORMATS)}.")
    base_url = options.base_url.rstrip("/")
    chunks = iter_chunks(queryset, with_context=fmt == "jsonld", chunk_size=options.chunk_size)
    if fmt == "csv":
        if copy_csv.supported(queryset):
            return _copy_csv_chunks(queryset)
        return csv_chunks(chunks)
    if fmt == "json":
        return json_chunks(chunks)
    if fmt == "jsonl":
        return jsonl_chunks(chunks)
    return jsonld_chunks(chunks, base_url=base_url, total=queryset.order_by().count())
