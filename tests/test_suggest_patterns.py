"""Each family of patterns the suggestion engine recognises, on small texts."""

from __future__ import annotations

import pytest

from articles.suggest import patterns
from articles.suggest.engine import suggest
from articles.suggest.registry import KnownSpeaker

SPEAKERS = [
    KnownSpeaker(1, "Antony Blinken", aliases=("Blinken",)),
    KnownSpeaker(2, "Jake Sullivan", aliases=("Sullivan",)),
    KnownSpeaker(3, "White House", kind="organisation", aliases=("the White House",)),
]


def found(text: str, **options) -> list[tuple[str, str]]:
    """(quote, speaker name) of every suggestion, in text order."""
    suggestions = suggest(text, speakers=SPEAKERS, **options)
    for s in suggestions:
        assert text[s.start : s.end] == s.quote
    return [(s.quote, s.speaker_name) for s in suggestions]


def quotes(text: str) -> list[str]:
    return [quote for quote, _ in found(text)]


def test_it_finds_inverted_attribution():
    text = "Going headlong into Rafah could have disastrous consequences, Blinken warned on Sunday."

    assert found(text) == [
        ("Going headlong into Rafah could have disastrous consequences", "Antony Blinken")
    ]


def test_it_finds_inverted_attribution_with_the_verb_first():
    text = "The talks will resume next week, said a White House spokesperson."

    assert found(text) == [("The talks will resume next week", "a White House spokesperson")]


def test_it_finds_reported_speech_without_that():
    text = "Sullivan said the US wants to see Hamas defeated."

    assert found(text) == [("the US wants to see Hamas defeated", "Jake Sullivan")]


def test_it_finds_reported_speech_with_that_after_adverbials():
    text = "Blinken said on Sunday in an interview that the ceasefire would hold."

    assert found(text) == [("the ceasefire would hold", "Antony Blinken")]


@pytest.mark.parametrize("verb", ["told reporters", "insisted", "argued", "stressed", "claimed"])
def test_it_finds_other_reporting_verbs(verb):
    assert quotes(f"Sullivan {verb} the plan was working well.") == ["the plan was working well"]


@pytest.mark.parametrize("verb", ["added", "cautioned", "warned", "confirmed"])
def test_verbs_that_take_objects_need_that(verb):
    assert quotes(f"Sullivan {verb} that the plan was working well.") == [
        "the plan was working well"
    ]
    assert quotes(f"The company {verb} three new stores to its network.") == []


def test_it_finds_a_speaker_introduced_after_an_intro_and_an_aside():
    text = "Still, Sullivan, meanwhile, warned that an offensive would cause serious damage."

    assert found(text) == [("an offensive would cause serious damage", "Jake Sullivan")]


def test_it_finds_straight_quotation_marks():
    text = '"We will not allow it," Blinken told reporters after the meeting.'

    assert found(text) == [("We will not allow it", "Antony Blinken")]


def test_a_quotation_across_sentences_is_one_statement():
    text = "“We came to sign. We will stay until we do,” Blinken said."

    assert quotes(text) == ["We came to sign. We will stay until we do"]


def test_a_quotation_before_its_attribution_takes_the_following_speaker():
    text = "Sullivan said: “The operation will fail. It will cause serious damage.”"

    assert found(text) == [
        ("The operation will fail. It will cause serious damage", "Jake Sullivan")
    ]


def test_an_interrupted_quotation_is_one_statement_from_its_first_part_to_its_last():
    text = "“We will win,” Blinken said, “and the enemy will be defeated.”"

    assert found(text) == [
        ("We will win,” Blinken said, “and the enemy will be defeated", "Antony Blinken"),
    ]


def test_single_curly_quotation_marks_are_quotations_but_apostrophes_are_not():
    text = "‘The country’s finances are sound,’ Blinken said. It’s what he always says."

    assert quotes(text) == ["The country’s finances are sound"]


def test_a_quotation_in_the_next_sentence_goes_on_with_the_statement():
    text = '"We are ready," Sullivan said. "The troops have everything they need."'

    assert found(text) == [
        ('We are ready," Sullivan said. "The troops have everything they need', "Jake Sullivan"),
    ]


def test_short_scare_quotes_are_not_statements():
    assert quotes("Critics called the plan a “bloody” and “misguided” adventure.") == []


