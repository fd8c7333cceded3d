"""API responses are written by orjson, byte for byte as DRF's own JSON renderer would."""

import datetime
import decimal

import pytest
from django.utils.translation import gettext_lazy
from rest_framework import renderers
from rest_framework.exceptions import ErrorDetail

from articles.api.renderers import JSONRenderer

NASTY = {
    "quote": 'He said "no" \\ 👍🏽 e\u0301 non\u2011breaking \x00\x1f\t\n',
    "separators": "line\u2028paragraph\u2029end",
    "error": [ErrorDetail("Must be a whole number.", code="invalid")],
    "lazy": gettext_lazy("This field is required."),
    "when": datetime.datetime(2026, 3, 4, 5, 6, 7, 891234, tzinfo=datetime.UTC),
    "day": datetime.date(2026, 3, 4),
    "amount": decimal.Decimal("1.50"),
    "nested": {"ids": (1, 2, 3), "none": None, "yes": True, "ratio": 0.25},
    "big": 2**62,
}


@pytest.mark.parametrize("media_type", [None, "application/json", "application/json; indent=2"])
def test_the_bytes_equal_drfs_renderer(media_type):
    ours = JSONRenderer().render(NASTY, media_type)
    theirs = renderers.JSONRenderer().render(NASTY, media_type)
    assert ours == theirs
    assert "\u2028".encode() not in ours


def test_what_orjson_cannot_write_goes_to_drfs_renderer():
    too_big = {"n": 2**70}
    assert JSONRenderer().render(too_big) == b'{"n":1180591620717411303424}'
    assert JSONRenderer().render({"n": 1}, "application/json; indent=4") == (
        renderers.JSONRenderer().render({"n": 1}, "application/json; indent=4")
    )


def test_nothing_renders_as_no_bytes():
    assert JSONRenderer().render(None) == b""


def test_an_unknown_type_is_still_an_error():
    with pytest.raises(TypeError):
        JSONRenderer().render({"x": object()})


def test_the_api_answers_with_it(api, article, analyst):
    response = api(analyst).get(f"/api/articles/{article.pk}/")
    assert response.status_code == 200
    assert isinstance(response.accepted_renderer, JSONRenderer)
    assert response.content == renderers.JSONRenderer().render(response.data)
