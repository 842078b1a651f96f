"""End to end through the command line, on our own sample corpus and (when present) the seeds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import REPO
from sitroom.cli import cli
from sitroom.store.store import Store

SAMPLE = REPO / "src" / "sitroom" / "sample"


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def check_spans(text: str, record: dict[str, Any], *keys: str) -> None:
    for key in keys:
        span = record[key]
        if span is None:
            continue
        assert text[span["start"] : span["end"]] == span["text"], (key, span)


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "sample.duckdb"
    result = invoke("run", str(SAMPLE), "--db", str(db))
    assert result.exit_code == 0, result.output
    return db


def test_help_lists_every_command() -> None:
    out = invoke("--help").output
    for name in ("ingest", "process", "run", "articles", "quotes", "events", "actors",
                 "timeline", "code", "serve", "escalation", "eval", "bench", "watch",
                 "poll"):  # fmt: skip
        assert name in out
    assert "annotate" in invoke("quotes", "--help").output


def test_run_stores_articles_quotes_and_events_with_true_spans(sample_db: Path) -> None:
    with Store(sample_db, read_only=True) as store:
        texts = {a["article_id"]: a["text"] for a in store.articles()}
        assert len(texts) >= 6  # 3 texts, 1 html page, 2 json lines
        events = store.events()
        quotes = store.quotes()
    assert len(events) >= 6 and len(quotes) >= 6
    for ev in events:
        text = texts[ev["article_id"]]
        check_spans(text, ev, "evidence")
        check_spans(text, ev["evidence"], "trigger")
        for actor in ev["source"] + ev["target"]:
            assert text[actor["start"] : actor["end"]] == actor["text"]
    for q in quotes:
        check_spans(texts[q["article_id"]], q, "cue", "content", "source")


def test_second_run_adds_nothing(sample_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.duckdb"
    shutil.copy(sample_db, db)
    with Store(db, read_only=True) as store:
        before = {t: store.count(t) for t in ("articles", "quotes", "events", "inputs")}
    result = CliRunner().invoke(cli, ["run", str(SAMPLE), "--db", str(db)])
    assert result.exit_code == 0
    assert "0 articles added" in result.output
    with Store(db, read_only=True) as store:
        assert {t: store.count(t) for t in before} == before


def test_exports_follow_the_contracts(sample_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    assert invoke("events", "export", "--db", str(sample_db), "--out", str(out)).exit_code == 0
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    for key in ("event_id", "article_id", "type", "mode", "modality", "source", "target", "date",
                "date_precision", "location", "cameo", "goldstein", "quad_class", "evidence",
                "confidence", "coder"):  # fmt: skip
        assert key in first
    assert first["modality"] in {"asserted", "future", "hypothetical", "negated"}
    out = tmp_path / "quotes.jsonl"
    invoke("quotes", "export", "--db", str(sample_db), "--out", str(out))
    q = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert set(q) >= {"quote_id", "article_id", "kind", "cue", "content", "source", "speaker",
                      "confidence"}  # fmt: skip
    for what in ("articles", "actors"):
        for fmt in ("csv", "parquet"):
            target = tmp_path / f"{what}.{fmt}"
            result = invoke(what, "export", "--format", fmt, "--db", str(sample_db), "--out",
                            str(target))  # fmt: skip
            assert result.exit_code == 0 and target.stat().st_size > 0


def test_bad_inputs_are_quarantined_and_the_rest_stored(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(
        "Envoys agree to meet again\n20220301\n"
        "The two foreign ministers agreed on Tuesday to meet again next week in Istanbul.\n",
        encoding="utf-8",
    )
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (inputs / "legacy.txt").write_bytes(
        "Caf\u00e9 talks in Gen\u00e8ve\n20220302\n"
        "The minister said the \u201cr\u00e9sum\u00e9\u201d of the talks was encouraging.\n".encode(
            "cp1252"
        )
    )
    db = tmp_path / "s.duckdb"
    result = CliRunner().invoke(cli, ["ingest", str(inputs), "--db", str(db)])
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "image.txt" in result.output
    assert "2 rejected" in result.output
    assert "Traceback" not in result.output
    with Store(db, read_only=True) as store:
        texts = [a["text"] for a in store.articles()]
        assert len(texts) == 2
        assert any("r\u00e9sum\u00e9" in t for t in texts)
        reasons = {Path(r["source_path"]).name: r["code"] for r in store.quarantined()}
    assert reasons == {"empty.txt": "E002", "image.txt": "E003"}


def test_code_writes_one_line_per_snippet(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    rows = [
        {"id": "s1", "text": "Russia accused Ukraine of shelling villages.", "date": "2022-02-17"},
        {"id": "s2", "text": "The weather was mild in Kyiv.", "date": "2022-02-17"},
    ]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert invoke("code", "--input", str(src), "--output", str(out)).exit_code == 0
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["s1", "s2"]
    assert "ACCUSE" in {e["type"] for e in lines[0]["events"]}
    assert lines[1]["events"] == []


def test_code_rejects_a_malformed_line_with_its_number(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 1, "text": "ok"}\n{not json\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["code", "--input", str(src)])
    assert result.exit_code == 3
    assert "line 2" in result.output and "Traceback" not in result.output


def test_annotate_writes_brat_with_offsets_into_the_file(tmp_path: Path) -> None:
    text = (
        "The spokesman said the convoy had turned back at the border.\r\n"
        '"We will not be intimidated," the defence minister told reporters.\n'
    )
    src = tmp_path / "note.txt"
    src.write_bytes(text.encode("utf-8"))
    out = tmp_path / "ann"
    assert (
        invoke("quotes", "annotate", str(src), "--format", "brat", "--out", str(out)).exit_code == 0
    )
    ann = (out / "note.ann").read_text(encoding="utf-8")
    spans = [line.split("\t") for line in ann.splitlines() if line.startswith("T")]
    assert spans and any("Attribution" in line for line in ann.splitlines())
    for _tid, typ_offsets, covered in spans:
        label, rest = typ_offsets.split(" ", 1)
        assert label in {"Source", "Cue", "Content", "Attribution"}
        pieces = [tuple(map(int, p.split())) for p in rest.split(";")]
        assert " ".join(text[a:b] for a, b in pieces) == covered


def test_missing_database_is_a_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["events", "export", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 3
    assert result.output.count("\n") == 1 and "E001" in result.output


def test_seeds_end_to_end(tmp_path: Path, seeds_dir: Path) -> None:
    db = tmp_path / "seeds.duckdb"
    result = invoke("run", str(seeds_dir), "--db", str(db))
    assert result.exit_code == 0, result.output
    with Store(db, read_only=True) as store:
        arts = {Path(a["source_path"]).name[:3]: a for a in store.articles()}
        assert len(arts) == 5
        assert arts["000"]["date"] == "2021-12-21" and arts["000"]["date_conflict"] is True
        assert arts["001"]["date"] == "2021-12-22"
        assert arts["004"]["date"] == "2022-01-13"
        events, quotes = store.events(), store.quotes()
    assert len(quotes) >= 15 and len(events) >= 15
    texts = {a["article_id"]: a["text"] for a in arts.values()}
    for ev in events:
        check_spans(texts[ev["article_id"]], ev, "evidence")
    again = CliRunner().invoke(cli, ["run", str(seeds_dir), "--db", str(db)])
    assert again.exit_code == 0 and "0 articles added" in again.output


def test_two_parser_processes_give_the_same_results(sample_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "mp.duckdb"
    result = invoke("run", str(SAMPLE), "--db", str(db), "--processes", "2", "--batch-size", "2")
    assert result.exit_code == 0, result.output
    with Store(db, read_only=True) as multi, Store(sample_db, read_only=True) as single:
        assert sorted(e["event_id"] for e in multi.events()) == sorted(
            e["event_id"] for e in single.events()
        )
        assert multi.count("quotes") == single.count("quotes")


def test_report_writes_a_briefing_for_the_day(sample_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    result = invoke("report", "--date", "2022-01-12", "--db", str(sample_db), "--out", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "2022-01-12" in html and "<script" not in html.lower()
    assert "Brussels" in html or "NATO" in html  # the day's sample article is about NATO
    md = tmp_path / "brief.md"
    invoke("report", "--date", "2022-01-12", "--db", str(sample_db), "--out", str(md))
    assert md.read_text(encoding="utf-8").lstrip().startswith("#")
    bad = CliRunner().invoke(cli, ["report", "--date", "12/01/2022", "--db", str(sample_db)])
    assert bad.exit_code == 3 and "E040" in bad.output


def test_eval_quad_names_its_coder_and_falls_back_without_a_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    labelled = tmp_path / "quad.tsv"
    labelled.write_text(
        "Border guards fired on a convoy near the river crossing.\t4\n"
        "The two governments signed a trade accord in the capital.\t2\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("SITROOM_QUAD_MODEL", str(tmp_path / "absent.json"))
    out = json.loads(invoke("eval", "events", "--quad", str(labelled)).output)
    assert out["quad"]["coder"] == "rules.v3" and out["quad"]["n"] == 2
    missing = CliRunner().invoke(cli, ["eval", "events", "--quad", str(labelled),
                                       "--coder", "hybrid.v1"])  # fmt: skip
    assert missing.exit_code == 3 and "E023" in missing.output


def test_watch_once_stores_the_folder_and_a_bad_interval_is_a_usage_error(tmp_path: Path) -> None:
    inbox, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    inbox.mkdir()
    shutil.copy(SAMPLE / "01_geneva_talks.txt", inbox / "a.txt")
    result = invoke("watch", str(inbox), "--once", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "1 new, 1 articles added" in result.output
    with Store(db, read_only=True) as store:
        assert store.count("articles") == 1 and store.count("events") > 0
    bad = CliRunner().invoke(cli, ["watch", str(inbox), "--every", "soon", "--db", str(db)])
    assert bad.exit_code == 2 and "soon" in bad.output


def test_poll_once_reads_a_local_feed(tmp_path: Path) -> None:
    from httpserve import page, rss, serve

    text = (SAMPLE / "01_geneva_talks.txt").read_text(encoding="utf-8")
    db = tmp_path / "p.duckdb"
    with serve() as site:
        link = site.put("/geneva", page("Talks in Geneva", text.splitlines()[3:]))
        feed = site.put("/feed.xml", rss("Local Wire", [("Talks in Geneva", link, "")]))
        result = invoke("poll", feed, "--once", "--db", str(db))
        again = invoke("poll", feed, "--once", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "1 new, 1 articles added" in result.output
    assert site.paths() == ["/feed.xml", "/geneva", "/feed.xml"]
    assert again.exit_code == 0 and "added" not in again.output