def test_a_partial_quotation_inside_reported_speech_belongs_to_the_report():
    text = "Blinken said the operation was “a mistake of historic proportions”."

    assert quotes(text) == ["the operation was “a mistake of historic proportions”"]


def test_it_finds_according_to_at_the_start():
    text = "According to Sullivan, the talks will resume in April."

    assert found(text) == [("the talks will resume in April", "Jake Sullivan")]


def test_it_finds_according_to_at_the_end():
    text = "The reservoirs are at their highest in a decade, according to the White House."

    assert found(text) == [("The reservoirs are at their highest in a decade", "White House")]


def test_a_report_is_cut_before_a_trailing_according_to():
    text = (
        "Tzachi Hanegbi confirmed that Israel was taking the concerns into account, "
        "according to a White House account of the call."
    )

    assert found(text) == [("Israel was taking the concerns into account", "Tzachi Hanegbi")]


def test_a_run_of_quoted_sentences_before_an_inverted_attribution_is_one_statement():
    text = (
        "Blinken spoke on Sunday.\n\n"
        "We have worked for weeks on a plan. We did not see this coming. "
        "We want Hamas gone, he told CBS."
    )

    assert found(text) == [
        (
            "We have worked for weeks on a plan. We did not see this coming. We want Hamas gone",
            "Antony Blinken",
        )
    ]


def test_narration_before_an_inverted_attribution_is_not_part_of_the_statement():
    text = (
        "The city's chief engineer, Tomasz Nowak, sought to calm fears. "
        "The gates are old but safe, he said."
    )

    assert found(text) == [("The gates are old but safe", "Tomasz Nowak")]


def test_sentences_after_an_inverted_attribution_continue_the_statement():
    text = (
        "We are clear-headed, Blinken said. We think about American interests. "
        "That is the nature of the relationship."
    )

    assert found(text) == [
        ("We are clear-headed", "Antony Blinken"),
        (
            "We think about American interests. That is the nature of the relationship",
            "Antony Blinken",
        ),
    ]


def test_a_paragraph_in_the_first_person_continues_the_previous_speaker():
    text = "The plan will not work, Sullivan said.\n\nWe have told our partners so many times."

    assert found(text) == [
        ("The plan will not work", "Jake Sullivan"),
        ("We have told our partners so many times", "Jake Sullivan"),
    ]


def test_narration_after_a_report_is_not_a_continuation():
    text = (
        '"We will act," Sullivan said. The meeting ended an hour later.\n\n'
        "Sullivan said the plan was ready. The vote is on Monday."
    )

    assert quotes(text) == ["We will act", "the plan was ready"]


def test_it_finds_a_report_introduced_by_a_participle():
    text = (
        "Senior officials on Sunday issued stark warnings against an invasion, "
        "predicting that an offensive would cause widespread casualties."
    )

    # A group is no person: the suggestion leaves the speaker to the analyst.
    assert found(text) == [("an offensive would cause widespread casualties", "")]


def test_it_finds_a_report_in_a_coordinated_clause():
    text = (
        "Brightwater Foods cut its forecast on Wednesday and said it would close two "
        "bakeries, sending its shares down 14 per cent."
    )

    assert found(text) == [("it would close two bakeries", "Brightwater Foods")]


def test_it_finds_speech_after_a_colon_without_quotation_marks():
    text = "Ashby told the Westmere Post: Nobody wins from a strike. Our door is open."

    assert found(text) == [("Nobody wins from a strike. Our door is open", "Ashby")]


def test_a_parenthetical_attribution_stays_inside_the_statement():
    text = "The numbers do not add up, Sullivan said, and families will pay for it."

    assert quotes(text) == [
        "The numbers do not add up, Sullivan said, and families will pay for it"
    ]


def test_sentences_without_a_speaker_are_not_suggested():
    text = (
        "The harbour reopened on Monday after a week of repairs.\n\n"
        "At the same time, they sought to refute claims by critics that the plan had failed."
    )

    assert quotes(text) == []


def test_offsets_count_code_points():
    text = "Fans 🎉🎉 cheered. Cafe\u0301 owners said the season would be the best in years."

    suggestions = suggest(text)

    assert [text[s.start : s.end] for s in suggestions] == ["the season would be the best in years"]
    assert suggestions[0].start == text.index("the season")


