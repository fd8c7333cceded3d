"""Reading brat standoff annotations: a .txt article with its .ann attributions.

An `.ann` file holds one annotation a line. Text-bound lines name a span of the
.txt file (`T3<TAB>Content 25 53;60 70<TAB>the text`, offsets in code points of the
file as written, fragments joined by a space in the text column); event lines tie
them together (`E1<TAB>Attribution:T4 Source:T1 Cue:T2 Content:T3`); attribute
lines qualify an event (`A1<TAB>Stance E1 warning`). Other kinds (relations,
notes, normalisations) are ignored.

Each attribution with a content becomes a pending statement of the stored article:
its span runs from the first character of its content to the last (fragments and
all), mapped through the normalisation of the body. Its source becomes the speaker
(a pronoun stands for the nearest named source before it in the file), the cue and
the source as written go in the note.

A bad line is reported as `path:line: message` and skipped, with whatever depends
on it; the rest of the file still imports. A file that cannot be read at all is
reported and imports nothing.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .importers import (
    MAX_FILE_BYTES,
    ArticleRecord,
    BadInput,
    Importer,
    ImportReport,
    decode,
    parse_txt,
    split_header,
)
from .models import Article, Speaker, SpeakerKind, Stance, Statement
from .services import statements_bulk_create
from .suggest.names import clean_name
from .suggest.phrases import ORGANISATION_NOUNS, base_word
from .suggest.stance import likeliest
from .text import content_hash, normalise_line, offset_map

ANN_SUFFIX = ".ann"
UNATTRIBUTED = "Unattributed"
MAX_LINES = 100_000
MAX_NOTE_PART = 300
MAX_NAME_LENGTH = 200
# How many articles wait before their statements are stored together.
BATCH_SIZE = 200

ROLES = ("Source", "Cue", "Content")
PRONOUNS = frozenset(
    (
        "i", "me", "my", "mine", "we", "us", "our", "ours", "you", "your", "yours", "he", "him",
        "his", "she", "her", "hers", "it", "its", "they", "them", "their", "theirs", "who",
        "whom", "whose", "which", "that", "this", "these", "those", "one",
    )
)  # fmt: skip
# Titles before a name: "Mr. Obama", "Mayor Jane Ruiz", "Vice President Pence".
_HONORIFICS = re.compile(
    r"^(?:(?:mr|mrs|ms|miss|dr|prof|sen|rep|gov|gen|rev)\.?|(?:vice )?president|senator"
    r"|governor|mayor|minister|prime minister|chancellor|judge|secretary)\s+(?=(?-i:[A-Z]))",
    re.IGNORECASE,
)
_LEADING_DETERMINER = re.compile(r"^(?:a|an|the|another|one|some)\b", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_EDGES = " \t\n\"'“”‘’«»()[]{}.,;:!?—–-"
_ORGANISATION_WORDS = frozenset(
    (
        "administration", "agency", "army", "association", "bank", "board", "bureau", "campaign",
        "commission", "committee", "company", "congress", "corporation", "council", "court",
        "department", "embassy", "foundation", "government", "group", "inc", "institute",
        "league", "ministry", "network", "office", "organisation", "organization", "party",
        "police", "senate", "service", "union", "university",
    )
)  # fmt: skip
_STANCES = {value for value, _ in Stance.choices}
_ID = re.compile(r"^[A-Za-z#*]\d*\t")
_SPAN = re.compile(r"^(\d+) (\d+)$")


@dataclass(frozen=True)
class TextBound:
    id: str
    label: str
    fragments: tuple[tuple[int, int], ...]
    text: str
    line: int

    @property
    def start(self) -> int:
        return min(start for start, _ in self.fragments)

    @property
    def end(self) -> int:
        return max(end for _, end in self.fragments)


@dataclass
class Event:
    id: str
    label: str
    roles: list[tuple[str, str]]  # (role without its number, text-bound id)
    line: int


@dataclass
class Attribution:
    """One attribution of a file, its spans in the file's own offsets."""

    start: int
    end: int
    source: TextBound | None
    cue: TextBound | None
    stance: str | None
    line: int


