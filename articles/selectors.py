"""The statement record: every field a statement is read with, declared once.

The API's list and detail, the four exports, the history snapshot and the agreement
report all read statements as records: dicts keyed by the names in `FIELDS`, fetched
with one `values_list` query (plus one for the topics). Each field says where it comes
from (a lookup on Statement), what kind of value it is, and which outputs carry it;
the encoders (articles/api/serializers.py, articles/exporters.py, articles/history.py)
read records by name. A new field is one line here, plus its model field if it is new.

Times and dates arrive in a record as the text each output shows (the database writes
it where it can, see iso_times), so encoders never format values themselves.
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings

from .iso_times import UTC_OFFSET, ZULU, IsoTime, formatted_by_database
from .models import Article, Statement
from .permissions import change_refusal

if TYPE_CHECKING:
    from .roles import AnyUser

# Kinds of value: how an output encodes them (CSV neutralises TEXT; the schema types them).
INTEGER = "integer"
TEXT = "text"  # free text: may start with a spreadsheet formula character
CHOICE = "choice"  # one of a model field's choices
TIME = "time"
DATE = "date"
TOPIC_IDS = "topic ids"  # read by the topics query, not by the values query
TOPIC_NAMES = "topic names"

# Outputs.
API = "api"
EXPORT = "export"  # CSV, JSON and JSON Lines
JSONLD = "jsonld"  # a property of its own in a Web Annotation (beyond the W3C terms)
HISTORY = "history"  # the snapshot of each history entry
EVERY_OUTPUT = frozenset({API, EXPORT, JSONLD, HISTORY})


@dataclass(frozen=True)
class Field:
    name: str  # the key in records, CSV headers, JSON exports and history snapshots
    source: str  # the lookup on Statement it is read from
    kind: str = INTEGER
    outputs: frozenset[str] = EVERY_OUTPUT
    null: bool = False
    api_name: str = ""  # the key in the API, when it is not `name`
    group: str = ""  # the object the JSON exports nest it in, as {group: {key: value}}
    history_name: str = ""  # the key in history snapshots, when it is not `name`
    # Where the lookup finds nothing: another lookup to read, or a value.
    fallback: str = ""
    default: Any = None

    @property
    def api_key(self) -> str:
        return self.api_name or self.name

    @property
    def json_key(self) -> str:
        return self.name.removeprefix(f"{self.group}_") if self.group else self.name

    @property
    def history_key(self) -> str:
        return self.history_name or self.name


def _only(*outputs: str) -> frozenset[str]:
    return frozenset(outputs)


# In CSV column order; the API and the JSON exports keep the same order.
FIELDS: tuple[Field, ...] = (
    Field("id", "id"),
    Field("quote", "quote", TEXT),
    Field("start", "start"),
    Field("end", "end"),
    Field("stance", "stance", CHOICE, _only(API, EXPORT, HISTORY)),
    Field("topic_ids", "topics", TOPIC_IDS, _only(API, HISTORY), api_name="topics"),
    Field("topics", "topics", TOPIC_NAMES, _only(API, EXPORT, HISTORY), api_name="topic_names"),
    Field("status", "status", CHOICE),
    Field("note", "note", TEXT, _only(API, EXPORT, HISTORY)),
    Field("speaker_id", "speaker_id", outputs=_only(API, EXPORT, HISTORY), api_name="speaker",
          group="speaker"),
    Field("speaker_name", "speaker__name", TEXT, _only(API, EXPORT, HISTORY), group="speaker",
          history_name="speaker"),
    Field("speaker_kind", "speaker__kind", CHOICE, _only(EXPORT), group="speaker"),
    Field("speaker_role", "speaker__role", TEXT, _only(EXPORT), group="speaker"),
    Field("speaker_organisation", "speaker__organisation", TEXT, _only(EXPORT), group="speaker"),
    Field("article_id", "article_id", outputs=_only(API, EXPORT), api_name="article",
          group="article"),
    Field("article_title", "article__title", TEXT, _only(API, EXPORT), group="article"),
    Field("article_url", "article__url", TEXT, _only(EXPORT), group="article"),
    Field("article_source", "article__source", TEXT, _only(EXPORT), group="article"),
    Field("article_published_on", "article__published_on", DATE, _only(EXPORT), null=True,
          group="article"),
    Field("created_by", "created_by__username", TEXT, _only(API, EXPORT), null=True),
    Field("reviewed_by", "reviewed_by__username", TEXT, _only(API, EXPORT), null=True),
    Field("reviewed_at", "reviewed_at", TIME, _only(API, EXPORT), null=True),
    Field("updated_by", "updated_by__username", TEXT, null=True),
    Field("review_comment", "review_comment", TEXT, _only(API)),
    Field("version", "version", outputs=_only(API)),
    Field("comment_count", "comment_count", outputs=_only(API)),
    # The text the offsets point into: its revision (1, the text as first stored, has no
    # row until the text first changes) and content hash; where the statement stands.
    Field("revision", "revision__number", default=1),
    Field("revision_hash", "revision__content_hash", TEXT, _only(EXPORT, JSONLD),
          fallback="article__content_hash"),
    Field("anchor", "anchor", CHOICE),
    Field("recheck_quote", "recheck_quote", TEXT, _only(API)),
    # The claim its words belong to, and in how many articles that claim stands.
    Field("claim", "claim_id", outputs=_only(API, EXPORT), null=True),
    Field("claim_articles", "claim__article_count", outputs=_only(API), null=True),
    Field("created_at", "created_at", TIME, _only(API, EXPORT)),
    Field("updated_at", "updated_at", TIME, _only(API, EXPORT)),
    # Read for the per-user facts (who may change it), shown by no output.
    Field("created_by_id", "created_by_id", outputs=frozenset(), null=True),
)  # fmt: skip


def fields_for(output: str) -> list[Field]:
    return [field for field in FIELDS if output in field.outputs]


def field_named(name: str) -> Field:
    for field in FIELDS:
        if field.name == name:
            return field
    raise KeyError(name)


Record = dict[str, Any]

# Ids per topics query; far above any real article's statement count.
_ID_BATCH = 10_000
_DRF_TIME = serializers.DateTimeField()  # stateless; formats as the API's DateTimeFields


def _api_times_in_utc() -> bool:
    """Whether the API shows times in UTC, as ISO 8601 (what the database can write)."""
    output = getattr(_DRF_TIME, "format", api_settings.DATETIME_FORMAT)
    zone = _DRF_TIME.default_timezone()
    in_utc = zone is datetime.UTC or getattr(zone, "key", None) in {"UTC", "Etc/UTC"}
    return in_utc and output is not None and output.lower() == ISO_8601


def _api_time() -> Callable[[Any], str | None]:
    """DateTimeField.to_representation, with the time zone looked up once per read."""
    zone: datetime.tzinfo | None = _DRF_TIME.default_timezone()  # type: ignore[assignment]  # stubs: str
    output = getattr(_DRF_TIME, "format", api_settings.DATETIME_FORMAT)
    if zone is None or output is None or output.lower() != ISO_8601:
        return _DRF_TIME.to_representation

    def as_time(value: datetime.datetime | None) -> str | None:
        if not value:
            return None
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return as_time


def _export_time(value: datetime.date | None) -> str | None:
    return None if value is None else value.isoformat()


_NO_TOPICS: tuple[list, list] = ([], [])


@dataclass
class Plan:
    """How to read some fields in one values_list query, and how to read them back.

    `value(name)` is the expression for field `name` in a function of (row, topics,
    context) that `compile` writes out: the encoders below and in exporters.py are such
    functions, made from the declaration, with no loop over the fields per statement.
    """

    fields: list[Field]
    expressions: dict[str, Any]
    converters: dict[str, Callable]
    topics: list[Field]

    @functools.cached_property
    def index(self) -> dict[str, int]:
        return {name: position for position, name in enumerate(self.expressions)}

    def value(self, name: str) -> str:
        if name in ("prefix", "suffix"):  # cut from the body (record_chunks, with context)
            return f"context[row[0]][{0 if name == 'prefix' else 1}]"
        field = field_named(name)
        if field.kind in (TOPIC_IDS, TOPIC_NAMES):
            part = 0 if field.kind == TOPIC_IDS else 1
            return f"list(topics.get(row[0], no_topics)[{part}])"
        position = self.index[name]
        if name in self.converters:
            return f"convert_{position}(row[{position}])"
        return f"row[{position}]"

    def compile(self, expression: str, namespace: dict[str, Any] | None = None) -> Callable:
        names: dict[str, Any] = {"no_topics": _NO_TOPICS, **(namespace or {})}
        for name, convert in self.converters.items():
            names[f"convert_{self.index[name]}"] = convert
        return generated("row, topics, context", expression, names)

    def record(self, names: Iterable[str]) -> Callable[[tuple, dict, dict | None], Record]:
        """A function of (row, topics, context) giving the record of the fields `names`."""
        return self.compile("{" + ", ".join(f"{n!r}: {self.value(n)}" for n in names) + "}")


def _plan(queryset: QuerySet, fields: Iterable[Field], *, for_api: bool) -> Plan:
    fields = list(fields)
    database_times = formatted_by_database(queryset) and (not for_api or _api_times_in_utc())
    suffix = ZULU if for_api else UTC_OFFSET
    python_time = _api_time() if for_api else _export_time
    expressions: dict[str, Any] = {}
    converters: dict[str, Callable] = {}
    for field in fields:
        if field.kind in (TOPIC_IDS, TOPIC_NAMES):
            continue
        if field.kind == TIME and database_times:
            expressions[field.name] = IsoTime(field.source, suffix=suffix)
        elif field.fallback or field.default is not None:
            otherwise = F(field.fallback) if field.fallback else Value(field.default)
            expressions[field.name] = Coalesce(F(field.source), otherwise)
        else:
            expressions[field.name] = field.source
            if field.kind == TIME:
                converters[field.name] = python_time
            elif field.kind == DATE:
                converters[field.name] = _export_time
    topics = [field for field in fields if field.kind in (TOPIC_IDS, TOPIC_NAMES)]
    return Plan(fields, expressions, converters, topics)


def _rows(queryset: QuerySet, plan: Plan) -> QuerySet:
    # Lookups go to values_list as they are; expressions (times the database writes)
    # are annotated under a private alias (a name like "id" would clash with a field).
    aliases = {
        f"r_{name}": expression
        for name, expression in plan.expressions.items()
        if not isinstance(expression, str)
    }
    columns = [
        expression if isinstance(expression, str) else f"r_{name}"
        for name, expression in plan.expressions.items()
    ]
    return queryset.annotate(**aliases).values_list(*columns)


def generated(arguments: str, expression: str, namespace: dict[str, Any]) -> Callable:
    """A function returning `expression`, written out from the declaration.

    As dataclasses writes `__init__`: an encoder with no loop over the fields for each
    statement, which is most of an export's time once the rows are read. Each text is
    compiled once; `namespace` gives the names it reads (converters, rules).
    """
    names = tuple(sorted(namespace))
    return _compiled(arguments, expression, names)(*(namespace[name] for name in names))


@functools.lru_cache(maxsize=128)
def _compiled(arguments: str, expression: str, names: tuple[str, ...]) -> Callable:
    # The text is made from FIELDS only (names written with repr), never from input.
    return eval(f"lambda {', '.join(names)}: lambda {arguments}: {expression}", {})


def key(name: str) -> str:
    """The expression reading field `name` of a record `r` (for `generated`)."""
    return f"r[{name!r}]"


def _topics(
    statement_ids: list[int], *, of_article: int | None = None
) -> dict[int, tuple[list[int], list[str]]]:
    """Topic ids and names of each statement, in the topics' own order (by name).

    A list of ids, not a subquery: PostgreSQL answers `IN (subquery)` by scanning the
    whole link table, a list by its index. The ORM prepares a list one id at a time,
    so statements that are every statement of one article are found by the article,
    and ids that fill most of their range (an export's chunk) by the range.
    """
    through = Statement.topics.through
    found: dict[int, tuple[list[int], list[str]]] = defaultdict(lambda: ([], []))
    wanted = None
    if of_article is not None:
        batches: list[dict[str, Any]] = [{"statement__article_id": of_article}]
    elif statement_ids and max(statement_ids) - min(statement_ids) < 2 * len(statement_ids):
        batches = [
            {"statement_id__gte": min(statement_ids), "statement_id__lte": max(statement_ids)}
        ]
        wanted = set(statement_ids)
    else:
        batches = [
            {"statement_id__in": statement_ids[at : at + _ID_BATCH]}
            for at in range(0, len(statement_ids), _ID_BATCH)
        ]
    for batch in batches:
        pairs = (
            through.objects.filter(**batch)
            .order_by("statement_id", "topic__name", "topic_id")
            .values_list("statement_id", "topic_id", "topic__name")
        )
        for statement_id, topic_id, name in pairs:
            if wanted is not None and statement_id not in wanted:
                continue
            ids, names = found[statement_id]
            ids.append(topic_id)
            names.append(name)
    return found


def records(
    queryset: QuerySet[Statement],
    names: Iterable[str],
    *,
    for_api: bool = False,
    all_of_article: int | None = None,
) -> list[Record]:
    """The records of `queryset` with the fields `names` (`id` first), in its order.

    Two queries, one without topics. `for_api`: times as the API writes them.
    `all_of_article`: the statements are every statement of this article, so their
    topics can be found by the article.
    """
    names = list(names)
    plan = _plan(queryset, [field_named(name) for name in names], for_api=for_api)
    rows = list(_rows(queryset, plan))
    topics = _topics([row[0] for row in rows], of_article=all_of_article) if plan.topics else {}
    make = plan.record(names)
    return [make(row, topics, None) for row in rows]


def in_order(found: list[Record], ids: list[int]) -> list[Record]:
    """`found`, the records of the statements `ids`, in the order of `ids` (a page's)."""
    position = {pk: index for index, pk in enumerate(ids)}
    return sorted(found, key=lambda record: position[record["id"]])


CONTEXT_CHARS = 32
# Article bodies read at once when exporting with context: a bound on memory.
BODY_BATCH = 50


@dataclass
class Chunk:
    """Rows of an export (see Plan), with their topics and, when asked, context."""

    rows: list[tuple]
    topics: dict[int, tuple[list[int], list[str]]]
    context: dict[int, tuple[str, str]]

    def __len__(self) -> int:
        return len(self.rows)


def export_plan(queryset: QuerySet[Statement]) -> Plan:
    """What exports read: every exported field, and those JSON-LD adds."""
    fields = fields_for(EXPORT) + [f for f in fields_for(JSONLD) if EXPORT not in f.outputs]
    return _plan(queryset, fields, for_api=False)


def record_chunks(
    queryset: QuerySet[Statement], plan: Plan, *, chunk_size: int, with_context: bool = False
) -> Iterator[Chunk]:
    """The rows of `plan` for `queryset` in id order, `chunk_size` at a time.

    Keyset pagination: two queries a chunk (three with context), whatever the total.
    With context, each statement's `prefix` and `suffix` around its quote (CONTEXT_CHARS
    each, for a TextQuoteSelector) can be read too.
    """
    base = _rows(queryset.order_by(), plan).order_by("id")
    index = plan.index
    last_id = 0
    while True:
        rows = list(base.filter(id__gt=last_id)[:chunk_size])
        if not rows:
            return
        last_id = rows[-1][0]
        chunk = Chunk(rows, _topics([row[0] for row in rows]), {})
        if with_context:
            chunk.context = _context(rows, index["article_id"], index["start"], index["end"])
        yield chunk
        if len(rows) < chunk_size:
            return


def _context(
    rows: list[tuple], article_at: int, start_at: int, end_at: int
) -> dict[int, tuple[str, str]]:
    """Each row's prefix and suffix, cut from its article's body, read once a chunk.

    Cutting them in SQL made PostgreSQL decompress the whole body twice a statement.
    """
    by_article: dict[int, list[tuple]] = defaultdict(list)
    for row in rows:
        by_article[row[article_at]].append(row)
    found: dict[int, tuple[str, str]] = {}
    article_ids = list(by_article)
    for at in range(0, len(article_ids), BODY_BATCH):
        group = article_ids[at : at + BODY_BATCH]
        for article_id, body in Article.objects.filter(pk__in=group).values_list("pk", "body"):
            for row in by_article[article_id]:
                start, end = row[start_at], row[end_at]
                found[row[0]] = (
                    body[max(0, start - CONTEXT_CHARS) : start],
                    body[end : end + CONTEXT_CHARS],
                )
    return found


def _attribute(instance: object, source: str) -> Any:
    """The value a lookup names, read off a model instance ("speaker__name")."""
    value = instance
    for name in source.split("__"):
        if value is None:
            return None
        value = getattr(value, name)
    return value


def record_of(statement: Statement, names: Iterable[str], *, for_api: bool = True) -> Record:
    """The record of a statement already in memory, as `records` would fetch it.

    For the answer to a write, which holds the statement it just stored: relations not
    loaded are read as Django reads them, topics from `statement.topics.all()`.
    """
    as_time = _api_time() if for_api else _export_time
    record: Record = {}
    topics = None
    for field in map(field_named, names):
        if field.kind in (TOPIC_IDS, TOPIC_NAMES):
            if topics is None:
                topics = sorted(statement.topics.all(), key=lambda t: (t.name, t.pk))
            attribute = "pk" if field.kind == TOPIC_IDS else "name"
            record[field.name] = [getattr(topic, attribute) for topic in topics]
            continue
        value = _attribute(statement, field.source)
        if value is None:
            value = _attribute(statement, field.fallback) if field.fallback else field.default
        if field.kind == TIME:
            value = as_time(value)
        elif field.kind == DATE:
            value = _export_time(value)
        record[field.name] = value
    return record


# What the per-user facts are decided by.
_FACT_FIELDS = ("created_by_id", "created_by", "status")
API_KEYS = [field.api_key for field in fields_for(API)] + ["can_change", "read_only_reason"]


def _api_names() -> list[str]:
    return list(dict.fromkeys(["id", *(f.name for f in fields_for(API)), *_FACT_FIELDS]))


def _api_items(value: Callable[[str], str]) -> str:
    """The API's answer for a statement, as the expression of a dict display."""
    facts = ", ".join(f"{name}={value(name)}" for name in _FACT_FIELDS)
    items = [f"{field.api_key!r}: {value(field.name)}" for field in fields_for(API)]
    # What the user may do: one call of the rule, read by both keys.
    items += [f"'can_change': (reason := refusal({facts})) is None", "'read_only_reason': reason"]
    return "{" + ", ".join(items) + "}"


def api_records(
    queryset: QuerySet[Statement], user: AnyUser, *, all_of_article: int | None = None
) -> list[dict]:
    """Statements as the API shows them to `user`, in `queryset`'s order (two queries)."""
    plan = _plan(queryset, map(field_named, _api_names()), for_api=True)
    rows = list(_rows(queryset, plan))
    topics = _topics([row[0] for row in rows], of_article=all_of_article)
    encode = plan.compile(_api_items(plan.value), {"refusal": change_refusal(user)})
    return [encode(row, topics, None) for row in rows]


def api_record_of(statement: Statement, user: AnyUser) -> dict:
    """A statement in memory as the API shows it to `user` (see record_of)."""
    encode = generated("r", _api_items(key), {"refusal": change_refusal(user)})
    return encode(record_of(statement, _api_names()))
