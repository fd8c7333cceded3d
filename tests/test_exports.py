"""Streamed exports in four formats, over the API and the command."""

import csv
import datetime
import io
import json
from unittest import mock

import pytest
from django.core.management import call_command
from django.http import StreamingHttpResponse

from articles import exporters
from articles.formulas import neutralise
from articles.models import Speaker, Statement, Topic

TRICKY = 'Fans 👍🏽 said, "we will win", again\nand again'
BODY = f"Intro. {TRICKY}. Then =SUM(A1) and more text here to give a suffix of context."


@pytest.fixture
def tricky(make_article, make_statement, speaker, analyst):
    article = make_article(
        title="=cmd|' /C calc'!A0",
        body=BODY,
        url="https://example.org/t",
        source="Gazette",
        published_on="2024-05-12",
    )
    topic_a = Topic.objects.create(name="Sport", slug="sport")
    topic_b = Topic.objects.create(name="Crowds", slug="crowds")
    statement = make_statement(article, TRICKY, topics=[topic_a, topic_b], note="-1+1")
    formula = make_statement(article, "=SUM(A1)", stance="policy")
    return article, statement, formula


def fetch(client, fmt, **params):
    response = client.get(f"/api/export/statements.{fmt}", params)
    assert response.status_code == 200, getattr(response, "data", response)
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"].startswith('attachment; filename="statements')
    return b"".join(response.streaming_content)


class TestFileName:
    @pytest.mark.parametrize(
        ("params", "name"),
        [
            ({}, "statements-2026-12-02.csv"),
            ({"status": "approved"}, "statements-approved-2026-12-02.csv"),
            (
                {"article": "{article}", "stance": "warning", "created_by": "ana"},
                "statements-article-{article}-warning-2026-12-02.csv",
            ),
        ],
    )
    def test_the_file_name_says_what_it_holds_and_when(self, api, analyst, tricky, params, name):
        article = tricky[0]
        params = {key: value.format(article=article.pk) for key, value in params.items()}
        day = datetime.datetime(2026, 12, 2, 12, tzinfo=datetime.UTC)
        with mock.patch("django.utils.timezone.now", return_value=day):
            response = api(analyst).get("/api/export/statements.csv", params)
        assert response.status_code == 200
        expected = name.format(article=article.pk)
        assert response["Content-Disposition"] == f'attachment; filename="{expected}"'


