"""Invariants of statements, articles, speakers and topics: model layer and database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles import services
from articles.models import Article, Speaker, Statement, Topic


def raw_statement(article, speaker, **overrides):
    fields = {
        "article": article,
        "speaker": speaker,
        "start": 0,
        "end": 7,
        "quote": article.body[0:7],
        "stance": "warning",
    }
    fields.update(overrides)
    return Statement(**fields)


class TestDatabaseConstraints:
    """Rows written around the model layer are still refused by the database."""

    @pytest.mark.parametrize(
        "overrides",
        [
            {"start": 5, "end": 5, "quote": ""},
            {"start": 7, "end": 3, "quote": "x" * 4},
            {"stance": "opinion"},
            {"status": "maybe"},
            {"quote": "not the same length"},
        ],
        ids=["empty-span", "end-before-start", "unknown-stance", "unknown-status", "quote-length"],
    )
    def test_it_refuses_invalid_rows(self, article, speaker, overrides):
        with pytest.raises(IntegrityError), transaction.atomic():
            raw_statement(article, speaker, **overrides).save()

    def test_it_refuses_a_negative_start(self, article, speaker):
        with pytest.raises(IntegrityError), transaction.atomic():
            raw_statement(article, speaker, start=-1, end=6, quote="x" * 7).save()

    def test_speaker_names_are_unique_ignoring_case(self, speaker):
        with pytest.raises(IntegrityError), transaction.atomic():
            Speaker.objects.create(name=speaker.name.upper())

    def test_topic_slugs_are_unique(self, topic):
        with pytest.raises(IntegrityError), transaction.atomic():
            Topic.objects.create(name="Floods again", slug=topic.slug)

    def test_article_urls_are_unique_when_set(self, make_article):
        make_article(url="https://example.org/a")
        make_article(url="")
        make_article(url="")
        with pytest.raises(IntegrityError), transaction.atomic():
            Article.objects.create(title="x", body="other", url="https://example.org/a")

    def test_article_text_is_unique_by_hash(self, article):
        with pytest.raises(IntegrityError), transaction.atomic():
            Article.objects.create(title="copy", body=article.body)


class TestModelValidation:
    def test_a_statement_takes_its_quote_from_the_body(self, make_statement, article):
        statement = make_statement(article, "the sea wall could fail")
        assert statement.quote == "the sea wall could fail"
        assert article.body[statement.start : statement.end] == statement.quote

    @pytest.mark.parametrize(
        ("start", "end", "field", "message"),
        [
            (5, 5, "end", "must be greater than start"),
            (9, 3, "end", "must be greater than start"),
            (-1, 4, "start", "0 or more"),
            (0, 10_000, "end", "past the end of the article body"),
        ],
    )
    def test_it_refuses_bad_offsets(self, article, speaker, analyst, start, end, field, message):
        with pytest.raises(ValidationError) as error:
            services.statement_create(
                article=article, start=start, end=end, speaker=speaker, stance="warning", by=analyst
            )
        assert message in " ".join(error.value.message_dict[field])
        assert not Statement.objects.exists()

    def test_it_refuses_a_quote_that_does_not_match_and_says_what_is_there(
        self, article, speaker, analyst
    ):
        with pytest.raises(ValidationError) as error:
            services.statement_create(
                article=article,
                start=0,
                end=7,
                speaker=speaker,
                stance="warning",
                quote="Seaside",
                by=analyst,
            )
        assert "'Harbour'" in error.value.message_dict["quote"][0]

    def test_it_refuses_an_unknown_stance(self, article, speaker, analyst):
        with pytest.raises(ValidationError) as error:
            services.statement_create(
                article=article, start=0, end=7, speaker=speaker, stance="opinion", by=analyst
            )
        assert "stance" in error.value.message_dict

    def test_it_refuses_nul_characters(self, article, speaker, analyst):
        with pytest.raises(ValidationError) as error:
            services.statement_create(
                article=article,
                start=0,
                end=7,
                speaker=speaker,
                stance="warning",
                note="a\x00b",
                by=analyst,
            )
        assert "NUL" in error.value.message_dict["note"][0]

    def test_speaker_names_clash_ignoring_case_with_a_clear_message(self, speaker, analyst):
        with pytest.raises(ValidationError) as error:
            services.speaker_create(name="ada MAYOR", by=analyst)
        assert "already exists" in error.value.message_dict["name"][0]

    def test_aliases_must_be_a_list_of_strings(self, analyst):
        with pytest.raises(ValidationError) as error:
            services.speaker_create(name="X", aliases=["ok", 3], by=analyst)
        assert "list of strings" in str(error.value)

    def test_speakers_are_found_by_alias(self, speaker):
        assert list(Speaker.objects.search("MAYOR")) == [speaker]
        assert list(Speaker.objects.search("engineer")) == []

    def test_a_topic_gets_a_slug_from_its_name(self, analyst):
        topic = services.topic_create(name="Public finance", by=analyst)
        assert topic.slug == "public-finance"


class TestArticleBody:
    def test_the_body_is_stored_normalised(self, make_article):
        article = make_article(body="\ufeffOne.\r\n\r\n\r\nTwo e\u0301.")
        assert article.body == "One.\n\nTwo \u00e9."

    def test_the_title_comes_from_the_first_sentence_when_missing(self, make_article):
        assert make_article(body="Floods hit the coast. More later.").title == (
            "Floods hit the coast"
        )

    def test_the_same_text_twice_is_refused_clearly(self, article):
        with pytest.raises(ValidationError) as error:
            services.article_create(body=article.body + "\n")
        assert "already exists" in error.value.message_dict["body"][0]

    def test_the_body_can_change_while_there_are_no_statements(self, article):
        services.article_update(article=article, body="New text.")
        article.refresh_from_db()
        assert article.body == "New text."

    def test_a_new_body_of_an_annotated_article_is_a_revision(self, article, make_statement):
        statement = make_statement(article)
        original = article.body
        services.article_update(article=article, body="A new first line.\n\n" + original)
        article.refresh_from_db()
        assert article.body.startswith("A new first line.")
        assert [r.number for r in article.revisions.all()] == [1, 2]
        assert article.revisions.get(number=1).body == original
        statement.refresh_from_db()
        assert article.body[statement.start : statement.end] == statement.quote
        assert statement.revision == article.revision

    def test_other_fields_of_an_annotated_article_can_change(self, article, make_statement):
        make_statement(article)
        services.article_update(article=article, title="A better title")
        article.refresh_from_db()
        assert article.title == "A better title"
