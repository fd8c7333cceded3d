"""Filter values out of a database's range are a 400 before any query, on every list."""

import pytest

BAD_STATEMENT_FILTERS = [
    ("article", "9223372036854775808"),
    ("article", "99999999999999999999999999999999"),
    ("speaker", "1e19"),
    ("speaker", "1.5"),
    ("topic", str(10**30)),
    ("topic", "10**30"),
    ("created_by", "9223372036854775808"),
    ("updated_since", "9999-12-31T23:59:59-12:00"),
    ("updated_since", "0001-01-01T00:00:00+14:00"),
    ("updated_since", "10000-01-01T00:00:00Z"),
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name, value", BAD_STATEMENT_FILTERS)
@pytest.mark.parametrize(
    "path",
    [
        "/api/statements/",
        "/api/export/statements.json",
        "/api/export/statements.jsonl",
        "/api/export/statements.csv",
        "/api/export/statements.jsonld",
    ],
)
def test_out_of_range_statement_filters_are_refused(api, analyst, path, name, value):
    response = api(analyst).get(path, {name: value})
    assert response.status_code == 400, (response.status_code, path, name, value)
    assert name in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, value",
    [("published_from", "0000-01-01"), ("published_to", "10000-01-01")],
)
def test_out_of_range_dates_are_refused_on_articles(api, analyst, name, value):
    response = api(analyst).get("/api/articles/", {name: value})
    assert response.status_code == 400
    assert name in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, value",
    [
        ("article", "9223372036854775807"),
        ("created_by", "9223372036854775807"),
        ("updated_since", "9999-12-31T23:59:59Z"),
        ("updated_since", "0001-01-01T00:00:00Z"),
        ("updated_since", "0471-07-07T23:28:33.649439+23:46"),  # past PostgreSQL's offsets
    ],
)
def test_values_at_the_edge_of_the_range_are_fine(api, analyst, statement_on_article, name, value):
    response = api(analyst).get("/api/statements/", {name: value})
    assert response.status_code == 200, response.content[:300]


@pytest.mark.django_db
def test_the_largest_id_in_a_path_is_a_404(api, analyst):
    for path in (
        "/api/articles/9223372036854775808/",
        "/api/statements/99999999999999999999/",
        "/api/articles/99999999999999999999/suggestions/",
    ):
        assert api(analyst).get(path).status_code == 404, path


@pytest.fixture
def statement_on_article(make_article, make_statement):
    return make_statement(make_article())
