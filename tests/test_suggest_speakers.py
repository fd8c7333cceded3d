"""Resolving speaker phrases: names, surnames, aliases, roles by date, pronouns, newcomers."""

from __future__ import annotations

import datetime

from articles.suggest.engine import suggest
from articles.suggest.registry import DatedRole, KnownSpeaker

BLINKEN = KnownSpeaker(
    1,
    "Antony Blinken",
    aliases=("America's top diplomat",),
    roles=(DatedRole("Secretary of State", "US State Department", datetime.date(2021, 1, 26)),),
)
POMPEO = KnownSpeaker(
    2,
    "Mike Pompeo",
    roles=(
        DatedRole(
            "Secretary of State",
            "US State Department",
            datetime.date(2018, 4, 26),
            datetime.date(2021, 1, 20),
        ),
    ),
)
SULLIVAN = KnownSpeaker(3, "Jake Sullivan", role="National security adviser")
WHITE_HOUSE = KnownSpeaker(4, "White House", kind="organisation", aliases=("the White House",))
MINISTRY = KnownSpeaker(5, "Ministry of Health", kind="organisation")
SPOKESPERSON = KnownSpeaker(6, "Karine Jean-Pierre", role="Spokesperson")
SPEAKERS = [BLINKEN, POMPEO, SULLIVAN, WHITE_HOUSE, MINISTRY, SPOKESPERSON]


def speakers_of(text: str, published_on: datetime.date | None = None) -> list[tuple]:
    return [
        (s.speaker_id, s.speaker_name)
        for s in suggest(text, published_on=published_on, speakers=SPEAKERS)
    ]


def test_it_resolves_a_full_name():
    assert speakers_of("Antony Blinken said the talks would resume.") == [(1, "Antony Blinken")]


def test_it_resolves_a_name_after_a_title_and_role():
    text = "US Secretary of State Antony Blinken said the talks would resume."

    assert speakers_of(text) == [(1, "Antony Blinken")]


def test_it_resolves_a_surname():
    assert speakers_of("Blinken said the talks would resume.") == [(1, "Antony Blinken")]


def test_it_resolves_an_alias():
    text = "The talks would resume in May, America's top diplomat said."

    assert speakers_of(text) == [(1, "Antony Blinken")]


def test_it_resolves_a_role_by_the_publication_date():
    text = "The secretary of state said the talks would resume."

    assert speakers_of(text, datetime.date(2024, 5, 12)) == [(1, "Antony Blinken")]
    assert speakers_of(text, datetime.date(2019, 6, 1)) == [(2, "Mike Pompeo")]


def test_it_resolves_an_undated_role():
    text = "The national security adviser said the talks would resume."

    assert speakers_of(text) == [(3, "Jake Sullivan")]


def test_an_organisation_is_resolved_by_name():
    text = "The talks will resume in May, the White House said."

    assert speakers_of(text) == [(4, "White House")]


def test_he_and_she_go_to_the_most_recent_person():
    text = (
        "Sullivan spoke to reporters on Sunday. The plan is working, he said.\n\n"
        "Blinken met his counterpart in Paris. We are making progress, he told reporters."
    )

    assert speakers_of(text) == [(3, "Jake Sullivan"), (1, "Antony Blinken")]


def test_it_goes_to_the_most_recent_organisation():
    text = (
        "The White House said the president would travel to Paris on Monday. "
        "It said the trip would last two days."
    )

    assert speakers_of(text) == [(4, "White House"), (4, "White House")]


def test_they_go_to_the_most_recent_group():
    text = (
        "Researchers at the University of Calder said the water was safe to drink. "
        "They stressed that more testing was needed."
    )

    assert speakers_of(text) == [
        (None, "University of Calder"),
        (None, "University of Calder"),
    ]


def test_a_short_name_for_an_organisation_refers_back_to_it():
    text = (
        "The Ministry of Health said it had tested 400 wells.\n\n"
        "The ministry said none of them was contaminated."
    )

    assert speakers_of(text) == [(5, "Ministry of Health"), (5, "Ministry of Health")]


def test_an_unknown_person_is_proposed_by_full_name():
    text = (
        "Sullivan spoke by telephone with his Israeli counterpart, Tzachi Hanegbi, on Sunday. "
        "Mr. Hanegbi confirmed that Israel was taking the concerns into account."
    )

    assert speakers_of(text) == [(None, "Tzachi Hanegbi")]


