"""manage.py import_articles with brat standoff annotations (.txt + .ann)."""

from __future__ import annotations

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.brat import is_pronoun, parse_ann, speaker_name
from articles.models import Article, Speaker, Statement
from articles.text import normalise_body

TEXT = (
    "Harbour wall may fail, engineers say\n"
    "\n"
    "Port officials warned on Tuesday that the harbour wall could fail in a storm.\n"
    '"The wall is old," Mayor Jane Ruiz said. "But it will hold this winter."\n'
    "She added that a new barrier would be built by 2030.\n"
)


def spans(text: str, *parts: str) -> str:
    """brat offsets of each part (its first occurrence), joined as a discontinuous span."""
    found = []
    for part in parts:
        start = text.index(part)
        found.append(f"{start} {start + len(part)}")
    return ";".join(found)


def t_line(number: int, label: str, text: str, *parts: str) -> str:
    return f"T{number}\t{label} {spans(text, *parts)}\t{' '.join(parts)}"


def attribution(text: str, n: int, *, source, cue, content: tuple[str, ...]) -> list[str]:
    """T lines and the event for one attribution; T numbers from 10*n."""
    lines, roles = [], []
    base = 10 * n
    if source:
        lines.append(t_line(base, "Source", text, source))
        roles.append(f"Source:T{base}")
    lines.append(t_line(base + 1, "Cue", text, cue))
    lines.append(t_line(base + 2, "Content", text, *content))
    lines.append(t_line(base + 3, "Attribution", text, cue))
    roles += [f"Cue:T{base + 1}", f"Content:T{base + 2}"]
    lines.append(f"E{n}\tAttribution:T{base + 3} {' '.join(roles)}")
    return lines


def harbour_ann(text: str = TEXT) -> list[str]:
    return [
        *attribution(
            text,
            1,
            source="Port officials",
            cue="warned",
            content=("that the harbour wall could fail in a storm",),
        ),
        *attribution(
            text,
            2,
            source="Mayor Jane Ruiz",
            cue="said",
            content=('"The wall is old,"', '"But it will hold this winter."'),
        ),
        *attribution(
            text,
            3,
            source="She",
            cue="added",
            content=("that a new barrier would be built by 2030",),
        ),
    ]


def write_pair(directory: Path, stem: str, text: str, ann_lines, *, newline="\n") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    txt = directory / f"{stem}.txt"
    txt.write_bytes(text.replace("\n", newline).encode("utf-8"))
    (directory / f"{stem}.ann").write_text("\n".join(ann_lines) + "\n", encoding="utf-8")
    return txt


def run(*paths, user="ana", **options):
    out, err = StringIO(), StringIO()
    if user:
        options["user"] = user
    try:
        call_command("import_articles", *map(str, paths), stdout=out, stderr=err, **options)
        failed = None
    except CommandError as error:
        failed = error
    return out.getvalue(), err.getvalue(), failed


def statements():
    return list(Statement.objects.select_related("speaker", "article").order_by("start"))


