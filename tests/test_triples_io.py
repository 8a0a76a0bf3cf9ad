"""Reading `kg extract` output back: the same triples, and one clear error per bad line."""

import json

import pytest

from kg.errors import InputError
from kg.schema import Article
from kg.triples_io import read_triples


def test_triples_read_back_as_written(tmp_path, extractor):
    ex = extractor.extract(Article(text="Groq gained ground in inference, said Jonathan Ross.",
                                   title="T", published="2026-02-01"))
    f = tmp_path / "t.jsonl"
    f.write_text("\n".join(json.dumps(t.to_json()) for t in ex.triples) + "\n\n")
    back = list(read_triples([str(f)]))
    assert [t.to_json() for t in back] == [t.to_json() for t in ex.triples]


@pytest.mark.parametrize("line, reason", [
    ('{"subject": 1}', "not a triple"),
    ("{not json", "unexpected character"),
    ('"a string"', "not a triple"),
])
def test_a_bad_line_names_file_and_line(tmp_path, extractor, line, reason):
    ex = extractor.extract(Article(text="Intel fell behind AMD in data center chips."))
    good = json.dumps(ex.triples[0].to_json())
    f = tmp_path / "t.jsonl"
    f.write_text(f"{good}\n{line}\n")
    with pytest.raises(InputError) as err:
        list(read_triples([str(f)]))
    assert str(err.value).startswith(f"{f}:2: ") and reason in str(err.value)


def test_properties_must_be_an_object(tmp_path, extractor):
    ex = extractor.extract(Article(text="Intel fell behind AMD in data center chips."))
    data = ex.triples[0].to_json()
    data["properties"] = ["confidence", 0.9]
    f = tmp_path / "t.jsonl"
    f.write_text(json.dumps(data) + "\n")
    with pytest.raises(InputError, match=r"t.jsonl:1: not a triple"):
        list(read_triples([str(f)]))


def test_invalid_utf8_is_a_bad_line(tmp_path):
    f = tmp_path / "t.jsonl"
    f.write_bytes(b'{"subject": "\xff"}\n')
    with pytest.raises(InputError, match=r"t.jsonl:1: .*UTF-8"):
        list(read_triples([str(f)]))


def test_an_article_split_by_another_is_a_bad_line(tmp_path, extractor):
    # kg load writes an article as it reads it, so lines of one article must come together.
    a = extractor.extract(Article(text="Intel fell behind AMD in data center chips.", title="A"))
    b = extractor.extract(Article(text="Groq gained ground in inference.", title="B"))
    lines = [json.dumps(t.to_json()) for t in (a.triples[:1] + b.triples + a.triples[1:])]
    f = tmp_path / "t.jsonl"
    f.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as err:
        list(read_triples([str(f)]))
    assert str(err.value).startswith(f"{f}:{len(b.triples) + 2}: article {a.source.id} continues here")


def test_the_same_article_in_two_files_is_read_from_both(tmp_path, extractor):
    a = extractor.extract(Article(text="Intel fell behind AMD in data center chips.", title="A"))
    files = []
    for name in ("one.jsonl", "two.jsonl"):
        (tmp_path / name).write_text("".join(json.dumps(t.to_json()) + "\n" for t in a.triples))
        files.append(str(tmp_path / name))
    assert len(list(read_triples(files))) == 2 * len(a.triples)


def test_a_node_that_is_not_an_object_is_a_bad_line(tmp_path, extractor):
    data = extractor.extract(Article(text="Intel fell behind AMD in data center chips.")).triples[0].to_json()
    data["subject"] = ["Intel"]
    f = tmp_path / "t.jsonl"
    f.write_text(json.dumps(data) + "\n")
    with pytest.raises(InputError, match=r"t.jsonl:1: not a triple"):
        list(read_triples([str(f)]))


def test_values_the_fast_parser_cannot_hold_are_read_all_the_same(tmp_path, extractor):
    # simdjson stops at integers beyond 64 bits; such a line is read as orjson reads it (as a float).
    triples = extractor.extract(Article(text="Intel fell behind AMD in data center chips.")).triples
    lines = [t.to_json() for t in triples]
    lines[0]["properties"]["count"] = 10 ** 20
    f = tmp_path / "t.jsonl"
    f.write_text("".join(json.dumps(d) + "\n" for d in lines))
    back = list(read_triples([str(f)]))
    assert back[0].properties["count"] == 1e20
    assert [t.to_json() for t in back[1:]] == [t.to_json() for t in triples[1:]]