def test_excluded_spans_are_not_suggested_again():
    text = "Sullivan said the plan was ready. Blinken said the vote would be on Monday."
    first = text.index("the plan was ready")

    remaining = suggest(text, speakers=SPEAKERS, exclude_spans=[(first + 4, first + 18)])

    assert [s.quote for s in remaining] == ["the vote would be on Monday"]


def test_the_patterns_are_data():
    for name in ("REPORTING_VERBS", "PARTICIPLES", "PERSON_NOUNS", "ORGANISATION_NOUNS"):
        words = getattr(patterns, name)
        assert isinstance(words, tuple) and all(isinstance(w, str) and w for w in words)
    assert set(patterns.VERBS_WITHOUT_THAT) <= set(patterns.REPORTING_VERBS)
    assert set(patterns.VERBS_WITH_AUDIENCE) - {"reminded", "informed"} <= set(
        patterns.REPORTING_VERBS
    )


# Rules that real news needs ------------------------------------------------------


def test_a_headline_verb_in_title_case_is_a_reporting_verb():
    text = "Mayor Says Bridge Will Reopen By Spring"

    assert found(text) == [("Bridge Will Reopen By Spring", "Mayor")]


def test_a_title_case_line_with_a_full_stop_is_no_headline():
    text = "Mayor Says Bridge Will Reopen By Spring."

    assert found(text) == []


def test_a_participle_report_needs_no_comma():
    text = "Officials confirmed the closure on Tuesday saying repairs would take weeks."

    assert found(text) == [("repairs would take weeks", "")]  # a group: left to the analyst


def test_saying_after_kept_or_without_is_no_report():
    for text in (
        "The drivers kept saying the road would flood again.",
        "The council closed the road without saying why it would stay shut.",
    ):
        assert found(text) == []


def test_narration_after_according_to_is_the_writers_again():
    text = (
        "The bridge will stay closed until June, according to the White House. "
        "Engineers inspected the piers on Monday. Traffic was diverted through the town."
    )

    assert quotes(text) == ["The bridge will stay closed until June"]


def test_a_speaker_talking_on_after_an_inverted_attribution_still_continues():
    text = (
        "The bridge will stay closed until June, Blinken said. "
        "It will cost us a fortune. We have no choice."
    )

    assert quotes(text) == [
        "The bridge will stay closed until June",
        "It will cost us a fortune. We have no choice",
    ]


def test_a_quoted_title_is_no_statement():
    for text in (
        "Blinken spoke on NBC's “Meet the Press” on Sunday.",
        "The book “Fire and Fury at the Border” sold well last year.",
    ):
        assert found(text) == []


def test_a_quoted_title_inside_an_attribution_does_not_split_the_quotation():
    text = (
        "''Israel must do more,'' Blinken said on NBC's ''Meet the Press.'' "
        "''It has to protect civilians.''"
    )

    assert quotes(text) == [
        "Israel must do more,'' Blinken said on NBC's ''Meet the Press.'' "
        "''It has to protect civilians"
    ]


def test_two_apostrophes_are_quotation_marks():
    text = "''The operation will fail,'' Sullivan said."

    assert found(text) == [("The operation will fail", "Jake Sullivan")]


def test_a_question_in_quotation_marks_keeps_the_attribution_after_it():
    text = (
        '"You think we are going to change?" Blinken asked reporters '
        "at a news conference late last month."
    )

    assert found(text) == [("You think we are going to change?", "Antony Blinken")]


def test_a_second_part_after_narration_is_no_part_of_the_first():
    text = (
        "''There is no way to keep the promises without new revenue,'' Sullivan said. "
        "Proposals so far, he added, amount to ''just tinkering around the edges.''"
    )

    statements = quotes(text)
    assert statements[0] == "There is no way to keep the promises without new revenue"
    assert all("Proposals" not in s or s.startswith("Proposals") for s in statements)


def test_a_long_speaker_phrase_is_still_a_speaker():
    text = (
        "The talks will resume next week, said the deputy head of the regional "
        "water authority's emergency planning unit."
    )

    assert found(text) == [
        (
            "The talks will resume next week",
            "deputy head of the regional water authority's emergency planning unit",
        )
    ]
