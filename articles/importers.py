"""Reading articles from .txt, .json and .jsonl files and storing them idempotently."""

from __future__ import annotations

import datetime
import itertools
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from . import planner, revisions
from .models import ARTICLE_BODY_MAX_BYTES, Article
from .suggest.service import analyses_request
from .text import normalise_body

SUFFIXES = (".txt", ".json", ".jsonl")
BATCH_SIZE = 500
# The largest file read, on every path (command, import page): as large as an article.
MAX_FILE_BYTES = ARTICLE_BODY_MAX_BYTES
# Failures a report lists one by one; past that it counts them by reason.
FAILURES_LISTED = 100
# Header lines before a .txt article's text: `date 2024-05-12`, `source: The Outlet`,
# `url: https://…` (a colon or a space after the name), each at most once.
_HEADER_LINE = re.compile(
    r"[ \t]*(?P<key>date|source|url)(?:[ \t]*:[ \t]*|[ \t]+)(?P<value>\S[^\r\n]*?)[ \t]*",
    re.IGNORECASE,
)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|\Z)")
_JSON_FIELDS = ("title", "body", "source", "url", "published_on")
NESTED_TOO_DEEPLY = "bad JSON: nested too deeply (lists or objects hundreds of levels down)"


class BadInput(ValueError):
    """A file or record that cannot become an article; the message says why."""

    def __init__(self, reason: str, origin: str | None = None):
        super().__init__(reason)
        self.origin = origin


@dataclass
class ArticleRecord:
    origin: str
    body: str
    title: str = ""
    source: str = ""
    url: str = ""
    published_on: datetime.date | None = None


class Failures(list):
    """(origin, reason) pairs: the first FAILURES_LISTED kept, the rest counted by reason."""

    def __init__(self, items: Iterable[tuple[str, str]] = ()):
        super().__init__()
        self.total = 0
        self.more: dict[str, int] = {}
        self.extend(items)

    def append(self, item: tuple[str, str]) -> None:
        self.total += 1
        if len(self) < FAILURES_LISTED:
            super().append(item)
            return
        reason = item[1] if len(self.more) < FAILURES_LISTED else "other errors"
        self.more[reason] = self.more.get(reason, 0) + 1

    def extend(self, items: Iterable[tuple[str, str]]) -> None:
        for item in items:
            self.append(item)

    def more_lines(self) -> list[str]:
        """One line per reason past the listed ones: 'and 12 more errors like it: …'."""
        return [
            f"and {count:,} more error{'s' if count > 1 else ''} like it: {reason}"
            for reason, count in sorted(self.more.items(), key=lambda kv: -kv[1])
        ]


