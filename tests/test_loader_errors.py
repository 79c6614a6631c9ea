"""Bad input stops a load with an error naming the file, line and field, and writes nothing."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from egovkg.errors import DataFileError
from graph.kg import KnowledgeGraph
from loaders import read_sources
from loaders.facts import parse_number

GOOD = textwrap.dedent(
    """\
    source:
      id: test-province-2021
      title: "Báo cáo thử"
      issued: 2021-06-21
      province: quang-nam
      period: 2021
      kind: news-article
    systems:
      - id: lgsp
        kind: LGSP
        label: {vi: "Nền tảng LGSP", en: "LGSP"}
        status: operational
        quote: "LGSP đã vận hành"
      - id: qoffice
        kind: DocumentManagementSystem
        label: {vi: "Qoffice", en: "Qoffice"}
        quote: "Qoffice"
    links:
      - from: lgsp
        rel: connectsTo
        to: ndxp
        quote: "LGSP kết nối NGSP"
    observations:
      - of: qoffice
        measure: users
        value: 27500
        quote: "27.500 người dùng"
    """
)


def write(tmp_path: Path, text: str, name: str = "facts.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_good_file_loads(tmp_path, iris):
    [source] = read_sources([write(tmp_path, GOOD)], iris)
    assert source.graph.value == iris.base + "graph/source/test-province-2021"
    assert len(source.quads) > 20


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("kind: LGSP", "kind: LGSPX", "kind", "unknown system kind 'LGSPX' (did you mean 'LGSP'"),
        ("rel: connectsTo", "rel: connectTo", "rel", "unknown relation 'connectTo' (did you mean 'connectsTo'"),
        ("value: 27500", "value: 27x500", "value", "'27x500' is not a number"),
        ("to: ndxp", "to: ndxpp", "to", "'ndxpp' is not a system or organisation or province declared in this file or in the ontology"),
        ("measure: users", "measure: userz", "measure", "unknown measure 'userz' (did you mean 'users'"),
        ("status: operational", "status: running", "status", "unknown status 'running'"),
        ("province: quang-nam", "province: atlantis", "province", "unknown province 'atlantis'"),
        ("period: 2021", "period: 20x1", "period", "'20x1' is not a date"),
        ("    quote: \"27.500 người dùng\"", "    quote: \"27.500 người dùng\"\n    qoute: x", "qoute", "unknown field in observation (did you mean 'quote'?)"),
    ],
)
def test_bad_field_is_named_with_its_line(tmp_path, iris, old, new, field, message):
    text = GOOD.replace(old, new, 1)
    assert text != GOOD
    path = write(tmp_path, text)
    with pytest.raises(DataFileError) as err:
        read_sources([path], iris)
    expected_line = line_of(text, new.strip().splitlines()[-1])
    assert err.value.line == expected_line
    assert err.value.field == field
    assert str(err.value).startswith(f"{path}:{expected_line}: field '{field}': ")
    assert message in str(err.value)


def test_missing_quote_is_an_error(tmp_path, iris):
    text = GOOD.replace('    quote: "LGSP kết nối NGSP"\n', "")
    with pytest.raises(DataFileError, match="link needs a value") as err:
        read_sources([write(tmp_path, text)], iris)
    assert err.value.field == "quote"
    assert err.value.line == line_of(text, "- from: lgsp")


def test_duplicate_key_and_invalid_yaml(tmp_path, iris):
    dup = GOOD.replace("    status: operational\n", "    status: operational\n    status: pilot\n")
    with pytest.raises(DataFileError, match="duplicate key 'status'") as err:
        read_sources([write(tmp_path, dup)], iris)
    assert err.value.line == line_of(dup, "status: pilot")
    broken = GOOD.replace("title: \"Báo cáo thử\"", "title: \"Báo cáo thử")
    with pytest.raises(DataFileError, match="not valid YAML") as err:
        read_sources([write(tmp_path, broken, "broken.yaml")], iris)
    assert err.value.path.name == "broken.yaml" and err.value.line is not None


def test_empty_binary_and_unknown_files(tmp_path, iris):
    with pytest.raises(DataFileError, match="the file is empty"):
        read_sources([write(tmp_path, "")], iris)
    binary = tmp_path / "x.yaml"
    binary.write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(DataFileError, match="not UTF-8"):
        read_sources([binary], iris)
    with pytest.raises(DataFileError, match="unknown file type '.csv'"):
        read_sources([write(tmp_path, "a,b", "x.csv")], iris)
    with pytest.raises(DataFileError, match="no such file"):
        read_sources([tmp_path / "missing.yaml"], iris)


def test_rdf_syntax_error_names_the_line(tmp_path, iris):
    path = write(tmp_path, "<http://a> <http://b> <http://c> .\n<http://a> <http://b> \"unterminated .\n", "bad.nt")
    with pytest.raises(DataFileError) as err:
        read_sources([path], iris)
    assert err.value.line == 2
    assert str(err.value).startswith(f"{path}:2: not valid")


def test_two_files_with_one_source_id_are_refused(tmp_path, iris):
    a = write(tmp_path, GOOD, "a.yaml")
    b = write(tmp_path, GOOD, "b.yaml")
    with pytest.raises(DataFileError, match="also writes"):
        read_sources([a, b], iris)


def test_failed_load_leaves_the_store_as_it_was(tmp_path, iris, disk_kg: KnowledgeGraph):
    good = write(tmp_path, GOOD, "good.yaml")
    disk_kg.load(read_sources([good], iris))
    before = sorted(str(q) for q in disk_kg.store.quads())
    changed = GOOD.replace("value: 27500", "value: 30000")
    bad = write(tmp_path, GOOD.replace("test-province-2021", "other-2021").replace("to: ndxp", "to: nowhere"), "bad.yaml")
    write(tmp_path, changed, "good.yaml")
    with pytest.raises(DataFileError):
        disk_kg.load(read_sources([good, bad], iris))  # good.yaml changed, bad.yaml broken: nothing written
    assert sorted(str(q) for q in disk_kg.store.quads()) == before


def test_reload_is_idempotent(tmp_path, iris, disk_kg: KnowledgeGraph):
    path = write(tmp_path, GOOD)
    disk_kg.load(read_sources([path], iris))
    first = sorted(str(q) for q in disk_kg.store.quads())
    disk_kg.load(read_sources([path], iris))
    assert sorted(str(q) for q in disk_kg.store.quads()) == first


@pytest.mark.parametrize(
    ("text", "value"),
    [("27.500", "27500"), ("5.800.000", "5800000"), ("55,73", "55.73"), ("1,500.5", "1500.5"), ("42", "42"),
     ("3.5", "3.5"), ("100%", "100")],
)
def test_numbers_in_report_formats(text, value):
    from decimal import Decimal

    assert parse_number(text) == Decimal(value)


def test_not_numbers():
    assert parse_number("hai") is None and parse_number("") is None and parse_number("1.2.3") is None
