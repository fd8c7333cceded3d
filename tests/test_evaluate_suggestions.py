"""The evaluation against the hand-annotated set, and a check on a real article."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.importers import parse_txt
from articles.models import Article, Speaker, SpeakerRole
from articles.suggest import parser
from articles.suggest.engine import suggest
from articles.suggest.evaluation import GoldStatement, match
from articles.suggest.registry import DatedRole, KnownSpeaker

RAFAH = Path(__file__).parents[2] / "shared/data/rafah-warnings-2024-05-12.txt"

# A little below what the engine reaches on tests/suggest_eval as the worker runs it,
# with the parser (precision 0.99, recall 0.97, speaker 0.98; the stance is right for
# 0.84 of the 71 % of suggestions that propose one), so that a regression fails.
FLOORS = {
    "precision": 0.95,
    "recall": 0.95,
    "speaker": 0.97,
    "stance": 0.8,
    "stance_coverage": 0.65,
}
# The rule engine alone, the answer while the analysis is pending (precision 0.99,
# recall 0.91, speaker 1.00): the styles the set gained for the parser ("Diplomats
# briefed on the talks said …", "promised a full account") are beyond it.
RULES_FLOORS = {"precision": 0.95, "recall": 0.88, "speaker": 0.97}
needs_parser = pytest.mark.skipif(
    not parser.available(), reason="the parser model is not installed"
)


def evaluate(*options: str) -> dict:
    out = io.StringIO()
    call_command("evaluate_suggestions", "--json", *options, stdout=out)
    return json.loads(out.getvalue())


@needs_parser
@pytest.mark.parametrize("mode", [[], ["--lexicon-only"], ["--cross-validate"]])
def test_it_meets_the_floors_on_the_projects_evaluation_set(db, mode):
    figures = evaluate(*mode)

    overall = figures["overall"]
    assert overall["gold"] >= 100 and len(figures["articles"]) >= 11
    for name, floor in FLOORS.items():
        assert overall[name] >= floor, (name, overall)
    for article, scores in figures["articles"].items():
        assert scores["recall"] >= 0.8, (article, scores)


def test_the_rule_engine_alone_meets_its_floors(db):
    overall = evaluate("--rules-only")["overall"]

    for name, floor in RULES_FLOORS.items():
        assert overall[name] >= floor, (name, overall)


def test_the_evaluation_leaves_nothing_in_the_database(db):
    before = (Speaker.objects.count(), SpeakerRole.objects.count(), Article.objects.count())

    evaluate()

    after = (Speaker.objects.count(), SpeakerRole.objects.count(), Article.objects.count())
    assert after == before


def test_it_prints_a_table_per_article_and_overall(db):
    out = io.StringIO()

    call_command("evaluate_suggestions", "--details", stdout=out)

    text = out.getvalue()
    for name in ("wire-river-treaty", "local-bridge", "politics-budget", "overall"):
        assert name in text
    assert "precision" in text and "recall" in text


def test_it_refuses_a_directory_without_gold(db, tmp_path):
    with pytest.raises(CommandError, match=r"gold\.json"):
        call_command("evaluate_suggestions", str(tmp_path))


def test_a_match_needs_half_of_the_longer_span_and_is_one_to_one():
    gold = [GoldStatement(0, 100, "x" * 100, "A", "policy")]
    found = [
        suggestion(0, 40),  # 40 % of the longer span: no match
        suggestion(10, 100),
        suggestion(0, 100),
    ]

    assert match(gold, found) == [(0, 2)]


def suggestion(start: int, end: int):
    from articles.suggest.engine import Suggestion

    return Suggestion(start, end, "", None, "", "policy", 0.5)


RAFAH_SPEAKERS = [
    KnownSpeaker(
        1,
        "Antony Blinken",
        aliases=("Blinken", "America's top diplomat"),
        roles=(DatedRole("Secretary of State", "US State Department", datetime.date(2021, 1, 26)),),
    ),
    KnownSpeaker(2, "Jake Sullivan", role="National security adviser", organisation="White House"),
    KnownSpeaker(3, "Joe Biden", role="President", organisation="United States"),
    KnownSpeaker(4, "White House", kind="organisation"),
    KnownSpeaker(5, "Benjamin Netanyahu", role="Prime Minister", organisation="Israel"),
]


@pytest.mark.skipif(not RAFAH.exists(), reason="shared/data is not beside the project")
def test_it_finds_the_reported_warnings_in_the_rafah_article():
    record = parse_txt(RAFAH.read_text(encoding="utf-8"), str(RAFAH))
    body = record.body

    suggestions = suggest(body, published_on=record.published_on, speakers=RAFAH_SPEAKERS)

    found = {s.quote: s for s in suggestions}
    assert all(body[s.start : s.end] == s.quote for s in suggestions)
    headlong = found["Going headlong into Rafah could have disastrous consequences"]
    assert (headlong.speaker_id, headlong.stance) == (1, "warning")
    operation = next(s for s in suggestions if s.quote.startswith("an Israeli operation"))
    assert (operation.speaker_id, operation.stance) == (2, "warning")
    run = next(s for s in suggestions if s.quote.startswith("We have been working"))
    assert run.quote.endswith("Hamas can no longer govern Gaza") and run.speaker_id == 1
    hanegbi = found["Israel was taking into account the United States' concerns"]
    assert (hanegbi.speaker_id, hanegbi.speaker_name) == (None, "Tzachi Hanegbi")
    readout = next(s for s in suggestions if s.quote.startswith("Sullivan spoke by telephone"))
    assert readout.speaker_id == 4
    assert not any("Blinken said" in s.quote or "he told CBS" in s.quote for s in suggestions)
