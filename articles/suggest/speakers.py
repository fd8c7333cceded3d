"""Resolve speaker phrases ("Blinken", "the secretary of state", "he") against the registry."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import patterns
from .names import clean_name
from .phrases import (
    DOCUMENT_NOUNS,
    GROUP_NOUNS,
    ORGANISATION_NOUNS,
    base_word,
    core,
    head_kind,
    is_name_word,
)
from .registry import KnownSpeaker

PERSON = "person"
ORGANISATION = "organisation"
GROUP = "group"

_TITLES = frozenset(patterns.TITLES)
_DETERMINERS = frozenset(patterns.DETERMINERS)
_INDEFINITE = frozenset({"a", "an", "one", "two", "three", "several", "some", "many", "another"})
_GENERIC_ORGANISATIONS = frozenset(patterns.GENERIC_ORGANISATION_NOUNS)
_PERSON_PRONOUNS = frozenset(patterns.PERSON_PRONOUNS)
_GROUP_PRONOUNS = frozenset(patterns.GROUP_PRONOUNS)
_ORGANISATION_PRONOUNS = frozenset(patterns.ORGANISATION_PRONOUNS)
_NAME_RUN = re.compile(
    r"\b[A-Z][\w'’-]*\.?(?:\s+(?:(?:of|for|de|van|von|al|bin|la|le|du|del)\s+)?[A-Z][\w'’-]*)+"
)
# "Markus Feld of the Federation …", "Mr. Burman of the Tax Policy Center".
_LEADING_NAME = re.compile(
    r"((?:(?:Mr|Mrs|Ms|Dr)\.?\s+[A-Z][\w'’-]+)|[A-Z][\w'’-]+(?:\s+[A-Z][\w'’.-]+){1,2})"
    r"\s+(?:of|from|at|for)\s"
)
# What the parser's entity labels say about a speaker.
ENTITY_KINDS = {
    "PERSON": PERSON,
    "ORG": ORGANISATION,
    "NORP": ORGANISATION,  # Republicans, Palestinians
    "GPE": ORGANISATION,  # Israel, as its government speaks
}
_RECENT = 60  # how many mentions pronouns look back over
_WHICH = re.compile(r",\s+which\s")
_CONNECTED = re.compile(r"\s+(?:of|for)\s+")


@dataclass(frozen=True)
class Resolved:
    """Who a phrase names: a registered speaker (id) or a new one (id None) by name."""

    speaker_id: int | None
    name: str
    kind: str


def normalise(phrase: str) -> str:
    """Case-folded, with plain apostrophes and single spaces, for looking names up."""
    return " ".join(phrase.replace("’", "'").casefold().split()).strip(" .,;:")


def _without_determiner(words: list[str]) -> list[str]:
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    return words


def _key_words(phrase: str) -> list[str]:
    """Words to look a phrase up by: no determiner, no leading common possessive."""
    words = _without_determiner(normalise(phrase).split())
    original = phrase.split()[-len(words) :] if words else []
    if len(words) > 1 and words[0].endswith("'s") and not is_name_word(original[0]):
        words = words[1:]  # "the continent's network operators"
    return words


def role_valid_on(started_on, ended_on, day: datetime.date | None) -> bool:
    if day is None:
        return ended_on is None
    return (started_on is None or started_on <= day) and (ended_on is None or day <= ended_on)


@dataclass
class Tracker:
    """Who the text has been talking about, for pronouns and short forms of names."""

    mentions: list[Resolved] = field(default_factory=list)
    full_names: dict[str, str] = field(default_factory=dict)  # surname -> full name
    organisations: list[str] = field(default_factory=list)  # organisation names seen
    kinds: dict[str, str] = field(default_factory=dict)  # name -> kind, from the parser
    context: str = ""  # the text before the statement being resolved
    bodies: set[str] = field(default_factory=set)  # names the parser took for organisations
    entities: list[tuple[int, str, str]] = field(default_factory=list)  # not yet observed

    def note(self, resolved: Resolved | None) -> None:
        if resolved is None or not resolved.name:
            return
        self.mentions.append(resolved)
        if len(self.mentions) > 2 * _RECENT:
            del self.mentions[:_RECENT]

    def latest(self, kinds: Iterable[str]) -> Resolved | None:
        kinds = set(kinds)
        for mention in reversed(self.mentions[-_RECENT:]):
            if mention.kind in kinds:
                return mention
        return None

    def recency(self, speaker_id: int) -> int:
        for age, mention in enumerate(reversed(self.mentions[-_RECENT:])):
            if mention.speaker_id == speaker_id:
                return _RECENT - age
        return 0

    def observe(self, text: str, start: int, end: int) -> None:
        """Remember full names ("Tzachi Hanegbi") and organisations named in a stretch of text."""
        for match in _NAME_RUN.finditer(text, start, end):
            name = clean_name(match.group())
            if _WHICH.match(text, match.end()):
                self.kinds[normalise(name)] = ORGANISATION  # "Westmere Buses, which runs ..."
            parts = [part.split() for part in _CONNECTED.split(name)]
            # "Ministry of Health", "the State Department": a body ends a part.
            if any(words and base_word(words[-1]) in ORGANISATION_NOUNS for words in parts):
                self.organisations.append(name)
                continue
            # "Secretary of State Antony Blinken", "Dan Sullivan of Alaska": the name
            # is the part of two words or more.
            for words in parts:
                self._learn_full_name(words)
        while self.entities and self.entities[0][0] < end:
            _, name, label = self.entities.pop(0)
            kind = ENTITY_KINDS[label]
            if name[:4].casefold() == "the ":
                name = name[4:]  # "The Harbour Authority" is the Harbour Authority
            self.kinds[normalise(name)] = kind
            if label == "ORG":
                self.bodies.add(normalise(name))
            words = name.split()
            if kind == PERSON and len(words) >= 2:
                self.full_names[normalise(words[-1])] = name
                self.kinds.setdefault(normalise(words[-1]), PERSON)
            elif kind == ORGANISATION:
                self.organisations.append(name)

    def _learn_full_name(self, words: list[str]) -> None:
        while words and base_word(words[0]) in _TITLES:
            words = words[1:]
        if len(words) >= 2 and base_word(words[-2]) not in _TITLES:
            full = " ".join(words[-3:] if len(words[-2]) <= 2 else words[-2:])
            self.full_names[normalise(words[-1])] = full

    def learn_entities(self, entities: Iterable[tuple[int, str, str]]) -> None:
        """Names the parser recognised, as (offset, name, label); `observe` takes them
        in as it reaches them."""
        self.entities = sorted(e for e in entities if e[2] in ENTITY_KINDS)

    def is_body(self, name: str) -> bool:
        """Whether a name is an organisation: so the parser said, or it says so itself
        ("White House", "State Department") or the article named it as one."""
        key = normalise(name)
        if key in self.bodies or any(base_word(w) in ORGANISATION_NOUNS for w in name.split()):
            return True
        return any(normalise(o) == key for o in self.organisations[-_RECENT:])

    def kind_of(self, name: str) -> str:
        """What the parser took a name for (person, organisation), or "" when it did not say."""
        key = normalise(name)
        return self.kinds.get(key) or self.kinds.get(key.rsplit(" ", 1)[-1], "")


def _last_written(speakers: list[KnownSpeaker], context: str) -> KnownSpeaker | None:
    """Of several speakers, the one whose name or alias of its own (not one they share)
    the text wrote last."""
    if not context:
        return None
    lowered = normalise(context)
    forms = {s.id: {normalise(f) for f in (s.name, *s.aliases)} for s in speakers}
    shared = set.intersection(*forms.values())
    written = {
        s.id: max((lowered.rfind(f) for f in forms[s.id] - shared if f), default=-1)
        for s in speakers
    }
    best = max(speakers, key=lambda s: written[s.id])
    return best if written[best.id] >= 0 else None


class SpeakerIndex:
    """The registry's names, aliases, surnames and roles (valid on a date), by form."""

    def __init__(self, speakers: Iterable[KnownSpeaker], published_on: datetime.date | None):
        self.forms: dict[str, list[KnownSpeaker]] = {}
        self.proper: set[str] = set()  # forms that may end a longer phrase ("Jake Sullivan")
        self.roles: dict[str, list[tuple[KnownSpeaker, str]]] = {}
        for speaker in speakers:
            self._add_names(speaker)
            self._add_roles(speaker, published_on)

    def _add(self, form: str, speaker: KnownSpeaker, *, proper: bool) -> None:
        key = " ".join(_without_determiner(normalise(form).split()))
        if not key:
            return
        entries = self.forms.setdefault(key, [])
        if speaker not in entries:
            entries.append(speaker)
        if proper:
            self.proper.add(key)

    def _add_names(self, speaker: KnownSpeaker) -> None:
        self._add(speaker.name, speaker, proper=True)
        for alias in speaker.aliases:
            words = _without_determiner(alias.split())
            self._add(alias, speaker, proper=bool(words) and is_name_word(words[0]))
        words = speaker.name.split()
        if speaker.kind == PERSON and len(words) >= 2:
            self._add(words[-1], speaker, proper=True)
            if len(words[-2]) > 2 and words[-2].islower():
                self._add(" ".join(words[-2:]), speaker, proper=True)  # "van Gogh"

    def _add_roles(self, speaker: KnownSpeaker, day: datetime.date | None) -> None:
        held = [
            (role.role, role.organisation)
            for role in speaker.roles
            if role.role and role_valid_on(role.started_on, role.ended_on, day)
        ]
        if not speaker.roles and speaker.role:
            held.append((speaker.role, speaker.organisation))
        for role, organisation in held:
            key = " ".join(_without_determiner(normalise(role).split()))
            if key:
                self.roles.setdefault(key, []).append((speaker, organisation))

    # Looking up ----------------------------------------------------------------

    def lookup(self, phrase: str, tracker: Tracker) -> KnownSpeaker | None:
        """The registered speaker a phrase names, if any."""
        indefinite = normalise(phrase).split()[:1] in ([w] for w in _INDEFINITE)
        written = " ".join(_without_determiner(normalise(phrase).split()))
        if written in self.forms:  # an alias as written ("the mayor's office")
            return self._choose(self.forms[written], tracker)
        whole = _key_words(phrase)
        key = " ".join(whole)
        if key in self.forms:
            return self._choose(self.forms[key], tracker)
        if key in self.roles and not indefinite:
            return self._choose_role(self.roles[key], tracker, [])
        # Otherwise a name or role may end the phrase ("White House adviser Jake Sullivan"),
        # but not the words after a lower-case head ("an economist at the Bramwell Institute").
        words = _key_words(core(phrase))
        for i in range(1, len(words)):
            suffix = " ".join(words[i:])
            if suffix in self.forms and suffix in self.proper:
                return self._choose(self.forms[suffix], tracker)
            if not indefinite and suffix in self.roles:
                return self._choose_role(self.roles[suffix], tracker, words[:i])
        stripped = whole
        while stripped and stripped[0].rstrip(".") in _TITLES:
            stripped = stripped[1:]
        if stripped and stripped != whole:
            key = " ".join(stripped)
            if key in self.forms:
                return self._choose(self.forms[key], tracker)
        return None

    def _choose(self, speakers: list[KnownSpeaker], tracker: Tracker) -> KnownSpeaker | None:
        """Of several speakers with one name, the one the article names: by the full
        name it used, else the one it spoke of last, else the one whose own name or
        alias it wrote last; None when it gives no sign."""
        if len(speakers) == 1:
            return speakers[0]
        surname = normalise(speakers[0].name.split()[-1]) if speakers[0].name else ""
        full = normalise(tracker.full_names.get(surname, ""))
        named = [s for s in speakers if full and normalise(s.name) == full]
        if len(named) == 1:
            return named[0]
        best = max(speakers, key=lambda s: tracker.recency(s.id))
        if tracker.recency(best.id) > 0:
            return best
        return _last_written(speakers, tracker.context)

    def _choose_role(
        self, holders: list[tuple[KnownSpeaker, str]], tracker: Tracker, context: list[str]
    ) -> KnownSpeaker:
        """Of several holders of a role, the one whose organisation the phrase names
        ("the Israeli prime minister"), else the one the text spoke of last."""
        if len(holders) == 1:
            return holders[0][0]
        hints = [w.removesuffix("'s") for w in context if len(w) >= 2]

        def score(entry: tuple[KnownSpeaker, str]) -> tuple[int, int]:
            speaker, organisation = entry
            names = normalise(organisation).split()
            overlap = sum(1 for h in hints for n in names if h[:4] == n[:4] and len(n) >= 2)
            return overlap, tracker.recency(speaker.id)

        return max(holders, key=score)[0]


