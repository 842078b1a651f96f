"""The quote gold's scoring (its GUIDELINE §8) on small invented golds."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom.eval.gold.quotes import grouped
from sitroom.eval.gold.quotes_score import (
    QuoteItem,
    UnitCase,
    Who,
    score_unit,
    speaker_right,
    statement_found,
    statements,
    tally,
)
from sitroom.eval.gold.texts import passages, text_hash, trim_content

STATES = frozenset({"RUS", "UKR", "FIN", "USA"})
PETROVA = Who("petrova-anna", "FIN", "GOV")

# Invented unit: 'Foreign Minister Anna Petrova said the talks had failed. "We go on," she said.'
# "said" 30-34, "the talks had failed" 35-55, "We go on" 58-66, "said" 73-77.
SAID_1, SAID_2 = (30, 34), (73, 77)


def q(
    index: int,
    content: tuple[int, int],
    cue: tuple[int, int] | None,
    speaker: Who | None,
    kind: str = "indirect",
    **kw: object,
) -> QuoteItem:
    return QuoteItem(index, (content,), cue, None, speaker, kind, **kw)  # type: ignore[arg-type]


GOLD = [
    q(0, (35, 55), SAID_1, PETROVA),
    q(1, (58, 66), SAID_2, PETROVA, "direct"),
]


def unit(gold: list[QuoteItem], found: list[QuoteItem], split: str = "tune") -> UnitCase:
    return UnitCase("u1", "pres", split, gold, found)


def test_a_perfect_system_scores_one() -> None:
    out = tally([unit(GOLD, list(GOLD))], STATES).report()
    assert out["real_attribution_precision"] == out["recall"] == out["f1"] == 1.0
    assert out["kind_accuracy"] == 1.0
    assert out["speaker"]["accuracy"] == out["speaker"]["precision"] == 1.0


def test_wrong_speaker_is_wrong_and_no_speaker_is_unknown() -> None:
    found = [
        q(0, (35, 55), SAID_1, Who("UKR", "UKR", "GOV")),
        q(1, (57, 67), SAID_2, None, "direct"),
    ]
    sp = tally([unit(GOLD, found)], STATES).report()["speaker"]
    assert (sp["right"], sp["wrong"], sp["unknown"]) == (0, 1, 1)
    assert sp["accuracy"] == 0.0
    assert sp["precision"] == 0.0
    half = [q(0, (35, 55), SAID_1, PETROVA), q(1, (57, 67), SAID_2, None, "direct")]
    sp = tally([unit(GOLD, half)], STATES).report()["speaker"]
    assert sp["accuracy"] == 0.5 and sp["precision"] == 1.0


def test_cues_must_overlap_when_both_have_one() -> None:
    other_cue = [q(0, (35, 55), (0, 16), PETROVA)]
    assert score_unit(GOLD, other_cue).found_hit == 0
    no_cue = [q(0, (35, 55), None, PETROVA)]
    assert score_unit(GOLD, no_cue).found_hit == 1


def test_speaker_rules() -> None:
    assert speaker_right(Who("RUS", "RUS", "GOV"), [], Who(None, "RUS", "MIL"), STATES)
    assert not speaker_right(
        Who("RUS", "RUS", "GOV"), [], Who("putin-vladimir", "RUS", "GOV"), STATES
    )
    unnamed = Who(None, "USA", "GOV")
    assert speaker_right(unnamed, [], Who("USA", "USA", "GOV"), STATES)
    assert not speaker_right(unnamed, [], Who("USA", "USA", "MIL"), STATES)
    assert speaker_right(PETROVA, [Who("NATO", None, "IGO")], Who("NATO", None, "IGO"), STATES)


def test_conduits_count_neither_way_and_embedded_have_their_view() -> None:
    gold = [
        q(0, (0, 40), (41, 45), Who("TASS", "RUS", "JRN"), conduit=True),
        q(1, (10, 30), (5, 9), PETROVA, embedded=True),
    ]
    only_conduit = [q(0, (0, 8), (41, 45), None)]
    s = score_unit(gold, only_conduit)
    assert (s.found, s.gold, s.gold_hit) == (0, 1, 0)
    out = tally([unit(gold, [q(0, (10, 30), (5, 9), PETROVA)])], STATES).report()
    assert out["recall"] == 1.0
    assert out["without_embedded"]["gold"] == 0
    assert out["without_embedded"]["precision"] is None


def test_statements_join_continuation_pieces() -> None:
    gold = [q(0, (0, 10), (12, 16), PETROVA), q(1, (20, 30), None, PETROVA, continues=0)]
    joined = statements(gold)
    assert len(joined) == 1 and joined[0].contents == ((0, 10), (20, 30))
    hit, verdict = statement_found(joined[0], [q(0, (22, 28), None, PETROVA)], STATES)
    assert hit and verdict == "right"
    out = tally([unit(gold, [q(0, (22, 28), None, PETROVA)])], STATES).report()
    assert out["recall"] == 0.5 and out["statements"]["recall"] == 1.0


def test_split_filter() -> None:
    cases = [unit(GOLD, list(GOLD), "tune"), unit(GOLD, [], "check")]
    tune = grouped(cases, "tune", 0.0, STATES)
    assert set(tune) == {"tune"} and tune["tune"]["all"]["recall"] == 1.0
    assert grouped(cases, "check", 0.0, STATES)["check"]["all"]["recall"] == 0.0
    both = grouped(cases, "all", 0.0, STATES)
    assert set(both) == {"tune", "check", "all"} and both["all"]["all"]["units"] == 2


def test_content_trimming_rules() -> None:
    text = 'He said: "We go on." Then'
    assert trim_content(text, 9, 20) == (10, 18)
    assert text_hash("abc") == text_hash("abc") != text_hash("abd")
    release = ("One sentence here. " * 40).strip()
    cut = passages(release)
    assert cut[0][0] == 0 and all(e - s >= 150 for s, e in cut)


# --------------------------------------------------------------------------- end to end

RUWA_TITLE = "Kremlin rules out an attack."
RUWA_DESC = "The Kremlin said Russia would not attack Ukraine."


def _fake(root: Path) -> tuple[Path, Path]:
    shared = root / "shared"
    corpora = shared / "data" / "corpora"
    corpora.mkdir(parents=True)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["", "Unnamed: 0", "src", "desc", "title", "ref", "Date", "Site", "Event", "KW"])
    w.writerow(["7", "7", "https://example.org/b", RUWA_DESC, RUWA_TITLE, "", "02/10/2022",
                "example.org", "", ""])  # fmt: skip
    with zipfile.ZipFile(corpora / "RUWA_01.08.23.csv.zip", "w") as z:
        z.writestr("RUWA_test.csv", buf.getvalue())
    (corpora / "presidential_releases_2021-11_2022-03.jsonl").write_text("", encoding="utf-8")
    (shared / "seeds").mkdir()
    (shared / "seeds" / "000_test.txt").write_text("Nothing was said.\n", encoding="utf-8")
    doc = RUWA_TITLE + "\n\n" + RUWA_DESC
    gold = root / "gold"
    gold.mkdir()
    unit_rec = {"unit_id": "ruwa:7", "rank": 0, "source": "ruwa", "doc_id": "ruwa:7",
                "start": 0, "end": len(doc), "split": "check", "double": False,
                "sha": text_hash(doc)}  # fmt: skip
    cue = doc.index("said")
    content = doc.index("Russia would")
    src = doc.index("The Kremlin")
    att = {"cue": {"start": cue, "end": cue + 4},
           "content": {"start": content, "end": len(doc) - 1},
           "source": {"start": src, "end": src + 11},
           "speaker": {"actor_id": "RUS", "name": "Russia", "country": "RUS", "sector": "GOV"},
           "kind": "indirect"}  # fmt: skip
    ann = {"unit_id": "ruwa:7", "annotator": "a", "attributions": [att]}
    (gold / "units.jsonl").write_text(json.dumps(unit_rec) + "\n", encoding="utf-8")
    (gold / "annotations_a.jsonl").write_text(json.dumps(ann) + "\n", encoding="utf-8")
    return shared, gold


@pytest.mark.slow
def test_gold_quotes_end_to_end_on_invented_texts(tmp_path: Path) -> None:
    from sitroom.cli import cli

    shared, gold = _fake(tmp_path)
    args = ["eval", "gold-quotes", "--gold", str(gold), "--shared", str(shared)]
    result = CliRunner().invoke(cli, [*args, "--split", "check"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    check = report["splits"]["check"]["all"]
    assert check["units"] == 1 and check["gold"] == 1
    assert check["recall"] == 1.0 and check["real_attribution_precision"] == 1.0
    assert check["speaker"]["right"] == 1
    assert report["seeds_statements"]["n"] == 0
    refused = CliRunner().invoke(
        cli, [*args, "--split", "check", "--errors", str(tmp_path / "e.jsonl")]
    )
    assert refused.exit_code == 3 and "E043" in refused.output