@dataclass
class Annotations:
    attributions: list[Attribution] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (path:line, message)


def parse_ann(ann: str, text: str, origin: str) -> Annotations:
    """Every attribution of `ann` that points into `text`; a problem for each bad line."""
    result = Annotations()
    bounds: dict[str, TextBound] = {}
    events: list[Event] = []
    stances: dict[str, tuple[str, int]] = {}
    lines = ann.split("\n")
    if len(lines) > MAX_LINES:
        raise BadInput(f"too many lines ({len(lines)}); at most {MAX_LINES} are read")
    number = 0
    while number < len(lines):
        line = lines[number].rstrip("\r")
        number += 1
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        kind = line[0]
        try:
            if not _ID.match(line):
                raise BadInput("not a brat annotation line (expected an id, a tab, then fields)")
            if kind == "T":
                bound, number = _text_bound(line, number, lines, text)
                if bound.id in bounds:
                    raise BadInput(f"{bound.id} is defined twice")
                bounds[bound.id] = bound
            elif kind == "E":
                events.append(_event(line, number))
            elif kind == "A":
                target, value = _stance_attribute(line)
                if target is not None:
                    stances[target] = (value, number)
        except BadInput as error:
            result.problems.append((where, str(error)))
    for event in events:
        try:
            attribution = _attribution(event, bounds, stances)
        except BadInput as error:
            result.problems.append((f"{origin}:{event.line}", str(error)))
            continue
        if attribution is not None:
            result.attributions.append(attribution)
    for target, (_, number) in stances.items():
        if not any(event.id == target for event in events):
            result.problems.append(
                (f"{origin}:{number}", f"the Stance attribute names {target}, no such event")
            )
    return result


def _text_bound(line: str, number: int, lines: list[str], text: str) -> tuple[TextBound, int]:
    first = number
    parts = line.split("\t", 2)
    if len(parts) < 2 or " " not in parts[1]:
        raise BadInput("expected T<n><TAB><label> <start> <end>[;<start> <end>...]<TAB><text>")
    label, spans = parts[1].split(" ", 1)
    fragments = []
    for piece in spans.split(";"):
        match = _SPAN.match(piece.strip())
        if not match:
            raise BadInput(f"bad offsets {piece!r}: expected '<start> <end>'")
        start, end = int(match[1]), int(match[2])
        if end <= start:
            raise BadInput(f"bad offsets {start} {end}: the end must be after the start")
        if end > len(text):
            raise BadInput(
                f"offsets {start} {end} run past the end of the text ({len(text)} characters)"
            )
        fragments.append((start, end))
    ordered = sorted(fragments)
    for (_, end), (start, _) in itertools.pairwise(ordered):
        if start < end:
            raise BadInput(f"the fragments of {parts[0]} overlap")
    written = parts[2] if len(parts) > 2 else ""
    expected = " ".join(text[start:end] for start, end in fragments)
    # brat writes a span's text as it is, newlines included: they continue on the next lines.
    while written != expected and expected.startswith(written) and number < len(lines):
        written += "\n" + lines[number].rstrip("\r")
        number += 1
    if written != expected:
        raise BadInput(
            f"{parts[0]} says {_short(written)} but the text at {spans} reads {_short(expected)}"
        )
    return TextBound(parts[0], label, tuple(fragments), expected, first), number


def _event(line: str, number: int) -> Event:
    parts = line.split("\t")
    arguments = parts[1].split() if len(parts) > 1 else []
    if not arguments or ":" not in arguments[0]:
        raise BadInput("expected E<n><TAB><Type>:<trigger> <Role>:<id> ...")
    label = arguments[0].split(":", 1)[0]
    roles = []
    for argument in arguments[1:]:
        role, _, target = argument.partition(":")
        if not target:
            raise BadInput(f"bad argument {argument!r}: expected <Role>:<id>")
        roles.append((role.rstrip("0123456789"), target))
    return Event(parts[0], label, roles, number)


