"""Walk the whole OpenAPI schema with generated requests: none may end in a server error."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode

from annotate.wsgi import application

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))


@pytest.fixture
def seeded(reviewer, analyst, make_article, make_statement, topic, speaker):
    article = make_article()
    statement = make_statement(article, topics=[topic])
    tokens = [Token.objects.create(user=u).key for u in (reviewer, analyst)]
    # Existing objects, so generated requests also reach past the 404s.
    ids = {
        "articles": article.pk,
        "statements": statement.pk,
        "speakers": speaker.pk,
        "topics": topic.pk,
    }
    return tokens, ids


def fuzz(operation, mode: GenerationMode, headers: dict, failures: list[str], **fixed) -> None:
    @given(case=operation.as_strategy(generation_mode=mode, **fixed))
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        response = case.call(headers=headers)
        if response.status_code >= 500:
            failures.append(
                f"{operation.label}: {response.status_code} for {case.as_curl_command()}"
            )

    run()


@pytest.mark.django_db(transaction=True)
def test_no_generated_request_gets_a_server_error(seeded, settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    tokens, ids = seeded
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20
    failures: list[str] = []
    for token in tokens:
        headers = {"Authorization": f"Token {token}"}
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                fuzz(operation, mode, headers, failures)
            resource = operation.path.split("/")[2]
            if "{id}" in operation.path and resource in ids:
                fuzz(
                    operation,
                    GenerationMode.POSITIVE,
                    headers,
                    failures,
                    path_parameters={"id": ids[resource]},
                )
    assert not failures, "\n".join(failures[:20])
