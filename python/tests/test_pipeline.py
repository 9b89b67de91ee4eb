"""khabar's Python binding gives exactly the CLI's extractions, and refuses bad input as the CLI
does (the same reasons)."""

from __future__ import annotations

import concurrent.futures
import datetime
import json

import pytest

import khabar
from docgen import REPO, SEED_ARTICLE, documents, write_jsonl

SEED_ID = "fixtures/al-amsar-moscow-algeria.txt"


def compact(obj) -> str:
    """The CLI's JSON Lines form of a dict (serde_json's compact output)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def check_spans(text: str, ex: dict) -> None:
    for entity in ex["entities"]:
        for m in entity["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"], m
            assert text.encode()[m["byte_start"] : m["byte_end"]].decode() == m["text"], m
    for r in ex["relations"]:
        ev = r["evidence"]
        assert text[ev["start"] : ev["end"]] == ev["text"], r["id"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory, cli):
    """1,000 generated records, their JSON lines, and the CLI's output lines for them."""
    records = documents(1000)
    path = tmp_path_factory.mktemp("gen") / "news.jsonl"
    lines = write_jsonl(path, records)
    run = cli("extract", path, "--threads", "2")
    assert run.returncode == 0, run.stderr
    out = run.stdout.splitlines()
    assert len(out) == len(records)
    return records, lines, out


def test_seed_extract_is_the_cli_json(cli, nlp):
    run = cli("extract", SEED_ID, "--date", "2023-08-13")
    assert run.returncode == 0, run.stderr
    line = run.stdout.rstrip("\n")
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    got = nlp.extract(text, id=SEED_ID, date="2023-08-13")
    assert got == json.loads(line)
    assert compact(got) == line  # the same keys in the same order
    assert nlp.extract(text, id=SEED_ID, date=datetime.date(2023, 8, 13), output="json") == line
    assert got["schema"] == khabar.SCHEMA == "khabar/1"
    check_spans(text, got)
    # The seed's first والجزائر: the mention leaves the conjunction out of its span.
    algeria = next(e for e in got["entities"] if e["id"] == "country:DZA")
    first = algeria["mentions"][0]
    assert (first["text"], first["start"], first["end"]) == ("الجزائر", 51, 58)
    assert (first["byte_start"], first["byte_end"]) == (91, 105)


def test_generated_dicts_give_the_cli_output(generated, nlp):
    records, _, out = generated
    got = list(nlp.extract_many(records))
    assert len(got) == len(out)
    for rec, ex, line in zip(records, got, out):
        assert compact(ex) == line, rec["id"]
        check_spans(rec["text"], ex)
    assert sum(len(ex["relations"]) for ex in got) > 500  # the sentences do fire rules


def test_generated_json_lines_give_the_cli_bytes(generated, nlp):
    _, lines, out = generated
    got = list(nlp.extract_many(lines, input="jsonl", output="json", threads=2, chunk_records=37))
    assert got == out


def test_extract_one_by_one_gives_the_cli_output(generated, nlp):
    records, _, out = generated
    for rec, line in zip(records[:300], out[:300]):
        ex = nlp.extract(rec["text"], id=rec["id"], date=rec.get("date"))
        assert compact(ex) == line, rec["id"]


def test_any_thread_count_gives_the_same_output(generated, nlp):
    records, _, out = generated
    for threads in (1, 3):
        got = list(nlp.extract_many(records[:200], threads=threads, output="json", chunk_records=16))
        assert got == out[:200], threads


def test_texts_get_their_position_as_id(nlp):
    got = list(nlp.extract_many(["روسيا", "Algeria and Russia"], output="dict"))
    assert [g["doc_id"] for g in got] == ["0", "1"]
    assert [g["lang"] for g in got] == ["ar", "en"]
    assert got[0]["entities"][0]["id"] == "country:RUS"
    assert got[0]["entities"][0]["mentions"][0]["start"] == 0
    assert got[0]["entities"][0]["mentions"][0]["end"] == 5


