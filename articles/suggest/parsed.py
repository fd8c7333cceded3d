"""The parser pass: reported speech read off a dependency parse.

A reporting verb (by lemma, `patterns.REPORTING_LEMMAS`) with its clausal complement
("Aides say she has no plans to resign", "..., several economists said the plan would
fail"), its noun-phrase or infinitive object ("The mayor promised a full inquiry",
"vowed to fight on"), a passive ("it was announced that ..."), a participle ("...,
saying that ...") and `according to X`. The speaker is the verb's subject, the agent of
a passive, the noun a relative clause hangs on, or the subject of the verb a participle
or a coordinated verb depends on.

Paragraphs are parsed one at a time, so memory and the model's input limit stay bounded
whatever the length of the article.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from . import patterns
from .candidates import Candidate
from .text import Paragraph, Quote, trim, word_count

PARSED = "parsed"  # "X said (that) ...", "..., X said", reports inside clauses
PARSED_OBJECT = "parsed-object"  # "X promised a full inquiry", "X called for ..."
PARSED_INFINITIVE = "parsed-infinitive"  # "X vowed to fight on"
PARSED_ACCORDING = "parsed-according"  # "..., according to X"
PARSED_NOUN = "parsed-noun"  # "X issued an ultimatum that ...", "claims by X that ..."

_REPORTING = frozenset(patterns.REPORTING_LEMMAS)
_OBJECT = frozenset(patterns.OBJECT_LEMMAS)
_INFINITIVE = frozenset(patterns.INFINITIVE_LEMMAS)
_PREPOSITIONS = patterns.OBJECT_PREPOSITIONS
_NON_SPEAKERS = frozenset(patterns.NON_SPEAKER_HEADS)
_SPEECH_NOUNS = frozenset(patterns.SPEECH_NOUNS)
_DOCUMENTS = frozenset(patterns.DOCUMENT_NOUNS) | {"tweet", "message", "email", "speech"}
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
_WRITER_PRONOUNS = frozenset({"i", "we", "you", "me", "us"})
# Parts of a subject that are not part of the speaker's name ("Blinken, who ...").
_SPEAKER_DROP = frozenset({"relcl", "acl", "advcl", "punct", "cc", "prep_according"})
MAX_SPEAKER_TOKENS = 14
# Parsing is done in batches of paragraphs; a paragraph longer than this many
# characters is parsed in pieces (the model is trained on sentences, not books).
MAX_PARAGRAPH_CHARS = 20_000


@dataclass(frozen=True)
class Entity:
    """A named entity the model found, in article offsets."""

    start: int
    end: int
    label: str


@dataclass
class ParsedText:
    candidates: list[Candidate]
    entities: list[Entity]


def parse(text: str, paragraphs: Iterable[Paragraph], parser) -> ParsedText:
    """Candidates and named entities of every paragraph, in text order."""
    paragraphs = list(paragraphs)
    candidates: list[Candidate] = []
    entities: list[Entity] = []
    pieces = list(_pieces(text, paragraphs))
    docs = parser.pipe((text[start:end] for start, end, _ in pieces), batch_size=32)
    for (offset, _, quotes), doc in zip(pieces, docs, strict=True):
        entities.extend(
            Entity(offset + e.start_char, offset + e.end_char, e.label_) for e in doc.ents
        )
        candidates.extend(_candidates(text, doc, offset, quotes))
    return ParsedText(candidates, entities)


def _pieces(text: str, paragraphs: list[Paragraph]) -> Iterator[tuple[int, int, list[Quote]]]:
    for paragraph in paragraphs:
        start = paragraph.start
        while paragraph.end - start > MAX_PARAGRAPH_CHARS:
            cut = text.rfind(". ", start, start + MAX_PARAGRAPH_CHARS)
            cut = cut + 2 if cut > start else start + MAX_PARAGRAPH_CHARS
            yield start, cut, paragraph.quotes
            start = cut
        yield start, paragraph.end, paragraph.quotes


def _inside(quotes: list[Quote], at: int) -> bool:
    return any(q.open < at < q.close for q in quotes)


def _candidates(text: str, doc, offset: int, quotes: list[Quote]) -> Iterator[Candidate]:
    for token in doc:
        at = offset + token.idx
        if _inside(quotes, at):
            continue  # someone quoted as saying something: part of the quotation
        lemma = token.lemma_.casefold()
        if token.lower_ == "according" and token.dep_ == "prep":
            found = _according(text, token, offset)
        elif lemma in _SPEECH_NOUNS and token.pos_ == "NOUN":
            found = _speech_noun(text, token, offset)
        elif lemma in _REPORTING or lemma in _INFINITIVE or lemma in _PREPOSITIONS:
            found = _report(text, token, lemma, offset) if token.pos_ in ("VERB", "AUX") else None
        else:
            found = None
        if found is not None:
            yield found


def _span(tokens, offset: int) -> tuple[int, int]:
    tokens = list(tokens)
    return offset + tokens[0].idx, offset + tokens[-1].idx + len(tokens[-1])


def _subtree_without(token, drop) -> list:
    """The tokens of `token`'s subtree, without the subtrees of `drop`."""
    dropped: set[int] = set()
    for child in drop:
        dropped.update(t.i for t in child.subtree)
    return [t for t in token.subtree if t.i not in dropped]


