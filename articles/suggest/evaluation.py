"""Measuring the suggestions against articles annotated by hand (a "gold" set).

An evaluation set is a directory of articles in the import format (an optional
`date YYYY-MM-DD` first line, then paragraphs) and a `gold.json` with the speaker
registry to load first and, per article file, the statements an analyst marked:
their exact text, speaker and stance (see tests/suggest_eval/README.md).

A suggestion matches a gold statement when they share at least half of the longer
of the two spans; matching is one to one, best overlaps first.

The statements stored with articles (imported from brat standoff, say) serve as
gold too: `gold_from_rows` reads them, with the cue and the source as written
from their note, and `is_speech_act` says which of them report speech.
"""

from __future__ import annotations

import datetime
import itertools
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..importers import parse_txt
from .engine import Suggestion

MATCH_OVERLAP = 0.5
_DETERMINERS = ("the ", "a ", "an ")
_TITLES = re.compile(r"^(?:mr|mrs|ms|miss|dr)\.?\s+")
UNATTRIBUTED = "Unattributed"

# Verbs of saying, as lemmas: a cue with one of them reports speech. Evaluative or
# topic verbs ("attack", "praise", "criticize", "talk", "discuss", "mention",
# "describe", "cite", "release") and verbs of thinking ("believe") are left out.
SPEECH_ACT_VERBS = frozenset(
    (
        "say", "tell", "add", "state", "announce", "warn", "claim", "argue", "deny", "insist",
        "explain", "ask", "urge", "promise", "predict", "acknowledge", "admit", "note", "write",
        "report", "suggest", "assert", "declare", "reply", "respond", "answer", "comment",
        "remark", "observe", "contend", "maintain", "stress", "emphasize", "emphasise",
        "caution", "vow", "pledge", "threaten", "demand", "concede", "confirm", "reveal",
        "disclose", "testify", "tweet", "complain", "allege", "estimate", "forecast", "propose",
        "recommend", "advise", "assure", "reassure", "counter", "retort", "quip", "joke",
        "conclude", "agree", "disagree", "object", "protest", "repeat", "reiterate", "recall",
        "recount", "inform", "notify", "order", "instruct", "command", "request", "plead",
        "beg", "speak", "exclaim", "shout", "yell", "whisper", "proclaim", "affirm",
        "contradict", "dispute", "rebut", "refute", "swear", "guarantee", "indicate",
        "signal", "hint", "imply", "characterize", "characterise", "brag", "boast",
        "concur", "echo", "continue", "wonder", "query", "question",
    )
)  # fmt: skip
SPEECH_ACT_PHRASES = frozenset(("point out", "according to", "go on", "call for", "spell out"))
MIN_SPEECH_ACT_WORDS = 3
_IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write",
    "spoke": "speak", "spoken": "speak", "swore": "swear", "sworn": "swear", "went": "go",
    "gone": "go", "goes": "go",
}  # fmt: skip
_WORD = re.compile(r"[a-z]+")
_DOUBLE_QUOTES = '"“”«»„'

DIRECT = "direct"
MIXED = "mixed"
INDIRECT = "indirect"
KINDS = (DIRECT, MIXED, INDIRECT)


@dataclass(frozen=True)
class GoldStatement:
    start: int
    end: int
    quote: str
    speaker: str
    stance: str
    cue: str = ""  # the reporting words, when known ("said in an interview")
    source: str = ""  # the speaker as the text names them ("he"), when known
    stance_known: bool = True  # False when the stance was only proposed by the lexicon


@dataclass
class GoldArticle:
    name: str
    body: str
    published_on: datetime.date | None
    source: str
    statements: list[GoldStatement]


@dataclass
class EvaluationSet:
    speakers: list[dict]
    articles: list[GoldArticle]


class BadEvaluationSet(ValueError):
    """The evaluation set cannot be read; the message says where and why."""


