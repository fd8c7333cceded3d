"""The sentences around a quote, for showing it where it stands in its article."""

import re

_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+|\n+")


def sentence_context(body: str, start: int, end: int, sentences: int = 1) -> tuple[str, str, str]:
    """Return (before, quote, after): the quote's own sentence plus up to `sentences` each side.

    Context never crosses a paragraph break.
    """
    para_start = body.rfind("\n\n", 0, start)
    para_start = 0 if para_start < 0 else para_start + 2
    para_end = body.find("\n\n", end)
    para_end = len(body) if para_end < 0 else max(para_end, end)

    before_text = body[para_start:start]
    starts = [0] + [m.end() for m in _SENTENCE_BREAK.finditer(before_text)]
    before = before_text[starts[max(0, len(starts) - 1 - sentences)] :]

    after_text = body[end:para_end]
    ends = [m.start() for m in _SENTENCE_BREAK.finditer(after_text)] + [len(after_text)]
    after = after_text[: ends[min(sentences, len(ends) - 1)]]
    return before, body[start:end], after
