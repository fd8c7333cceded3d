import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from articles.brat import BratImporter, find_annotations
from articles.importers import Importer, ImportReport, iter_files, read_sources
from articles.models import Stance
from articles.permissions import require_analyst


class Command(BaseCommand):
    help = (
        "Import articles from .txt (optional 'date YYYY-MM-DD', 'source: …' and 'url: …' header "
        "lines, then paragraphs), "
        ".json (an object or a list) and .jsonl files; directories are walked. "
        "Text already stored is skipped. A .txt with brat standoff annotations (a .ann "
        "beside it, or in --annotations) also brings its attributions in as pending "
        "statements; statements already stored are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or directories")
        parser.add_argument(
            "--progress-every",
            type=int,
            default=1000,
            help="report progress every N files (default 1000)",
        )
        parser.add_argument(
            "--annotations",
            metavar="DIR",
            help="directory of brat .ann files named by the stem of their .txt "
            "(optionally with a suffix: article_4e07.ann)",
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="the annotator the imported statements are created by (needed for .ann files)",
        )
        parser.add_argument("--source", default="", help="the outlet of every imported article")
        parser.add_argument(
            "--source-from-name",
            action="store_true",
            help="take an annotated article's outlet (and date) from its file name, "
            "e.g. nyt_2016-09-08_title.txt",
        )
        parser.add_argument(
            "--stance",
            choices=[value for value, _ in Stance.choices],
            help="stance of imported statements without a Stance attribute "
            "(default: proposed from the text, and noted as such)",
        )

    def handle(self, *args, paths, progress_every, **options):
        verbosity = options["verbosity"]
        annotations = Path(options["annotations"]) if options["annotations"] else None
        if annotations is not None and not annotations.is_dir():
            raise CommandError(f"--annotations {annotations}: not a directory")
        files = list(iter_files(paths))
        pairs = find_annotations([f for f in files if f.suffix.lower() == ".txt"], annotations)
        user = self._user(options["user"]) if pairs else None
        if pairs and user is None:
            names = ", ".join(str(p) for p in list(pairs)[:3])
            raise CommandError(
                f"{len(pairs)} of the files have brat annotations ({names}…): "
                "name the annotator with --user USERNAME"
            )

        def progress(count: int) -> None:
            if verbosity and progress_every > 0 and count % progress_every == 0:
                self.stderr.write(f"… {count} files read")

        report = ImportReport(with_statements=bool(pairs))
        importer = Importer(by=user, report=report)
        brat = BratImporter(
            by=user,
            report=report,
            importer=importer,
            source=options["source"],
            source_from_name=options["source_from_name"],
            stance=options["stance"],
        )
        plain = [f for f in files if f not in pairs]
        count = 0
        for name, data in read_sources(plain):
            importer.add_source(name, data)
            count += 1
            progress(count)
        for txt, anns in pairs.items():
            brat.add(txt, anns)
            count += 1
            progress(count)
        brat.flush()
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
        for line in report.failed.more_lines():
            self.stderr.write(self.style.ERROR(f"FAILED   {line}"))
        self.stdout.write(report.summary())
        if not report.ok:
            sys.stdout.flush()
            raise CommandError(f"{report.failed.total} of the inputs could not be imported.")

    def _user(self, username: str | None):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"--user {username}: no such user")
        try:
            require_analyst(user)
        except PermissionDenied as error:
            raise CommandError(f"--user {username}: {error}") from None
        return user
