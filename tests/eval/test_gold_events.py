"""The event gold's scoring (GUIDELINE §8) on small invented golds, and the real gold's run."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import REPO, SHARED
from sitroom.errors import SitroomError
from sitroom.eval.gold.common import check_errors_target
from sitroom.eval.gold.events import SideKeys, grouped
from sitroom.eval.gold.events_score import (
    ItemCase,
    ScoredEvent,
    Side,
    Trigger,
    match_item,
    score_cases,
    sides_right,
)
from sitroom.eval.gold.schema import Actor, Event, Span
from sitroom.eval.gold.system import pieces_of, place
from sitroom.extract.actors.base import ActorBase
from sitroom.records import ActorRef, Mention


def ev(
    type_: str,
    start: int,
    end: int,
    src: tuple[str, ...] = (),
    tgt: tuple[str, ...] = (),
    *,
    field: str = "text",
    modality: str = "asserted",
    mentions: tuple[tuple[str, int, int], ...] = (),
    reciprocal: bool = False,
    mode: str | None = None,
    date: str | None = None,
    confidence: float = 1.0,
) -> ScoredEvent:
    triggers = (Trigger(field, start, end), *(Trigger(f, s, e) for f, s, e in mentions))
    return ScoredEvent(
        type=type_,
        modality=modality,
        triggers=triggers,
        source=tuple(Side(k, k) for k in src),
        target=tuple(Side(k, k) for k in tgt),
        mode=mode,
        reciprocal=reciprocal,
        date=date,
        confidence=confidence,
    )


def case(
    gold: list[ScoredEvent],
    system: list[ScoredEvent],
    *,
    split: str = "tune",
    corpus: str = "pres",
    item_id: str = "i1",
) -> ItemCase:
    return ItemCase(item_id, corpus, split, gold, system, fields=("title", "desc", "text"))


# Invented item: "Russian forces shelled Kharkiv and the presidents of the US and Russia spoke."
GOLD = [
    ev("ASSAULT", 15, 22, ("RUS",), ("UKR",), mode="heavy-weapons", date="2022-03-01"),
    ev("CONSULT", 71, 76, ("USA", "RUS"), reciprocal=True, mode="phone", date="2022-03-01"),
]


def test_a_perfect_system_scores_one() -> None:
    system = [
        ev("ASSAULT", 15, 22, ("RUS",), ("UKR",), mode="heavy-weapons", date="2022-03-01"),
        ev("CONSULT", 71, 76, ("USA", "RUS"), mode="phone", date="2022-03-01"),
    ]
    out = score_cases([case(GOLD, system)])
    assert out["type"]["f1"] == out["full"]["f1"] == out["strict"]["full"]["f1"] == 1.0
    assert out["sides"] == {"pairs": 2, "source": 1.0, "target": 1.0, "both": 1.0}
    assert out["modality"]["accuracy"] == out["mode"]["accuracy"] == 1.0
    assert out["date"]["exact"] == out["date"]["same_month"] == 1.0
    assert out["duplicates"] == 0
    assert out["asserted_only"]["full"]["f1"] == 1.0


def test_a_wrong_target_costs_side_accuracy_but_not_type() -> None:
    system = [
        ev("ASSAULT", 15, 22, ("RUS",), ("POL",)),
        ev("CONSULT", 71, 76, ("USA", "RUS")),
    ]
    out = score_cases([case(GOLD, system)])
    assert out["type"]["f1"] == 1.0
    assert out["sides"]["source"] == 1.0
    assert out["sides"]["target"] == 0.5
    assert out["full"]["tp"] == 1
    assert out["full"]["accuracy"] == 0.5


def test_the_reciprocal_rule_pools_the_system_sides() -> None:
    gold = GOLD[1]
    split_sides = ev("CONSULT", 71, 76, ("USA",), ("RUS",))
    one_side = ev("CONSULT", 71, 76, ("USA",))
    other = ev("CONSULT", 71, 76, ("USA",), ("CHN",))
    assert sides_right(gold, split_sides) == (True, True)
    assert sides_right(gold, one_side) == (True, False)
    assert sides_right(gold, other) == (True, False)
    two_russians = ev("CONSULT", 0, 3, ("RUS", "RUS"), reciprocal=True)
    assert sides_right(two_russians, ev("CONSULT", 0, 3, ("RUS",))) == (True, True)


def test_empty_gold_side_is_right_only_when_the_system_side_is_empty() -> None:
    gold = ev("ASSAULT", 0, 7, (), ("UKR",))
    assert sides_right(gold, ev("ASSAULT", 0, 7, (), ("UKR",))) == (True, True)
    assert sides_right(gold, ev("ASSAULT", 0, 7, ("RUS",), ("UKR",))) == (False, True)
    unknown = ScoredEvent("ASSAULT", "asserted", (Trigger("text", 0, 7),), (Side(None, None),))
    assert sides_right(gold, unknown)[0] is True  # unknown actors are dropped


def test_a_duplicate_is_neither_true_nor_false_positive() -> None:
    gold = [ev("ASSAULT", 0, 8, ("RUS",), ("UKR",), field="title", mentions=(("desc", 30, 38),))]
    system = [
        ev("ASSAULT", 0, 8, ("RUS",), ("UKR",), field="title"),
        ev("ASSAULT", 30, 38, ("RUS",), ("UKR",), field="desc"),
        ev("ACCUSE", 30, 38, ("RUS",), field="desc"),
    ]
    m = match_item(gold, system, ("title", "desc"))
    assert m.pairs == [(0, 0)]
    assert m.duplicates == [1]
    assert m.false_positives == [2]
    out = score_cases([case(gold, system)])
    assert out["duplicates"] == 1
    assert out["system_events"] == 2
    assert out["type"]["precision"] == 0.5
    assert out["type"]["recall"] == 1.0


def test_second_stage_matches_same_type_with_both_sides_right() -> None:
    gold = [ev("ASSAULT", 0, 8, ("RUS",), ("UKR",))]
    far_right = ev("ASSAULT", 40, 46, ("RUS",), ("UKR",))
    far_wrong = ev("ASSAULT", 40, 46, ("RUS",), ("POL",))
    assert match_item(gold, [far_right]).pairs == [(0, 0)]
    assert match_item(gold, [far_wrong]).pairs == []


def test_largest_overlap_wins_and_strict_level_needs_equal_identities() -> None:
    gold = [ev("AID", 10, 20, ("POL",), ("UKR",))]
    small = ev("AID", 18, 25, ("POL",), ("UKR",))
    big = ev("AID", 10, 19, ("POL", "LTU"), ("UKR",))
    m = match_item(gold, [small, big])
    assert m.pairs == [(0, 1)]
    assert m.duplicates == [0]
    out = score_cases([case(gold, [small, big])])
    assert out["full"]["f1"] == 1.0
    assert out["strict"]["source"] == 0.0


def test_modality_mode_date_and_asserted_only_view() -> None:
    gold = [
        ev("ASSAULT", 0, 6, ("RUS",), ("UKR",), modality="hypothetical", date="2022"),
        ev("SANCTION", 20, 29, ("EU",), ("RUS",), mode="discontinue", date="2022-02"),
    ]
    system = [
        ev("ASSAULT", 0, 6, ("RUS",), ("UKR",), modality="asserted", date="2022-02-24"),
        ev("SANCTION", 20, 29, ("EU",), ("RUS",), mode="expel", date="2022-02-25"),
    ]
    out = score_cases([case(gold, system)])
    assert out["modality"]["confusion"] == {
        "asserted": {"asserted": 1},
        "hypothetical": {"asserted": 1},
    }
    assert out["full"]["tp"] == 1
    assert out["mode"] == {"n": 1, "accuracy": 0.0}
    assert out["date"] == {"n": 2, "exact": 0.0, "same_month": 1.0}
    view = out["asserted_only"]
    assert view["gold_events"] == 1
    assert view["system_events"] == 2
    assert view["type"]["recall"] == 1.0


def test_split_filter_and_corpus_blocks() -> None:
    cases = [
        case(GOLD[:1], GOLD[:1], split="tune", corpus="ruwa", item_id="a"),
        case(GOLD[1:], [], split="check", corpus="seed", item_id="b"),
    ]
    tune = grouped(cases, "tune", 0.0)
    assert set(tune) == {"tune"}
    assert set(tune["tune"]) == {"all", "ruwa"}
    assert tune["tune"]["all"]["type"]["f1"] == 1.0
    check = grouped(cases, "check", 0.0)
    assert set(check) == {"check"}
    assert check["check"]["all"]["type"]["recall"] == 0.0
    both = grouped(cases, "all", 0.0)
    assert set(both) == {"tune", "check", "all"}
    assert both["all"]["all"]["items"] == 2


def test_min_confidence_adds_a_view_without_the_unsure_events() -> None:
    system = [ev("ASSAULT", 15, 22, ("RUS",), ("UKR",)), ev("AID", 40, 44, confidence=0.2)]
    out = grouped([case(GOLD[:1], system)], "tune", 0.5)["tune"]["all"]
    assert out["type"]["precision"] == 0.5
    assert out["at_min_confidence"]["type"]["precision"] == 1.0
    assert "at_min_confidence" not in grouped([case(GOLD[:1], system)], "tune", 0.0)["tune"]["all"]


def test_gold_side_keys_follow_the_guideline() -> None:
    span = Span(field="text", start=0, end=3)
    assert Actor(span=span, actor_id="DPR", country="UKR", org="DPR", sector="PRE").side_key() == (
        "DPR"
    )
    assert Actor(span=None, country="UKR", sector="REB").side_key() == "UKR:REB"
    assert Actor(span=None, actor_id="putin-vladimir", country="RUS").side_key() == "RUS"
    assert Actor(span=None).side_key() is None
    with pytest.raises(ValueError):
        Event(
            id="e1",
            type="CONSULT",
            modality="asserted",
            trigger=span,
            source=[Actor(span=None, actor_id="RUS", country="RUS")],
            reciprocal=True,
        )


def test_system_side_keys_use_the_actor_base() -> None:
    keys = SideKeys(ActorBase.load())

    def key(actor_id: str, country: str | None, sector: str | None, on: str | None) -> str | None:
        m = Mention("x", 0, 1, ActorRef(actor_id, "x", country, sector), "name", 0, 1)
        return keys.side(m, on).key

    assert key("stoltenberg-jens", None, "IGO", "2022-01-10") == "NATO"
    assert key("DPR", "UKR", "PRE", None) == "DPR"
    assert key("TASS", "RUS", "JRN", None) == "RUS"
    assert key("NATO", None, "IGO", None) == "NATO"
    assert key("petrova-anna", "FIN", "GOV", None) == "FIN"
    assert key("UKR", "UKR", "REB", None) == "UKR:REB"


def test_regions_are_found_again_up_to_white_space() -> None:
    gold_text = "Kyiv asks  for help\nfrom allies."
    normalized = "Some title.\n\nKyiv asks for help\n\nfrom allies."
    where = place(normalized, pieces_of("text", gold_text, 0, len(gold_text)))
    assert where.complete
    start = normalized.index("help")
    assert where.map_span(start, start + 4) == ("text", 15, 19)
    assert gold_text[15:19] == "help"
    lost = place("Nothing alike.", pieces_of("text", gold_text, 0, len(gold_text)))
    assert not lost.complete and len(lost.lost) == 2
    title, desc = "Talks end", "Talks end without a deal."
    covered = place(desc, [*pieces_of("title", title, 0, 9), *pieces_of("desc", desc, 0, 25)])
    assert covered.complete and [p.key for p in covered.covered] == ["title"]


def test_errors_never_go_into_the_repository_nor_list_the_check_half(tmp_path: Path) -> None:
    with pytest.raises(SitroomError, match="E043"):
        check_errors_target(REPO / "errors.jsonl", "tune", False, [REPO])
    with pytest.raises(SitroomError, match="E043"):
        check_errors_target(tmp_path / "e.jsonl", "check", False, [])
    assert check_errors_target(tmp_path / "e.jsonl", "all", False, []) == "tune"
    assert check_errors_target(tmp_path / "e.jsonl", "check", True, []) == "check"


# --------------------------------------------------------------------------- end to end


def _fake_shared(root: Path) -> Path:
    """A shared folder with texts we wrote: two RUWA rows, one release, one seed."""
    corpora = root / "data" / "corpora"
    corpora.mkdir(parents=True)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["", "Unnamed: 0", "src", "desc", "title", "ref", "Date", "Site", "Event", "KW"])
    w.writerow(["0", "0", "https://example.org/a", "Poland sent ammunition to Ukraine.",
                "Poland sends aid to Kyiv.", "", "03/01/2022", "example.org", "", ""])  # fmt: skip
    with zipfile.ZipFile(corpora / "RUWA_01.08.23.csv.zip", "w") as z:
        z.writestr("RUWA_test.csv", buf.getvalue())
    rec = {
        "url": "https://example.org/r",
        "title": "Meeting in Moscow",
        "date": "2022-02-15T10:00:00Z",
        "outlet": "example",
        "text": "President Putin met Chancellor Scholz in Moscow. They talked for hours.",
    }
    (corpora / "presidential_releases_2021-11_2022-03.jsonl").write_text(
        json.dumps(rec) + "\n", encoding="utf-8"
    )
    (root / "seeds").mkdir()
    (root / "seeds" / "000_test.txt").write_text("Nothing happened today.\n", encoding="utf-8")
    return root


def _fake_gold(root: Path) -> Path:
    items = [
        {"item_id": "ruwa-0", "corpus": "ruwa", "doc": "0", "fields": ["title", "desc"],
         "doc_date": "2022-03-01", "split": "tune", "double": False},
        {"item_id": "pres-0-0", "corpus": "pres", "doc": 0, "field": "text", "start": 0,
         "end": 48, "doc_date": "2022-02-15", "split": "check", "double": False},
    ]  # fmt: skip
    pol = {"actor_id": "POL", "country": "POL", "org": None, "sector": None}
    ukr = {"actor_id": "UKR", "country": "UKR", "org": None, "sector": None}
    aid = {
        "id": "e1", "type": "AID", "modality": "asserted",
        "trigger": {"field": "desc", "start": 7, "end": 11},
        "mentions": [{"field": "title", "start": 7, "end": 12}],
        "source": [{"span": {"field": "desc", "start": 0, "end": 6}, **pol}],
        "target": [{"span": {"field": "desc", "start": 26, "end": 33}, **ukr}],
    }  # fmt: skip
    anns = [{"item_id": "ruwa-0", "annotator": "a", "events": [aid]}]
    anns_b = [{"item_id": "pres-0-0", "annotator": "b", "events": []}]
    gold = root / "gold"
    gold.mkdir()
    for name, rows in (("items", items), ("annotations_a", anns), ("annotations_b", anns_b)):
        text = "".join(json.dumps(r) + "\n" for r in rows)
        (gold / f"{name}.jsonl").write_text(text, encoding="utf-8")
    return gold


@pytest.mark.slow
def test_gold_events_end_to_end_on_invented_texts(tmp_path: Path) -> None:
    from sitroom.cli import cli

    shared, gold = _fake_shared(tmp_path / "shared"), _fake_gold(tmp_path)
    errors = tmp_path / "out" / "errors.jsonl"
    args = ["eval", "gold-events", "--gold", str(gold), "--shared", str(shared)]
    result = CliRunner().invoke(cli, [*args, "--errors", str(errors)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["annotators"] == {"a": 1, "b": 1}
    tune = report["splits"]["tune"]["all"]
    assert tune["items"] == 1 and tune["gold_events"] == 1
    assert tune["type"]["recall"] == 1.0
    assert tune["sides"]["both"] == 1.0
    assert report["splits"]["check"]["all"]["gold_events"] == 0
    assert report["seeds_key_events"]["n"] == 0
    assert report["errors_written"]["split"] == "tune"
    refused = CliRunner().invoke(cli, [*args, "--split", "check", "--errors", str(errors)])
    assert refused.exit_code == 3
    assert "E043" in refused.output


def _annotated(gold: Path) -> dict[str, dict[str, Any]]:
    """Item id -> its annotation line, from the first annotator file covering it (in name
    order, ``annotations_c.jsonl`` left out: the double annotation)."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(gold.glob("annotations_*.jsonl")):
        if path.name == "annotations_c.jsonl":
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                out.setdefault(rec["item_id"], rec)
    return out


