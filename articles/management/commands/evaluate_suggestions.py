import datetime
import json
import time
from collections import defaultdict
from pathlib import Path

import django_filters
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.http import QueryDict

from articles.api.filters import ArticleFilter
from articles.models import Article, Speaker, SpeakerRole, Statement, Status
from articles.services import article_create
from articles.suggest.engine import analyse, suggest
from articles.suggest.evaluation import (
    KINDS,
    ArticleResult,
    BadEvaluationSet,
    EvaluationSet,
    GoldArticle,
    Score,
    gold_from_rows,
    is_speech_act,
    load_set,
    score_article,
)
from articles.suggest.parser import available as parser_available
from articles.suggest.parser import load_parser
from articles.suggest.service import known_speakers, stance_model, suggestions_for_article
from articles.text import content_hash

DEFAULT_SET = Path(settings.BASE_DIR) / "tests" / "suggest_eval"


class NumberInFilter(django_filters.BaseInFilter, django_filters.NumberFilter):
    pass


class StoredArticleFilter(ArticleFilter):
    """The article list's filters, plus ids, title and who imported the article."""

    ids = NumberInFilter(field_name="id", help_text="Comma-separated article ids.")
    title = django_filters.CharFilter(lookup_expr="icontains")
    created_by = django_filters.CharFilter(field_name="created_by__username")


