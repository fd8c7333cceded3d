"""Imports are bounded: per file, per request, per number of articles; their reports are
capped; large uploads are imported by a worker while the page shows progress."""

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend

from articles.import_jobs import ImportJob, ImportUpload, import_job_run
from articles.importers import FAILURES_LISTED, MAX_FILE_BYTES, import_sources
from articles.models import ARTICLE_BODY_MAX_BYTES, Article


@pytest.fixture
def logged_in(client, analyst):
    client.force_login(analyst)
    return client


@pytest.fixture(autouse=True)
def queue():
    default_task_backend.clear()
    yield default_task_backend.results


def upload(name, data: bytes):
    return SimpleUploadedFile(name, data)


def articles_jsonl(count: int, *, pad: int = 0) -> bytes:
    return "".join(
        json.dumps({"body": f"Article {i} text. {'x' * pad}"}) + "\n" for i in range(count)
    ).encode()


@pytest.mark.django_db
class TestImportPageLimits:
    def test_a_request_over_the_limit_is_refused_before_it_is_read(self, logged_in, settings):
        settings.IMPORT_MAX_REQUEST_BYTES = 1000
        response = logged_in.post(
            reverse("article-import"), {"files": [upload("big.txt", b"Words. " * 400)]}
        )
        assert response.status_code == 413
        assert "too large" in response.content.decode()
        assert not Article.objects.exists()

    def test_a_file_larger_than_an_article_is_refused(self, logged_in, settings, monkeypatch):
        monkeypatch.setattr("articles.importers.MAX_FILE_BYTES", 100)
        response = logged_in.post(
            reverse("article-import"), {"files": [upload("big.txt", b"Words. " * 20)]}
        )
        assert response.status_code == 413
        assert "big.txt (140 bytes)" in response.content.decode()
        assert not Article.objects.exists()

    def test_the_article_size_limit_is_the_same_on_every_path(self):
        assert MAX_FILE_BYTES == ARTICLE_BODY_MAX_BYTES

    def test_an_error_report_lists_a_hundred_and_counts_the_rest(self, logged_in):
        data = json.dumps(list(range(5000))).encode()
        response = logged_in.post(reverse("article-import"), {"files": [upload("ints.json", data)]})
        html = response.content.decode()
        assert response.status_code == 200
        assert "failed 5000" in html
        assert html.count("<code>ints.json[") == FAILURES_LISTED
        assert "and 4,900 more errors like it: expected an object" in html

    def test_one_import_stores_at_most_the_configured_number_of_articles(self, logged_in, settings):
        settings.IMPORT_MAX_ARTICLES = 3
        files = [upload("five.jsonl", articles_jsonl(5)), upload("later.txt", b"Later text.")]
        response = logged_in.post(reverse("article-import"), {"files": files})
        html = response.content.decode()
        assert Article.objects.count() == 3
        assert "at most 3 articles" in html and "2 more were left in this file" in html
        assert "later.txt" in html


@pytest.mark.django_db
class TestBackgroundImports:
    def test_a_large_upload_becomes_a_job_the_page_follows(
        self, logged_in, analyst, settings, queue, django_capture_on_commit_callbacks
    ):
        settings.IMPORT_INLINE_MAX_BYTES = 100
        files = [
            upload("many.jsonl", articles_jsonl(30)),
            upload("bad.json", b"{oops"),
        ]
        with django_capture_on_commit_callbacks(execute=True):
            response = logged_in.post(reverse("article-import"), {"files": files})
        job = ImportJob.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("article-import-job", args=[job.pk])
        # Nothing imported in the request: a worker does it.
        assert not Article.objects.exists()
        assert [r.task.name for r in queue] == ["import_articles"]

        page = logged_in.get(response.url).content.decode()
        assert 'http-equiv="refresh"' in page and "Waiting for a worker" in page

        assert import_job_run(job_id=job.pk) == "created 30, updated 0, skipped 0, failed 1"
        job.refresh_from_db()
        assert job.status == "done" and job.files_done == 2
        assert Article.objects.count() == 30
        assert not ImportUpload.objects.exists(), "the files are dropped once read"
        page = logged_in.get(response.url).content.decode()
        assert 'http-equiv="refresh"' not in page
        assert "created 30, updated 0, skipped 0, failed 1" in page
        assert "bad.json" in page and "bad JSON" in page

    def test_a_job_runs_once_and_a_second_run_does_nothing(self, analyst, settings):
        from articles.import_jobs import import_job_create

        job = import_job_create(files=[("a.txt", b"Some text here.")], by=analyst)
        import_job_run(job_id=job.pk)
        assert import_job_run(job_id=job.pk) == "not taken"
        assert Article.objects.count() == 1

    def test_a_job_left_running_by_a_dead_worker_is_taken_again(self, analyst, settings):
        from articles.import_jobs import import_job_create

        job = import_job_create(files=[("a.txt", b"Some text here.")], by=analyst)
        ImportJob.objects.filter(pk=job.pk).update(status="running", started_at=timezone.now())
        assert import_job_run(job_id=job.pk) == "not taken"
        settings.IMPORT_JOB_TIMEOUT = -1
        assert import_job_run(job_id=job.pk).startswith("created 1")

    def test_other_analysts_do_not_see_the_job(self, client, analyst, other_analyst):
        from articles.import_jobs import import_job_create

        job = import_job_create(files=[("a.txt", b"Some text here.")], by=analyst)
        client.force_login(other_analyst)
        assert client.get(reverse("article-import-job", args=[job.pk])).status_code == 404


@pytest.mark.django_db
def test_the_command_caps_its_report(tmp_path):
    (tmp_path / "ints.json").write_text(json.dumps(list(range(300))))
    err = StringIO()
    with pytest.raises(CommandError, match="300 of the inputs"):
        call_command("import_articles", str(tmp_path), stdout=StringIO(), stderr=err)
    assert err.getvalue().count("FAILED") == FAILURES_LISTED + 1
    assert "and 200 more errors like it" in err.getvalue()


@pytest.mark.django_db
def test_import_sources_counts_failures_past_the_listed_ones():
    report = import_sources([("ints.json", json.dumps(list(range(150))).encode())])
    assert report.failed.total == 150 and len(report.failed) == FAILURES_LISTED
    assert report.summary().endswith("failed 150")