def test_an_unknown_speaker_without_a_name_is_proposed_as_written():
    text = "The talks will resume in May, said a White House spokesperson."

    assert speakers_of(text) == [(None, "a White House spokesperson")]


def test_an_indefinite_role_phrase_is_not_a_registered_holder_of_the_role():
    text = "A spokesperson said the talks would resume."

    assert speakers_of(text) == [(None, "A spokesperson")]


def test_two_speakers_saying_one_thing_give_one_suggestion_each_on_the_same_span():
    text = "Both Blinken and Sullivan said the decision was the president's."

    suggestions = suggest(text, speakers=SPEAKERS)

    assert [(s.speaker_id, s.speaker_name) for s in suggestions] == [
        (1, "Antony Blinken"),
        (3, "Jake Sullivan"),
    ]
    assert len({(s.start, s.end) for s in suggestions}) == 1


def test_two_unregistered_speakers_are_named_as_the_article_names_them():
    text = (
        "Officials Maria Lopez and Tom Berg met on Friday. "
        "Lopez and Berg said the plan would be ready by June."
    )

    assert [(s.speaker_name, s.speaker_kind) for s in suggest(text)] == [
        ("Maria Lopez", "person"),
        ("Tom Berg", "person"),
    ]


def test_an_organisation_with_and_in_its_name_stays_one_speaker():
    text = "The Department of Health and Human Services said the rule would change."

    assert [s.speaker_name for s in suggest(text)] == ["Department of Health and Human Services"]


def test_a_name_after_the_speakers_head_noun_is_not_the_speaker():
    text = "Miriam Okafor, an economist at the White House, said the forecasts were too optimistic."

    assert speakers_of(text) == [(None, "Miriam Okafor")]


def test_a_pronoun_with_nobody_to_refer_to_is_left_unnamed():
    assert speakers_of("The talks will resume in May, he said.") == [(None, "")]


DAN_SULLIVAN = KnownSpeaker(7, "Dan Sullivan", role="Senator")


def test_a_shared_surname_goes_to_the_speaker_the_article_names():
    text = (
        "Senator Dan Sullivan of Alaska spoke on Tuesday. "
        "Sullivan said the bill would pass this week."
    )

    for registry in ([SULLIVAN, DAN_SULLIVAN], [DAN_SULLIVAN, SULLIVAN]):
        assert [(s.speaker_id, s.speaker_name) for s in suggest(text, speakers=registry)] == [
            (7, "Dan Sullivan")
        ]


def test_a_shared_surname_the_article_does_not_explain_is_left_unregistered():
    text = "Sullivan said the bill would pass this week."

    for registry in ([SULLIVAN, DAN_SULLIVAN], [DAN_SULLIVAN, SULLIVAN]):
        assert [(s.speaker_id, s.speaker_name) for s in suggest(text, speakers=registry)] == [
            (None, "Sullivan")
        ]


def test_a_surname_takes_the_full_name_the_article_used_before():
    text = (
        "The alarm came from US Secretary of State Antony Blinken on Sunday. "
        "Blinken said the offensive would be a mistake."
    )

    assert [(s.speaker_id, s.speaker_name, s.speaker_kind) for s in suggest(text)] == [
        (None, "Antony Blinken", "person")
    ]


def test_a_group_is_never_proposed_as_a_person():
    text = (
        "Senior US officials said the offensive would be a mistake. "
        "Republicans said the aid should continue. "
        "White House officials said the talks had failed."
    )

    assert [(s.speaker_name, s.speaker_kind) for s in suggest(text)] == [
        ("", ""),
        ("Republicans", "organisation"),
        ("White House", "organisation"),
    ]


def test_a_union_with_and_in_its_name_stays_one_speaker():
    text = "The Bakers and Food Workers Union said it would ballot members on a strike."

    assert [s.speaker_name for s in suggest(text)] == ["Bakers and Food Workers Union"]


def test_an_organisation_keeps_a_word_that_is_a_title_for_people():
    text = "The State Department said the report would be published on Friday."

    assert [(s.speaker_name, s.speaker_kind) for s in suggest(text)] == [
        ("State Department", "organisation")
    ]
