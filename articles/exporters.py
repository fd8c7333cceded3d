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
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import orjson
from django.db.models import QuerySet

from . import planner, selectors
from .formulas import FORMULA_STARTS, NEUTRALISED
from .models import Statement

CHUNK_SIZE = 2000
FORMATS = ("csv", "json", "jsonl", "jsonld")
FORMAT_LABELS = {"csv": "CSV", "json": "JSON", "jsonl": "JSON Lines", "jsonld": "W3C JSON-LD"}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "jsonl": "application/jsonl; charset=utf-8",
    "jsonld": 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
}
# The last record of a whole export: `{"_count": n}` in JSON Lines, and in CSV a row of
# the header's width whose first two cells are `_count` and n.
COUNT_FIELD = "_count"
_TRAILERS = {
    "csv": re.compile(rb"(?:^|\n)_count,(\d+),*\r?\n?$"),
    "jsonl": re.compile(rb'(?:^|\n)\{"_count":(\d+)\}\n?$'),
}
_CLOSINGS = {"json": b"]", "jsonld": b"]}}"}


@dataclass
class ExportOptions:
    base_url: str = "http://127.0.0.1:8000"
    chunk_size: int = CHUNK_SIZE


Chunk = selectors.Chunk


def iter_chunks(
    queryset: QuerySet[Statement],
    plan: selectors.Plan,
    *,
    with_context: bool = False,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[Chunk]:
    """The export rows of `queryset` in id order, `chunk_size` at a time."""
    return selectors.record_chunks(queryset, plan, chunk_size=chunk_size, with_context=with_context)


def csv_header() -> list[str]:
    return [field.name for field in selectors.fields_for(selectors.EXPORT)]


def _json_encoder(plan: selectors.Plan) -> Callable:
    """The JSON and JSON Lines record: the exported fields, nested by their group."""
    items: list[str] = []
    groups: dict[str, list[str]] = {}
    for field in selectors.fields_for(selectors.EXPORT):
        if not field.group:
            items.append(f"{field.name!r}: {plan.value(field.name)}")
            continue
        if field.group not in groups:
            groups[field.group] = []
            items.append(field.group)  # where the group's object goes, filled below
        groups[field.group].append(f"{field.json_key!r}: {plan.value(field.name)}")
    items = [
        f"{item!r}: {{{', '.join(groups[item])}}}" if item in groups else item for item in items
    ]
    return plan.compile("{" + ", ".join(items) + "}")


def _records(chunk: Chunk, encode: Callable) -> Iterator:
    topics, context = chunk.topics, chunk.context
    return (encode(row, topics, context) for row in chunk.rows)


def _csv_cell(field: selectors.Field, plan: selectors.Plan) -> str:
    value = plan.value(field.name)
    if field.kind == selectors.TOPIC_NAMES:
        return NEUTRALISED.format(cell=f"'; '.join({value})")
    if field.kind == selectors.TEXT:
        return NEUTRALISED.format(cell=value)
    # Numbers, choices, times and dates never start with a formula character.
    return value


def _csv_encoder(plan: selectors.Plan) -> tuple[list[str], Callable]:
    """The CSV header, and the function writing a statement's row in its order."""
    cells = ", ".join(_csv_cell(field, plan) for field in selectors.fields_for(selectors.EXPORT))
    return csv_header(), plan.compile(f"({cells},)", {"formula_starts": FORMULA_STARTS})


def csv_chunks(chunks: Iterable[Chunk], plan: selectors.Plan) -> Iterator[bytes]:
    """Rows in csv_header() order; csv writes ints as str() and None as empty."""
    header, row = _csv_encoder(plan)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    # The byte-order mark makes spreadsheets read the file as UTF-8.
    buffer.write("\ufeff")
    writer.writerow(header)
    count = 0
    for chunk in chunks:
        writer.writerows(_records(chunk, row))
        count += len(chunk)
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
    trailer = [COUNT_FIELD, str(count)] + [""] * (len(header) - 2)
    yield buffer.getvalue().encode("utf-8") + (",".join(trailer) + "\r\n").encode("utf-8")


# Compact UTF-8 JSON, the bytes of json.dumps(..., ensure_ascii=False,
# separators=(",", ":")) encoded, at a fraction of the time (a test compares them).
_dumps = orjson.dumps


def _encoded(records: Iterable[dict], separator: bytes) -> bytes:
    """The records as JSON with `separator` between them.

    Each goes into one buffer as soon as it is encoded: orjson's bytes keep spare room,
    so holding a chunk's worth of them to join raised a worker's peak memory.
    """
    buffer = bytearray()
    for record in records:
        buffer += _dumps(record)
        buffer += separator
    del buffer[-len(separator) :]
    return bytes(buffer)


def jsonl_chunks(chunks: Iterable[Chunk], plan: selectors.Plan) -> Iterator[bytes]:
    count = 0
    encode = _json_encoder(plan)
    for chunk in chunks:
        count += len(chunk)
        yield _encoded(_records(chunk, encode), b"\n") + b"\n"
    yield _dumps({COUNT_FIELD: count}) + b"\n"


def json_chunks(chunks: Iterable[Chunk], plan: selectors.Plan) -> Iterator[bytes]:
    # The opening bracket goes with the first rows: the first chunk is then read from
    # the database (see annotate.routers.streamed_from).
    separator = b"[\n"
    encode = _json_encoder(plan)
    for chunk in chunks:
        yield separator + _encoded(_records(chunk, encode), b",\n")
        separator = b",\n"
    yield (b"[" if separator == b"[\n" else b"") + b"\n]\n"


# Fields the Web Annotation carries as its own terms; the other JSON-LD fields of the
# record become properties of the annotation under their names.
_W3C_MAPPED = {
    "id", "quote", "start", "end", "stance", "topics", "note", "speaker_id", "speaker_name",
    "speaker_kind", "article_id", "created_by", "created_at", "updated_at",
}  # fmt: skip


def _annotation(record: selectors.Record, base_url: str, own: list[str]) -> dict:
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
        "created": record["created_at"],
        "modified": record["updated_at"],
        "body": bodies,
        "target": {
            "source": f"{base_url}/api/articles/{record['article_id']}/",
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": record["quote"],
                    "prefix": record["prefix"],
                    "suffix": record["suffix"],
                },
                {"type": "TextPositionSelector", "start": record["start"], "end": record["end"]},
            ]
            # An orphan's offsets and context belong to an earlier text: its words alone.
            if record["anchor"] != "orphaned"
            else [{"type": "TextQuoteSelector", "exact": record["quote"]}],
        },
    }
    for name in own:
        item[name] = record[name]
    if record["created_by"]:
        item["creator"] = {"type": "Person", "nickname": record["created_by"]}
    return item


def jsonld_chunks(
    chunks: Iterable[Chunk], plan: selectors.Plan, *, base_url: str, total: int
) -> Iterator[bytes]:
    # The record's fields beyond the W3C terms, each a property of its own.
    jsonld = selectors.fields_for(selectors.JSONLD)
    own = [field.name for field in jsonld if field.name not in _W3C_MAPPED]
    record = plan.record([*_W3C_MAPPED, *own, "prefix", "suffix"])
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
    for chunk in chunks:
        items = (_annotation(r, base_url, own) for r in _records(chunk, record))
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
    # Rows written since the last ANALYZE (through the API, say) must not flip its plan.
    planner.refresh_if_stale()
    base_url = options.base_url.rstrip("/")
    plan = selectors.export_plan(queryset)
    chunks = iter_chunks(
        queryset, plan, with_context=fmt == "jsonld", chunk_size=options.chunk_size
    )
    if fmt == "csv":
        return csv_chunks(chunks, plan)
    if fmt == "json":
        return json_chunks(chunks, plan)
    if fmt == "jsonl":
        return jsonl_chunks(chunks, plan)
    total = queryset.order_by().count()
    return jsonld_chunks(chunks, plan, base_url=base_url, total=total)
