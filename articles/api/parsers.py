"""Request parsers: DRF's, with a 400 for JSON nested too deeply to read."""

from __future__ import annotations

from rest_framework import parsers
from rest_framework.exceptions import ParseError

NESTED_TOO_DEEPLY = (
    "JSON parse error - the document is nested too deeply (arrays or objects inside "
    "one another hundreds of levels down); send a flatter document."
)


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            # The standard library's decoder recurses once per level of nesting.
            raise ParseError(NESTED_TOO_DEEPLY) from None
