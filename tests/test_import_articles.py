"""manage.py import_articles and the importer behind it."""

import datetime
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.importers import import_paths
from articles.models import Article

SEED = Path(__file__).resolve().parents[2] / "shared" / "data" / "rafah-warnings-2024-05-12.txt"

TXT = (
    " date 2025-03-01 \n\n\n\n"
    "Port officials on Saturday warned that the harbour wall could give way in the next storm, "
    "predicting flooding in three districts.\n\n"
    "The wall will hold this winter, the harbour master said on Saturday.\n"
)


def write(tmp_path: Path, name: str, content, encoding="utf-8") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding=encoding)
    return path


def run(*paths, **options):
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("import_articles", *map(str, paths), stdout=out, stderr=err, **options)
        failed = None
    except CommandError as error:
        failed = error
    return out.getvalue(), err.getvalue(), failed


@pytest.mark.django_db
class TestTextFiles:
    def test_it_reads_the_date_line_title_and_paragraphs(self, tmp_path):
        out, _, failed = run(write(tmp_path, "wall.txt", TXT))
        assert failed is None
        article = Article.objects.get()
        assert article.published_on == datetime.date(2025, 3, 1)
        assert article.title == (
            "Port officials on Saturday warned that the harbour wall could give way "
            "in the next storm…"
        )
        assert len(article.title) <= 100
        assert article.body.startswith("Port officials on Saturday")
        assert article.body.endswith("the harbour master said on Saturday.")
        assert "\n\nThe wall will hold" in article.body
        assert "date" not in article.body[:10]
        assert out.strip().endswith("created 1, updated 0, skipped 0, failed 0")

    def test_importing_the_same_text_again_is_skipped(self, tmp_path):
        path = write(tmp_path, "wall.txt", TXT)
        run(path)
        out, _, failed = run(path)
        assert failed is None
        assert Article.objects.count() == 1
        assert f"skipped  {path}: same text as article" in out
        assert out.strip().endswith("created 0, updated 0, skipped 1, failed 0")

    def test_the_same_text_with_other_line_endings_is_still_the_same(self, tmp_path):
        run(write(tmp_path, "a.txt", TXT))
        run(write(tmp_path, "b.txt", TXT.replace("\n", "\r\n").encode("utf-8")))
        assert Article.objects.count() == 1

    def test_header_lines_give_the_outlet_and_the_address(self, tmp_path):
        header = "\nDate: 2025-03-01\nsource: Harbour Gazette\nURL https://example.org/wall\n\n"
        _, err, failed = run(write(tmp_path, "wall.txt", header + TXT.split("\n\n\n\n", 1)[1]))
        assert failed is None, err
        article = Article.objects.get()
        assert (article.published_on, article.source, article.url) == (
            datetime.date(2025, 3, 1),
            "Harbour Gazette",
            "https://example.org/wall",
        )
        assert article.body.startswith("Port officials on Saturday")

    def test_a_header_line_after_the_text_began_is_text(self, tmp_path):
        run(write(tmp_path, "plain.txt", "The mayor spoke.\nsource: the mayor's office"))
        article = Article.objects.get()
        assert article.source == ""
        assert article.body == "The mayor spoke.\nsource: the mayor's office"

    def test_a_header_line_given_twice_is_refused(self, tmp_path):
        _, err, failed = run(write(tmp_path, "twice.txt", "source: A\nsource: B\n\nText."))
        assert failed is not None
        assert "twice.txt" in err and "line 2 gives the source again (first on line 1)" in err
        assert not Article.objects.exists()

    def test_a_header_url_that_is_no_address_is_refused(self, tmp_path):
        _, err, failed = run(write(tmp_path, "bad.txt", "url: not an address\n\nText."))
        assert failed is not None
        assert "bad.txt" in err and "url" in err
        assert not Article.objects.exists()

    def test_a_file_without_a_date_line_has_no_date(self, tmp_path):
        run(write(tmp_path, "plain.txt", "Just one paragraph of news."))
        assert Article.objects.get().published_on is None

    @pytest.mark.skipif(
        not SEED.exists(), reason="the shared seed article is not beside the project"
    )
    def test_the_seed_article_imports_once(self):
        run(SEED)
        run(SEED)
        article = Article.objects.get()
        assert article.published_on == datetime.date(2024, 5, 12)
        assert article.body.startswith("Senior US officials")
        assert article.title.startswith("Senior US officials on Sunday issued stark warnings")