def _stance_attribute(line: str) -> tuple[str | None, str]:
    parts = line.split("\t")
    fields = parts[1].split() if len(parts) > 1 else []
    if len(fields) < 2:
        raise BadInput("expected A<n><TAB><Attribute> <id> [<value>]")
    if fields[0].casefold() != "stance":
        return None, ""
    value = fields[2].casefold() if len(fields) > 2 else ""
    if value not in _STANCES:
        raise BadInput(
            f"unknown stance {value or '(none)'!r}: use one of {', '.join(sorted(_STANCES))}"
        )
    return fields[1], value


def _attribution(
    event: Event, bounds: dict[str, TextBound], stances: dict[str, tuple[str, int]]
) -> Attribution | None:
    if not event.label.startswith("Attribution"):
        return None
    found: dict[str, list[TextBound]] = {role: [] for role in ROLES}
    for role, target in event.roles:
        if role not in found:
            continue
        bound = bounds.get(target)
        if bound is None:
            raise BadInput(
                f"{event.id} names {target} as its {role}, but {target} is not defined "
                "(or its line was bad)"
            )
        found[role].append(bound)
    contents = found["Content"]
    if not contents:
        return None
    return Attribution(
        start=min(b.start for b in contents),
        end=max(b.end for b in contents),
        source=found["Source"][0] if found["Source"] else None,
        cue=found["Cue"][0] if found["Cue"] else None,
        stance=stances.get(event.id, (None, 0))[0],
        line=event.line,
    )


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


# Speakers ----------------------------------------------------------------------


_NAME_BEFORE_BODY = re.compile(
    r"((?:[A-Z][\w.'’-]*\s+){1,3}[A-Z][\w'’-]+)\s+(?:of|at|from|for)\s+\S"
)


def is_pronoun(phrase: str) -> bool:
    return phrase.strip(_EDGES).casefold() in PRONOUNS


def speaker_name(phrase: str) -> str:
    """The name a source phrase gives: no honorific, apposition or possessive."""
    parts = [p.strip(_EDGES) for p in normalise_line(phrase).split(",")]
    parts = [p for p in parts if p]
    if not parts:
        return ""
    name = parts[0]
    # "Another critic, Laurence H. Tribe," names the person second.
    if _LEADING_DETERMINER.match(name) and len(parts) > 1 and parts[1][:1].isupper():
        name = parts[1]
    name = _POSSESSIVE.sub("", _HONORIFICS.sub("", name)).strip(_EDGES)
    # "Claire McCaskill (D-Mo.)", "But Blinken"
    name = clean_name(name, keep_determiner=True) or name
    leading = _NAME_BEFORE_BODY.match(name)
    if leading and base_word(leading.group(1).split()[-1]) not in ORGANISATION_NOUNS:
        # "Dan McLaughlin at the National Review", not "the Federal Bureau of Prisons"
        name = leading.group(1)
    if len(name) > MAX_NAME_LENGTH:
        name = name[:MAX_NAME_LENGTH].rsplit(" ", 1)[0]
    return name


def speaker_kind(name: str) -> str:
    words = {w.casefold().strip(_EDGES) for w in name.split()}
    return SpeakerKind.ORGANISATION if words & _ORGANISATION_WORDS else SpeakerKind.PERSON


def resolve_sources(attributions: list[Attribution]) -> list[str]:
    """The speaker name of each attribution: pronouns stand for the nearest named one before."""
    named = sorted(
        (a.source.start, speaker_name(a.source.text))
        for a in attributions
        if a.source is not None and not is_pronoun(a.source.text)
    )
    named = [(start, name) for start, name in named if name]
    starts = [start for start, _ in named]
    names = []
    for attribution in attributions:
        source = attribution.source
        if source is None:
            names.append(UNATTRIBUTED)
        elif is_pronoun(source.text):
            i = bisect.bisect_left(starts, source.start)
            names.append(named[i - 1][1] if i else UNATTRIBUTED)
        else:
            names.append(speaker_name(source.text) or UNATTRIBUTED)
    return names


