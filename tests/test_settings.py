"""Settings read from the environment, and the deployment files."""

import configparser
import ipaddress
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

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
        env=environment_with(**{"DEBUG": "1", **env}),
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
        assert "django_tasks:articles.suggest.tasks.analyse_texts" in result.stdout
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


SCALE_SERVICES = {"lb", "web-scale", "pgbouncer", "db-replica", "redis", "rq-worker", "migrate"}


def pgbouncer_config() -> configparser.ConfigParser:
    config = configparser.ConfigParser(inline_comment_prefixes=(";",))
    config.read(ROOT / "deploy" / "pgbouncer.ini")
    return config


def pooled_database(url: str) -> dict[str, str]:
    """The server behind a PgBouncer database named in `url`: host, port, dbname."""
    parsed = urlsplit(url)
    entry = pgbouncer_config()["databases"][parsed.path.lstrip("/")]
    return dict(part.split("=", 1) for part in entry.split())


class TestComposeScaleProfile:
    """`docker compose --profile scale up` adds the layout of docs/deployment.md."""

    def test_the_one_machine_default_stays_as_it_was(self, compose):
        services = compose["services"]
        assert set(services) == {"db", "web", "worker"} | SCALE_SERVICES
        for name in ("db", "web", "worker"):
            assert "profiles" not in services[name], name
        for name in SCALE_SERVICES:
            assert services[name]["profiles"] == ["scale"], name

    def test_every_image_is_pinned(self, compose):
        for name, service in compose["services"].items():
            if "image" in service and "build" not in service:
                tag = service["image"].partition(":")[2]
                assert tag and tag != "latest", name
                assert any(c.isdigit() for c in tag), name

    def test_the_balancer_forwards_the_client_address_to_the_web_instances(self, compose):
        lb = compose["services"]["lb"]
        mount = next(v for v in lb["volumes"] if v.endswith(":/etc/nginx/conf.d/default.conf:ro"))
        config = (ROOT / mount.split(":")[0]).read_text()
        assert "server web-scale:8000" in config
        assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in config
        assert "proxy_set_header X-Forwarded-Proto $scheme;" in config
        assert "proxy_set_header Host $http_host;" in config
        export = config.split("location /api/export/", 1)[1]
        assert "proxy_buffering off;" in export.split("}", 1)[0], "exports stream"
        # The web instances trust exactly the balancer's fixed address.
        address = lb["networks"]["edge"]["ipv4_address"]
        web = compose["services"]["web-scale"]
        assert web["environment"]["TRUSTED_PROXIES"] == address
        assert "edge" in web["networks"]
        subnet = compose["networks"]["edge"]["ipam"]["config"][0]["subnet"]
        assert ipaddress.ip_address(address) in ipaddress.ip_network(subnet)
        assert lb["depends_on"]["web-scale"]["condition"] == "service_healthy"

    def test_several_web_instances_with_a_health_check_that_needs_no_database(self, compose):
        web = compose["services"]["web-scale"]
        assert web["deploy"]["replicas"] >= 2
        assert "ports" not in web, "only the balancer is published"
        assert web["command"] == "gunicorn annotate.wsgi"
        assert "http://127.0.0.1:8000/health/" in " ".join(web["healthcheck"]["test"])
        assert web["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        hosts = web["environment"]["ALLOWED_HOSTS"].split(",")
        assert "127.0.0.1" in hosts  # the health check's own Host
        assert "http://localhost:8080" in web["environment"]["CSRF_TRUSTED_ORIGINS"]

    def test_the_app_reaches_the_primary_and_the_replica_through_pgbouncer(self, compose):
        services = compose["services"]
        env = services["web-scale"]["environment"]
        assert env["DATABASE_POOL_MODE"] == "transaction"
        assert pgbouncer_config()["pgbouncer"]["pool_mode"] == "transaction"
        assert urlsplit(env["DATABASE_URL"]).hostname == "pgbouncer"
        assert urlsplit(env["DATABASE_URL"]).port == 6432
        assert pooled_database(env["DATABASE_URL"])["host"] == "db"
        replica = pooled_database(env["DATABASE_REPLICA_URL"])
        assert replica["host"] == "db-replica"
        assert replica["dbname"] == services["db"]["environment"]["POSTGRES_DB"]
        mounts = services["pgbouncer"]["volumes"]
        assert "./deploy/pgbouncer.ini:/etc/pgbouncer/pgbouncer.ini:ro" in mounts
        user = services["db"]["environment"]["POSTGRES_USER"]
        users = (ROOT / "deploy" / "userlist.txt").read_text()
        assert users.startswith(f'"{user}" ')

    def test_the_settings_of_a_web_instance_are_those_of_a_transaction_pooler(self, compose):
        env = compose["services"]["web-scale"]["environment"]
        found = settings_read(
            "DATABASES", "EXPORTS_DATABASE", "TASKS", **{k: str(v) for k, v in env.items()}
        )
        for alias in ("default", "replica"):
            database = found["DATABASES"][alias]
            assert database["CONN_MAX_AGE"] == 0, alias
            assert database["DISABLE_SERVER_SIDE_CURSORS"] is True, alias
        assert found["EXPORTS_DATABASE"] == "replica"
        assert found["TASKS"]["default"]["BACKEND"] == "django_tasks_rq.RQBackend"

    def test_the_replica_streams_from_the_primary(self, compose):
        services = compose["services"]
        replica = services["db-replica"]
        assert replica["image"] == services["db"]["image"], "the same major version"
        assert replica["environment"]["PRIMARY_HOST"] == "db"
        script = next(v for v in replica["volumes"] if v.endswith(".sh:ro")).split(":")[0]
        entrypoint = (ROOT / script).read_text()
        assert "pg_basebackup" in entrypoint and "--write-recovery-conf" in entrypoint
        assert "hot_standby_feedback=on" in replica["command"]
        # The primary accepts replication connections.
        command = " ".join(services["db"]["command"])
        assert "hba_file=/etc/postgresql/pg_hba.conf" in command
        hba = (ROOT / "deploy" / "pg_hba.conf").read_text()
        rules = [line.split()[:2] for line in hba.splitlines() if not line.startswith("#")]
        assert ["host", "replication"] in rules
        assert "replica-data" in compose["volumes"]

    def test_migrations_run_once_straight_on_the_primary(self, compose):
        migrate = compose["services"]["migrate"]
        assert migrate["command"] == "python manage.py migrate --no-input"
        assert urlsplit(migrate["environment"]["DATABASE_URL"]).hostname == "db"
        assert migrate["restart"] == "no"

    def test_an_rq_worker_works_the_queue_in_redis(self, compose):
        services = compose["services"]
        worker, web = services["rq-worker"], services["web-scale"]
        assert "rqworker default" in worker["command"]
        assert "queue_analyses" in worker["command"]
        for name in ("DATABASE_URL", "DATABASE_POOL_MODE", "TASKS_BACKEND", "RQ_URL"):
            assert worker["environment"][name] == web["environment"][name], name
        assert web["environment"]["TASKS_BACKEND"] == "rq"
        assert urlsplit(web["environment"]["RQ_URL"]).hostname == "redis"
        assert worker["depends_on"]["redis"]["condition"] == "service_healthy"

    def test_the_scaled_image_has_the_rq_extra(self, compose):
        for name in ("web-scale", "rq-worker", "migrate"):
            assert compose["services"][name]["build"]["args"]["EXTRAS"] == "rq", name
        assert 'ARG EXTRAS=""' in (ROOT / "Dockerfile").read_text()
        extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
        assert "rq" in extras["optional-dependencies"]


def test_the_wsgi_application_loads():
    result = manage(
        "shell",
        "-c",
        "from annotate.wsgi import application; print(type(application).__name__)",
        DEBUG="0",
        SECRET_KEY="x" * 60,
    )
    assert "WSGIHandler" in result.stdout, result.stderr
