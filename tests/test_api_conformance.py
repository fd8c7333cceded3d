"""Generated requests get answers the OpenAPI schema documents: statuses, content types,
shapes and headers, and requests the schema forbids are refused."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from annotate.wsgi import application

EXAMPLES = int(os.environ.get("CONFORMANCE_EXAMPLES", "5"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


def conform(operation, mode, headers, failures) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        except Exception as error:
            failures.append(f"{operation.label} ({mode.value}): {str(error)[:300]}")

    run()


@pytest.mark.django_db(transaction=True)
def test_answers_conform_to_the_schema_for_each_role(
    settings, reviewer, analyst, make_article, make_statement, topic, speaker
):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    make_statement(make_article(), topics=[topic])
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    failures: list[str] = []
    for user in (analyst, reviewer):
        headers = {"Authorization": f"Token {Token.objects.create(user=user).key}"}
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                conform(operation, mode, headers, failures)
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures[:20])