def load_set(directory: Path) -> EvaluationSet:
    gold_path = directory / "gold.json"
    try:
        data = json.loads(gold_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadEvaluationSet(f"{gold_path} does not exist") from None
    except json.JSONDecodeError as error:
        raise BadEvaluationSet(f"{gold_path}: bad JSON at line {error.lineno}") from None
    articles = [_load_article(directory, entry) for entry in data.get("articles", [])]
    return EvaluationSet(speakers=data.get("speakers", []), articles=articles)


def _load_article(directory: Path, entry: dict) -> GoldArticle:
    path = directory / entry["file"]
    record = parse_txt(path.read_text(encoding="utf-8"), str(path))
    statements = []
    for item in entry.get("statements", []):
        occurrence = item.get("occurrence", 1)
        start = -1
        for _ in range(occurrence):
            start = record.body.find(item["quote"], start + 1)
        if start < 0:
            raise BadEvaluationSet(f"{path.name}: quote not found: {item['quote']!r}")
        statements.append(
            GoldStatement(
                start=start,
                end=start + len(item["quote"]),
                quote=item["quote"],
                speaker=item["speaker"],
                stance=item["stance"],
            )
        )
    return GoldArticle(
        name=path.stem,
        body=record.body,
        published_on=record.published_on,
        source=entry.get("source", ""),
        statements=sorted(statements, key=lambda s: (s.start, s.end)),
    )


@dataclass
class Score:
    gold: int = 0
    found: int = 0
    matched: int = 0
    speaker_correct: int = 0
    stance_correct: int = 0
    # Matched statements whose gold speaker is named in the text (not a pronoun, not
    # unattributed), and how many of those have the right speaker.
    named_matched: int = 0
    named_correct: int = 0
    # Matched statements whose gold stance was set by a person, not proposed.
    stance_judged: int = 0
    stance_proposed: int = 0  # of those, the suggestions that came with a stance

    def add(self, other: Score) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def record(self, statement: GoldStatement, suggestion: Suggestion) -> tuple[bool, bool]:
        """Count one matched pair; whether its speaker and its stance are right."""
        self.matched += 1
        speaker_ok = same_speaker(statement.speaker, suggestion)
        self.speaker_correct += speaker_ok
        if is_named(statement):
            self.named_matched += 1
            self.named_correct += speaker_ok
        stance_ok = statement.stance == suggestion.stance
        if statement.stance_known:
            self.stance_judged += 1
            if suggestion.stance is not None:  # None leaves it to the analyst
                self.stance_proposed += 1
                self.stance_correct += stance_ok
        return speaker_ok, stance_ok or not statement.stance_known or suggestion.stance is None

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def speaker(self) -> float:
        return self.speaker_correct / self.matched if self.matched else 0.0

    @property
    def speaker_named(self) -> float:
        return self.named_correct / self.named_matched if self.named_matched else 0.0

    @property
    def stance(self) -> float:
        """Right stances among the matched suggestions that proposed one."""
        return self.stance_correct / self.stance_proposed if self.stance_proposed else 0.0

    @property
    def stance_coverage(self) -> float:
        """The share of matched statements with a judged stance that got a proposal."""
        return self.stance_proposed / self.stance_judged if self.stance_judged else 0.0

    def as_dict(self) -> dict:
        return {
            "gold": self.gold,
            "found": self.found,
            "matched": self.matched,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "speaker": round(self.speaker, 3),
            "speaker_named": round(self.speaker_named, 3),
            "named_matched": self.named_matched,
            "stance": round(self.stance, 3) if self.stance_proposed else None,
            "stance_coverage": round(self.stance_coverage, 3) if self.stance_judged else None,
            "stance_judged": self.stance_judged,
        }


@dataclass
class ArticleResult:
    name: str
    score: Score
    by_kind: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    missed: list[GoldStatement] = field(default_factory=list)
    spurious: list[Suggestion] = field(default_factory=list)
    wrong_speaker: list[tuple[GoldStatement, Suggestion]] = field(default_factory=list)
    wrong_stance: list[tuple[GoldStatement, Suggestion]] = field(default_factory=list)


def overlap_ratio(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Shared characters as a share of the longer span."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return max(0, shared) / max(a[1] - a[0], b[1] - b[0])


def match(gold: list[GoldStatement], found: list[Suggestion]) -> list[tuple[int, int]]:
    """Pairs (gold index, suggestion index), one to one, best overlaps first."""
    pairs = []
    for g, statement in enumerate(gold):
        for f, suggestion in enumerate(found):
            ratio = overlap_ratio(
                (statement.start, statement.end), (suggestion.start, suggestion.end)
            )
            if ratio >= MATCH_OVERLAP:
                pairs.append((ratio, g, f))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_gold: set[int] = set()
    used_found: set[int] = set()
    matched = []
    for _, g, f in pairs:
        if g not in used_gold and f not in used_found:
            used_gold.add(g)
            used_found.add(f)
            matched.append((g, f))
    return sorted(matched)


def same_speaker(gold_name: str, suggestion: Suggestion) -> bool:
    """The same name, ignoring case, a leading article or title, or a missing first name."""
    gold, found = _name_key(gold_name), _name_key(suggestion.speaker_name)
    if gold == found:
        return True
    gold_words, found_words = gold.split(), found.split()
    shorter, longer = sorted((gold_words, found_words), key=len)
    # "Ruiz" is "Jane Ruiz": a surname alone names the person the full name does.
    return bool(shorter) and len(shorter) < len(longer) and longer[-len(shorter) :] == shorter


def _name_key(name: str) -> str:
    key = " ".join(name.replace("’", "'").casefold().split())
    for determiner in _DETERMINERS:
        if key.startswith(determiner):
            key = key[len(determiner) :]
            break
    return _TITLES.sub("", key)


from .phrases import HEAD_NOUNS, base_word, is_name_word  # noqa: E402


def is_named(statement: GoldStatement) -> bool:
    """Whether the text names the gold speaker where it reports the statement."""
    from ..brat import is_pronoun

    if statement.speaker == UNATTRIBUTED:
        return False
    if statement.source and is_pronoun(statement.source):
        return False
    # A name ends in a proper noun: "Jake Sullivan", "the White House"; "analysts",
    # "Clinton supporters" and "Several experts" are no names.
    words = statement.speaker.split()
    return bool(words) and is_name_word(words[-1]) and base_word(words[-1]) not in HEAD_NOUNS


def statement_kind(quote: str) -> str:
    """direct (all inside quotation marks), mixed (partly quoted) or indirect (no quotes)."""
    text = quote.strip().rstrip(".,;:")
    marks = [i for i, char in enumerate(text) if char in _DOUBLE_QUOTES]
    if not marks:
        return INDIRECT
    if marks[0] == 0 and marks[-1] == len(text) - 1 and len(marks) % 2 == 0:
        return DIRECT
    return MIXED


def cue_lemmas(cue: str) -> list[list[str]]:
    """The possible lemmas of each word of a cue ("said in an interview" → [say], [in], …)."""
    lemmas = []
    for word in _WORD.findall(cue.casefold()):
        forms = [_IRREGULAR.get(word, word)]
        for ending, replacements in (
            ("ies", ("y",)),
            ("ied", ("y",)),
            ("ing", ("", "e")),
            ("ed", ("", "e")),
            ("es", ("", "e")),
            ("s", ("",)),
        ):
            if word.endswith(ending) and len(word) > len(ending) + 1:
                stem = word[: -len(ending)]
                forms += [stem + r for r in replacements]
                if len(stem) > 2 and stem[-1] == stem[-2]:  # admitted → admit
                    forms.append(stem[:-1])
        lemmas.append(list(dict.fromkeys(forms)))
    return lemmas


def is_speech_act(statement: GoldStatement) -> bool:
    """A statement reported with a verb of saying, of at least a few words."""
    if len(statement.quote.split()) < MIN_SPEECH_ACT_WORDS:
        return False
    words = cue_lemmas(statement.cue)
    if any(form in SPEECH_ACT_VERBS for forms in words for form in forms):
        return True
    return any(
        f"{first} {second}" in SPEECH_ACT_PHRASES
        for before, after in itertools.pairwise(words)
        for first in before
        for second in after
    )


def note_fields(note: str) -> dict[str, str]:
    """The `key: value` parts of a statement note ("cue: said; source: he")."""
    fields = {}
    for part in note.split("; "):
        key, sep, value = part.partition(": ")
        if sep and key.strip().isalpha():
            fields.setdefault(key.strip().casefold(), value.strip())
    return fields


def gold_from_rows(rows: Iterable[tuple[int, int, str, str, str, str]]) -> list[GoldStatement]:
    """Gold statements from stored (start, end, quote, speaker name, stance, note) rows."""
    statements = []
    for start, end, quote, speaker, stance, note in rows:
        fields = note_fields(note or "")
        statements.append(
            GoldStatement(
                start=start,
                end=end,
                quote=quote,
                speaker=speaker,
                stance=stance,
                cue=fields.get("cue", ""),
                source=fields.get("source", ""),
                stance_known=fields.get("stance") != "proposed",
            )
        )
    return sorted(statements, key=lambda s: (s.start, s.end))


def score_article(
    gold: GoldArticle,
    found: list[Suggestion],
    *,
    counts: Callable[[GoldStatement], bool] | None = None,
) -> ArticleResult:
    """Score the suggestions for one article.

    With `counts`, gold statements it refuses are left out, and so are the suggestions
    that match them: neither right nor wrong.
    """
    pairs = match(gold.statements, found)
    ignored = {i for i, statement in enumerate(gold.statements) if counts and not counts(statement)}
    ignored_found = {f for g, f in pairs if g in ignored}
    pairs = [(g, f) for g, f in pairs if g not in ignored]
    result = ArticleResult(name=gold.name, score=Score())
    kept = [(i, s) for i, s in enumerate(gold.statements) if i not in ignored]
    result.score.gold = len(kept)
    for _, statement in kept:
        result.by_kind[statement_kind(statement.quote)].gold += 1
    matched_gold = {g for g, _ in pairs}
    matched_found = {f for _, f in pairs}
    for f, suggestion in enumerate(found):
        if f in ignored_found:
            continue
        result.score.found += 1
        if f not in matched_found:
            result.spurious.append(suggestion)
            result.by_kind[statement_kind(suggestion.quote)].found += 1
    for g, f in pairs:
        statement, suggestion = gold.statements[g], found[f]
        kind = result.by_kind[statement_kind(statement.quote)]
        kind.found += 1
        kind.record(statement, suggestion)
        speaker_ok, stance_ok = result.score.record(statement, suggestion)
        if not speaker_ok:
            result.wrong_speaker.append((statement, suggestion))
        if not stance_ok:
            result.wrong_stance.append((statement, suggestion))
    result.missed = [s for i, s in kept if i not in matched_gold]
    return result