def resolve(phrase: str, *, index: SpeakerIndex, tracker: Tracker) -> Resolved:
    """Who a speaker phrase names; pronouns go to the most recent fitting speaker."""
    phrase = phrase.strip(" ,")
    lowered = phrase.casefold()
    if lowered in _PERSON_PRONOUNS:
        return tracker.latest({PERSON}) or Resolved(None, "", PERSON)
    if lowered in _GROUP_PRONOUNS:
        return tracker.latest({GROUP, ORGANISATION}) or Resolved(None, "", GROUP)
    if lowered in _ORGANISATION_PRONOUNS:
        return tracker.latest({ORGANISATION}) or Resolved(None, "", ORGANISATION)
    for part in _parts(phrase):
        speaker = index.lookup(part, tracker)
        if speaker is not None:
            return Resolved(speaker.id, speaker.name, speaker.kind)
    for part in _parts(phrase):
        source = _document_source(part)
        if source:
            return resolve(source, index=index, tracker=tracker)
    generic = _generic_organisation(phrase, index, tracker) or _their_spokesperson(phrase, tracker)
    if generic is not None:
        return generic
    return _unknown(phrase, tracker)


def _parts(phrase: str) -> list[str]:
    """The phrase, then its appositive parts, then its first conjunct ("Blinken and Sullivan")."""
    parts = [phrase]
    if " and " in phrase:
        # Two speakers of one statement: propose the first ("Blinken and Sullivan").
        parts = [p.strip() for p in phrase.split(" and ") if p.strip()] + parts
    if "," in phrase:
        pieces = [p.strip() for p in phrase.split(",") if p.strip()]
        parts.extend(sorted(pieces, key=lambda p: not any(is_name_word(w) for w in p.split())))
    return parts


