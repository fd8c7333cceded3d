"""Re-anchoring statements on an article's new text: exact, fuzzy and orphaned."""

import pytest

from articles.anchoring import Anchor, Outcome, place
from harness.anchoring_set import UPDATES, cases, judge

OLD = (
    "Officials met on Monday. “The barrier could fail within a decade,” the mayor said. "
    "Engineers disagreed.\n\nThe minister said that the budget will not be ready before March."
)


def anchor(body: str, quote: str, key: int = 1) -> Anchor:
    start = body.index(quote)
    return Anchor.of(key, body, start, start + len(quote))


def test_a_quote_with_its_context_moves_exactly():
    new = "A new first paragraph.\n\n" + OLD
    (placed,) = place([anchor(OLD, "The barrier could fail within a decade")], new)
    assert placed.outcome is Outcome.EXACT
    assert new[placed.start : placed.end] == "The barrier could fail within a decade"


def test_a_quote_whose_surroundings_changed_moves_to_be_rechecked():
    new = OLD.replace("Officials met on Monday. “", "Late on Monday, officials said: “")
    (placed,) = place([anchor(OLD, "The barrier could fail within a decade")], new)
    assert placed.outcome is Outcome.FUZZY
    assert new[placed.start : placed.end] == "The barrier could fail within a decade"


def test_a_reworded_quote_moves_to_its_new_words():
    new = OLD.replace("could fail", "might fail")
    (placed,) = place([anchor(OLD, "The barrier could fail within a decade")], new)
    assert placed.outcome is Outcome.FUZZY
    assert new[placed.start : placed.end] == "The barrier might fail within a decade"


def test_a_removed_quote_is_orphaned_and_keeps_its_old_offsets():
    old_anchor = anchor(OLD, "the budget will not be ready before March")
    new = OLD.split("\n\n")[0] + "\n\nThe minister left early."
    (placed,) = place([old_anchor], new)
    assert placed.outcome is Outcome.ORPHANED
    assert (placed.start, placed.end) == (old_anchor.start, old_anchor.end)


def test_offsets_count_code_points_after_emoji_and_combining_marks():
    new = "Cafe\u0301 🙂👍🏽 " + OLD
    (placed,) = place([anchor(OLD, "the budget will not be ready before March")], new)
    assert placed.outcome is Outcome.EXACT
    assert placed.start == OLD.index("the budget") + len("Cafe\u0301 🙂👍🏽 ")


def test_a_quote_repeated_elsewhere_stays_where_its_context_is():
    quote = "The barrier could fail within a decade"
    new = OLD + f"\n\nA columnist wrote: “{quote}.” Nobody agreed."
    (placed,) = place([anchor(OLD, quote)], new)
    assert placed.outcome is Outcome.EXACT and placed.start == OLD.index(quote)


def test_two_statements_on_one_span_keep_their_order():
    quote = "The barrier could fail within a decade"
    new = "Added.\n\n" + OLD
    placed = place([anchor(OLD, quote, key=1), anchor(OLD, quote, key=2)], new)
    assert [p.key for p in placed] == [1, 2]
    assert placed[0].start == placed[1].start == new.index(quote)


@pytest.fixture(scope="module")
def figures() -> dict:
    return judge(list(cases(per_update=40, statements=10, seed=11))).as_dict()


def test_the_generated_set_covers_every_update_and_kind(figures):
    assert len(UPDATES) == 12
    assert set(figures["statements"]) >= {"kept", "context", "reworded", "removed"}
    assert figures["statements"]["removed"] >= 40


def test_the_generated_set_meets_the_targets(figures):
    assert figures["kept_moved_exactly"] == 1.0
    assert figures["context_changed_moved_right"] >= 0.95
    assert figures["reworded_moved_right"] >= 0.9
    assert figures["removed_orphaned"] == 1.0
    assert figures["moved_wrong_without_recheck"] == 0