@pytest.mark.django_db
class TestJsonFiles:
    def test_it_reads_a_list_and_an_object(self, tmp_path):
        write(
            tmp_path,
            "many.json",
            json.dumps(
                [
                    {
                        "title": "One",
                        "body": "Body one.",
                        "source": "Gazette",
                        "url": "https://example.org/1",
                        "published_on": "2024-01-02",
                    },
                    {"body": "Body two. Is here."},
                ]
            ),
        )
        write(tmp_path, "one.json", json.dumps({"title": "Three", "body": "Body three."}))
        _, _, failed = run(tmp_path)
        assert failed is None
        assert sorted(Article.objects.values_list("title", flat=True)) == [
            "Body two",
            "One",
            "Three",
        ]
        one = Article.objects.get(title="One")
        assert (one.source, one.url, one.published_on) == (
            "Gazette",
            "https://example.org/1",
            datetime.date(2024, 1, 2),
        )

    def test_it_reads_json_lines(self, tmp_path):
        lines = "\n".join(json.dumps({"body": f"Line article {i}."}) for i in range(3))
        _, _, failed = run(write(tmp_path, "feed.jsonl", lines + "\n\n"))
        assert failed is None
        assert Article.objects.count() == 3

    def test_a_new_text_under_a_known_url_replaces_an_unannotated_article(self, tmp_path):
        run(write(tmp_path, "a.json", json.dumps({"body": "First.", "url": "https://x.org/a"})))
        out, _, _ = run(
            write(tmp_path, "b.json", json.dumps({"body": "Fixed.", "url": "https://x.org/a"}))
        )
        assert Article.objects.get().body == "Fixed."
        assert "updated" in out


@pytest.mark.django_db
class TestBadFiles:
    def test_each_bad_file_is_reported_and_the_others_still_import(self, tmp_path):
        write(tmp_path, "good.txt", TXT)
        write(tmp_path, "latin1.txt", "Caf\u00e9 owners said no.", encoding="latin-1")
        write(tmp_path, "empty.txt", "\n\n  \n")
        write(tmp_path, "baddate.txt", "date 2024-13-45\n\nText.")
        write(tmp_path, "broken.json", '{"body": "x",')
        write(tmp_path, "nobody.json", '{"title": "No body"}')
        write(
            tmp_path, "sub/also-good.jsonl", json.dumps({"body": "Nested and fine."}) + "\n{oops\n"
        )
        out, err, failed = run(tmp_path)
        assert failed is not None, "the command must exit non-zero when a file failed"
        assert Article.objects.count() == 2
        for name, reason in [
            ("latin1.txt", "not UTF-8"),
            ("empty.txt", "empty"),
            ("baddate.txt", "bad date '2024-13-45'"),
            ("broken.json", "bad JSON"),
            ("nobody.json", "body is missing"),
            ("also-good.jsonl:2", "bad JSON"),
        ]:
            assert any(name in line and reason in line for line in err.splitlines()), (name, err)
        assert out.strip().endswith("created 2, updated 0, skipped 0, failed 6")

    def test_a_missing_path_is_reported(self, tmp_path):
        _, err, failed = run(tmp_path / "nope.txt")
        assert failed is not None
        assert "no such file" in err

    def test_nul_characters_are_refused(self, tmp_path):
        _, err, failed = run(write(tmp_path, "nul.txt", "A\x00B"))
        assert failed is not None and "NUL" in err
        assert not Article.objects.exists()

    def test_a_title_that_is_too_long_is_reported(self, tmp_path):
        write(tmp_path, "long.json", json.dumps({"title": "x" * 301, "body": "Fine."}))
        _, err, failed = run(tmp_path)
        assert failed is not None and "title" in err


@pytest.mark.django_db
def test_large_imports_show_progress(tmp_path):
    for i in range(5):
        write(tmp_path, f"a{i}.txt", f"Article {i} text.")
    _, err, failed = run(tmp_path, progress_every=2)
    assert failed is None
    assert "… 2 files read" in err and "… 4 files read" in err


@pytest.mark.django_db
def test_imports_run_a_constant_number_of_queries(tmp_path, django_assert_max_num_queries):
    for i in range(60):
        write(tmp_path, f"a{i:03}.txt", f"Article number {i}. It has text.")
    # Three of them record the texts' analyses; the backend sends the tasks.
    with django_assert_max_num_queries(7):
        report = import_paths([tmp_path])
    assert len(report.created) == 60