class SpeakerRegistry:
    """Registered speakers by name and alias (ignoring case); unknown names are created."""

    def __init__(self):
        self._ids: dict[str, int] = {}
        rows = list(Speaker.objects.values_list("id", "name", "aliases"))
        for pk, _name, aliases in rows:
            for alias in aliases or ():
                if isinstance(alias, str):
                    self._ids.setdefault(normalise_line(alias).casefold(), pk)
        for pk, name, _aliases in rows:  # a name wins over another speaker's alias
            self._ids[name.casefold()] = pk

    def ids(self, names: Iterable[str]) -> dict[str, int]:
        """Speaker id by case-folded name."""
        wanted: dict[str, str] = {}
        for name in names:
            wanted.setdefault(name.casefold(), name)
        missing = {key: name for key, name in wanted.items() if key not in self._ids}
        if missing:
            Speaker.objects.bulk_create(
                [
                    Speaker(name=name, kind=speaker_kind(name), search_names=name.casefold())
                    for name in missing.values()
                ],
                ignore_conflicts=True,  # another import may create one of them meanwhile
            )
            # Read back by exact name: the database's lower() may differ from casefold().
            names = list(missing.values())
            for i in range(0, len(names), 500):
                for pk, name in Speaker.objects.filter(name__in=names[i : i + 500]).values_list(
                    "id", "name"
                ):
                    self._ids.setdefault(name.casefold(), pk)
            if any(key not in self._ids for key in missing):
                # Stored meanwhile under another case: look through every name once.
                for pk, name in Speaker.objects.values_list("id", "name"):
                    self._ids.setdefault(name.casefold(), pk)
        return {key: self._ids[key] for key in wanted if key in self._ids}


# Import ------------------------------------------------------------------------


@dataclass
class _Pending:
    origin: str
    body: str
    hash: str
    statements: list[tuple[int, int, str, str, str, int]]  # start, end, speaker, stance, note, line


def find_annotations(text_paths: list[Path], directory: Path | None) -> dict[Path, list[Path]]:
    """The .ann files of each .txt: beside it, or in `directory`, by the same stem.

    In `directory` a file may also carry a suffix after the stem (`article_4e07.ann`,
    one file per annotator).
    """
    found: dict[Path, list[Path]] = {}
    for path in text_paths:
        beside = path.with_suffix(ANN_SUFFIX)
        if beside.is_file():
            found.setdefault(path, []).append(beside)
    if directory is not None:
        by_stem = {path.stem: path for path in text_paths}
        for ann in sorted(directory.glob(f"*{ANN_SUFFIX}")):
            text = by_stem.get(ann.stem) or by_stem.get(ann.stem.rsplit("_", 1)[0])
            if text is not None and ann not in found.get(text, []):
                found.setdefault(text, []).append(ann)
    return found


def source_from_name(name: str) -> str:
    """The outlet a file name starts with: `nyt_2016-09-08_…` or `nyt-…` → nyt."""
    stem = Path(name).stem
    return stem.split("_", 1)[0] if "_" in stem else stem.split("-", 1)[0]