def _document_source(phrase: str) -> str | None:
    """`a White House account of the call` -> `White House`; `its figures` -> its owner."""
    words = phrase.split()
    for i, word in enumerate(words):
        if base_word(word) in DOCUMENT_NOUNS:
            before = [w for w in words[:i] if base_word(w) not in _DETERMINERS]
            if before and before[-1].endswith(("'s", "’s")):
                before[-1] = before[-1][:-2]
            after = words[i + 1 :]
            if after and after[0].casefold() in ("by", "from") and len(after) > 1:
                return " ".join(after[1:])
            if before and any(is_name_word(w) for w in before):
                return " ".join(before)
            if before and base_word(before[-1]) in ORGANISATION_NOUNS:
                return "the " + " ".join(before)
    return None


def _generic_organisation(phrase: str, index: SpeakerIndex, tracker: Tracker) -> Resolved | None:
    """`the ministry` after "the Gaza Health Ministry", `the researchers` after "researchers
    at the University of Calder": the organisation or group last named that way."""
    words = phrase.split()
    if not words or words[0].casefold() != "the" or any(is_name_word(w) for w in words[1:]):
        return None
    head = base_word(words[-1])
    if head in GROUP_NOUNS:
        for mention in reversed(tracker.mentions[-_RECENT:]):
            if mention.kind == GROUP and head in normalise(mention.name).split():
                return mention
        return None
    if head not in ORGANISATION_NOUNS:
        return None
    for mention in reversed(tracker.mentions[-_RECENT:]):
        if mention.kind == ORGANISATION and head in normalise(mention.name).split():
            return mention
    for name in reversed(tracker.organisations[-_RECENT:]):
        if head in normalise(name).split():
            speaker = index.lookup(name, tracker)
            if speaker is not None:
                return Resolved(speaker.id, speaker.name, speaker.kind)
            return Resolved(None, name, ORGANISATION)
    if head in _GENERIC_ORGANISATIONS:
        return tracker.latest({ORGANISATION})
    return None


