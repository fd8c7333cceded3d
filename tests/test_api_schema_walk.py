"""Walk the whole API with Schemathesis and every one of its checks (`--checks all`), as an
analyst and as a reviewer: examples, coverage, fuzzing and stateful phases, configured by
the project's schemathesis.toml. Any failure it finds fails the test.

It walks gunicorn as configured, serving the test database. Slow (about 40 s a role), so
it runs once per CI run: in the PostgreSQL pass.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token

from harness.servers import free_port, start_gunicorn
from tests.servers import suite_database

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = os.environ.get("SCHEMA_WALK_EXAMPLES", "10")

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="walked once per CI run, in the PostgreSQL pass"
)


def walk(base_url: str, token: str) -> subprocess.CompletedProcess:
    cli = Path(sys.executable).with_name("schemathesis")
    return subprocess.run(
        [
            str(cli),
            "run",
            f"{base_url}/api/schema/",
            "--checks",
            "all",
            "--header",
            f"Authorization: Token {token}",
            "--max-examples",
            EXAMPLES,
            "--seed",
            "1",
            "--no-color",
        ],
        cwd=ROOT,  # where schemathesis.toml is
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ["analyst", "reviewer"])
def test_schemathesis_finds_no_failure(
    role, request, tmp_path, make_article, make_statement, topic, speaker
):
    make_statement(make_article(), topics=[topic])
    token = Token.objects.create(user=request.getfixturevalue(role)).key
    # The test settings serve static files from the app folders: no collectstatic.
    server = start_gunicorn(
        suite_database(), free_port(), tmp_path, DJANGO_SETTINGS_MODULE="annotate.settings_test"
    )
    try:
        done = walk(server.base_url, token)
    finally:
        server.stop()
    summary = done.stdout[done.stdout.find("=== FAILURES") :] or done.stdout
    assert done.returncode == 0, summary[-6000:] + done.stderr[-2000:]
    assert " passed" in done.stdout
