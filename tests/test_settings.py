"""Settings read from the environment, and the deployment files."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def environment_with(**env: str) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "SECRET_KEY",
            "DEBUG",
            "DJANGO_SETTINGS_MODULE",
            "SECURE_SSL_REDIRECT",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "DATABASE_URL",
            "DATABASE_REPLICA_URL",
            "DATABASE_POOL_MODE",
            "CONN_MAX_AGE",
            "TASKS_BACKEND",
        }
    }
    # A checkout's own .env (from `make run`) must not leak into these checks.
    environment["ENV_FILE"] = ""
    environment.update(env)
    environment["DJANGO_SETTINGS_MODULE"] = "annotate.settings"
    return environment


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment_with(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_read(*names: str, **env: str) -> dict:
    """The named settings as the settings module computes them from `env`.

    The module is imported without setting Django up, so a backend's apps need not be
    installed to check what it configures.
    """
    code = (
        "import json, sys; from annotate import settings; "
        "print(json.dumps({n: getattr(settings, n, None) for n in sys.argv[1:]}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *names],
        cwd=ROOT,
        env=environment_with(DEBUG="1", **env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_missing_secret_key_with_debug_off_is_a_clear_error():
    result = manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_a_bad_boolean_is_a_clear_error():
    result = manage("check", DEBUG="maybe", SECRET_KEY="x")
    assert result.returncode != 0
    assert "DEBUG must be 1/0 or true/false, not 'maybe'" in result.stderr


def test_debug_without_a_secret_key_is_allowed_for_development():
    assert manage("check", DEBUG="1").returncode == 0


PRINT_DEBUG_AND_KEY = "from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY)"


def test_manage_py_reads_the_local_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("# local\nDEBUG=1\nSECRET_KEY=from-the-env-file\n")
    result = manage("shell", "-c", PRINT_DEBUG_AND_KEY, ENV_FILE=str(env_file))
    assert result.stdout.strip().endswith("True from-the-env-file"), result.stderr


def test_the_environment_wins_over_the_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DEBUG=1\nSECRET_KEY=from-the-env-file\n")
    result = manage(
        "shell", "-c", PRINT_DEBUG_AND_KEY, ENV_FILE=str(env_file), DEBUG="0", SECRET_KEY="k" * 60
    )
    assert result.stdout.strip().endswith("False " + "k" * 60), result.stderr


def test_make_writes_a_local_env_file_once(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "python").symlink_to(sys.executable)
    make = ["make", "--no-print-directory", "-C", str(tmp_path), ".env"]
    subprocess.run(make, check=True, capture_output=True, timeout=60)
    first = (tmp_path / ".env").read_text()
    lines = dict(line.split("=", 1) for line in first.splitlines() if not line.startswith("#"))
    assert lines["DEBUG"] == "1"
    assert len(lines["SECRET_KEY"]) >= 50
    subprocess.run(make, check=True, capture_output=True, timeout=60)
    assert (tmp_path / ".env").read_text() == first


def test_production_values_pass_the_deployment_checks():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="a-very-long-random-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="annotate.example.org",
        CSRF_TRUSTED_ORIGINS="https://annotate.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_plain_http_can_be_served_on_localhost():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECURE_SSL_REDIRECT, "
        "settings.SESSION_COOKIE_SECURE)",
        DEBUG="0",
        SECRET_KEY="x" * 60,
        SECURE_SSL_REDIRECT="0",
    )
    assert result.stdout.strip().endswith("False False"), result.stderr


def test_database_url_selects_postgresql():
    result = manage(
        "shell",
        "-c",
        "from django.db import connection; print(connection.vendor)",
        DEBUG="1",
        DATABASE_URL="postgres://someone@db.example:5432/annotate",
    )
    # Connecting may fail here; the engine chosen is what matters.
    assert "postgresql" in result.stdout + result.stderr


PG_PRIMARY = "postgres://annotate:secret@pgbouncer:6432/annotate"
PG_REPLICA = "postgres://annotate:secret@pgbouncer:6432/annotate_replica"


class TestDatabaseSettings:
    def test_a_direct_connection_is_kept_open_and_may_use_server_side_cursors(self):
        found = settings_read("DATABASES", "EXPORTS_DATABASE", DATABASE_URL=PG_PRIMARY)
        default = found["DATABASES"]["default"]
        assert default["CONN_MAX_AGE"] == 600 and default["CONN_HEALTH_CHECKS"] is True
        assert default["DISABLE_SERVER_SIDE_CURSORS"] is False
        assert set(found["DATABASES"]) == {"default"}
        assert found["EXPORTS_DATABASE"] == "default"

    def test_behind_pgbouncer_in_transaction_mode_nothing_outlives_a_transaction(self):
        found = settings_read(
            "DATABASES", DATABASE_URL=PG_PRIMARY, DATABASE_POOL_MODE="transaction"
        )
        default = found["DATABASES"]["default"]
        assert default["CONN_MAX_AGE"] == 0
        assert default["DISABLE_SERVER_SIDE_CURSORS"] is True
        assert default["CONN_HEALTH_CHECKS"] is True

    def test_a_replica_url_adds_the_replica_that_exports_read(self):
        found = settings_read(
            "DATABASES",
            "EXPORTS_DATABASE",
            "DATABASE_ROUTERS",
            DATABASE_URL=PG_PRIMARY,
            DATABASE_REPLICA_URL=PG_REPLICA,
            DATABASE_POOL_MODE="transaction",
        )
        replica = found["DATABASES"]["replica"]
        assert (replica["HOST"], replica["NAME"]) == ("pgbouncer", "annotate_replica")
        assert replica["DISABLE_SERVER_SIDE_CURSORS"] is True
        assert found["EXPORTS_DATABASE"] == "replica"
        assert found["DATABASE_ROUTERS"] == ["annotate.routers.ExportReadsRouter"]

    def test_an_unknown_pool_mode_is_a_clear_error(self):
        result = manage("check", DEBUG="1", DATABASE_URL=PG_PRIMARY, DATABASE_POOL_MODE="statement")
        assert result.returncode != 0
        assert "DATABASE_POOL_MODE must be one of session, transaction" in result.stderr


class TestTaskBackendSettings:
    """What each TASKS_BACKEND configures; these need none of the optional extras."""

    def test_the_database_queue_is_the_default(self):
        found = settings_read("TASKS", "INSTALLED_APPS")
        assert found["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
        assert "django_tasks_db" in found["INSTALLED_APPS"]
        assert "django_rq" not in found["INSTALLED_APPS"]

    def test_rq_queues_in_redis_and_its_worker_keeps_one_process(self):
        found = settings_read(
            "TASKS", "INSTALLED_APPS", "RQ_QUEUES", "RQ",
            TASKS_BACKEND="rq", RQ_URL="redis://redis:6379/0",
        )  # fmt: skip
        assert found["TASKS"]["default"]["BACKEND"] == "django_tasks_rq.RQBackend"
        assert {"django_rq", "django_tasks_rq"} <= set(found["INSTALLED_APPS"])
        # Every queue the backend uses must be one of django-rq's.
        assert set(found["TASKS"]["default"]["QUEUES"]) <= set(found["RQ_QUEUES"])
        assert found["RQ_QUEUES"]["default"]["URL"] == "redis://redis:6379/0"
        assert found["RQ"] == {
            "WORKER_CLASS": "annotate.rq_worker.TaskWorker",
            "JOB_CLASS": "django_tasks_rq.Job",
        }

    @pytest.mark.parametrize(
        ("broker", "results"),
        [
            ("redis://redis:6379/0", "redis://redis:6379/0"),
            ("amqp://annotate:secret@rabbitmq:5672//", None),
        ],
    )
    def test_celery_takes_its_broker_and_keeps_results_only_in_redis(self, broker, results):
        found = settings_read(
            "TASKS", "INSTALLED_APPS", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND",
            TASKS_BACKEND="celery", CELERY_BROKER_URL=broker,
        )  # fmt: skip
        assert found["TASKS"]["default"]["BACKEND"] == "django_tasks_fennel.CeleryBackend"
        assert "django_tasks_fennel" in found["INSTALLED_APPS"]
        assert found["CELERY_BROKER_URL"] == broker
        assert found["CELERY_RESULT_BACKEND"] == results


def backend_type(backend: str, **env: str) -> str:
    result = manage(
        "shell",
        "-c",
        "from django_tasks import task_backends; b = task_backends['default']; "
        "print(type(b).__module__, type(b).__name__)",
        DEBUG="1",
        TASKS_BACKEND=backend,
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


class TestTaskBackendsInstalled:
    """With the `rq` or `celery` extra installed: the backends load and pass their checks."""

    def test_rq(self):
        pytest.importorskip("django_tasks_rq", reason="pip install '.[rq]'")
        env = {"RQ_URL": "redis://127.0.0.1:6379/0"}
        assert backend_type("rq", **env) == "django_tasks_rq.backend RQBackend"
        check = manage("check", "--fail-level", "WARNING", DEBUG="1", TASKS_BACKEND="rq", **env)
        assert check.returncode == 0, check.stderr

    def test_the_rq_worker_does_not_fork_and_checks_connections_around_each_job(self, monkeypatch):
        pytest.importorskip("django_tasks_rq", reason="pip install '.[rq]'")
        from rq.worker import SimpleWorker

        from annotate import rq_worker

        assert issubclass(rq_worker.TaskWorker, SimpleWorker)
        calls = []
        monkeypatch.setattr(rq_worker, "close_old_connections", lambda: calls.append("check"))
        monkeypatch.setattr(SimpleWorker, "execute_job", lambda *args: calls.append("job"))
        rq_worker.TaskWorker.execute_job(object.__new__(rq_worker.TaskWorker), None, None)
        assert calls == ["check", "job", "check"]

    def test_celery(self):
        pytest.importorskip("django_tasks_fennel", reason="pip install '.[celery]'")
        env = {"CELERY_BROKER_URL": "redis://127.0.0.1:6379/0"}
        assert backend_type("celery", **env) == "django_tasks_fennel.backend CeleryBackend"
        check = manage("check", DEBUG="1", TASKS_BACKEND="celery", **env)
        assert check.returncode == 0, check.stderr

    def test_a_celery_worker_knows_every_task_of_the_app(self):
        pytest.importorskip("django_tasks_fennel", reason="pip install '.[celery]'")
        # Celery registers what the `tasks` modules of the installed apps define.
        result = manage(
            "shell",
            "-c",
            "import articles.tasks; from celery import current_app; "
            "print(sorted(n for n in current_app.tasks if n.startswith('django_tasks:')))",
            DEBUG="1",
            TASKS_BACKEND="celery",
        )
        assert result.returncode == 0, result.stderr
        assert "django_tasks:articles.suggest.tasks.analyse_text" in result.stdout
        assert "django_tasks:articles.tasks.import_articles" in result.stdout


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


class TestComposeFile:
    def test_the_database_is_postgres_16_with_a_volume_and_a_healthcheck(self, compose):
        db = compose["services"]["db"]
        assert db["image"] == "postgres:16"
        assert any(v.endswith(":/var/lib/postgresql/data") for v in db["volumes"])
        assert "pg_isready" in " ".join(db["healthcheck"]["test"])
        assert db["volumes"][0].split(":")[0] in compose["volumes"]

    def test_the_web_service_runs_gunicorn_against_the_database(self, compose):
        web = compose["services"]["web"]
        assert web["build"] == "."
        assert "migrate" in web["command"] and "gunicorn annotate.wsgi" in web["command"]
        env = web["environment"]
        user = compose["services"]["db"]["environment"]["POSTGRES_USER"]
        name = compose["services"]["db"]["environment"]["POSTGRES_DB"]
        assert env["DATABASE_URL"].startswith(f"postgres://{user}:")
        assert env["DATABASE_URL"].endswith(f"@db:5432/{name}")
        assert "SECRET_KEY" in env
        assert web["ports"] == ["8000:8000"]
        assert web["depends_on"]["db"]["condition"] == "service_healthy"

    def test_a_worker_service_works_the_task_queue_in_the_same_database(self, compose):
        worker = compose["services"]["worker"]
        assert worker["build"] == "."
        assert "db_worker" in worker["command"] and "queue_analyses" in worker["command"]
        assert (
            worker["environment"]["DATABASE_URL"]
            == (compose["services"]["web"]["environment"]["DATABASE_URL"])
        )
        assert "SECRET_KEY" in worker["environment"]
        assert "ports" not in worker
        assert worker["depends_on"]["db"]["condition"] == "service_healthy"

    def test_the_image_installs_the_parser_model_by_its_hash(self):
        dockerfile = (ROOT / "Dockerfile").read_text()
        assert "--require-hashes -r constraints.txt" in dockerfile
        assert "--hash=sha256:" in (ROOT / "constraints.txt").read_text()

    def test_the_dockerfile_it_builds_exists_and_serves_with_gunicorn(self):
        dockerfile = (ROOT / "Dockerfile").read_text()
        assert dockerfile.startswith("FROM python:3.11")
        assert "gunicorn annotate.wsgi" in dockerfile
        assert "EXPOSE 8000" in dockerfile

    def test_local_files_stay_out_of_the_image(self):
        ignored = (ROOT / ".dockerignore").read_text().split()
        for local in (".env", ".venv", "db.sqlite3", ".git"):
            assert local in ignored


def test_the_wsgi_application_loads():
    result = manage(
        "shell",
        "-c",
        "from annotate.wsgi import application; print(type(application).__name__)",
        DEBUG="0",
        SECRET_KEY="x" * 60,
    )
    assert "WSGIHandler" in result.stdout, result.stderr