def test_default_date_and_field_names_mirror_the_cli(cli, nlp, tmp_path):
    records = [{"meta": {"id": "n1"}, "article": {"body": SEED_ARTICLE.read_text(encoding="utf-8")}}]
    path = tmp_path / "nested.jsonl"
    write_jsonl(path, records)
    run = cli("extract", path, "--id-field", "meta.id", "--text-field", "article.body", "--date", "2023-08-13")
    assert run.returncode == 0, run.stderr
    got = nlp.extract_many(records, id_field="meta.id", text_field="article.body", date="2023-08-13", output="json")
    assert list(got) == run.stdout.splitlines()


def test_many_python_threads_share_one_pipeline(generated, nlp):
    records, _, out = generated
    subset = records[:120]

    def one(rec):
        return nlp.extract(rec["text"], id=rec["id"], date=rec.get("date"), output="json")

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(one, subset))
    assert got == out[:120]


# Bad input.

BAD_RECORDS = [
    ('{"id":"a"}', 'no "text" field'),
    ('{"text":"روسيا"}', 'no "id" field'),
    ('{"id":"a","text":5}', 'field "text" is not a string'),
    ('{"id":[1],"text":"x"}', 'field "id" is not a string or number'),
    ('[1,2]', "not a JSON object"),
    ('{"id":"a","text":"x\\u0000y"}', "text contains a NUL byte at byte offset 1"),
    ('{"id":"a","text":"' + "x" * 70000 + '"}', "token of 70000 bytes at byte offset 0 of the text, over the limit of 65536 (--max-token-bytes)"),
]


@pytest.fixture(scope="module")
def cli_reasons(cli, tmp_path_factory):
    """The CLI's reject reason for each of BAD_RECORDS, by line."""
    tmp = tmp_path_factory.mktemp("bad")
    path = tmp / "bad.jsonl"
    path.write_text("".join(line + "\n" for line, _ in BAD_RECORDS), encoding="utf-8")
    rejects = tmp / "rejects.jsonl"
    run = cli("extract", path, "--rejects", rejects)
    assert run.returncode == 1, run.stderr
    got = [json.loads(r) for r in rejects.read_text(encoding="utf-8").splitlines()]
    assert [r["line"] for r in got] == list(range(1, len(BAD_RECORDS) + 1))
    return {line: r["reason"] for (line, _), r in zip(BAD_RECORDS, got)}


@pytest.mark.parametrize("line,reason", BAD_RECORDS, ids=[r for _, r in BAD_RECORDS])
def test_bad_records_raise_the_cli_reject_reason(cli_reasons, nlp, line, reason):
    assert cli_reasons[line] == reason
    with pytest.raises(khabar.RecordError) as err:
        list(nlp.extract_many([line], input="jsonl"))
    assert err.value.reason == reason
    assert err.value.index == 0
    assert str(err.value) == f"record 0: {reason}"
    if line.startswith("{"):  # the same record as a dict gives the same reason
        with pytest.raises(khabar.RecordError) as err:
            list(nlp.extract_many([json.loads(line)]))
        assert err.value.reason == reason


def test_on_bad_record_reject_and_skip(nlp):
    records = [{"id": "a", "text": "روسيا"}, {"id": "b"}, 42, {"id": "c", "text": "الجزائر"}]
    rejected = list(nlp.extract_many(records, on_bad_record="reject"))
    assert [r.get("doc_id") for r in rejected] == ["a", None, None, "c"]
    assert rejected[1] == {"index": 1, "reason": 'no "text" field', "rejected": True}
    assert rejected[2] == {"index": 2, "reason": "int is not a dict or str", "rejected": True}
    skipped = list(nlp.extract_many(records, on_bad_record="skip", output="json"))
    assert [json.loads(s)["doc_id"] for s in skipped] == ["a", "c"]
    with pytest.raises(khabar.RecordError) as err:
        list(nlp.extract_many(records))
    assert err.value.index == 1


