from articles.text import content_hash, derive_title, normalise_body


def test_it_normalises_line_endings_bom_and_blank_lines():
    raw = "\ufeff\n\n  First paragraph.  \r\n\r\n\r\n\n Second\r\nline two.\n\n\n"
    assert normalise_body(raw) == "First paragraph.\n\nSecond\nline two."


def test_it_stores_text_as_nfc():
    decomposed = "Cafe\u0301 owners"
    assert normalise_body(decomposed) == "Caf\u00e9 owners"


def test_the_hash_is_of_the_stored_body():
    assert content_hash(normalise_body("a\r\n\r\nb")) == content_hash("a\n\nb")


def test_the_title_is_the_first_sentence():
    assert derive_title("Mr. Smith warned of floods. Then more.") == "Mr. Smith warned of floods"


def test_a_long_first_sentence_is_cut_at_a_word_boundary_with_an_ellipsis():
    body = "Officials " + "warned repeatedly " * 20 + "about the flood."
    title = derive_title(body)
    assert len(title) <= 100
    assert title.endswith("…")
    assert body.startswith(title[:-1])
    assert body[len(title) - 1] == " "


def test_a_short_paragraph_without_a_full_stop_is_the_whole_title():
    assert derive_title("Breaking news\n\nMore text.") == "Breaking news"
