"""An export cut midway is detectable in the file itself, and the command fails on it."""

from __future__ import annotations

import os
import stat
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError

from articles import exporters, selectors
from articles.management.commands import export_statements

N = 12


@pytest.fixture
def many(make_article, make_statement):
    article = make_article(body="Word. " * 100)
    for i in range(N):
        make_statement(article, start=i * 6, end=i * 6 + 4)
    return article


def whole(fmt: str, **options) -> bytes:
    from articles.models import Statement

    return b"".join(
        exporters.export_chunks(Statement.objects.all(), fmt, exporters.ExportOptions(**options))
    )


@pytest.fixture
def failing_midway(monkeypatch):
    """The database goes away after the first chunk of rows."""
    iter_chunks = exporters.iter_chunks
    monkeypatch.setattr(
        exporters,
        "iter_chunks",
        lambda *args, **kwargs: iter_chunks(*args, **{**kwargs, "chunk_size": 5}),
    )
    calls = {"n": 0}
    topics_for = selectors._topics

    def fail_after_first(real):
        def wrapped(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] > 1:
                raise OperationalError("server closed the connection unexpectedly")
            return real(*args, **kwargs)

        return wrapped

    monkeypatch.setattr(selectors, "_topics", fail_after_first(topics_for))


@pytest.mark.parametrize("fmt", exporters.FORMATS)
def test_a_whole_export_says_it_is_whole(many, fmt):
    data = whole(fmt)
    assert exporters.export_complete(fmt, data[-1024:])


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_the_trailer_counts_the_statements(many, fmt):
    assert exporters.export_count(fmt, whole(fmt)) == N


@pytest.mark.parametrize("fmt", exporters.FORMATS)
def test_an_export_cut_after_any_line_is_not_whole(many, fmt):
    data = whole(fmt)
    ends = [i + 1 for i, byte in enumerate(data) if byte == ord("\n")]
    for end in ends[:-1]:
        assert not exporters.export_complete(fmt, data[:end]), data[:end][-200:]


@pytest.mark.parametrize("fmt", exporters.FORMATS)
def test_an_api_export_that_fails_midway_lacks_its_end(api, analyst, many, failing_midway, fmt):
    response = api(analyst).get(f"/api/export/statements.{fmt}")
    assert response.status_code == 200
    received = b""
    with pytest.raises(OperationalError):
        for chunk in response.streaming_content:
            received += chunk
    assert received, "some rows went out before the failure"
    assert not exporters.export_complete(fmt, received)


@pytest.mark.parametrize("fmt", exporters.FORMATS)
def test_the_command_fails_on_a_cut_export_and_leaves_no_file(many, failing_midway, tmp_path, fmt):
    target = tmp_path / f"out.{fmt}"
    with pytest.raises(CommandError, match="cut"):
        call_command("export_statements", "--format", fmt, "-o", str(target))
    assert not target.exists()
    assert (tmp_path / f"out.{fmt}.partial").exists()


@pytest.mark.parametrize("fmt", exporters.FORMATS)
def test_the_command_fails_on_a_stream_that_ends_early(many, tmp_path, monkeypatch, fmt):
    real = exporters.export_chunks

    def without_the_end(*args, **kwargs):
        chunks = list(real(*args, **kwargs))
        data = b"".join(chunks)
        yield data[: data.rindex(b"\n", 0, len(data) - 1) + 1]

    monkeypatch.setattr(export_statements, "export_chunks", without_the_end)
    target = tmp_path / f"out.{fmt}"
    with pytest.raises(CommandError, match="ended before"):
        call_command("export_statements", "--format", fmt, "-o", str(target))
    assert not target.exists()


def test_a_whole_export_replaces_the_target(many, tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("old")
    call_command("export_statements", "--format", "jsonl", "-o", str(target))
    assert target.read_bytes().endswith(b'{"_count":%d}\n' % N)
    assert not (tmp_path / "out.jsonl.partial").exists()


def test_a_pipe_or_device_is_written_to_and_never_renamed_over(many, tmp_path):
    # As `-o /dev/null` must leave /dev/null a device: a FIFO stands in for it here.
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    call_command("export_statements", "--format", "jsonl", "-o", str(pipe))
    reader.join(timeout=10)
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert received and received[0].endswith(b'{"_count":%d}\n' % N)
    assert not (tmp_path / "pipe.partial").exists()


def test_the_csv_counts_rows_with_line_breaks_in_cells(make_article, make_statement):
    article = make_article(body="Line one\nline two, and\r\nthree. More.")
    make_statement(article, start=0, end=article.body.index("three") + 5)
    make_statement(article, start=0, end=4)
    assert exporters.export_count("csv", whole("csv")) == 2
