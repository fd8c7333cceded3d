"""A re-anchoring test set: news-style articles with statements, and updates of them.

Each case is an article, its statements, one kind of update, and where each statement
should be in the updated text. The articles are generated here (seeded), so the set is
the same on every run and needs no corpus. Shared by the tests (which assert floors) and
the benchmarks (which report the figures).

Each statement of a case is one of:
- kept: its quote and CONTEXT characters either side are unchanged (it must move exactly);
- context: its quote is unchanged, the text around it is not;
- reworded: its quote changed a little (a typo fixed, a word changed);
- removed: its quote is gone (it must be orphaned);
- repeated: its sentence is gone but its words stand elsewhere (it may move there, to be
  re-checked, or be orphaned; never moved as if nothing changed).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from articles.anchoring import CONTEXT, Anchor, Outcome, Placement, place

NAMES = [
    "Antony Blinken", "Jake Sullivan", "Maria Ortiz", "Tomasz Nowak", "Amara Okafor",
    "Lena Fischer", "Rahul Mehta", "Chen Wei", "Sofia Rossi", "Jonas Berg",
]  # fmt: skip
ROLES = ["the minister", "a spokesperson", "the mayor", "an official", "the chief executive"]
VERBS = ["said", "warned", "told reporters", "added", "insisted"]
SUBJECTS = [
    "the flood barrier", "the new budget", "the ceasefire", "the power grid", "the harbour",
    "the rail strike", "interest rates", "the hospital", "the treaty", "the bridge",
]  # fmt: skip
PREDICATES = [
    "could fail within a decade", "will not be ready before March", "is safe for now",
    "must be reviewed by the council", "would cost far more than planned",
    "has the support of every party", "will be debated again next week",
    "cannot be allowed to collapse", "was never properly funded",
    "should reopen once the repairs are done",
]  # fmt: skip
NARRATION = [
    "The meeting lasted three hours.", "Officials declined to give further details.",
    "Residents gathered outside the town hall on Monday.", "The figures were published late.",
    "Opposition members left the chamber in protest.", "Talks are expected to resume.",
    "Engineers have inspected the site twice this year.", "The report runs to 200 pages.",
]  # fmt: skip
SWAPS = {"could": "might", "will": "would", "must": "should", "far": "much", "again": "once more"}


@dataclass
class Sentence:
    text: str
    quote: tuple[int, int] | None = None  # the statement's span within the sentence
    key: int | None = None


@dataclass
class Text:
    paragraphs: list[list[Sentence]]

    def render(self) -> tuple[str, dict[int, tuple[int, int]]]:
        """The body, and where each statement's quote stands in it."""
        parts: list[str] = []
        spans: dict[int, tuple[int, int]] = {}
        at = 0
        for p, paragraph in enumerate(self.paragraphs):
            if p:
                parts.append("\n\n")
                at += 2
            for s, sentence in enumerate(paragraph):
                if s:
                    parts.append(" ")
                    at += 1
                if sentence.quote is not None and sentence.key is not None:
                    spans[sentence.key] = (at + sentence.quote[0], at + sentence.quote[1])
                parts.append(sentence.text)
                at += len(sentence.text)
        return "".join(parts), spans

    def copy(self) -> Text:
        return Text([[replace(s) for s in paragraph] for paragraph in self.paragraphs])

    def quoted(self) -> list[tuple[int, int]]:
        return [
            (p, s)
            for p, paragraph in enumerate(self.paragraphs)
            for s, sentence in enumerate(paragraph)
            if sentence.key is not None
        ]

    def plain(self) -> list[tuple[int, int]]:
        return [
            (p, s)
            for p, paragraph in enumerate(self.paragraphs)
            for s, sentence in enumerate(paragraph)
            if sentence.key is None
        ]


def _statement(rng: random.Random, key: int, claim: str) -> Sentence:
    who = rng.choice(NAMES + ROLES)
    if rng.random() < 0.6:
        quote = claim[0].upper() + claim[1:]
        text = f"“{quote},” {who} {rng.choice(VERBS)}."
        return Sentence(text, (1, 1 + len(quote)), key)
    lead = f"{who[0].upper() + who[1:]} {rng.choice(VERBS)} that "
    return Sentence(f"{lead}{claim}.", (len(lead), len(lead) + len(claim)), key)


