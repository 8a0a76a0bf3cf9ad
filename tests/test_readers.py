import json

import pytest

from kg.errors import InputError
from kg.readers import decode, iso_date, iter_articles, parse_text, read_bytes


def test_header_lines_title_and_impact_are_metadata_not_body():
    a = parse_text("Title: Chips\nPublished: March 4, 2026\nPublisher: Desk\n\nChips\n\nNvidia won.\nImpact: Positive\n", "a.txt")
    assert (a.title, a.published, a.publisher, a.impact) == ("Chips", "2026-03-04", "Desk", "positive")
    assert "Impact" not in a.text and "Publisher" not in a.text
    assert a.text.startswith("Chips")


def test_typographic_quotes_fold_without_moving_offsets():
    raw = "Meta\u2019s bet \u201cworks\u201d."
    a = parse_text(raw)
    assert a.text == "Meta's bet \"works\"."
    assert len(a.text) == len(raw)


def test_first_short_line_becomes_title():
    a = parse_text("# Google regains momentum\n\nGemini overtook ChatGPT.")
    assert a.title == "Google regains momentum"
    assert not a.text.startswith("#")


@pytest.mark.parametrize("text,iso", [("2026-03-04", "2026-03-04"), ("2026/3/4", "2026-03-04"),
                                      ("4 March 2026", "2026-03-04"), ("Wed, 04 Mar 2026 10:00:00 GMT", "2026-03-04"),
                                      ("sometime", None), ("2026-02-31", None)])
def test_dates_become_iso(text, iso):
    assert iso_date(text) == iso


def test_json_article_fields():
    data = json.dumps({"title": "T", "body": "Nvidia gained ground.", "url": "https://x", "published": "2026-05-01",
                       "publisher": "P"}).encode()
    (a,) = read_bytes(data, "a.json", ".json", "a.json")
    assert (a.title, a.url, a.published, a.publisher, a.text) == ("T", "https://x", "2026-05-01", "P", "Nvidia gained ground.")


def test_bad_inputs_name_the_file_and_reason(tmp_path):
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.7 binary")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bad.json").write_text("{not json")
    (tmp_path / "good.txt").write_text("OpenAI lost ground to Anthropic.")
    items = list(iter_articles([str(tmp_path / n) for n in ("doc.pdf", "empty.txt", "bad.json", "good.txt", "missing.txt")]))
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert len(errors) == 4
    assert errors[0].startswith(str(tmp_path / "doc.pdf")) and "PDF" in errors[0]
    assert "empty" in errors[1] and "invalid JSON at line 1" in errors[2] and "no such file" in errors[3]
    assert [i.text for i in items if not isinstance(i, InputError)] == ["OpenAI lost ground to Anthropic."]


def test_encodings():
    assert decode("Café".encode("utf-16"), "x") == "Café"
    assert decode("Café".encode("cp1252"), "x") == "Café"
    assert decode(b"\xef\xbb\xbfHi", "x") == "Hi"
    with pytest.raises(InputError, match="NUL"):
        decode(b"ab\x00cd", "x")


def test_a_csv_whose_header_cannot_be_read_is_a_one_line_error(tmp_path):
    from kg.errors import InputError
    from kg.readers import iter_articles
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\r\x01")
    items = list(iter_articles([str(bad)]))
    assert len(items) == 1 and isinstance(items[0], InputError) and "broken CSV" in str(items[0])
