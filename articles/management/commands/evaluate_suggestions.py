import datetime
import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.models import Article, Speaker, SpeakerRole
from articles.services import article_create
from articles.suggest.evaluation import (
    ArticleResult,
    BadEvaluationSet,
    EvaluationSet,
    Score,
    load_set,
    score_article,
)
from articles.suggest.service import suggestions_for_article
from articles.text import content_hash

DEFAULT_SET = Path(settings.BASE_DIR) / "tests" / "suggest_eval"


class Command(BaseCommand):
    help = (
        "Measure suggested statements against a hand-annotated set: precision, recall, "
        "speaker and stance accuracy per article and overall. The set's speakers and "
        "articles are loaded in a transaction that is rolled back, so nothing is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory", nargs="?", default=str(DEFAULT_SET), help="evaluation set directory"
        )
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--lexicon-only",
            action="store_true",
            help="propose stances from the lexicon alone, without the trained classifier",
        )
        mode.add_argument(
            "--cross-validate",
            action="store_true",
            help="train the stance classifier on the other articles' gold statements too",
        )
        parser.add_argument(
            "--details",
            action="store_true",
            help="list missed and spurious statements and wrong speakers and stances",
        )

    def handle(self, *args, directory, json, lexicon_only, cross_validate, details, **options):
        try:
            evaluation = load_set(Path(directory))
        except (BadEvaluationSet, OSError) as error:
            raise CommandError(str(error)) from None
        if not evaluation.articles:
            raise CommandError(f"{directory}: gold.json lists no articles")
        results = _evaluate(evaluation, lexicon_only=lexicon_only, cross_validate=cross_validate)
        overall = Score()
        for result in results:
            overall.add(result.score)
        mode = "lexicon" if lexicon_only else "cross-validated" if cross_validate else "default"
        if json:
            self.stdout.write(_as_json(results, overall, mode))
            return
        self._table(results, overall, mode)
        if details:
            for result in results:
                self._details(result)

    def _table(self, results: list[ArticleResult], overall: Score, mode: str) -> None:
        self.stdout.write(f"Stance proposals: {mode}")
        header = f"{'article':<24} {'gold':>4} {'found':>5} {'match':>5}  "
        self.stdout.write(header + "precision  recall  speaker  stance  proposed")
        for name, score in [*((r.name, r.score) for r in results), ("overall", overall)]:
            self.stdout.write(
                f"{name:<24} {score.gold:>4} {score.found:>5} {score.matched:>5}  "
                f"{score.precision:>9.2f}  {score.recall:>6.2f}  {score.speaker:>7.2f}  "
                f"{score.stance:>6.2f}  {score.stance_coverage:>8.2f}"
            )

    def _details(self, result: ArticleResult) -> None:
        self.stdout.write(f"\n{result.name}")
        for statement in result.missed:
            self.stdout.write(f"  missed    {statement.speaker}: {statement.quote!r}")
        for suggestion in result.spurious:
            self.stdout.write(f"  spurious  {suggestion.speaker_name}: {suggestion.quote!r}")
        for statement, suggestion in result.wrong_speaker:
            self.stdout.write(
                f"  speaker   {suggestion.speaker_name!r} for {statement.speaker!r}: "
                f"{statement.quote[:60]!r}"
            )
        for statement, suggestion in result.wrong_stance:
            self.stdout.write(
                f"  stance    {suggestion.stance} for {statement.stance}: {statement.quote[:60]!r}"
            )


def _evaluate(
    evaluation: EvaluationSet, *, lexicon_only: bool, cross_validate: bool
) -> list[ArticleResult]:
    results = []
    with transaction.atomic():
        _load_speakers(evaluation.speakers)
        for gold in evaluation.articles:
            article = _article(gold.body, gold.published_on, gold.source)
            extra = []
            if cross_validate:
                # Leave the article's own statements out, so that it is judged unseen.
                extra = [
                    (s.quote, s.stance)
                    for other in evaluation.articles
                    if other is not gold
                    for s in other.statements
                ]
            suggestions = suggestions_for_article(
                article, train=not lexicon_only, extra_training=extra, exclude_annotated=False
            )
            results.append(score_article(gold, suggestions))
        transaction.set_rollback(True)
    return results


def _load_speakers(entries: list[dict]) -> None:
    """Put the set's registry in the database, as it stands in gold.json."""
    for entry in entries:
        speaker = Speaker.objects.filter(name__iexact=entry["name"]).first() or Speaker()
        speaker.name = entry["name"]
        speaker.kind = entry.get("kind", "person")
        speaker.role = entry.get("role", "")
        speaker.organisation = entry.get("organisation", "")
        speaker.aliases = entry.get("aliases", [])
        try:
            speaker.full_clean()
        except ValidationError as error:
            raise CommandError(f"speaker {entry['name']!r}: {error.messages}") from None
        speaker.save()
        speaker.roles.all().delete()
        for role in entry.get("roles", []):
            SpeakerRole.objects.create(
                speaker=speaker,
                role=role["role"],
                organisation=role.get("organisation", ""),
                started_on=_date(role.get("started_on")),
                ended_on=_date(role.get("ended_on")),
            )


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _article(body: str, published_on: datetime.date | None, source: str) -> Article:
    article = Article.objects.filter(content_hash=content_hash(body)).first()
    if article is None:
        article = article_create(body=body, published_on=published_on, source=source)
    article.published_on = published_on
    return article


def _as_json(results: list[ArticleResult], overall: Score, mode: str) -> str:
    return json.dumps(
        {
            "mode": mode,
            "articles": {result.name: result.score.as_dict() for result in results},
            "overall": overall.as_dict(),
        },
        indent=2,
    )