class TestCsv:
    def test_one_flat_row_per_statement_with_the_header(self, api, analyst, tricky):
        _, statement, _ = tricky
        data = fetch(api(analyst), "csv")
        assert data.startswith(b"\xef\xbb\xbf"), "a BOM lets spreadsheets detect UTF-8"
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        assert list(rows[0]) == exporters.csv_header()
        row = next(r for r in rows if r["id"] == str(statement.pk))
        assert row["quote"] == TRICKY
        assert (row["start"], row["end"]) == (str(statement.start), str(statement.end))
        assert row["topics"] == "Crowds; Sport"
        assert row["speaker_name"] == "Ada Mayor" and row["speaker_kind"] == "person"
        assert row["article_url"] == "https://example.org/t"
        assert row["article_published_on"] == "2024-05-12"
        assert row["created_by"] == "ana"

    def test_formulas_are_neutralised(self, api, analyst, tricky):
        _, statement, formula = tricky
        rows = list(csv.DictReader(io.StringIO(fetch(api(analyst), "csv").decode("utf-8-sig"))))
        by_id = {r["id"]: r for r in rows}
        assert by_id[str(formula.pk)]["quote"] == "'=SUM(A1)"
        assert by_id[str(statement.pk)]["note"] == "'-1+1"
        assert by_id[str(statement.pk)]["article_title"].startswith("'=cmd")

    @pytest.mark.parametrize(
        "value",
        [
            "=1",
            "+1",
            "-1",
            "@x",
            "\tx",
            "\rx",
            # Spreadsheets skip invisible marks before a formula, or take these as one.
            "\ufeff=1+1",
            "\u200b=1+1",
            "\ufeffsafe",
            "\uff1d1+1",
            "\uff0b1",
            "\uff0d1",
            "\uff201",
            "|calc",
            "\u200c=1",
            "\u200d=1",
            "\u2060=1",
        ],
    )
    def test_every_formula_start_is_neutralised(self, value):
        assert neutralise(value) == "'" + value
        assert neutralise("safe " + value) == "safe " + value

    def test_cells_behind_an_invisible_mark_are_neutralised_in_the_file(
        self, api, analyst, make_article, make_statement, speaker
    ):
        article = make_article(title="\u200b=HYPERLINK(1)", source="|cmd", body="Plain words. " * 5)
        make_statement(article, start=0, end=5, note="\ufeff=1+1")
        Speaker.objects.filter(pk=speaker.pk).update(role="\uff1dSUM(A1)")
        rows = list(csv.DictReader(io.StringIO(fetch(api(analyst), "csv").decode("utf-8-sig"))))
        (row,) = [r for r in rows if r["id"].isdigit()]  # not the trailer
        assert row["note"] == "'\ufeff=1+1"
        assert row["article_title"] == "'\u200b=HYPERLINK(1)"
        assert row["article_source"] == "'|cmd"
        assert row["speaker_role"] == "'\uff1dSUM(A1)"

    def test_the_same_filters_as_the_list_apply(self, api, analyst, tricky):
        data = fetch(api(analyst), "csv", stance="policy")
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        assert [r["stance"] for r in rows[:-1]] == ["policy"]
        assert (rows[-1]["id"], rows[-1]["quote"]) == ("_count", "1")
        approved = fetch(api(analyst), "csv", status="approved").decode("utf-8-sig")
        assert approved.count("\n") == 2  # the header and the trailer

    def test_unknown_filters_are_a_400(self, api, analyst):
        response = api(analyst).get("/api/export/statements.csv", {"colour": "red"})
        assert response.status_code == 400
        assert "colour" in response.json()

    def test_an_unknown_format_is_a_404_with_a_message(self, api, analyst):
        response = api(analyst).get("/api/export/statements.xlsx")
        assert response.status_code == 404
        assert "csv" in response.json()["detail"]


class TestJson:
    def test_json_is_an_array_of_records_with_speaker_and_article_inlined(
        self, api, analyst, tricky
    ):
        _, statement, _ = tricky
        records = json.loads(fetch(api(analyst), "json"))
        record = next(r for r in records if r["id"] == statement.pk)
        assert record["quote"] == TRICKY
        assert record["topics"] == ["Crowds", "Sport"]
        assert record["speaker"] == {
            "id": statement.speaker_id,
            "name": "Ada Mayor",
            "kind": "person",
            "role": "Mayor",
            "organisation": "",
        }
        assert record["article"]["published_on"] == "2024-05-12"
        assert record["created_by"] == "ana" and record["reviewed_by"] is None

    def test_times_are_iso_8601_in_utc_with_or_without_a_fraction(
        self, api, analyst, reviewer, tricky
    ):
        _, statement, formula = tricky
        whole = datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)
        Statement.objects.filter(pk=statement.pk).update(
            created_at=whole, reviewed_at=whole.replace(microsecond=5), reviewed_by=reviewer
        )
        formula.refresh_from_db()
        by_id = {r["id"]: r for r in json.loads(fetch(api(analyst), "json"))}
        assert by_id[statement.pk]["created_at"] == "2026-03-04T05:06:07+00:00"
        assert by_id[statement.pk]["reviewed_at"] == "2026-03-04T05:06:07.000005+00:00"
        assert by_id[formula.pk]["updated_at"] == formula.updated_at.isoformat()
        assert by_id[formula.pk]["reviewed_at"] is None
        rows = csv.DictReader(io.StringIO(fetch(api(analyst), "csv").decode("utf-8-sig")))
        row = next(r for r in rows if r["id"] == str(statement.pk))
        assert row["created_at"] == "2026-03-04T05:06:07+00:00"
        annotations = json.loads(fetch(api(analyst), "jsonld"))["first"]["items"]
        assert annotations[0]["created"] == "2026-03-04T05:06:07+00:00"

    def test_jsonl_is_one_record_a_line(self, api, analyst, tricky):
        lines = fetch(api(analyst), "jsonl").decode().splitlines()
        assert len(lines) == 3
        assert json.loads(lines[0])["quote"] == TRICKY
        assert json.loads(lines[-1]) == {"_count": 2}

    def test_an_empty_export_is_still_valid(self, api, analyst, db):
        assert json.loads(fetch(api(analyst), "json")) == []
        assert fetch(api(analyst), "jsonl") == b'{"_count":0}\n'
        assert json.loads(fetch(api(analyst), "jsonld"))["first"]["items"] == []


