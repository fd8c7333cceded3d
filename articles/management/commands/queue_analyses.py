from django.core.management.base import BaseCommand

from articles.suggest.service import analyses_request_missing, analyses_requeue_stale


class Command(BaseCommand):
    help = (
        "Queue again the suggestion analyses whose worker stopped (run it periodically, "
        "and before starting workers); with --missing, also analyse every article that has "
        "no analysis by the current engine version (after an upgrade). Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing",
            action="store_true",
            help="also queue articles without an analysis by the current engine",
        )

    def handle(self, *args, missing: bool, **options):
        queued = analyses_requeue_stale()
        if missing:
            queued += analyses_request_missing()
        if options["verbosity"]:
            self.stdout.write(f"{queued} suggestion analyses queued.")
