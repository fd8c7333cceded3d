"""News-like synthetic text: articles built from templates and word lists, with the
spans of the statements they report, for benchmarks and for trying the app at scale.

Everything is drawn from one `random.Random`, so a seed gives the same data every time.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

FIRST_NAMES = [
    "Amira", "Ben", "Chloe", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas",
    "Kemi", "Lars", "Maya", "Nikhil", "Olga", "Pablo", "Quinn", "Rosa", "Samir", "Tessa",
    "Umar", "Vera", "Wen", "Ximena", "Yusuf", "Zofia", "Ada", "Bruno", "Carmen", "Dara",
]  # fmt: skip
LAST_NAMES = [
    "Okafor", "Lindqvist", "Moreau", "Petrov", "Haddad", "Nakamura", "Silva", "Kowalski",
    "Brennan", "Mensah", "Rossi", "Novak", "Fischer", "Osei", "Varga", "Ibrahim", "Keller",
    "Larsen", "Mendes", "Quigley", "Reyes", "Stein", "Tanaka", "Ueda", "Walsh", "Yilmaz",
]  # fmt: skip
ROLES = [
    "Minister of Finance", "Harbour master", "Chief medical officer", "Mayor", "Spokesperson",
    "Foreign minister", "Director of public health", "Head of the river authority",
    "Police commissioner", "Union leader", "Chief economist", "Environment secretary",
]  # fmt: skip
ORGANISATIONS = [
    "City Council", "Port Authority", "Ministry of Health", "Central Bank", "River Agency",
    "Teachers' Union", "Red Cross", "Coast Guard", "Transport Board", "Electoral Commission",
    "Chamber of Commerce", "Weather Service",
]  # fmt: skip
TOPICS = [
    "Flooding", "Infrastructure", "Public finance", "Local politics", "Health", "Energy",
    "Housing", "Transport", "Education", "Security", "Climate", "Trade", "Agriculture",
    "Labour", "Elections", "Diplomacy",
]  # fmt: skip
PLACES = [
    "the river port", "the northern districts", "the capital", "the coastal towns",
    "the border region", "the old harbour", "the industrial zone", "the valley",
]  # fmt: skip
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SUBJECTS = [
    "the sea wall", "the new budget", "the hospital", "the bridge repairs", "the power grid",
    "the school reform", "fuel prices", "the flood barrier", "the rail strike", "water supply",
    "the housing plan", "the ceasefire talks", "grain exports", "the vaccination campaign",
]  # fmt: skip
WARNINGS = [
    "{subject} could fail within months if nothing is done",
    "going ahead with {subject} could have disastrous consequences for {place}",
    "we cannot rule out serious damage to {subject} before the winter",
    "the risks to {place} are growing every week",
    "people in {place} should prepare for shortages",
    "delays to {subject} will cost lives",
]  # fmt: skip
REASSURANCES = [
    "{subject} is old but safe",
    "there is no reason for people in {place} to worry",
    "{subject} will hold this year, and inspections continue",
    "supplies to {place} are secure for the coming months",
    "the situation in {place} is under control",
]  # fmt: skip
POLICIES = [
    "we will rebuild {subject} by 2030",
    "the government will fund {subject} from next year",
    "every household in {place} will get support this winter",
    "new rules for {subject} come into force in the spring",
    "the council will publish a full plan for {subject} next month",
]  # fmt: skip
CLAIMS = {"warning": WARNINGS, "reassurance": REASSURANCES, "policy": POLICIES}
SPEECH_VERBS = ["said", "warned", "told reporters", "said in a statement", "added", "argued"]
NARRATIVE = [
    "Residents of {place} gathered on {day} as the debate over {subject} continued.",
    "The announcement came after weeks of pressure from groups in {place}.",
    "Officials have not said how much {subject} will cost.",
    "Work on {subject} began three years ago and is running late.",
    "Several hundred people in {place} were affected last year.",
    "Critics say {subject} has been neglected for a decade.",
    "The figures were published on {day} by the statistics office.",
    "Talks between the two sides are expected to resume next week.",
]  # fmt: skip
HEADLINES = [
    "Fears grow over {subject} in {place}",
    "Officials split on {subject}",
    "{subject_cap}: what happens next",
    "New plan for {subject} as {place} waits",
]  # fmt: skip
SOURCES = ["Harbour Gazette", "Valley Courier", "Evening Post", "Coastal Times", "Daily Ledger"]


@dataclass
class SpeakerSpec:
    name: str
    kind: str
    role: str
    organisation: str
    aliases: list[str]


@dataclass
class Span:
    start: int
    end: int
    stance: str
    speaker: int | None = None  # index into the speaker list, when the text names one


@dataclass
class ArticleSpec:
    title: str
    body: str
    source: str
    spans: list[Span] = field(default_factory=list)


def make_speakers(rng: random.Random, count: int, *, taken: set[str] = frozenset()) -> list:
    """`count` speakers with distinct names (case-insensitive), none of them in `taken`."""
    speakers: list[SpeakerSpec] = []
    seen = {name.casefold() for name in taken}
    attempt = 0
    while len(speakers) < count:
        attempt += 1
        if attempt % 4 == 0:
            base = rng.choice(ORGANISATIONS)
            name = base if attempt < 200 else f"{base} {attempt}"
            spec = SpeakerSpec(name, "organisation", "", "", [base.split()[0]])
        else:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            # Past the pool of plain names, a middle initial keeps names distinct.
            name = f"{first} {last}"
            if attempt >= 600:
                name = f"{first} {chr(65 + attempt % 26)}. {last}"
            if attempt > 20000:
                name = f"{first} {last} {attempt}"
            role = rng.choice(ROLES)
            spec = SpeakerSpec(name, "person", role, rng.choice(ORGANISATIONS), [last, role])
        if spec.name.casefold() in seen:
            continue
        seen.add(spec.name.casefold())
        speakers.append(spec)
    return speakers


def _fill(rng: random.Random, template: str) -> str:
    subject = rng.choice(SUBJECTS)
    return template.format(
        subject=subject,
        subject_cap=subject[:1].upper() + subject[1:],
        place=rng.choice(PLACES),
        day=rng.choice(DAYS),
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def make_article(
    rng: random.Random,
    speakers: list[SpeakerSpec],
    *,
    words: int,
    serial: int,
) -> ArticleSpec:
    """An article of about `words` words whose reported claims are recorded as spans.

    `serial` goes into the closing line so that every generated text is distinct.
    """
    parts: list[str] = []
    spans: list[Span] = []
    length = 0
    count = 0

    def add(text: str) -> int:
        nonlocal length, count
        at = length
        parts.append(text)
        length += len(text)
        # A leading comma joins the word before it.
        count += len(text.split()) - text.startswith(",")
        return at

    paragraph_left = rng.randint(2, 5)
    while count < words:
        if parts:
            if paragraph_left == 0:
                add("\n\n")
                paragraph_left = rng.randint(2, 5)
            else:
                add(" ")
        paragraph_left -= 1
        if rng.random() < 0.45:
            add(_capital(_fill(rng, rng.choice(NARRATIVE))))
            continue
        stance = rng.choice(("warning", "warning", "reassurance", "policy"))
        claim = _capital(_fill(rng, rng.choice(CLAIMS[stance])))
        who = rng.randrange(len(speakers))
        speaker = speakers[who]
        named = rng.choice(speaker.aliases or [speaker.name])
        if rng.random() < 0.6:
            named = speaker.name
        start = add(claim)
        spans.append(Span(start, start + len(claim), stance, who))
        add(f", {named} {rng.choice(SPEECH_VERBS)} on {rng.choice(DAYS)}.")
    add(f"\n\nReporting by the newsroom, file {serial}.")
    body = "".join(parts)
    title = _capital(_fill(rng, rng.choice(HEADLINES)))
    return ArticleSpec(title=title, body=body, source=rng.choice(SOURCES), spans=spans)


def pick_spans(rng: random.Random, article: ArticleSpec, count: int) -> list[Span]:
    """`count` statement spans: reported claims first, then sentences around them."""
    claims = list(article.spans)
    rng.shuffle(claims)
    chosen = claims[:count]
    body = article.body
    while len(chosen) < count:
        # More statements than claims: take whole sentences, which may overlap claims.
        base = rng.choice(claims) if claims else Span(0, min(len(body), 40), "policy")
        end = body.find(".", base.end)
        end = len(body) if end < 0 else end + 1
        start = rng.choice((base.start, base.start, max(0, base.start - 1)))
        while start < end and body[start].isspace():
            start += 1
        if start >= end:
            start, end = base.start, base.end
        chosen.append(Span(start, end, base.stance, base.speaker))
    return chosen