@pytest.mark.slow
def test_gold_events_on_the_real_gold() -> None:
    gold = REPO / "gold" / "events"
    if not (SHARED / "data" / "corpora").is_dir() or not (SHARED / "seeds").is_dir():
        pytest.skip(f"the shared corpora are not in {SHARED}")
    if not (gold / "items.jsonl").is_file() or not (gold / "annotations_a.jsonl").is_file():
        pytest.skip(f"the event gold is not in {gold}")
    from sitroom.cli import cli

    annotated = _annotated(gold)
    items = [
        json.loads(x) for x in (gold / "items.jsonl").read_text(encoding="utf-8").split("\n") if x
    ]
    args = ["eval", "gold-events", "--gold", str(gold), "--shared", str(SHARED)]
    args += ["--coder", "rules.v3"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert {"tune", "check", "all"} <= set(report["splits"])
    for half in ("tune", "check"):
        ids = [it["item_id"] for it in items if it["split"] == half and it["item_id"] in annotated]
        block = report["splits"][half]["all"]
        assert block["items"] == len(ids)
        assert block["gold_events"] == sum(len(annotated[i]["events"]) for i in ids)
        assert 0.0 <= (block["type"]["f1"] or 0.0) <= 1.0
    _above_the_floors(report)
    keys = (gold / "seeds_key_events.jsonl").read_text(encoding="utf-8").splitlines()
    assert report["seeds_key_events"]["n"] == sum(1 for x in keys if x.strip())
    assert sum(report["annotators"].values()) == len(annotated)


def _above_the_floors(report: dict[str, Any]) -> None:
    """The gate: rules.v3 on each half of the real-news gold scores no lower than its pinned
    floors (tests/eval_baseline_events.json)."""
    baseline = json.loads((REPO / "tests" / "eval_baseline_events.json").read_text("utf-8"))
    floors = baseline["gold_events_rules_v3"]["floor"]
    for half, floor in floors.items():
        block = report["splits"][half]["all"]
        got = {
            "full_f1": block["full"]["f1"],
            "type_f1": block["type"]["f1"],
            "source": block["sides"]["source"],
            "target": block["sides"]["target"],
        }
        low = {k: (got[k], v) for k, v in floor.items() if (got[k] or 0.0) < v}
        assert not low, f"{half} half below its floor (got, floor): {low}"
