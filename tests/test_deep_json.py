"""JSON nested thousands of levels deep is a clear 400 (or a failed file), never a 500."""

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.models import Article

DEEP = "[" * 5000 + "]" * 5000


@pytest.mark.django_db
@pytest.mark.parametrize(
    "method, path",
    [
        ("post", "/api/articles/"),
        ("post", "/api/speakers/"),
        ("post", "/api/topics/"),
        ("post", "/api/statements/"),
        ("post", "/api/auth/token/"),
    ],
)
def test_every_json_endpoint_answers_400(api, analyst, method, path):
    client = api(analyst)
    response = getattr(client, method)(path, DEEP, content_type="application/json")
    assert response.status_code == 400, response.content[:300]
    assert "nested too deeply" in response.json()["detail"]


@pytest.mark.django_db
def test_a_deep_document_in_an_update_answers_400(api, reviewer, speaker):
    response = api(reviewer).patch(
        f"/api/speakers/{speaker.pk}/", DEEP, content_type="application/json"
    )
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


@pytest.mark.django_db
def test_the_command_reports_the_deep_file_and_imports_the_others(tmp_path):
    (tmp_path / "deep.json").write_text(DEEP)
    (tmp_path / "deep-lines.jsonl").write_text(
        DEEP + "\n" + json.dumps({"body": "One good line among bad ones."}) + "\n"
    )
    (tmp_path / "good.txt").write_text("The river rose overnight, the mayor said.")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(tmp_path), stdout=StringIO(), stderr=err)
    assert Article.objects.count() == 2
    assert "deep.json: bad JSON: nested too deeply" in err.getvalue()
    assert "deep-lines.jsonl:1: bad JSON: nested too deeply" in err.getvalue()


@pytest.mark.django_db
def test_the_import_page_reports_the_deep_file_and_imports_the_others(client, analyst):
    client.force_login(analyst)
    files = [
        SimpleUploadedFile("deep.json", DEEP.encode()),
        SimpleUploadedFile("good.txt", b"The river rose overnight, the mayor said."),
    ]
    response = client.post(reverse("article-import"), {"files": files})
    assert response.status_code == 200
    html = response.content.decode()
    assert "nested too deeply" in html
    assert Article.objects.count() == 1
