"""Text rules shared by every path that stores an article: normalising, hashing, titles."""

import hashlib
import re
import unicodedata

TITLE_MAX_LENGTH = 100

_BLANK_LINES = re.compile(
    r"\n[ \t\f\v\u00a0\u2000-\u200b\u3000]*(?:\n[ \t\f\v\u00a0\u2000-\u200b\u3000]*)+"
)
# A sentence ends at . ! ? (optionally followed by a closing quote) before whitespace,
# but not after a lone capital initial or a common abbreviation.
_SENTENCE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bNo)[.!?][\"'”’)]*(?=\s|$)"
)


def normalise_body(text: str) -> str:
    """Return the stored form of an article body.

    NFC, `\\n` line endings, no BOM, trailing spaces removed, paragraphs separated
    by exactly one blank line and no blank lines at either end.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    lines = [line.rstrip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


def normalise_line(text: str) -> str:
    """Normalise a one-line field (title, source): NFC and collapsed whitespace."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def content_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def first_sentence(body: str) -> str:
    paragraph = body.strip().split("\n\n", 1)[0]
    paragraph = " ".join(paragraph.split())
    match = _SENTENCE_END.search(paragraph)
    return paragraph[: match.start()] if match else paragraph


def derive_title(body: str, limit: int = TITLE_MAX_LENGTH) -> str:
    """Title from the first sentence, cut at a word boundary to `limit` characters."""
    sentence = first_sentence(body)
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit - 1]
    if " " in cut and not sentence[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—") + "…"


def offset_map(original: str, body: str) -> list[int]:
    """Where each offset of `original` lands in `body`, its `normalise_body` form.

    Normalising only drops whitespace, a BOM and carriage returns (a lone one becomes
    `\\n`) and composes characters (NFC), so `body` is `original` with characters taken
    out or merged; one walk over both finds every position. Offsets inside a dropped or
    merged stretch land where it went. Raises ValueError if `body` is not such a form.
    """
    positions = [0] * (len(original) + 1)
    i = j = 0
    while i < len(original):
        char = original[i]
        if j < len(body) and (char == body[j] or (char == "\r" and body[j] == "\n")):
            if char == "\r" and i + 1 < len(original) and original[i + 1] == "\n":
                positions[i] = j  # "\r\n" becomes "\n": the "\r" goes
                i += 1
                continue
            positions[i] = j
            i, j = i + 1, j + 1
            continue
        if char.isspace() or char in "\ufeff\r":
            positions[i] = j
            i += 1
            continue
        # A run of characters that NFC composes into fewer.
        k = i + 1
        while k < len(original) and unicodedata.combining(original[k]):
            k += 1
        composed = unicodedata.normalize("NFC", original[i:k])
        if body.startswith(composed, j):
            for m in range(i, k):
                positions[m] = j
            i, j = k, j + len(composed)
            continue
        raise ValueError(f"the text at offset {i} does not match its normalised form")
    if j != len(body):
        raise ValueError("the normalised text is longer than the original")
    positions[len(original)] = j
    return positions
