"""API responses are written by orjson (drf-orjson-renderer): the same JSON as DRF's own
renderer would write, for what the API answers."""

import json

from drf_orjson_renderer.renderers import ORJSONRenderer
from rest_framework import renderers


def test_the_api_answers_with_it(api, article, make_statement, topic, analyst):
    make_statement(article, topics=[topic], note='He said "no" \\ 👍🏽 e\u0301\u2028')
    response = api(analyst).get(f"/api/articles/{article.pk}/")
    assert response.status_code == 200
    assert isinstance(response.accepted_renderer, ORJSONRenderer)
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == json.loads(
        renderers.JSONRenderer().render(response.data)
    )
    assert "👍🏽".encode() in response.content  # UTF-8, not escaped


def test_errors_and_lists_are_written_by_it_too(api, analyst, article):
    listed = api(analyst).get("/api/statements/", {"article": article.pk})
    refused = api(analyst).post("/api/speakers/", {"name": 3}, format="json")
    for response in (listed, refused):
        assert isinstance(response.accepted_renderer, ORJSONRenderer)
        assert json.loads(response.content) == json.loads(
            renderers.JSONRenderer().render(response.data)
        )
    assert refused.status_code == 400