class Command(BaseCommand):
    help = (
        "Measure suggested statements against a hand-annotated set: precision, recall, "
        "speaker and stance accuracy per article and overall. The set's speakers and "
        "articles are loaded in a transaction that is rolled back, so nothing is kept. "
        "With --articles, measure against the statements stored with the articles that "
        "the filter selects instead, overall, by outlet and by kind of statement."
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
        stored = parser.add_argument_group("stored articles")
        stored.add_argument(
            "--articles",
            metavar="FILTER",
            help="evaluate on stored articles and their statements, chosen by a query string "
            "of the article list's filters: source, search, published_from, published_to, "
            "title, ids (1,2,3), created_by (username); '' for all",
        )
        stored.add_argument(
            "--without-registry",
            action="store_true",
            help="suggest with an empty speaker registry (the stored speakers came from the "
            "gold statements themselves)",
        )
        stored.add_argument(
            "--rules-only", action="store_true", help="the rule engine alone, without the parser"
        )
        stored.add_argument(
            "--speech-acts",
            action="store_true",
            help="count only gold statements reported with a verb of saying and of at least "
            "three words; suggestions matching the others count neither way",
        )

    def handle(self, *args, directory, json, lexicon_only, cross_validate, details, **options):
        if options["articles"] is not None:
            if cross_validate:
                raise CommandError("--cross-validate works on an evaluation set, not --articles")
            self._stored(options, as_json=json, lexicon_only=lexicon_only, details=details)
            return
        try:
            evaluation = load_set(Path(directory))
        except (BadEvaluationSet, OSError) as error:
            raise CommandError(str(error)) from None
        if not evaluation.articles:
            raise CommandError(f"{directory}: gold.json lists no articles")
        # As the worker analyses texts: with the parser when it is installed.
        nlp = None if options["rules_only"] or not parser_available() else load_parser()
        results = _evaluate(
            evaluation, lexicon_only=lexicon_only, cross_validate=cross_validate, parser=nlp
        )
        overall = Score()
        for result in results:
            overall.add(result.score)
        mode = "lexicon" if lexicon_only else "cross-validated" if cross_validate else "default"
        mode += ", parser" if nlp is not None else ", rules only"
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

    def _stored(self, options: dict, *, as_json: bool, lexicon_only: bool, details: bool):
        began = time.perf_counter()
        articles = _select(options["articles"])
        if not articles:
            raise CommandError(f"--articles {options['articles']!r}: no article matches")
        gold = _stored_gold(articles)
        selected = time.perf_counter()
        results, outlets = _evaluate_stored(
            gold,
            without_registry=options["without_registry"],
            rules_only=options["rules_only"],
            lexicon_only=lexicon_only,
            speech_acts=options["speech_acts"],
        )
        figures = _stored_figures(results, outlets)
        figures["options"] = {
            "articles": options["articles"],
            "without_registry": options["without_registry"],
            "rules_only": options["rules_only"],
            "lexicon_only": lexicon_only,
            "speech_acts": options["speech_acts"],
        }
        figures["seconds"] = {
            "loading": round(selected - began, 2),
            "suggesting_and_scoring": round(time.perf_counter() - selected, 2),
        }
        if as_json:
            self.stdout.write(json.dumps(figures, indent=2))
            return
        self._stored_table(figures)
        if details:
            for result in results:
                self._details(result)

    def _stored_table(self, figures: dict) -> None:
        self.stdout.write(
            f"{figures['article_count']} articles; "
            f"{', '.join(f'{k}={v}' for k, v in figures['options'].items())}"
        )
        header = f"{'':<24} {'gold':>5} {'found':>5} {'match':>5}  "
        self.stdout.write(header + "precision  recall  speaker  named  stance")
        rows = [("overall", figures["overall"])]
        rows += [(f"outlet {k}", v) for k, v in figures["by_outlet"].items()]
        rows += [(f"kind {k}", v) for k, v in figures["by_kind"].items()]
        for name, score in rows:
            stance = "   -" if score["stance"] is None else f"{score['stance']:>6.2f}"
            self.stdout.write(
                f"{name[:24]:<24} {score['gold']:>5} {score['found']:>5} {score['matched']:>5}  "
                f"{score['precision']:>9.2f}  {score['recall']:>6.2f}  {score['speaker']:>7.2f}  "
                f"{score['speaker_named']:>5.2f}  {stance}"
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
    evaluation: EvaluationSet, *, lexicon_only: bool, cross_validate: bool, parser=None
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
                article,
                train=not lexicon_only,
                extra_training=extra,
                exclude_annotated=False,
                detections=analyse(article.body, parser=parser),
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


def _select(filters: str) -> list[Article]:
    params = QueryDict(filters.lstrip("?"))
    unknown = sorted(set(params) - set(StoredArticleFilter.base_filters))
    if unknown:
        known = ", ".join(sorted(StoredArticleFilter.base_filters))
        raise CommandError(f"--articles: unknown filter {', '.join(unknown)}; known: {known}")
    filterset = StoredArticleFilter(params, queryset=Article.objects.order_by("id"))
    if not filterset.is_valid():
        problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in filterset.errors.items())
        raise CommandError(f"--articles: {problems}")
    return list(filterset.qs.only("id", "title", "body", "source", "published_on"))


def _stored_gold(articles: list[Article]) -> list[tuple[Article, GoldArticle]]:
    rows: dict[int, list] = defaultdict(list)
    ids = [article.pk for article in articles]
    for i in range(0, len(ids), 500):
        for article_id, *row in (
            Statement.objects.filter(article_id__in=ids[i : i + 500])
            .exclude(status=Status.REJECTED)
            .values_list("article_id", "start", "end", "quote", "speaker__name", "stance", "note")
        ):
            rows[article_id].append(row)
    return [
        (
            article,
            GoldArticle(
                name=f"{article.pk} {article.title[:40]}",
                body=article.body,
                published_on=article.published_on,
                source=article.source,
                statements=gold_from_rows(rows[article.pk]),
            ),
        )
        for article in articles
    ]


def _evaluate_stored(
    gold: list[tuple[Article, GoldArticle]],
    *,
    without_registry: bool,
    rules_only: bool,
    lexicon_only: bool,
    speech_acts: bool,
) -> tuple[list[ArticleResult], list[str]]:
    counts = is_speech_act if speech_acts else None
    # Without either option this is what the app suggests; otherwise the engine is fed
    # by hand, the registry and the stance model read once.
    direct = not without_registry and not rules_only
    speakers, model, parser = [], None, None
    if not direct:
        speakers = [] if without_registry else known_speakers()
        model = None if lexicon_only else stance_model()
        parser = None if rules_only else load_parser()
    results = []
    for article, expected in gold:
        if direct:
            found = suggestions_for_article(
                article, train=not lexicon_only, exclude_annotated=False
            )
        else:
            found = suggest(
                article.body,
                published_on=article.published_on,
                speakers=speakers,
                stance_model=model,
                detections=analyse(article.body, parser=parser),
            )
        results.append(score_article(expected, found, counts=counts))
    return results, [article.source for article, _ in gold]


def _stored_figures(results: list[ArticleResult], outlets: list[str]) -> dict:
    overall = Score()
    by_outlet: dict[str, Score] = defaultdict(Score)
    by_kind: dict[str, Score] = {kind: Score() for kind in KINDS}
    for result, outlet in zip(results, outlets, strict=True):
        overall.add(result.score)
        by_outlet[outlet or "(none)"].add(result.score)
        for kind, score in result.by_kind.items():
            by_kind[kind].add(score)
    return {
        "article_count": len(results),
        "overall": overall.as_dict(),
        "by_outlet": {k: v.as_dict() for k, v in sorted(by_outlet.items())},
        "by_kind": {k: v.as_dict() for k, v in by_kind.items()},
        "articles": {r.name: r.score.as_dict() for r in results},
    }
