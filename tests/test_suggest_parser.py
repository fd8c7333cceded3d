"""The parser pass: reports the rules cannot see, found by the dependency parse.

These need the pinned model, which `make test` installs; without it they are skipped
and the rules' own tests (test_suggest_patterns.py) still run.
"""

from __future__ import annotations

import pytest

from articles.suggest import parser
from articles.suggest.engine import analyse, suggest

pytestmark = pytest.mark.skipif(not parser.available(), reason="the parser model is not installed")


@pytest.fixture(scope="module")
def nlp():
    return parser.load_parser()


def found(text: str, nlp) -> list[tuple[str, str]]:
    detections = analyse(text, parser=nlp)
    suggestions = suggest(text, detections=detections)
    for s in suggestions:
        assert text[s.start : s.end] == s.quote
    return [(s.quote, s.speaker_name) for s in suggestions]


def quotes(text: str, nlp) -> list[str]:
    return [quote for quote, _ in found(text, nlp)]


@pytest.mark.parametrize(
    "text, quote",
    [
        # A group as subject: found, left unnamed.
        ("Aides to the governor say she has no plans to resign.", "she has no plans to resign"),
        (
            "The plan is costly, but several economists said the deficit would shrink anyway.",
            "the deficit would shrink anyway",
        ),
        (
            "The mayor promised a full inquiry into the collapse.",
            "a full inquiry into the collapse",
        ),
        (
            "The minister vowed to rebuild every school by winter.",
            "to rebuild every school by winter",
        ),
        (
            "It was announced on Friday that the border would reopen next week.",
            "the border would reopen next week",
        ),
        (
            "The council, citing safety concerns, said the road would stay closed until June.",
            "the road would stay closed until June",
        ),
    ],
)
def test_it_finds_reports_the_rules_miss(nlp, text, quote):
    assert quote in quotes(text, nlp)


def test_a_noun_of_speech_with_its_that_clause_is_a_report(nlp):
    text = (
        "The alarm came after President Joe Biden last week issued an ultimatum on CNN "
        "that an invasion of Rafah would force him to suspend arms transfers."
    )

    assert found(text, nlp) == [
        ("an invasion of Rafah would force him to suspend arms transfers", "Joe Biden")
    ]


def test_a_mid_sentence_attribution_takes_the_clause_around_it(nlp):
    text = "Proposals so far, he added, amount to just tinkering around the edges of the tax code."

    assert quotes(text, nlp) == [
        "Proposals so far, he added, amount to just tinkering around the edges of the tax code"
    ]


def test_a_relative_clause_speaks_for_the_noun_it_hangs_on(nlp):
    text = (
        "The vote was close, said Christian Pardo, a captain, who said he would not vote "
        "for either candidate this year."
    )

    speakers = {quote: speaker for quote, speaker in found(text, nlp)}
    assert speakers["he would not vote for either candidate this year"] == "Christian Pardo"


def test_the_kind_of_a_new_speaker_comes_from_the_parsers_entities(nlp):
    text = (
        "Exxon Mobil said the plant would close in May. "
        "Maria Lopez said the rise was unfair to commuters."
    )

    suggestions = suggest(text, detections=analyse(text, parser=nlp))
    assert [(s.speaker_name, s.speaker_kind) for s in suggestions] == [
        ("Exxon Mobil", "organisation"),
        ("Maria Lopez", "person"),
    ]


def test_rafah_names_its_speakers_with_their_kinds(nlp):
    from pathlib import Path

    from articles.importers import parse_txt

    path = Path(__file__).parents[2] / "shared/data/rafah-warnings-2024-05-12.txt"
    if not path.exists():
        pytest.skip("the shared article is not here")
    record = parse_txt(path.read_text(encoding="utf-8"), str(path))
    body = record.body
    suggestions = suggest(body, detections=analyse(body, parser=nlp))

    named = {(s.speaker_name, s.speaker_kind) for s in suggestions}
    for speaker in [
        ("Antony Blinken", "person"),
        ("Jake Sullivan", "person"),
        ("Joe Biden", "person"),
        ("Tzachi Hanegbi", "person"),
        ("White House", "organisation"),
    ]:
        assert speaker in named
    names = {name for name, _ in named}
    assert not names & {"And Blinken", "Blinken and Sullivan", "Senior US officials"}
