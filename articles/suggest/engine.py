"""The suggestion engine: plain text and plain data in, candidate statements out.

No Django here, so the engine can be tested and measured on its own; `service.py`
loads its inputs from the database.
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from . import candidates, detect, names, parsed, speakers, stance
from .candidates import Candidate
from .phrases import base_word, is_head, is_name_word
from .registry import KnownSpeaker
from .speakers import Resolved, SpeakerIndex, Tracker, resolve

# How sure each pattern is that it found a statement.
FAMILY_CONFIDENCE: dict[str, float] = {
    candidates.QUOTE: 0.9,
    candidates.INVERTED: 0.85,
    candidates.REPORTED: 0.85,
    candidates.COLON: 0.8,
    candidates.REPORTED_BARE: 0.75,
    candidates.ACCORDING: 0.75,
    candidates.PARENTHETICAL: 0.7,
    candidates.PARTICIPLE: 0.7,
    candidates.QUOTE_LINKED: 0.65,
    candidates.CONTINUATION: 0.6,
    parsed.PARSED: 0.8,
    parsed.PARSED_ACCORDING: 0.75,
    parsed.PARSED_INFINITIVE: 0.7,
    parsed.PARSED_OBJECT: 0.65,
    parsed.PARSED_NOUN: 0.7,
}
# How far back a shared name or alias looks for the speaker's own name.
CONTEXT_CHARS = 5000
# A suggestion overlapping an annotated or dismissed span by this much of the
# shorter of the two is the same statement.
SAME_SPAN_OVERLAP = 0.5

_APPOSITIVE_NAME = re.compile(r",\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3}),")


@dataclass(frozen=True)
class Suggestion:
    start: int
    end: int
    quote: str
    speaker_id: int | None
    speaker_name: str
    stance: str | None  # None when nothing in the text points to one
    confidence: float
    speaker_kind: str = ""


@dataclass(frozen=True)
class Detection:
    """A candidate statement found in the text alone, before the registry is consulted.

    What `analyse` returns and what is stored per text; `suggest` turns detections into
    suggestions with the current registry, stance model and dismissals.
    """

    start: int
    end: int
    phrase: str  # the speaker as the text names them here ("he", "the ministry")
    name: str  # who that is, from the text ("Antony Blinken"); "" when unknown
    kind: str  # person, organisation, group, or "" when unknown
    verb: str
    family: str
    confidence: float
    # Who the phrase refers to as the text names them, when that is not a name to
    # propose ("the continent's network operators"); the registry may know them.
    mention: str = ""

    def as_dict(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "phrase": self.phrase,
            "name": self.name,
            "kind": self.kind,
            "verb": self.verb,
            "family": self.family,
            "confidence": self.confidence,
            "mention": self.mention,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Detection:
        return cls(
            start=int(data["start"]),
            end=int(data["end"]),
            phrase=str(data.get("phrase", "")),
            name=str(data.get("name", "")),
            kind=str(data.get("kind", "")),
            verb=str(data.get("verb", "")),
            family=str(data.get("family", "")),
            confidence=float(data.get("confidence", 0.6)),
            mention=str(data.get("mention", "")),
        )


def analyse(text: str, *, parser=None) -> list[Detection]:
    """Candidate statements of `text` in text order, from the text alone.

    `parser` is a loaded spaCy pipeline (`parser.load_parser()`) or None for the rule
    engine alone.
    """
    index = SpeakerIndex((), None)
    tracker = Tracker()
    speakers_of: dict[Candidate, Resolved] = {}
    found: list[_Found] = []
    analysis = detect.analyse(text, parser=parser)
    tracker.learn_entities((e.start, text[e.start : e.end], e.label) for e in analysis.entities)
    for analysed in analysis.paragraphs:
        for number, sentence in enumerate(analysed.paragraph.sentences):
            tracker.observe(text, sentence.start, sentence.end)
            candidates = analysed.candidates[number]
            for candidate in candidates:
                speaker = _speaker_of(candidate, speakers_of, index, tracker)
                if candidate.phrase:
                    tracker.note(speaker)
                found.append(_Found(candidate, speaker, _detection_confidence(candidate, speaker)))
            if not candidates and not analysed.claimed[number]:
                tracker.note(_subject(text, sentence.start, sentence.end, index, tracker))
    return [
        detection
        for item in _without_overlaps(found)
        for detection in _detections(item, index, tracker)
    ]


def _detections(item: _Found, index: SpeakerIndex, tracker: Tracker) -> list[Detection]:
    """The detection of a candidate; one per speaker when several say it together
    ("Both Blinken and Sullivan said…")."""
    candidate = item.candidate
    verb = candidate.verb or (candidate.parent.verb if candidate.parent else "")
    phrase = candidate.phrase
    parent = candidate.parent
    while not phrase and parent is not None:
        phrase, parent = parent.phrase, parent.parent
    named = [(phrase, item.speaker)]
    together = names.conjuncts(phrase)
    if together:
        named = [(part, resolve(part, index=index, tracker=tracker)) for part in together]
    result = []
    for part, speaker in named:
        name, kind = speaker.name, tracker.kind_of(speaker.name) or speaker.kind
        mention = ""
        if kind == speakers.GROUP:
            mention = name
            name, kind = names.group_speaker(name, tracker.is_body)
        result.append(
            Detection(
                start=candidate.start,
                end=candidate.end,
                phrase=part,
                name=name,
                kind=kind if name else "",
                verb=verb,
                family=candidate.family,
                confidence=round(item.confidence, 3),
                mention=mention if mention != name else "",
            )
        )
    return result


def suggest(
    text: str,
    *,
    published_on: datetime.date | None = None,
    speakers: Iterable[KnownSpeaker] = (),
    stance_model: stance.NaiveBayes | None = None,
    exclude_spans: Iterable[tuple[int, int]] = (),
    detections: Iterable[Detection] | None = None,
) -> list[Suggestion]:
    """Suggestions for `text` in text order, minus those overlapping `exclude_spans`.

    `detections` are those `analyse` stored for this text; without them the rule
    engine analyses the text now.
    """
    if detections is None:
        detections = analyse(text)
    index = SpeakerIndex(speakers, published_on)
    tracker = Tracker()
    # Stances last: classifying is the costly step, and most of a long, well-annotated
    # article's candidates are already statements.
    kept = _excluding_spans(list(detections), exclude_spans)
    return [_suggestion(text, item, index, tracker, stance_model) for item in kept]


@dataclass
class _Found:
    candidate: Candidate
    speaker: Resolved
    confidence: float  # how sure the pattern and the speaker are, before the stance

    @property
    def span(self) -> tuple[int, int]:
        return self.candidate.start, self.candidate.end


def _detection_confidence(candidate: Candidate, speaker: Resolved) -> float:
    confidence = FAMILY_CONFIDENCE.get(candidate.family, 0.6)
    if speaker.speaker_id is not None:
        confidence += 0.05
    elif not speaker.name:
        confidence -= 0.2
    return confidence


def _speaker_of(
    candidate: Candidate,
    speakers_of: dict[Candidate, Resolved],
    index: SpeakerIndex,
    tracker: Tracker,
) -> Resolved:
    if candidate in speakers_of:
        return speakers_of[candidate]
    if candidate.phrase:
        speaker = resolve(candidate.phrase, index=index, tracker=tracker)
    elif candidate.parent is not None:
        speaker = _speaker_of(candidate.parent, speakers_of, index, tracker)
    else:
        speaker = Resolved(None, "", "")
    speakers_of[candidate] = speaker
    return speaker


def _subject(
    text: str, start: int, end: int, index: SpeakerIndex, tracker: Tracker
) -> Resolved | None:
    """Who a narrative sentence is about, so that a later "he" or "it" finds them."""
    phrase, at = detect.leading_subject(text, start, end)
    if phrase is not None:
        after = at + len(phrase)
        appositive = _APPOSITIVE_NAME.match(text, after, end)
        if appositive:
            phrase = f"{phrase}, {appositive.group(1)}"
        if phrase.casefold() not in ("he", "she", "they", "it"):
            resolved = resolve(phrase, index=index, tracker=tracker)
            words = phrase.split()
            # A name, or a role or body the registry may know ("The foreign minister").
            if any(is_name_word(w) for w in words) or (words and is_head(base_word(words[-1]))):
                return resolved
    for word_run in detect.name_runs(text, start, end):
        speaker = index.lookup(word_run, tracker)
        if speaker is not None:
            return Resolved(speaker.id, speaker.name, speaker.kind)
    return None


def _registered(item: Detection, index: SpeakerIndex, tracker: Tracker) -> KnownSpeaker | None:
    """The registered speaker a detection names: by the name the text gives, else by
    the phrase as written (an alias or a role, "the foreign minister")."""
    for form in (item.name, item.mention, item.phrase):
        if form and form.casefold() not in ("he", "she", "they", "it"):
            speaker = index.lookup(form, tracker)
            if speaker is not None:
                return speaker
    return None


def _suggestion(
    text: str,
    item: Detection,
    index: SpeakerIndex,
    tracker: Tracker,
    model: stance.NaiveBayes | None,
) -> Suggestion:
    quote = text[item.start : item.end]
    tracker.context = text[max(0, item.start - CONTEXT_CHARS) : item.start]
    registered = _registered(item, index, tracker)
    confidence = item.confidence
    if registered is not None:
        tracker.note(Resolved(registered.id, registered.name, registered.kind))
        speaker_id, name, kind = registered.id, registered.name, registered.kind
        confidence += 0.05
    else:
        speaker_id, name, kind = None, item.name, item.kind
    label, probability = stance.classify(quote, verb=item.verb, model=model)
    confidence *= 0.7 + 0.3 * probability
    return Suggestion(
        start=item.start,
        end=item.end,
        quote=quote,
        speaker_id=speaker_id,
        speaker_name=name,
        stance=label,
        confidence=round(min(1.0, max(0.0, confidence)), 3),
        speaker_kind=kind,
    )


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two spans are the same statement: they share half of the shorter one."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    if shared <= 0:
        return False
    shorter = min(a[1] - a[0], b[1] - b[0])
    return a == b or shared >= SAME_SPAN_OVERLAP * shorter


def _without_overlaps(found: list[_Found]) -> list[_Found]:
    """One suggestion per statement: of two overlapping candidates, the surer one."""
    found.sort(key=lambda item: item.span)
    kept: list[_Found] = []
    for item in found:
        if kept and overlaps(kept[-1].span, item.span):
            if item.confidence > kept[-1].confidence:
                kept[-1] = item
            continue
        kept.append(item)
    return kept


def _excluding_spans(found: list[Detection], spans: Iterable[tuple[int, int]]) -> list[Detection]:
    """Drop candidates that are already statements or were dismissed."""
    ordered: Sequence[tuple[int, int]] = sorted(spans)
    if not ordered:
        return found
    starts = [start for start, _ in ordered]
    longest = max(end - start for start, end in ordered)
    kept = []
    for item in found:
        start, end = item.start, item.end
        i = bisect.bisect_left(starts, end)
        clash = False
        while i > 0:
            i -= 1
            other = ordered[i]
            if other[0] + longest <= start:
                break  # no earlier span is long enough to reach this one
            if overlaps((start, end), other):
                clash = True
                break
        if not clash:
            kept.append(item)
    return kept