def article(rng: random.Random, statements: int) -> Text:
    """A news-style article with `statements` statements among narration."""
    # Each claim once: a quote said twice in one article is the "repeat" update's case.
    claims = [f"{subject} {predicate}" for subject in SUBJECTS for predicate in PREDICATES]
    if statements <= len(claims):
        chosen = rng.sample(claims, statements)
    else:  # a long article for timing, where claims come back
        chosen = [rng.choice(claims) for _ in range(statements)]
    sentences = [_statement(rng, key, claim) for key, claim in enumerate(chosen)]
    sentences += [Sentence(rng.choice(NARRATION)) for _ in range(statements)]
    rng.shuffle(sentences)
    paragraphs: list[list[Sentence]] = []
    while sentences:
        size = rng.randint(1, 3)
        paragraphs.append(sentences[:size])
        sentences = sentences[size:]
    return Text(paragraphs)


# Updates: each changes a copy of the text in place.


def insert_sentence(rng: random.Random, text: Text) -> None:
    paragraph = rng.choice(text.paragraphs)
    paragraph.insert(rng.randint(0, len(paragraph)), Sentence(rng.choice(NARRATION)))


def delete_sentence(rng: random.Random, text: Text) -> None:
    plain = text.plain()
    if plain:
        p, s = rng.choice(plain)
        del text.paragraphs[p][s]
        text.paragraphs = [paragraph for paragraph in text.paragraphs if paragraph]


def insert_paragraph(rng: random.Random, text: Text) -> None:
    at = rng.choice([0, rng.randint(0, len(text.paragraphs))])
    text.paragraphs.insert(at, [Sentence(rng.choice(NARRATION)), Sentence(rng.choice(NARRATION))])


def delete_paragraph(rng: random.Random, text: Text) -> None:
    plain = [i for i, p in enumerate(text.paragraphs) if all(s.key is None for s in p)]
    if plain:
        del text.paragraphs[rng.choice(plain)]


def reorder_paragraphs(rng: random.Random, text: Text) -> None:
    if len(text.paragraphs) > 1:
        a, b = rng.sample(range(len(text.paragraphs)), 2)
        text.paragraphs[a], text.paragraphs[b] = text.paragraphs[b], text.paragraphs[a]


def _edit_quote(text: Text, p: int, s: int, edit: Callable[[str], str]) -> None:
    sentence = text.paragraphs[p][s]
    assert sentence.quote is not None
    a, b = sentence.quote
    new = edit(sentence.text[a:b])
    sentence.text = sentence.text[:a] + new + sentence.text[b:]
    sentence.quote = (a, a + len(new))


def typo_in_quote(rng: random.Random, text: Text) -> None:
    """A typo fixed inside a quote (here: one made, which is the same edit reversed)."""
    p, s = rng.choice(text.quoted())

    def edit(quote: str) -> str:
        i = rng.randrange(2, len(quote) - 2)
        while not quote[i].isalpha():
            i = rng.randrange(2, len(quote) - 2)
        return quote[:i] + quote[i + 1] + quote[i] + quote[i + 2 :]

    _edit_quote(text, p, s, edit)


def typo_around_quote(rng: random.Random, text: Text) -> None:
    """A typo fixed in the words just before a quote's sentence."""
    p, s = rng.choice(text.quoted())
    target = text.paragraphs[p][s - 1] if s else None
    if target is None or target.key is not None:
        target = Sentence(rng.choice(NARRATION))
        text.paragraphs[p].insert(s, target)
        return
    target.text = target.text.replace("e", "ee", 1)


def reword_quote(rng: random.Random, text: Text) -> None:
    p, s = rng.choice(text.quoted())

    def edit(quote: str) -> str:
        for old, new in SWAPS.items():
            if f" {old} " in quote:
                return quote.replace(f" {old} ", f" {new} ", 1)
        return quote.replace(" the ", " this ", 1) if " the " in quote else quote + " now"

    _edit_quote(text, p, s, edit)


def remove_quote(rng: random.Random, text: Text) -> None:
    p, s = rng.choice(text.quoted())
    del text.paragraphs[p][s]
    text.paragraphs = [paragraph for paragraph in text.paragraphs if paragraph]


def repeat_quote(rng: random.Random, text: Text) -> None:
    """Another outlet's words repeated: the same quote once more, in other words around it."""
    p, s = rng.choice(text.quoted())
    sentence = text.paragraphs[p][s]
    assert sentence.quote is not None
    quote = sentence.text[sentence.quote[0] : sentence.quote[1]]
    repeat = Sentence(f"Earlier this year the claim that {quote.lower()} was also made.")
    text.paragraphs.append([repeat])


