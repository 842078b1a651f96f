"""The pipeline's own wiring: store-seeded dates, deferral, skipped empty records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitroom.config import Settings
from sitroom.pipeline import ingest_paths
from sitroom.store.store import Store


def _dated(store: Store) -> dict[str, tuple[str | None, str]]:
    return {Path(a["source_path"]).name: (a["date"], a["date_precision"]) for a in store.articles()}


def test_a_later_run_dates_an_undated_text_from_what_the_store_knows(
    tmp_path: Path, seeds_dir: Path
) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        ingest_paths(store, [next(seeds_dir.glob("000_*"))], Settings())
        ingest_paths(store, [next(seeds_dir.glob("002_*"))], Settings())
        dates = _dated(store)
    (date_002,) = [d for name, d in dates.items() if name.startswith("002_")]
    assert date_002 == ("2022-01-27", "day")


def test_undated_text_first_in_a_run_is_dated_at_the_end(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    # Sorted first, this text only says "Thursday" and "March 3"; the dated wire below gives
    # the year.
    (src / "a_undated.txt").write_text(
        "Talks resume in Antalya\n\nThe two delegations said on Thursday that the talks which"
        " opened on March 3 would resume after a pause for consultations in both capitals.\n",
        encoding="utf-8",
    )
    (src / "b_dated.txt").write_text(
        "Ministers meet in Antalya\n20220310\nhttps://news.example.org/2022/03/10/antalya\n"
        "The foreign ministers of the two countries met in Antalya on Thursday for the first"
        " time since the start of the war, officials said.\n",
        encoding="utf-8",
    )
    with Store(tmp_path / "s.duckdb") as store:
        ingest_paths(store, [src], Settings())
        dates = _dated(store)
    assert dates["a_undated.txt"][0] is not None
    assert dates["a_undated.txt"][0].startswith("2022-03")


def test_records_with_nothing_in_them_are_skipped_not_rejected(tmp_path: Path) -> None:
    src = tmp_path / "feed.jsonl"
    rows = [
        {
            "title": "Envoys meet in Vienna",
            "text": "Envoys met in Vienna on Monday.",
            "date": "2022-01-03",
        },
        {"title": "", "text": "", "date": "2022-01-03"},
    ]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as store:
        report = ingest_paths(store, [src], Settings())
    assert report.added == 1
    assert report.rejected == [] and len(report.skipped) == 1
    assert report.skipped[0].code == "E011"


class _RenamedRules:
    """rules.v1's events under another coder name: a stand-in for a newer coder."""

    name = "test.recode"

    def __init__(self) -> None:
        from sitroom.extract.events.coder import RulesCoder

        self.rules = RulesCoder()

    def code(self, parsed, mentions, quotes):  # type: ignore[no-untyped-def]
        events = self.rules.code(parsed, mentions, quotes)
        for e in events:
            e.coder = self.name
        return events


def _coders(store: Store) -> set[str]:
    return {e["coder"] for e in store.events()}


def test_recode_codes_a_store_again_with_another_coder(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sitroom.extract.events.registry import CoderRegistry, register_coder
    from sitroom.pipeline import process

    fresh = CoderRegistry()  # the process-wide registry stays as it was
    monkeypatch.setattr("sitroom.extract.events.registry.registry", lambda: fresh)
    register_coder("test.recode", _RenamedRules)
    with Store(tmp_path / "s.duckdb") as store:
        ingest_paths(store, sorted(seeds_dir.glob("00[01]_*")), Settings())
        first = process(store, Settings(coder="rules.v1"))
        n_articles, n_events = store.count("articles"), store.count("events")
        assert first.recoded == 0 and n_events > 0
        assert _coders(store) == {"rules.v1"}
        plain = process(store, Settings(coder="test.recode"))  # without --recode: nothing
        assert plain.articles == 0 and _coders(store) == {"rules.v1"}
        again = process(store, Settings(coder="test.recode"), recode=True)
        assert again.recoded == 2 and again.articles == 2
        assert _coders(store) == {"test.recode"}
        assert store.count("articles") == n_articles
        assert store.count("events") == n_events  # the same rules: as many events, not doubled
        assert all(e["provenance"] is not None for e in store.events())
        assert process(store, Settings(coder="test.recode"), recode=True).recoded == 0
        assert store.count("clusters") > 0


def test_a_rules_v1_store_recoded_with_rules_v2(tmp_path: Path, seeds_dir: Path) -> None:
    from sitroom.extract.events.registry import registered_coders
    from sitroom.pipeline import process

    if "rules.v2" not in registered_coders():
        pytest.skip("rules.v2 is not registered on this branch")
    with Store(tmp_path / "s.duckdb") as store:
        ingest_paths(store, sorted(seeds_dir.glob("00[23]_*")), Settings())
        process(store, Settings(coder="rules.v1"))
        n_articles = store.count("articles")
        assert _coders(store) == {"rules.v1"}
        report = process(store, Settings(coder="rules.v2"), recode=True)
        assert report.recoded == n_articles == store.count("articles")
        assert _coders(store) == {"rules.v2"}
        assert all(e["provenance"] for e in store.events())


def test_very_long_texts_are_processed_a_few_at_a_time() -> None:
    from sitroom.pipeline import groups_by_size
    from sitroom.records import Article

    arts = [Article(article_id=str(n), source_path="", text="x" * size)
            for n, size in enumerate([500, 300_000, 300_000, 100, 100, 250_000])]  # fmt: skip
    groups = list(groups_by_size(arts, budget=400_000, max_chars=200_000))
    assert [[a.article_id for a in g] for g in groups] == [["0", "1"], ["2", "3", "4"], ["5"]]
    assert [a for g in groups for a in g] == arts
