"""Settings read from the environment, and the deployment files."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
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
        }
    }
    # A checkout's own .env (from `make run`) must not leak into these checks.
    environment["ENV_FILE"] = ""
    environment.update(env)
    environment["DJANGO_SETTINGS_MODULE"] = "annotate.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


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
