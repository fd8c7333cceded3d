"""What a revision changed, for people to read: the words added and removed, and what
re-anchoring did to each statement (read back from the history it wrote)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from .models import Article, Statement

if TYPE_CHECKING:
    from .roles import AnyUser

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)
# Beyond this many words a side, texts are compared a paragraph at a time (the word
# matcher's time grows with the square of the length in the worst case).
WORDS_MAX = 40_000
# How much unchanged text is shown either side of a change.
AROUND = 240


@dataclass(frozen=True)
class Segment:
    kind: str  # "same", "added", "removed" or "gap" (unchanged text left out)
    text: str


def word_diff(old: str, new: str) -> list[Segment]:
    """The new text with what changed marked, word by word."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    if max(len(a), len(b)) > WORDS_MAX:
        a, b = _paragraphs(old), _paragraphs(new)
    segments: list[Segment] = []

    def add(kind: str, tokens: list[str]) -> None:
        text = "".join(tokens)
        if not text:
            return
        if segments and segments[-1].kind == kind:
            segments[-1] = Segment(kind, segments[-1].text + text)
        else:
            segments.append(Segment(kind, text))

    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            add("same", b[j1:j2])
        else:
            add("removed", a[i1:i2])
            add("added", b[j1:j2])
    return _shortened(segments)


def _shortened(segments: list[Segment]) -> list[Segment]:
    """Long unchanged stretches cut down to the words around each change."""
    shown = []
    last = len(segments) - 1
    for i, segment in enumerate(segments):
        text = segment.text
        if segment.kind != "same" or len(text) <= 2 * AROUND + 40:
            shown.append(segment)
            continue
        head = _cut_after(text[:AROUND]) if i > 0 else ""
        tail = _cut_before(text[-AROUND:]) if i < last else ""
        if head:
            shown.append(Segment("same", head))
        shown.append(Segment("gap", "…"))
        if tail:
            shown.append(Segment("same", tail))
    return shown


def _cut_after(text: str) -> str:
    """`text` up to its last space, so no word is cut."""
    return text[: text.rfind(" ") + 1] if " " in text else text


def _cut_before(text: str) -> str:
    return text[text.find(" ") :] if " " in text else text


def _paragraphs(text: str) -> list[str]:
    return re.split(r"(\n\n)", text)


@dataclass(frozen=True)
class Move:
    statement_id: int
    quote: str
    reason: str
    anchor: str


def statement_moves(article: Article, number: int, user: AnyUser) -> list[Move]:
    """What revision `number` did to each statement the user may see, in text order."""
    History = Statement.history.model
    visible = Statement.objects.filter(article=article).visible_to(user).values("id")
    rows = (
        History.objects.filter(
            article_id=article.pk,
            id__in=visible,
            # "…by revision 2 from…", "…by revision 2: …", never "…by revision 21…"
            history_change_reason__regex=rf"by revision {number}([^0-9]|$)",
        )
        .order_by("start", "end", "id")
        .values_list("id", "quote", "history_change_reason", "anchor")
    )
    return [Move(*row) for row in rows]
