import time

from django.core.management.base import BaseCommand, CommandError

from articles.demo.generate import generate
from articles.insight_counts import recount


def _positive(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Generate synthetic news articles with speakers, topics and statements (valid offsets, "
        "mixed stances and statuses, with history), in bulk, for benchmarks and trying the app "
        "at scale. Statements are attributed to existing analysts and reviewers, or to the "
        "demo users, which are created when there are none."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=_positive, default=100)
        parser.add_argument("--statements-per-article", type=_positive, default=20)
        parser.add_argument(
            "--words",
            type=_positive,
            default=None,
            help="words per article (default: varied, 150 to 1,500, more when statements need it)",
        )
        parser.add_argument("--speakers", type=_positive, default=200)
        parser.add_argument("--topics", type=_positive, default=12)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--no-history", action="store_true", help="skip the statements' history rows"
        )

    def handle(self, *args, **options):
        if options["articles"] and options["statements_per_article"] and not options["speakers"]:
            raise CommandError("Statements need speakers: give --speakers 1 or more.")
        verbosity = options["verbosity"]
        started = time.perf_counter()

        def progress(done: int) -> None:
            if verbosity >= 2:
                self.stderr.write(f"… {done} articles")

        report = generate(
            articles=options["articles"],
            statements_per_article=options["statements_per_article"],
            words=options["words"],
            speakers=options["speakers"],
            topics=options["topics"],
            seed=options["seed"],
            history=not options["no_history"],
            progress=progress,
        )
        # Loaded in bulk, past the services that ask the task worker for a recount.
        recount()
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Generated {report.articles} articles, {report.statements} statements "
            f"({report.history_rows} history rows), {report.speakers} speakers, "
            f"{report.topics} topics in {elapsed:.1f} s."
        )