@dataclass
class ImportReport:
    created: list[tuple[str, Article]] = field(default_factory=list)
    updated: list[tuple[str, Article]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: Failures = field(default_factory=Failures)
    # Statements read from annotations (brat standoff) beside the articles.
    statements_created: int = 0
    statements_skipped: int = 0
    with_statements: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed.total

    @property
    def read(self) -> int:
        """Articles read so far: stored, skipped or failed."""
        return len(self.created) + len(self.updated) + len(self.skipped) + self.failed.total

    def summary(self) -> str:
        text = (
            f"created {len(self.created)}, updated {len(self.updated)}, "
            f"skipped {len(self.skipped)}, failed {self.failed.total}"
        )
        if self.with_statements:
            text += (
                f"; statements created {self.statements_created}, "
                f"skipped {self.statements_skipped} (already stored)"
            )
        return text


def parse_date(value, *, where: str = "published_on") -> datetime.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise BadInput(f"bad date in {where}: expected a YYYY-MM-DD string, got {value!r}")
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise BadInput(f"bad date {value!r} in {where}: expected YYYY-MM-DD") from None


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadInput(
            f"not UTF-8 text (byte 0x{data[error.start]:02x} at position {error.start}); "
            "save the file as UTF-8"
        ) from None


def split_header(text: str) -> tuple[dict[str, tuple[str, int]], int]:
    """The header lines of a .txt article, and how many characters of `text` they take.

    Returns {name: (value, line number)} and the length of the header: a byte order
    mark, the header lines and the blank lines around them. A name given twice is
    refused; the first other line starts the text.
    """
    found: dict[str, tuple[str, int]] = {}
    at = 1 if text.startswith("\ufeff") else 0
    for number, line in enumerate(_LINE.finditer(text, at), 1):
        if not line.group():
            break
        content = line.group().rstrip("\r\n")
        match = _HEADER_LINE.fullmatch(content)
        if match is None and content.strip():
            break
        if match is not None:
            name = match["key"].casefold()
            if name in found:
                raise BadInput(
                    f"line {number} gives the {name} again (first on line {found[name][1]})"
                )
            found[name] = (match["value"], number)
        at = line.end()
    return found, at


def parse_txt(text: str, origin: str) -> ArticleRecord:
    """Optional header lines (`date`, `source`, `url`), then paragraphs; no headline."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    header, length = split_header(text)
    published_on = None
    if "date" in header:
        value, number = header["date"]
        published_on = parse_date(value, where=f"the date line (line {number})")
    body = normalise_body(text[length:])
    if not body:
        raise BadInput("empty: the file has no article text")
    return ArticleRecord(
        origin=origin,
        body=body,
        published_on=published_on,
        source=header.get("source", ("", 0))[0],
        url=header.get("url", ("", 0))[0],
    )


def _record_from_object(obj, origin: str) -> ArticleRecord:
    if not isinstance(obj, dict):
        raise BadInput(f"expected an object with title and body, got {type(obj).__name__}")
    values = {}
    for name in ("title", "body", "source", "url"):
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            raise BadInput(f"{name} must be a string, got {type(value).__name__}")
        values[name] = value or ""
    body = normalise_body(values["body"])
    if not body:
        raise BadInput("body is missing or empty")
    return ArticleRecord(
        origin=origin,
        body=body,
        title=values["title"],
        source=values["source"],
        url=values["url"],
        published_on=parse_date(obj.get("published_on")),
    )


def parse_json(text: str, origin: str) -> Iterator[ArticleRecord | BadInput]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BadInput(
            f"bad JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    except RecursionError:
        # The decoder recurses once per level of nesting.
        raise BadInput(NESTED_TOO_DEEPLY) from None
    if isinstance(data, list):
        if not data:
            raise BadInput("empty: the JSON list holds no articles")
        for index, obj in enumerate(data):
            yield _safe(_record_from_object, obj, f"{origin}[{index}]")
    else:
        yield _record_from_object(data, origin)


def parse_jsonl(text: str, origin: str) -> Iterator[ArticleRecord | BadInput]:
    lines = [(number, line) for number, line in enumerate(text.splitlines(), 1) if line.strip()]
    if not lines:
        raise BadInput("empty: the file has no JSON lines")
    for number, line in lines:
        where = f"{origin}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as error:
            yield BadInput(f"bad JSON at column {error.colno}: {error.msg}", origin=where)
            continue
        except RecursionError:
            yield BadInput(NESTED_TOO_DEEPLY, origin=where)
            continue
        yield _safe(_record_from_object, obj, where)


def _safe(
    make: Callable[[object, str], ArticleRecord], obj, origin: str
) -> ArticleRecord | BadInput:
    try:
        return make(obj, origin)
    except BadInput as error:
        error.origin = origin
        return error


def parse_file(name: str, data: bytes) -> Iterator[ArticleRecord | BadInput]:
    """Every article in one file, or a BadInput for each part that cannot be read."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise BadInput(f"unsupported file type {suffix or '(none)'}: use .txt, .json or .jsonl")
    if not data.strip():
        raise BadInput("empty file")
    text = decode(data)
    if "\x00" in text:
        raise BadInput("the text contains NUL (\\x00) characters")
    if suffix == ".txt":
        return iter([parse_txt(text, name)])
    parser = parse_json if suffix == ".json" else parse_jsonl
    items = parser(text, name)
    # Read up to the first article, so that a file that cannot be read at all says so.
    first = next(items, None)
    return itertools.chain([first], items) if first is not None else iter(())


def iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Files named directly, and every .txt/.json/.jsonl file under named directories."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    if name.lower().endswith(SUFFIXES) and not name.startswith("."):
                        yield Path(root) / name
        else:
            yield path


def read_sources(paths: Iterable[str | os.PathLike]) -> Iterator[tuple[str, bytes | BadInput]]:
    for path in iter_files(paths):
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                yield str(path), BadInput(f"too large ({size} bytes); at most {MAX_FILE_BYTES}")
                continue
            yield str(path), path.read_bytes()
        except FileNotFoundError:
            yield str(path), BadInput("no such file or directory")
        except OSError as error:
            yield str(path), BadInput(f"cannot read: {error.strerror}")


class Importer:
    """Collects records and stores them in batches: one query per batch, not per article."""

    def __init__(
        self, *, by=None, report: ImportReport | None = None, max_articles: int | None = None
    ):
        self.by = by
        self.report = report or ImportReport()
        self.max_articles = max_articles
        self._read = 0  # articles read from files, good or bad
        self._pending: list[ArticleRecord] = []

    def _full(self) -> bool:
        return self.max_articles is not None and self._read >= self.max_articles

    def _refuse_rest(self, name: str, count: int) -> None:
        self.report.failed.append(
            (
                name,
                f"not imported: one import holds at most {self.max_articles:,} articles "
                f"({count:,} more {'was' if count == 1 else 'were'} left in this file); "
                "import the rest separately",
            )
        )

    def add_source(self, name: str, data: bytes | BadInput) -> None:
        if isinstance(data, BadInput):
            self.report.failed.append((name, str(data)))
            return
        if len(data) > MAX_FILE_BYTES:
            self.report.failed.append(
                (name, f"too large ({len(data):,} bytes); at most {MAX_FILE_BYTES:,} per file")
            )
            return
        if self._full():
            self.report.failed.append(
                (name, f"not read: one import holds at most {self.max_articles:,} articles")
            )
            return
        try:
            parsed = parse_file(name, data)
        except BadInput as error:
            self.report.failed.append((name, str(error)))
            return
        for item in parsed:
            if self._full():
                self._refuse_rest(name, 1 + sum(1 for _ in parsed))
                break
            self._read += 1
            if isinstance(item, BadInput):
                self.report.failed.append((item.origin or name, str(item)))
            else:
                self.add(item)

    def add(self, record: ArticleRecord) -> None:
        self._pending.append(record)
        if len(self._pending) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        batch, self._pending = self._pending, []
        if batch:
            self._store(batch)

    def _build(self, record: ArticleRecord) -> Article:
        article = Article(
            title=record.title,
            body=record.body,
            source=record.source,
            url=record.url,
            published_on=record.published_on,
            created_by=self.by,
        )
        article.normalise()
        try:
            article.clean_fields(exclude=["content_hash", "created_by"])
        except ValidationError as error:
            raise BadInput(
                "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in error.message_dict.items())
            ) from None
        return article

    def _store(self, batch: list[ArticleRecord]) -> None:
        created_before, updated_before = len(self.report.created), len(self.report.updated)
        built: list[tuple[ArticleRecord, Article]] = []
        for record in batch:
            try:
                built.append((record, self._build(record)))
            except BadInput as error:
                self.report.failed.append((record.origin, str(error)))
        hashes = {a.content_hash for _, a in built}
        urls = {a.url for _, a in built if a.url}
        known_hashes = dict(
            Article.objects.filter(content_hash__in=hashes).values_list("content_hash", "pk")
        )
        by_url = {a.url: a for a in Article.objects.filter(url__in=urls)} if urls else {}
        new: list[tuple[ArticleRecord, Article]] = []
        for record, article in built:
            if article.content_hash in known_hashes:
                twin = known_hashes[article.content_hash]
                self.report.skipped.append(
                    (
                        record.origin,
                        f"same text as article {twin}"
                        if twin is not None
                        else "same text as another file of this import",
                    )
                )
                continue
            existing = by_url.get(article.url)
            if existing is not None:
                refusal = self._update_text(existing, article, record.origin)
                if refusal:
                    self.report.failed.append((record.origin, refusal))
                    continue
                known_hashes[article.content_hash] = existing.pk
                self.report.updated.append((record.origin, existing))
                continue
            known_hashes[article.content_hash] = None
            if article.url:
                by_url[article.url] = article
            new.append((record, article))
        self._create(new)
        # Analyses of the texts stored now, queued as each batch commits.
        stored = {a.content_hash for _, a in self.report.created[created_before:]}
        stored |= {a.content_hash for _, a in self.report.updated[updated_before:]}
        analyses_request(stored)

    def _update_text(self, existing: Article, article: Article, origin: str) -> str | None:
        """A new text for the article under the same url: a revision, its statements
        re-anchored on it. Why not, when it may not be."""
        try:
            with transaction.atomic():
                revisions.article_revise(
                    article=existing, body=article.body, by=self.by, origin=origin
                )
                for name in ("title", "source", "published_on"):
                    setattr(existing, name, getattr(article, name))
                existing.save(update_fields=["title", "source", "published_on", "updated_at"])
        except PermissionDenied as error:
            return f"article {existing.pk} has the same url and another text: {error}"
        except ValidationError as error:
            return f"article {existing.pk} has the same url: " + " ".join(error.messages)
        return None

    def _create(self, new: list[tuple[ArticleRecord, Article]]) -> None:
        if not new:
            return
        try:
            with transaction.atomic():
                Article.objects.bulk_create([article for _, article in new])
        except IntegrityError:
            # Someone stored one of these meanwhile: fall back to one at a time.
            for record, article in new:
                try:
                    with transaction.atomic():
                        article.save()
                except IntegrityError:
                    self.report.skipped.append(
                        (record.origin, "stored by another import meanwhile")
                    )
                else:
                    self.report.created.append((record.origin, article))
            return
        self.report.created.extend((record.origin, article) for record, article in new)


def import_sources(
    sources: Iterable[tuple[str, bytes | BadInput]],
    *,
    by=None,
    progress: Callable[[int], None] | None = None,
    max_articles: int | None = None,
) -> ImportReport:
    """Import (name, bytes) pairs; bad ones are reported, the rest still import."""
    importer = Importer(by=by, max_articles=max_articles)
    for count, (name, data) in enumerate(sources, 1):
        importer.add_source(name, data)
        if progress is not None:
            progress(count)
    importer.flush()
    report = importer.report
    if len(report.created) + len(report.updated) + report.statements_created >= planner.STALE_ROWS:
        planner.refresh()  # a bulk load: later reads must not be planned for the old sizes
    return report


def import_paths(paths, *, by=None, progress=None) -> ImportReport:
    return import_sources(read_sources(paths), by=by, progress=progress)
