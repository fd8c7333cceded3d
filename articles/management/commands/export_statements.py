import os
import stat
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.http import QueryDict

from annotate.routers import export_database, streamed_from
from articles.api.filters import StatementFilter
from articles.exporters import FORMATS, ExportOptions, export_chunks, export_complete
from articles.models import Statement

# Enough of the end of an export to hold its trailer or closing brackets.
TAIL_BYTES = 1024
FILTERS = [
    "article",
    "speaker",
    "stance",
    "topic",
    "status",
    "created_by",
    "updated_since",
    "search",
]


class Command(BaseCommand):
    help = (
        "Export statements as CSV, JSON, JSON Lines or W3C Web Annotation (JSON-LD). "
        "Exits non-zero when the export is cut (CSV and JSON Lines end with a row count)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument("-o", "--output", default="-", help="file to write (default stdout)")
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="site address used in JSON-LD ids (default http://127.0.0.1:8000)",
        )
        for name in FILTERS:
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name)

    def handle(self, *args, format: str, output: str, base_url: str, **options):
        query = QueryDict(mutable=True)
        for name in FILTERS:
            if options.get(name) is not None:
                query[name] = options[name]
        filterset = StatementFilter(query, queryset=Statement.objects.all())
        if not filterset.is_valid():
            problems = "; ".join(
                f"--{field.replace('_', '-')}: {' '.join(errors)}"
                for field, errors in filterset.errors.items()
            )
            raise CommandError(problems)
        options = ExportOptions(base_url=base_url)
        chunks = streamed_from(
            export_database(), lambda: export_chunks(filterset.qs, format, options)
        )
        if output == "-":
            self._write(chunks, sys.stdout.buffer, format)
            return
        if _exists_but_not_a_file(output):
            # A device or a pipe (/dev/null, a FIFO): written to, never renamed over.
            with open(output, "wb") as stream:
                self._write(chunks, stream, format)
            return
        # Written beside the target and renamed when whole: a cut export never sits
        # where a whole one is expected.
        partial = Path(f"{output}.partial")
        with open(partial, "wb") as stream:
            self._write(chunks, stream, format, partial=partial)
        os.replace(partial, output)

    def _write(self, chunks, stream, fmt: str, *, partial: Path | None = None) -> None:
        tail = b""
        where = f" (the incomplete file is {partial})" if partial else ""
        try:
            for chunk in chunks:
                stream.write(chunk)
                tail = (tail + chunk[-TAIL_BYTES:])[-TAIL_BYTES:]
        except DatabaseError as error:
            raise CommandError(f"The export was cut: {error}{where}.") from error
        stream.flush()
        if not export_complete(fmt, tail):
            raise CommandError(f"The export ended before its last statement{where}.")


def _exists_but_not_a_file(path: str) -> bool:
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return False
