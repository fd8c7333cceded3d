"""manage.py evaluate_suggestions --articles: suggestions against stored statements."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Speaker, Statement
from articles.suggest.evaluation import (
    GoldStatement,
    cue_lemmas,
    is_speech_act,
    note_fields,
    statement_kind,
)

BODY = (
    '"The harbour wall will fail in the next big storm," said Jane Ruiz, the city engineer.\n\n'
    "Port officials warned that three districts could flood within a decade.\n\n"
    "The mayor criticized the plan for the new barrier on Tuesday."
)


def figures(*options) -> dict:
    out = StringIO()
    call_command("evaluate_suggestions", "--json", *options, stdout=out)
    return json.loads(out.getvalue())


def gold(make_article, analyst, body=BODY, source="Harbour Gazette", **fields):
    article = make_article(body=body, source=source, **fields)
    ruiz = Speaker.objects.create(name="Jane Ruiz")
    officials = Speaker.objects.create(name="Port officials", kind="organisation")
    mayor = Speaker.objects.create(name="Mayor")

    def add(quote, speaker, note, stance="warning"):
        start = body.index(quote)
        Statement.objects.create(
            article=article,
            speaker=speaker,
            start=start,
            end=start + len(quote),
            quote=quote,
            stance=stance,
            note=note,
            created_by=analyst,
        )

    add('"The harbour wall will fail in the next big storm,"', ruiz, "cue: said; source: Jane Ruiz")
    add(
        "three districts could flood within a decade",
        officials,
        "cue: warned; source: Port officials; stance: proposed",
    )
    add("the plan for the new barrier", mayor, "cue: criticized; source: The mayor", "policy")
    return article


@pytest.mark.django_db
class TestStoredArticles:
    def test_it_scores_suggestions_against_the_stored_statements(self, make_article, analyst):
        article = gold(make_article, analyst)
        result = figures("--articles", f"ids={article.pk}", "--without-registry")
        overall = result["overall"]
        assert result["article_count"] == 1
        assert overall["gold"] == 3
        assert overall["matched"] >= 2
        assert overall["speaker"] > 0 and overall["speaker_named"] > 0
        # The proposed stance is not a judgement: only the other matched ones count.
        assert overall["stance_judged"] <= overall["matched"] - 1
        assert set(result["by_kind"]) == {"direct", "mixed", "indirect"}
        assert result["by_kind"]["direct"]["gold"] == 1
        assert result["by_outlet"]["Harbour Gazette"]["gold"] == 3
        assert result["seconds"]["suggesting_and_scoring"] >= 0

    def test_speech_acts_leave_out_other_cues_and_what_matches_them(self, make_article, analyst):
        article = gold(make_article, analyst)
        everything = figures("--articles", f"ids={article.pk}", "--without-registry")
        speech = figures("--articles", f"ids={article.pk}", "--without-registry", "--speech-acts")
        assert speech["overall"]["gold"] == 2  # "criticized" is not a verb of saying
        assert speech["overall"]["found"] <= everything["overall"]["found"]

    def test_filters_choose_the_articles(self, make_article, analyst):
        gold(make_article, analyst)
        make_article(body="Nothing was said in this one at all.", source="Other Paper")
        assert figures("--articles", "source=harbour gazette", "--rules-only")["article_count"] == 1
        assert figures("--articles", "")["article_count"] == 2
        with pytest.raises(CommandError, match="unknown filter colour"):
            figures("--articles", "colour=red")
        with pytest.raises(CommandError, match="ids"):
            figures("--articles", "ids=one")
        with pytest.raises(CommandError, match="no article matches"):
            figures("--articles", "source=nobody")

    def test_it_prints_a_table_by_outlet_and_kind(self, make_article, analyst):
        article = gold(make_article, analyst)
        out = StringIO()
        call_command(
            "evaluate_suggestions", "--articles", f"ids={article.pk}", "--details", stdout=out
        )
        text = out.getvalue()
        for row in ("overall", "outlet Harbour Gazette", "kind direct", "kind indirect"):
            assert row in text


def statement(quote, cue):
    return GoldStatement(0, len(quote), quote, "A", "policy", cue=cue)


@pytest.mark.parametrize(
    "cue, speech",
    [
        ("said in an interview", True),
        ("told reporters", True),
        ("pointed out", True),
        ("according to", True),
        ("denied", True),
        ("admitted", True),
        ("criticized", False),
        ("praised", False),
        ("talked about", False),
        ("believes", False),
        ("", False),
    ],
)
def test_verbs_of_saying_are_recognised_in_their_forms(cue, speech):
    assert is_speech_act(statement("the wall will hold", cue)) is speech


def test_a_speech_act_needs_three_words():
    assert not is_speech_act(statement("it holds", "said"))


def test_cue_words_have_their_possible_lemmas():
    assert "say" in cue_lemmas("said")[0] and "deny" in cue_lemmas("denies")[0]


@pytest.mark.parametrize(
    "quote, kind",
    [
        ('"The wall will hold."', "direct"),
        ('"The wall," she said, "will hold."', "direct"),
        ('that the wall "will hold"', "mixed"),
        ("that the wall will hold", "indirect"),
    ],
)
def test_statements_are_direct_mixed_or_indirect(quote, kind):
    assert statement_kind(quote) == kind


def test_a_note_gives_its_fields():
    assert note_fields("cue: said; source: he; stance: proposed") == {
        "cue": "said",
        "source": "he",
        "stance": "proposed",
    }