def marks_before_quote(rng: random.Random, text: Text) -> None:
    """Emoji and combining marks added just before a quote's sentence (offsets in code points)."""
    p, s = rng.choice(text.quoted())
    text.paragraphs[p].insert(s, Sentence("Cafe\u0301 owners 🙂 reacted 👍🏽."))


def several(rng: random.Random, text: Text) -> None:
    """Three updates of other kinds at once, as a rewrite before republishing does."""
    for update in rng.sample(list(SINGLE_UPDATES.values()), 3):
        update(rng, text)


SINGLE_UPDATES: dict[str, Callable[[random.Random, Text], None]] = {
    "insert sentence": insert_sentence,
    "delete sentence": delete_sentence,
    "insert paragraph": insert_paragraph,
    "delete paragraph": delete_paragraph,
    "reorder paragraphs": reorder_paragraphs,
    "typo in quote": typo_in_quote,
    "typo around quote": typo_around_quote,
    "reword quote": reword_quote,
    "remove quote": remove_quote,
    "repeat quote": repeat_quote,
    "emoji before quote": marks_before_quote,
}
UPDATES = {**SINGLE_UPDATES, "several at once": several}


@dataclass
class Case:
    update: str
    old: str
    new: str
    anchors: list[Anchor]
    expected: dict[int, tuple[int, int] | None]  # None: removed
    kinds: dict[int, str] = field(default_factory=dict)


def _kind(case_old: str, new: str, anchor: Anchor, expected: tuple[int, int] | None) -> str:
    if expected is None:
        # Gone, unless the same words still stand elsewhere (a repeat of them).
        return "repeated" if anchor.quote.lower() in new.lower() else "removed"
    start, end = expected
    if new[start:end] != anchor.quote:
        return "reworded"
    same = (
        new[max(0, start - CONTEXT) : start] == anchor.prefix
        and new[end : end + CONTEXT] == anchor.suffix
    )
    return "kept" if same else "context"


def cases(per_update: int = 30, statements: int = 8, seed: int = 7) -> Iterator[Case]:
    rng = random.Random(seed)
    for name, update in UPDATES.items():
        for _ in range(per_update):
            text = article(rng, statements)
            old, old_spans = text.render()
            changed = text.copy()
            update(rng, changed)
            new, new_spans = changed.render()
            anchors = [Anchor.of(key, old, *old_spans[key]) for key in sorted(old_spans)]
            expected = {key: new_spans.get(key) for key in old_spans}
            case = Case(name, old, new, anchors, expected)
            case.kinds = {a.key: _kind(old, new, a, expected[a.key]) for a in anchors}
            yield case


@dataclass
class Figures:
    counts: dict[str, int] = field(default_factory=dict)
    right: dict[str, int] = field(default_factory=dict)
    wrong_without_recheck: int = 0
    removed_moved: int = 0

    def rate(self, kind: str) -> float | None:
        total = self.counts.get(kind, 0)
        return self.right.get(kind, 0) / total if total else None

    def as_dict(self) -> dict:
        return {
            "statements": dict(self.counts),
            "kept_moved_exactly": self.rate("kept"),
            "context_changed_moved_right": self.rate("context"),
            "reworded_moved_right": self.rate("reworded"),
            "removed_orphaned": self.rate("removed"),
            "moved_wrong_without_recheck": self.wrong_without_recheck,
        }


def judge(all_cases: Iterator[Case] | list[Case]) -> Figures:
    """How the placements of every case compare with where the statements should be."""
    figures = Figures()
    for case in all_cases:
        for placement in place(case.anchors, case.new):
            kind = case.kinds[placement.key]
            figures.counts[kind] = figures.counts.get(kind, 0) + 1
            if _right(placement, kind, case.expected[placement.key]):
                figures.right[kind] = figures.right.get(kind, 0) + 1
            expected = case.expected[placement.key]
            if placement.outcome is Outcome.EXACT and (placement.start, placement.end) != expected:
                figures.wrong_without_recheck += 1
    return figures


def _right(placement: Placement, kind: str, expected: tuple[int, int] | None) -> bool:
    if kind == "repeated":
        return placement.outcome is not Outcome.EXACT
    if kind == "removed":
        return placement.outcome is Outcome.ORPHANED
    at = (placement.start, placement.end) == expected
    if kind == "kept":
        return placement.outcome is Outcome.EXACT and at
    return placement.outcome is not Outcome.ORPHANED and at