def _their_spokesperson(phrase: str, tracker: Tracker) -> Resolved | None:
    """`its spokesperson`, `their chief executive`: speaking for the organisation last named."""
    words = phrase.split()
    if len(words) < 2 or words[0].casefold() not in ("its", "their"):
        return None
    if any(is_name_word(w) for w in words[1:]) or head_kind(phrase) != PERSON:
        return None
    return tracker.latest({ORGANISATION, GROUP})


def _unknown(phrase: str, tracker: Tracker) -> Resolved:
    """A speaker not in the registry, named as the text names them."""
    phrase = clean_name(phrase) or phrase
    kind = head_kind(phrase)
    name = phrase
    pieces = [p.strip() for p in phrase.split(",") if p.strip()]
    named = [p for p in pieces if all(is_name_word(w) for w in p.split())]
    if named:
        name = named[-1]
    else:
        leading = _LEADING_NAME.match(phrase)
        if leading:  # "Markus Feld of the Federation of Energy Consumers"
            name, kind = leading.group(1), PERSON
    words = name.split()
    if (
        words
        and all(is_name_word(w) or w.islower() or w.casefold() in _DETERMINERS for w in words)
        and is_name_word(words[-1])
    ):
        # A proper name: drop "the" and titles ("Mr. Hanegbi" -> "Tzachi Hanegbi").
        while len(words) > 1 and (
            words[0].casefold() in _DETERMINERS
            or (base_word(words[0]) in _TITLES and kind == PERSON)
        ):
            words = words[1:]
        name = " ".join(words)
        if kind == PERSON:
            full = tracker.full_names.get(normalise(words[-1]))
            if full and (len(words) == 1 or normalise(name).endswith(normalise(full))):
                name = full
    name = clean_name(name)
    return Resolved(None, name, tracker.kind_of(name) or kind)
