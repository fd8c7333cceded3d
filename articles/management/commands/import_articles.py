import sys

from django.core.management.base import BaseCommand, CommandError

from articles.importers import import_sources, read_sources


class Command(BaseCommand):
    help = (
        "Import articles from .txt (optional 'date YYYY-MM-DD' first line, then paragraphs), "
        ".json (an object or a list) and .jsonl files; directories are walked. "
        "Text already stored is skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or directories")
        parser.add_argument(
            "--progress-every",
            type=int,
            default=1000,
            help="report progress every N files (default 1000)",
        )

    def handle(self, *args, paths, progress_every, **options):
        verbosity = options["verbosity"]

        def progress(count: int) -> None:
            if verbosity and progress_every > 0 and count % progress_every == 0:
                self.stderr.write(f"… {count} files read")

        report = import_sources(read_sources(paths), progress=progress)
        if verbosity >= 2:
            for origin, article in report.created:
                self.stdout.write(f"created  {origin} → article {article.pk}: {article.title}")
        if verbosity:
            for origin, article in report.updated:
                self.stdout.write(f"updated  {origin} → article {article.pk} (new text, same url)")
            for origin, reason in report.skipped:
                self.stdout.write(f"skipped  {origin}: {reason}")
        for origin, reason in report.failed:
            self.stderr.write(self.style.ERROR(f"FAILED   {origin}: {reason}"))
        self.stdout.write(report.summary())
        if not report.ok:
            sys.stdout.flush()
            raise CommandError(f"{len(report.failed)} of the inputs could not be imported.")