class BratImporter:
    """Stores articles and their attributions in batches, along the plain importer."""

    def __init__(
        self,
        *,
        by,
        report: ImportReport,
        importer: Importer,
        source: str = "",
        source_from_name: bool = False,
        stance: str | None = None,
    ):
        self.by = by
        self.report = report
        self.importer = importer
        self.source = source
        self.source_from_name = source_from_name
        self.stance = stance
        self.speakers = SpeakerRegistry()
        self._pending: list[_Pending] = []

    def add(self, txt: Path, anns: list[Path]) -> None:
        name = str(txt)
        for extra in anns[1:]:
            self.report.skipped.append((str(extra), f"another annotation of {txt.name}: {anns[0]}"))
        try:
            pending, record = self._read(txt, anns[0])
        except BadInput as error:
            self.report.failed.append((error.origin or name, str(error)))
            return
        self.importer.add(record)
        self._pending.append(pending)
        if len(self._pending) >= BATCH_SIZE:
            self.flush()

    @transaction.atomic
    def flush(self) -> None:
        """Store the waiting articles, then their statements, all or nothing."""
        self.importer.flush()
        batch, self._pending = self._pending, []
        if batch:
            self._store(batch)

    def _read(self, txt: Path, ann: Path) -> tuple[_Pending, ArticleRecord]:
        data = _read_bytes(txt)
        decode(data)  # a clear message for text that is not UTF-8
        # brat counts the file's own characters: a byte order mark and "\r" count too.
        raw = data.decode("utf-8")
        if "\x00" in raw:
            raise BadInput("the text contains NUL (\\x00) characters")
        record = parse_txt(raw, str(txt))
        _, skipped = split_header(raw)
        try:
            positions = offset_map(raw[skipped:], record.body)
        except ValueError as error:
            raise BadInput(f"cannot map annotation offsets: {error}") from None
        ann_data = _read_bytes(ann)
        try:
            annotations = parse_ann(decode(ann_data), raw, str(ann))
        except BadInput as error:
            error.origin = str(ann)
            raise
        self.report.failed.extend(annotations.problems)
        record.source = (
            self.source
            or record.source
            or (source_from_name(txt.name) if self.source_from_name else "")
        )
        if record.published_on is None and self.source_from_name:
            record.published_on = _date_from_name(txt.stem)
        statements = []
        names = resolve_sources(annotations.attributions)
        for attribution, speaker in zip(annotations.attributions, names, strict=True):
            where = f"{ann}:{attribution.line}"
            if attribution.start < skipped:
                self.report.failed.append((where, "the content lies in the date line"))
                continue
            start = positions[attribution.start - skipped]
            end = positions[attribution.end - skipped]
            while start < end and record.body[start].isspace():
                start += 1
            while end > start and record.body[end - 1].isspace():
                end -= 1
            if end <= start:
                self.report.failed.append((where, "the content is only blank space"))
                continue
            quote = record.body[start:end]
            note, stance = self._note_and_stance(attribution, quote)
            statements.append((start, end, speaker, stance, note, attribution.line))
        pending = _Pending(str(ann), record.body, content_hash(record.body), statements)
        return pending, record

    def _note_and_stance(self, attribution: Attribution, quote: str) -> tuple[str, str]:
        parts = []
        cue = normalise_line(attribution.cue.text)[:MAX_NOTE_PART] if attribution.cue else ""
        if cue:
            parts.append(f"cue: {cue}")
        if attribution.source is not None:
            parts.append(f"source: {normalise_line(attribution.source.text)[:MAX_NOTE_PART]}")
        stance = attribution.stance or self.stance
        if stance is None:
            stance = likeliest(quote, verb=cue.split(" ", 1)[0] if cue else "")
            parts.append("stance: proposed")
        return "; ".join(parts), stance

    def _store(self, batch: list[_Pending]) -> None:
        hashes = {p.hash for p in batch}
        articles = {a.content_hash: a for a in Article.objects.filter(content_hash__in=hashes)}
        speakers = self.speakers.ids({s[2] for p in batch for s in p.statements})
        existing = set(
            Statement.objects.filter(article__in=list(articles.values())).values_list(
                "article_id", "start", "end", "speaker_id"
            )
        )
        new = []
        for pending in batch:
            article = articles.get(pending.hash)
            if article is None:
                continue  # the article itself failed; that is reported already
            for start, end, speaker, stance, note, _line in pending.statements:
                key = (article.pk, start, end, speakers[speaker.casefold()])
                if key in existing:
                    self.report.statements_skipped += 1
                    continue
                existing.add(key)
                new.append(
                    Statement(
                        article=article,
                        speaker_id=speakers[speaker.casefold()],
                        start=start,
                        end=end,
                        stance=stance,
                        note=note,
                    )
                )
        statements_bulk_create(statements=new, by=self.by)
        self.report.statements_created += len(new)


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BadInput(
                f"too large ({size} bytes); at most {MAX_FILE_BYTES} bytes", origin=str(path)
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise BadInput("no such file", origin=str(path)) from None
    except OSError as error:
        raise BadInput(f"cannot read: {error.strerror}", origin=str(path)) from None


_NAME_DATE = re.compile(r"(?:^|[_-])(\d{4}-\d{2}-\d{2})(?:[_-]|$)")


def _date_from_name(stem: str):
    import datetime

    match = _NAME_DATE.search(stem)
    if not match:
        return None
    try:
        return datetime.date.fromisoformat(match[1])
    except ValueError:
        return None