def test_a_bad_date_is_a_warning_in_records_and_an_error_in_extract(nlp):
    [ex] = nlp.extract_many([{"id": "a", "text": "روسيا", "date": "2023-02-30"}])
    assert ex["date"] is None
    assert ex["warnings"][0].startswith('field "date": ')
    with pytest.raises(ValueError, match="date"):
        nlp.extract("روسيا", date="2023-02-30")


def test_extract_refuses_bad_text(nlp):
    with pytest.raises(khabar.RecordError, match="NUL byte") as err:
        nlp.extract("a\x00b")
    assert err.value.index is None
    with pytest.raises(TypeError):
        nlp.extract(b"bytes")
    with pytest.raises(khabar.RecordError, match="not valid Unicode"):
        nlp.extract("\ud800")


def test_bad_gazetteer_dir_names_file_and_line(tmp_path):
    gaz = tmp_path / "gaz"
    gaz.mkdir()
    for f in (REPO / "fixtures" / "gazetteers").glob("*.tsv"):
        (gaz / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    entities = gaz / "entities.tsv"
    lines = entities.read_text(encoding="utf-8").splitlines()
    entities.write_text("\n".join(lines + ["country:XXX\tBOGUS\tcountry\tX\tY"]) + "\n", encoding="utf-8")
    with pytest.raises(khabar.ConfigError) as err:
        khabar.Pipeline(gazetteers=gaz)
    assert f"entities.tsv:{len(lines) + 1}:" in str(err.value)
    assert '"BOGUS" is not one of' in str(err.value)
    assert isinstance(err.value, khabar.KhabarError)
    with pytest.raises(khabar.ConfigError, match="cannot read directory"):
        khabar.Pipeline(gazetteers=tmp_path / "missing")


def test_added_gazetteers_and_rules_take_paths_or_lists(tmp_path):
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "people.tsv").write_text(
        "id\ttype\ten\tar\nperson:test-person\tPERSON\tTest Person\tشخص تجريبي\n", encoding="utf-8"
    )
    small = REPO / "fixtures" / "gazetteers"  # quicker to load than the embedded defaults
    for add in (extra, str(extra), [extra]):
        nlp = khabar.Pipeline(gazetteers=small, add_gazetteers=add, add_rules=[])
        ex = nlp.extract("التقى شخص تجريبي بوزير الخارجية")
        assert "person:test-person" in [e["id"] for e in ex["entities"]]
    with pytest.raises(TypeError):
        khabar.Pipeline(add_gazetteers=5)


def test_options_are_checked(nlp):
    for kwargs in ({"input": "csv"}, {"output": "xml"}, {"on_bad_record": "ignore"}):
        with pytest.raises(ValueError):
            nlp.extract_many([], **kwargs)
    assert list(nlp.extract_many([])) == []
    assert khabar.Pipeline(gazetteers=REPO / "fixtures" / "gazetteers", tagger=False).tagger is False


def test_an_exception_in_the_input_comes_after_the_records_before_it(nlp):
    def records():
        yield "روسيا"
        yield "الجزائر"
        raise KeyError("broken input")

    got = []
    with pytest.raises(KeyError, match="broken input"):
        for ex in nlp.extract_many(records(), chunk_records=1):
            got.append(ex["doc_id"])
    assert got == ["0", "1"]
    it = nlp.extract_many(records())
    with pytest.raises(KeyError):
        list(it)
    assert list(it) == []


def test_results_come_before_the_whole_input_is_read(nlp):
    read = []

    def records():
        for i in range(10_000):
            read.append(i)
            yield "روسيا"

    it = nlp.extract_many(records(), chunk_records=10)
    next(it)
    assert len(read) <= 30  # a chunk handed out, one extracting, and the next one being read