def _content(
    text: str, tokens: list, offset: int, verb, *, around: bool = False
) -> tuple[int, int] | None:
    """The statement's span: contiguous, on one side of the verb (or `around` it, the
    attribution inside), at least a few words."""
    if not tokens:
        return None
    if tokens[0].i < verb.i < tokens[-1].i and not around:
        # The clause runs around the verb ("The gates, he said, are safe" parses so):
        # keep the part after the verb unless it is the shorter.
        before = [t for t in tokens if t.i < verb.i]
        after = [t for t in tokens if t.i > verb.i]
        tokens = after if len(after) >= len(before) else before
    tokens = _without_trailing_participle(tokens)
    while tokens and (tokens[0].dep_ in ("mark", "punct", "cc") or tokens[0].is_space):
        if tokens[0].dep_ == "mark" and tokens[0].lower_ not in ("that",):
            break  # "whether", "if": part of the reported question
        tokens = tokens[1:]
    if not tokens:
        return None
    start, end = trim(text, *_span(tokens, offset))
    if end <= start or word_count(text, start, end) < patterns.MIN_STATEMENT_WORDS:
        return None
    return start, end


def _without_trailing_participle(tokens: list) -> list:
    """`it would close two bakeries, sending its shares down`: the participle clause
    after a comma at the end is the writer's, not part of what was said."""
    kept = {t.i for t in tokens}
    for token in tokens:
        if token.dep_ == "advcl" and token.tag_ == "VBG" and token.i > tokens[0].i:
            before = token.doc[token.i - 1] if token.i > 0 else None
            subtree = [t.i for t in token.subtree]
            if before is not None and before.text == "," and max(subtree) >= tokens[-1].i:
                return [t for t in tokens if t.i < before.i and t.i in kept]
    return tokens


