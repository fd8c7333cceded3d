import sys
from contextlib import nullcontext

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from articles.api.filters import StatementFilter
from articles.exporters import FORMATS, ExportOptions, export_chunks
from articles.models import Statement

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
    help = "Export statements as CSV, JSON, JSON Lines or W3C Web Annotation (JSON-LD)."

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
        chunks = export_chunks(filterset.qs, format, ExportOptions(base_url=base_url))
        target = nullcontext(sys.stdout.buffer) if output == "-" else open(output, "wb")  # noqa: SIM115
        with target as stream:
            for chunk in chunks:
                stream.write(chunk)
