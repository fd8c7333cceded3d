"""The first characters that make a spreadsheet run a CSV cell as a formula, and the cell
that keeps it from doing so.

Used by the CSV export for every free-text cell (see exporters).
"""

from __future__ import annotations

FORMULA_START: tuple[str, ...] = (
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    # A pipe starts a DDE call in some spreadsheets (`|cmd`).
    "|",
    # Full-width forms, which East Asian spreadsheets take as the ASCII operator.
    "\uff1d",  # ＝
    "\uff0b",  # ＋
    "\uff0d",  # －
    "\uff20",  # ＠
    # Invisible marks that spreadsheets drop before reading the cell, so `\ufeff=1+1` runs.
    "\ufeff",  # zero width no-break space (byte order mark)
    "\u200b",  # zero width space
    "\u200c",  # zero width non-joiner
    "\u200d",  # zero width joiner
    "\u2060",  # word joiner
)

FORMULA_STARTS = frozenset(FORMULA_START)
# The rule as an expression of the cell's text, so that the CSV writer can write it out
# in its generated row function (see exporters) instead of calling a function per cell.
NEUTRALISED = '("\'" + v if (v := {cell}) and v[0] in formula_starts else v)'

_neutralise = eval(
    f"lambda cell: {NEUTRALISED.format(cell='cell')}", {"formula_starts": FORMULA_STARTS}
)


def neutralise(value: str | None) -> str | None:
    """A free-text cell that no spreadsheet runs: a quote before a formula start.

    None stays None (csv writes it as empty).
    """
    return _neutralise(value)