def _speaker_token(verb, depth: int = 0):
    """The token naming who speaks: the verb's subject, the agent of a passive, the noun
    a relative clause hangs on, or the subject of the verb a participle, an infinitive
    or a coordinated verb depends on ("..., saying", "by promising to", "and said")."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if child.dep_ == "nsubjpass" and child.lower_ == "it":
                break  # "it was announced that ...": look for an agent
            return child
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    head = verb.head
    if head is verb or depth > 3:
        return None
    if verb.dep_ == "relcl":
        return head  # "the ministry, which said ..."
    if verb.dep_ == "advcl" and verb.tag_ != "VBG":
        return None  # "..., as he said": a clause of its own
    if verb.dep_ in ("conj", "advcl", "xcomp"):
        if head.pos_ in ("VERB", "AUX"):
            return _speaker_token(head, depth + 1)  # "and said ...", "..., saying ..."
        if head.pos_ == "ADJ":
            return _speaker_token(head.head, depth + 1)  # "were likely to say"
        return None
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        return _speaker_token(head.head, depth + 1)  # "by promising to ...", "before saying"
    if verb.dep_ == "acl" and head.lemma_.casefold() in _DOCUMENTS:
        governor = head.head
        if head.dep_ == "dobj" and governor.pos_ in ("VERB", "AUX"):
            return _speaker_token(governor, depth + 1)  # "issued a statement saying ..."
    return None


def _speaker_phrase(text: str, token, offset: int) -> tuple[str, int]:
    """The speaker as written: the subject without relative clauses and asides."""
    if token.lower_ in _RELATIVE_PRONOUNS and token.head is not token:
        # "Christian Pardo, who said ...": the noun the relative clause hangs on.
        token = token.head.head if token.head.dep_ == "relcl" else token.head
    drop = [c for c in token.children if c.dep_ in ("relcl", "acl", "advcl", "punct")]
    # An appositive stays ("its counterpart, Tzachi Hanegbi"), a trailing one after a name
    # goes ("Sullivan, the national security adviser").
    tokens = _subtree_without(token, drop)
    tokens = [t for t in tokens if not (t.dep_ == "punct" and t.i in (tokens[0].i, tokens[-1].i))]
    if len(tokens) > MAX_SPEAKER_TOKENS:
        tokens = [t for t in token.subtree if t.dep_ in ("compound", "flat") or t is token]
        tokens = [t for t in tokens if t.head is token or t is token]
    if not tokens:
        return "", -1
    start, end = _span(tokens, offset)
    phrase = " ".join(text[start:end].split()).strip(" ,;:—–-")
    return phrase, start


def _report(text: str, verb, lemma: str, offset: int) -> Candidate | None:
    content = None
    family = PARSED
    children = list(verb.children)
    clauses = [c for c in children if c.dep_ == "ccomp"]
    if clauses and lemma in _REPORTING:
        clause = clauses[0]
        content = _content(text, list(clause.subtree), offset, verb)
    if content is None and lemma in _REPORTING and verb.dep_ == "parataxis" and not clauses:
        # "Proposals so far, he added, amount to tinkering": the clause around the verb.
        head = verb.head
        if head.pos_ in ("VERB", "AUX") or head.dep_ == "ROOT":
            tokens = _subtree_without(head, [verb])
            content = _content(text, tokens, offset, verb, around=True)
    if content is None and lemma in _INFINITIVE:
        for child in children:
            if child.dep_ == "xcomp" and child.tag_ == "VB":
                tokens = list(child.subtree)
                objects = [c for c in children if c.dep_ == "dobj" and c.i < child.i]
                if objects and lemma not in ("promise", "vow", "pledge", "threaten", "refuse"):
                    tokens = [*objects[0].subtree, *tokens]  # "urged Congress to act"
                content = _content(text, tokens, offset, verb)
                family = PARSED_INFINITIVE
                break
    if content is None and lemma in _OBJECT:
        for child in children:
            if (
                child.dep_ == "dobj"
                and child.pos_ in ("NOUN", "PROPN")
                and child.ent_type_ != "PERSON"
            ):
                content = _content(text, list(child.subtree), offset, verb)
                family = PARSED_OBJECT
                break
    if content is None and lemma in _PREPOSITIONS:
        for child in children:
            if child.dep_ == "prep" and child.lower_ in _PREPOSITIONS[lemma]:
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    tokens = list(objects[0].subtree)
                    if child.lower_ == "on":  # "called on Israel to hold back"
                        tokens = [
                            *tokens,
                            *(
                                t
                                for c in children
                                if c.dep_ in ("xcomp", "advcl")
                                for t in c.subtree
                            ),
                        ]
                    content = _content(text, sorted(tokens, key=lambda t: t.i), offset, verb)
                    family = PARSED_OBJECT
                    break
    if content is None:
        return None
    speaker = _speaker_token(verb)
    phrase, phrase_at = ("", -1)
    if speaker is not None:
        if speaker.lower_ in _WRITER_PRONOUNS or speaker.lower_ in _NON_SPEAKERS:
            return None
        phrase, phrase_at = _speaker_phrase(text, speaker, offset)
        if phrase_at >= 0 and content[0] <= phrase_at < content[1]:
            return None  # the speaker inside the statement: the parse went astray
    return Candidate(content[0], content[1], family, phrase, phrase_at, verb=verb.text)


def _according(text: str, according, offset: int) -> Candidate | None:
    """`..., according to X.` and `According to X, ...`: X is the speaker of the clause."""
    to = next((c for c in according.children if c.lower_ == "to"), None)
    if to is None:
        return None
    objects = [c for c in to.children if c.dep_ == "pobj"]
    if not objects:
        return None
    head = according.head
    if head is according:
        return None
    clause = _subtree_without(head, [according])
    content = _content(text, clause, offset, according)
    if content is None:
        return None
    phrase, phrase_at = _speaker_phrase(text, objects[0], offset)
    return Candidate(content[0], content[1], PARSED_ACCORDING, phrase, phrase_at, "according to")


def _speech_noun(text: str, noun, offset: int) -> Candidate | None:
    """`X issued an ultimatum that ...`, `claims by Republicans that ...`: a noun of
    speech with its that-clause; the speaker is the one who made it."""
    clause = next(
        (c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl") and _says_that(c)),
        None,
    )
    governor = noun.head
    if clause is None and noun.dep_ == "dobj" and governor.pos_ in ("VERB", "AUX"):
        # The parse often hangs the clause on the verb: "issued a warning on CNN that ...".
        clause = next(
            (c for c in governor.children if c.dep_ == "ccomp" and c.i > noun.i and _says_that(c)),
            None,
        )
    if clause is None:
        return None
    content = _content(text, list(clause.subtree), offset, noun)
    if content is None:
        return None
    speaker = None
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            speaker = next((c for c in child.children if c.dep_ == "pobj"), None)
    if speaker is None and noun.dep_ == "dobj" and governor.pos_ in ("VERB", "AUX"):
        speaker = _speaker_token(governor) or _name_before(governor)
    if speaker is None or speaker.lower_ in _WRITER_PRONOUNS or speaker.lower_ in _NON_SPEAKERS:
        return None
    phrase, phrase_at = _speaker_phrase(text, speaker, offset)
    if not phrase or content[0] <= phrase_at < content[1]:
        return None
    return Candidate(content[0], content[1], PARSED_NOUN, phrase, phrase_at, verb=noun.text)


def _says_that(clause) -> bool:
    """A clause opened by "that" whose verb has a subject of its own: what was said, not
    a relative clause about the noun ("the warning that was issued")."""
    marked = any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)
    subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in clause.children)
    return marked and subject


def _name_before(verb):
    """A name just before a verb the parse left without a subject ("after President Joe
    Biden last week issued ..."), over adverbs of time between them."""
    i = verb.i - 1
    while i >= 0 and verb.doc[i].dep_ in ("npadvmod", "advmod", "amod", "aux", "neg"):
        i -= 1
    if i < 0:
        return None
    token = verb.doc[i]
    if token.pos_ == "PROPN" and token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return token
    return None
