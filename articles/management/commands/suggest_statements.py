import json

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from articles.suggest.service import suggestions_for_article


class Command(BaseCommand):
    help = (
        "Print the statements suggested for an article, one a line: offsets, stance, "
        "confidence, speaker and quote (or a JSON array with --json)."
    )

    def add_arguments(self, parser):
        parser.add_argument("article_id", type=int)
        parser.add_argument("--json", action="store_true", help="print a JSON array")
        parser.add_argument(
            "--lexicon-only",
            action="store_true",
            help="propose stances from the lexicon alone, without the trained classifier",
        )

    def handle(self, *args, article_id, json, lexicon_only, **options):
        article = Article.objects.filter(pk=article_id).first()
        if article is None:
            raise CommandError(f"There is no article {article_id}.")
        suggestions = suggestions_for_article(article, train=not lexicon_only)
        if json:
            self.stdout.write(_as_json(suggestions))
            return
        for s in suggestions:
            speaker = f"{s.speaker_name} (#{s.speaker_id})" if s.speaker_id else s.speaker_name
            speaker = speaker or "(unknown)"
            if not s.speaker_id and s.speaker_name:
                speaker += " (new)"
            stance = s.stance or "none"
            self.stdout.write(
                f"{s.start:>7}-{s.end:<7} {stance:<11} {s.confidence:.2f}  {speaker}  | {s.quote}"
            )
        self.stdout.write(f"{len(suggestions)} suggestions for article {article_id}.")


def _as_json(suggestions) -> str:
    return json.dumps(
        [
            {
                "start": s.start,
                "end": s.end,
                "quote": s.quote,
                "speaker": s.speaker_id,
                "speaker_name": s.speaker_name,
                "stance": s.stance,
                "confidence": s.confidence,
            }
            for s in suggestions
        ],
        ensure_ascii=False,
        indent=2,
    )
