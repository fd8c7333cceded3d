"""A candidate statement as the detector finds it: a span and who it is attributed to."""

from __future__ import annotations

from dataclasses import dataclass

# Families of candidates, from the pattern that found them.
QUOTE = "quote"  # a quotation with its attribution next to it
QUOTE_LINKED = "quote-linked"  # a quotation whose speaker comes from a neighbour
INVERTED = "inverted"  # "..., Blinken warned on Sunday."
COLON = "colon"  # "Blinken said: We ..."
REPORTED = "reported"  # "Blinken said (on Sunday) that ..."
REPORTED_BARE = "reported-bare"  # "Sullivan said the US wants ..."
ACCORDING = "according"  # "According to X, ..." / "..., according to X."
PARENTHETICAL = "parenthetical"  # "The gates, he said, are safe."
PARTICIPLE = "participle"  # "..., predicting that ..."
CONTINUATION = "continuation"  # sentences that go on with the previous speaker


@dataclass(eq=False)
class Candidate:
    start: int
    end: int
    family: str
    phrase: str = ""  # the speaker as written, "" when it comes from `parent`
    phrase_at: int = -1
    verb: str = ""
    parent: Candidate | None = None