@pytest.mark.django_db
class TestStatements:
    def test_each_attribution_becomes_a_pending_statement_at_its_offsets(self, tmp_path, analyst):
        out, err, failed = run(write_pair(tmp_path, "harbour", TEXT, harbour_ann()))
        assert failed is None, err
        article = Article.objects.get()
        found = statements()
        assert [s.quote for s in found] == [
            "that the harbour wall could fail in a storm",
            '"The wall is old," Mayor Jane Ruiz said. "But it will hold this winter."',
            "that a new barrier would be built by 2030",
        ]
        for statement in found:
            assert statement.quote == article.body[statement.start : statement.end]
            assert statement.status == "pending"
            assert statement.created_by == analyst
            assert statement.history.count() == 1
        assert out.strip().endswith(
            "created 1, updated 0, skipped 0, failed 0; statements created 3, "
            "skipped 0 (already stored)"
        )

    def test_a_discontinuous_content_spans_its_first_to_its_last_fragment(self, tmp_path, analyst):
        ann = [
            t_line(1, "Source", TEXT, "Mayor Jane Ruiz"),
            t_line(2, "Cue", TEXT, "said"),
            # Fragments listed last first: the span still runs from the earliest start.
            t_line(3, "Content", TEXT, '"But it will hold this winter."', '"The wall is old,"'),
            t_line(4, "Attribution", TEXT, "said"),
            "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        ]
        run(write_pair(tmp_path, "harbour", TEXT, ann))
        (statement,) = statements()
        start = normalise_body(TEXT).index('"The wall')
        assert (statement.start, statement.end) == (start, start + 72)
        assert statement.quote.endswith('"But it will hold this winter."')

    def test_offsets_count_the_file_as_written_through_normalisation(self, tmp_path, analyst):
        # A byte order mark, CRLF line endings, trailing spaces and blank lines at the
        # top all count in brat's offsets and are gone from the stored body.
        text = "\ufeff\n\n  " + TEXT.replace("Tuesday.", "Tuesday.   ").replace("\n\n", "\n \n\n")
        crlf = text.replace("\n", "\r\n")
        ann = harbour_ann(crlf)
        txt = tmp_path / "harbour.txt"
        txt.write_bytes(crlf.encode("utf-8"))
        (tmp_path / "harbour.ann").write_text("\n".join(ann) + "\n", encoding="utf-8")
        _, err, failed = run(txt)
        assert failed is None, err
        article = Article.objects.get()
        assert article.body == normalise_body(TEXT)
        assert [s.quote[:20] for s in statements()] == [
            "that the harbour wal",
            '"The wall is old," M',
            "that a new barrier w",
        ]

    def test_combining_characters_composed_by_the_body_keep_their_span(self, tmp_path, analyst):
        text = "Officials in Sa\u0303o Paulo warned that the river could flood the city.\n"
        ann = attribution(
            text,
            1,
            source="Officials in Sa\u0303o Paulo",
            cue="warned",
            content=("that the river could flood the city",),
        )
        run(write_pair(tmp_path, "river", text, ann))
        (statement,) = statements()
        assert statement.quote == "that the river could flood the city"
        assert statement.speaker.name == "Officials in S\u00e3o Paulo"

    def test_a_span_text_with_a_newline_continues_on_the_next_line(self, tmp_path, analyst):
        text = "Officials warned that\nthe wall could fail. Nobody else spoke.\n"
        start, end = text.index("that"), text.index(" Nobody")
        ann = [
            t_line(1, "Source", text, "Officials"),
            t_line(2, "Cue", text, "warned"),
            f"T3\tContent {start} {end}\tthat",
            "the wall could fail.",
            "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1",
        ]
        _, err, failed = run(write_pair(tmp_path, "wall", text, ann))
        assert failed is None, err
        assert [s.quote for s in statements()] == ["that\nthe wall could fail."]

    def test_the_date_line_is_not_counted_in_the_body_but_in_the_offsets(self, tmp_path, analyst):
        text = "date 2025-03-04\n\n" + TEXT
        _, err, failed = run(write_pair(tmp_path, "harbour", text, harbour_ann(text)))
        assert failed is None, err
        article = Article.objects.get()
        assert article.published_on == datetime.date(2025, 3, 4)
        assert statements()[0].quote == "that the harbour wall could fail in a storm"

    def test_header_lines_are_counted_in_the_offsets(self, tmp_path, analyst):
        text = "\ufeffdate 2025-03-04\r\nsource: Harbour Gazette\r\n\r\n" + TEXT
        _, err, failed = run(write_pair(tmp_path, "harbour", text, harbour_ann(text)))
        assert failed is None, err
        article = Article.objects.get()
        assert (article.published_on, article.source) == (
            datetime.date(2025, 3, 4),
            "Harbour Gazette",
        )
        assert statements()[0].quote == "that the harbour wall could fail in a storm"


@pytest.mark.django_db
class TestSpeakers:
    def test_pronouns_resolve_to_the_nearest_named_source_before_them(self, tmp_path, analyst):
        run(write_pair(tmp_path, "harbour", TEXT, harbour_ann()))
        assert [s.speaker.name for s in statements()] == [
            "Port officials",
            "Jane Ruiz",
            "Jane Ruiz",
        ]
        assert statements()[2].note == "cue: added; source: She; stance: proposed"

    def test_a_pronoun_with_no_named_source_before_it_is_unattributed(self, tmp_path, analyst):
        text = "He said that the wall would hold. Nobody else spoke.\n"
        ann = attribution(text, 1, source="He", cue="said", content=("that the wall would hold",))
        run(write_pair(tmp_path, "wall", text, ann))
        (statement,) = statements()
        assert statement.speaker.name == "Unattributed"
        assert "source: He" in statement.note

    def test_an_attribution_without_a_source_is_unattributed(self, tmp_path, analyst):
        text = "The wall is said to be safe this winter.\n"
        ann = [
            t_line(1, "Cue", text, "is said"),
            t_line(2, "Content", text, "The wall", "to be safe this winter"),
            t_line(3, "Attribution-no-source", text, "is said"),
            "E1\tAttribution-no-source:T3 Cue:T1 Content:T2",
        ]
        run(write_pair(tmp_path, "wall", text, ann), stance="reassurance")
        (statement,) = statements()
        assert statement.speaker.name == "Unattributed"
        assert statement.note == "cue: is said"
        assert statement.stance == "reassurance"

    def test_registered_speakers_are_found_by_name_or_alias_ignoring_case(self, tmp_path, analyst):
        ruiz = Speaker.objects.create(name="Jane Ruiz", aliases=["The Mayor"])
        text = 'THE MAYOR said that the wall would hold. "It is safe," jane ruiz said.\n'
        ann = [
            *attribution(
                text, 1, source="THE MAYOR", cue="said", content=("that the wall would hold",)
            ),
            *attribution(text, 2, source="jane ruiz", cue="said", content=('"It is safe,"',)),
        ]
        _, err, failed = run(write_pair(tmp_path, "wall", text, ann))
        assert failed is None, err
        assert {s.speaker for s in statements()} == {ruiz}
        assert Speaker.objects.count() == 1

    def test_unknown_sources_are_created_and_organisations_recognised(self, tmp_path, analyst):
        text = (
            "The Harbour Department said that repairs would start in May. "
            "Another engineer, Ola Berg, said that the wall was sound.\n"
        )
        ann = [
            *attribution(
                text,
                1,
                source="The Harbour Department",
                cue="said",
                content=("that repairs would start in May",),
            ),
            *attribution(
                text,
                2,
                source="Another engineer, Ola Berg,",
                cue="said",
                content=("that the wall was sound",),
            ),
        ]
        run(write_pair(tmp_path, "wall", text, ann))
        kinds = dict(Speaker.objects.values_list("name", "kind"))
        assert kinds == {"The Harbour Department": "organisation", "Ola Berg": "person"}

    @pytest.mark.parametrize(
        "phrase, name",
        [
            ("Mr. Obama", "Obama"),
            ("Hans Weber, the director of the institute", "Hans Weber"),
            ("Another critic, Laurence H. Tribe,", "Laurence H. Tribe"),
            ("the mayor's", "the mayor"),
            ("critics", "critics"),
            ("Sen. Claire McCaskill (D-Mo.)", "Claire McCaskill"),
            ("Dan McLaughlin at the National Review", "Dan McLaughlin"),
            ("the Federal Bureau of Prisons", "the Federal Bureau of Prisons"),
            ("But Blinken", "Blinken"),
        ],
    )
    def test_a_source_phrase_gives_a_name(self, phrase, name):
        assert speaker_name(phrase) == name

    def test_pronouns_are_recognised_as_written(self):
        assert is_pronoun("He") and is_pronoun("they,") and is_pronoun("who")
        assert not is_pronoun("Helen")


@pytest.mark.django_db
class TestStance:
    def test_a_stance_attribute_wins_over_the_default(self, tmp_path, analyst):
        ann = [*harbour_ann(), "A1\tStance E1 Reassurance", "A2\tConfidence E1 high"]
        run(write_pair(tmp_path, "harbour", TEXT, ann), stance="policy")
        assert [s.stance for s in statements()] == ["reassurance", "policy", "policy"]
        assert statements()[0].note == "cue: warned; source: Port officials"

    def test_without_attribute_or_default_the_stance_is_proposed(self, tmp_path, analyst):
        run(write_pair(tmp_path, "harbour", TEXT, harbour_ann()))
        first = statements()[0]
        assert first.stance == "warning"
        assert first.note.endswith("stance: proposed")


@pytest.mark.django_db
class TestFiles:
    def test_importing_the_same_files_again_creates_nothing(self, tmp_path, analyst):
        txt = write_pair(tmp_path, "harbour", TEXT, harbour_ann())
        run(txt)
        out, _, failed = run(txt)
        assert failed is None
        assert Article.objects.count() == 1
        assert Statement.objects.count() == 3
        assert Speaker.objects.count() == 2
        assert "statements created 0, skipped 3 (already stored)" in out

    def test_annotations_may_live_in_their_own_directory_one_per_annotator(self, tmp_path, analyst):
        texts, anns = tmp_path / "text", tmp_path / "attributions"
        texts.mkdir()
        anns.mkdir()
        (texts / "gazette_2024-05-02_harbour.txt").write_text(TEXT, encoding="utf-8")
        lines = "\n".join(harbour_ann()) + "\n"
        (anns / "gazette_2024-05-02_harbour_a1.ann").write_text(lines, encoding="utf-8")
        (anns / "gazette_2024-05-02_harbour_b2.ann").write_text(lines, encoding="utf-8")
        (texts / "plain.txt").write_text("The ferry runs on Sundays.\n", encoding="utf-8")
        out, err, failed = run(texts, annotations=anns, source_from_name=True)
        assert failed is None, err
        article = Article.objects.get(source="gazette")
        assert article.published_on == datetime.date(2024, 5, 2)
        assert article.statements.count() == 3
        assert Article.objects.filter(body="The ferry runs on Sundays.").exists()
        assert "harbour_b2.ann: another annotation of gazette_2024-05-02_harbour.txt" in out

    def test_source_sets_the_outlet_of_every_article(self, tmp_path, analyst):
        run(write_pair(tmp_path, "nyt-harbour", TEXT, harbour_ann()), source="Harbour Gazette")
        assert Article.objects.get().source == "Harbour Gazette"

    def test_annotated_files_need_an_annotator(self, tmp_path, db):
        _, _, failed = run(write_pair(tmp_path, "harbour", TEXT, harbour_ann()), user=None)
        assert "--user" in str(failed)
        assert not Article.objects.exists()

    def test_the_annotator_must_exist_and_may_annotate(self, tmp_path, reader):
        txt = write_pair(tmp_path, "harbour", TEXT, harbour_ann())
        assert "no such user" in str(run(txt, user="nobody")[2])
        assert "may read but not annotate" in str(run(txt, user="reader")[2])
        assert not Article.objects.exists()


@pytest.mark.django_db
class TestBadInput:
    def test_a_bad_line_is_reported_with_its_place_and_the_rest_still_imports(
        self, tmp_path, analyst
    ):
        length = len(TEXT)
        ann = [
            *harbour_ann(),
            "T90\tContent 5 3\tbackwards",
            f"T91\tContent 10 {length + 5}\tpast the end",
            "T92\tContent 0 7\tNot this",
            "T93\tContent 0 10;5 12\toverlapping",
            "T94\tContent",
            "this is not brat",
            "E9\tAttribution:T13 Content:T99 Source:T10",
            "A9\tStance E1 panic",
            "R1\tRelated Arg1:T10 Arg2:T20",
            "#1\tAnnotatorNotes T10\ta note",
        ]
        txt = write_pair(tmp_path, "harbour", TEXT, ann)
        _, err, failed = run(txt)
        assert "could not be imported" in str(failed)
        where = f"{tmp_path / 'harbour.ann'}:"
        first = len(harbour_ann()) + 1
        assert f"{where}{first}: bad offsets 5 3: the end must be after the start" in err
        assert f"{where}{first + 1}: offsets 10 {length + 5} run past the end of the text" in err
        assert f"{where}{first + 2}: T92 says 'Not this' but the text at 0 7 reads 'Harbour'" in err
        assert f"{where}{first + 3}: the fragments of T93 overlap" in err
        assert f"{where}{first + 4}: expected T<n><TAB><label>" in err
        assert f"{where}{first + 5}: not a brat annotation line" in err
        assert f"{where}{first + 6}: E9 names T99 as its Content, but T99 is not defined" in err
        assert f"{where}{first + 7}: unknown stance 'panic'" in err
        assert "Traceback" not in err
        assert Statement.objects.count() == 3

    def test_one_unreadable_file_does_not_cost_the_others(self, tmp_path, analyst):
        write_pair(tmp_path, "good", TEXT, harbour_ann())
        bad = write_pair(tmp_path, "bad", TEXT.replace("Port", "Dock"), [])
        bad.with_suffix(".ann").write_bytes(b"T1\tSource 0 4\t\xff\xfe\n")
        empty = write_pair(tmp_path, "empty", "Nothing was said here.\n", [])
        empty.with_suffix(".ann").write_text("", encoding="utf-8")
        _, err, failed = run(tmp_path)
        assert failed is not None
        assert f"{bad.with_suffix('.ann')}: not UTF-8 text" in err
        assert Article.objects.count() == 2
        assert Statement.objects.count() == 3

    def test_parse_ann_reads_events_whose_parts_come_later(self):
        text = "Officials said the wall was safe."
        ann = "\n".join(
            [
                "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
                t_line(1, "Source", text, "Officials"),
                t_line(2, "Cue", text, "said"),
                t_line(3, "Content", text, "the wall was safe"),
                t_line(4, "Attribution", text, "said"),
            ]
        )
        parsed = parse_ann(ann, text, "x.ann")
        assert parsed.problems == []
        (found,) = parsed.attributions
        assert (found.start, found.end, found.source.text, found.cue.text) == (
            15,
            32,
            "Officials",
            "said",
        )


@pytest.mark.django_db
def test_the_annotator_is_recorded_as_who_added_the_article(tmp_path, analyst):
    run(write_pair(tmp_path, "harbour", TEXT, harbour_ann()))
    assert Article.objects.get().created_by == analyst