class TestWebAnnotation:
    def test_selectors_point_at_the_quote_in_the_body(self, api, analyst, tricky):
        article, statement, _ = tricky
        collection = json.loads(fetch(api(analyst), "jsonld"))
        assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
        assert collection["type"] == "AnnotationCollection"
        assert collection["total"] == 2
        items = collection["first"]["items"]
        item = next(i for i in items if i["id"].endswith(f"/api/statements/{statement.pk}/"))
        assert item["type"] == "Annotation"
        assert item["target"]["source"].endswith(f"/api/articles/{article.pk}/")
        quote_sel, pos_sel = item["target"]["selector"]
        assert quote_sel["type"] == "TextQuoteSelector"
        assert pos_sel == {
            "type": "TextPositionSelector",
            "start": statement.start,
            "end": statement.end,
        }
        body = article.body
        assert quote_sel["exact"] == body[pos_sel["start"] : pos_sel["end"]]
        assert quote_sel["prefix"] == body[max(0, statement.start - 32) : statement.start]
        assert quote_sel["suffix"] == body[statement.end : statement.end + 32]
        assert len(quote_sel["suffix"]) == 32
        purposes = {b["purpose"]: b for b in item["body"]}
        assert purposes["classifying"]["value"] == "warning"
        assert purposes["identifying"]["name"] == "Ada Mayor"


class TestStreaming:
    def test_exports_fetch_in_chunks_not_all_at_once(
        self, analyst, make_article, make_statement, django_assert_max_num_queries, monkeypatch
    ):
        article = make_article(body="Word. " * 400)
        for i in range(25):
            make_statement(article, start=i * 6, end=i * 6 + 4)
        speaker = Speaker.objects.get()
        assert speaker
        chunks = exporters.export_chunks(
            article.statements.all(), "jsonl", exporters.ExportOptions(chunk_size=10)
        )
        # Three chunks of rows, each with one query for its topics.
        with django_assert_max_num_queries(6, exact=True):
            lines = b"".join(chunks).splitlines()
        assert len(lines) == 25 + 1  # and the trailer


class TestCommand:
    @pytest.mark.parametrize("fmt", exporters.FORMATS)
    def test_the_command_writes_the_same_bytes_as_the_api(
        self, api, analyst, tricky, tmp_path, fmt
    ):
        target = tmp_path / f"out.{fmt}"
        call_command(
            "export_statements",
            "--format",
            fmt,
            "-o",
            str(target),
            "--base-url",
            "http://testserver",
        )
        assert target.read_bytes() == fetch(api(analyst), fmt)

    def test_the_command_takes_the_same_filters(self, tricky, tmp_path):
        target = tmp_path / "out.jsonl"
        call_command(
            "export_statements", "--format", "jsonl", "--stance", "policy", "-o", str(target)
        )
        assert len(target.read_text().splitlines()) == 1 + 1  # and the trailer

    def test_a_bad_filter_is_a_clear_error(self, db):
        from django.core.management import CommandError

        with pytest.raises(CommandError, match="--stance"):
            call_command("export_statements", "--stance", "opinion")


NASTY_TEXT = [
    'quote " and \\ backslash',
    "emoji 👍🏽, e\u0301, non\u2011breaking, \u00a0",
    "controls \x00 \x01 \x1f \x7f \t \n \r \b \f",
    "line\u2028and paragraph\u2029separators",
    "",
]


@pytest.mark.parametrize("text", NASTY_TEXT)
def test_json_records_are_the_bytes_the_standard_library_writes(text):
    record = {"quote": text, "ids": [1, 2**62], "none": None, "ok": True, text: [text]}
    expected = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode()
    assert exporters._dumps(record) == expected
