"""Proposing a stance: the cue-word lexicon, negation, and the classifier trained on approvals."""

from __future__ import annotations

import pytest

from articles import services
from articles.models import Stance, Status
from articles.suggest import lexicon, stance
from articles.suggest.engine import suggest
from articles.suggest.service import stance_model


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Going into Rafah could have disastrous consequences", "warning"),
        ("We cannot rule out a partial failure if the storm arrives at high tide", "warning"),
        ("The situation is under control and the water is safe to drink", "reassurance"),
        ("People should not panic", "reassurance"),
        ("The council will introduce a flood levy on commercial property", "policy"),
        ("We have decided to suspend arms transfers", "policy"),
    ],
)
def test_the_lexicon_proposes_each_stance(text, expected):
    assert stance.classify(text)[0] == expected


def test_a_negated_warning_reassures():
    assert stance.classify("The gates are not about to collapse")[0] == "reassurance"
    assert stance.classify("There is no danger to residents")[0] == "reassurance"


def test_a_negated_reassurance_warns():
    assert stance.classify("The bridge is not safe for lorries")[0] == "warning"


def test_a_negation_stays_in_its_clause():
    scores = stance.lexicon_scores("There is no shortage, but prices will soar")
    assert scores["warning"] > lexicon.PRIORS["warning"]


def test_the_reporting_verb_leans_the_stance():
    text = "the talks would resume next week"

    assert stance.classify(text)[0] is None  # nothing points to a stance
    assert stance.classify(text, verb="warned")[0] == "warning"
    assert stance.classify(text, verb="announced")[0] == "policy"


def test_probabilities_cover_the_three_stances():
    probabilities = stance.lexicon_probabilities("The storm could flood the harbour")

    assert set(probabilities) == set(lexicon.STANCES)
    assert sum(probabilities.values()) == pytest.approx(1)


def test_the_lexicon_is_documented_data():
    assert lexicon.__doc__ and "negation" in lexicon.__doc__
    for stance_name, cues in lexicon.CUES.items():
        assert stance_name in lexicon.STANCES
        assert all(isinstance(weight, int | float) and weight > 0 for weight in cues.values())


def examples(count: int, stances=("warning", "policy")) -> list[tuple[str, str]]:
    return [
        (f"the zorblat figures for district {n} look {stances[n % len(stances)]}",
         stances[n % len(stances)])
        for n in range(count)
    ]  # fmt: skip


def test_the_classifier_needs_enough_examples():
    assert stance.NaiveBayes.train(examples(29)) is None
    assert stance.NaiveBayes.train(examples(30, stances=("policy",))) is None
    assert stance.NaiveBayes.train(examples(30)) is not None


def test_the_classifier_learns_words_the_lexicon_does_not_know():
    training = [("the zorblat levels rose again", "warning")] * 20 + [
        ("the quarterly figures were published", "policy")
    ] * 20
    model = stance.NaiveBayes.train(training)

    assert stance.classify("zorblat levels rose")[0] is None  # no cue word at all
    assert stance.classify("zorblat levels rose", model=model)[0] == "warning"


def test_the_classifier_does_not_overrule_a_clear_lexicon_signal_on_little_data():
    model = stance.NaiveBayes.train(examples(30))

    label, _ = stance.classify("There is no cause for alarm, the water is safe", model=model)

    assert label == "reassurance"


def test_each_suggestion_has_a_confidence_between_0_and_1():
    text = (
        "Going into Rafah could have disastrous consequences, Blinken warned.\n\n"
        "The plan, he said, is sound. Aides said it might change."
    )

    suggestions = suggest(text)

    assert suggestions
    assert all(0 <= s.confidence <= 1 for s in suggestions)


def test_the_service_trains_on_approved_statements_only(make_article, make_statement, reviewer):
    article = make_article(body=" ".join(f"Statement {n:02d} is here." for n in range(40)))
    for n in range(40):
        statement = make_statement(
            article,
            f"Statement {n:02d} is here",
            stance=[Stance.WARNING, Stance.POLICY][n % 2],
        )
        if n < 30:
            services.statement_review(statement=statement, decision=Status.APPROVED, by=reviewer)

    model = stance_model()

    assert model is not None and model.size == 30


def test_the_service_has_no_classifier_without_enough_approvals(db):
    assert stance_model() is None
