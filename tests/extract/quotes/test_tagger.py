"""The learned attribution tagger: its config, and the guard against a model trained on other
input features."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sitroom.errors import SitroomError
from sitroom.extract.quotes.model_folder import DEFAULT_MODEL_DIR, anchor_digest, anchor_lemmas
from sitroom.extract.quotes.tagger import load_model, model_config


def test_model_config_reads_context_only_when_asked() -> None:
    assert '"MORPH"' in model_config(64, 3, context=True)
    assert '"MORPH"' not in model_config(64, 3, context=False)


def test_model_trained_on_other_features_is_refused(tmp_path: Path) -> None:
    if not (DEFAULT_MODEL_DIR / "config.cfg").is_file():
        pytest.skip("no packaged quote model")
    folder = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL_DIR, folder)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    meta["sitroom_features"] = 99
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(SitroomError):
        load_model(str(folder))


def test_model_trained_with_other_anchor_lemmas_is_refused(tmp_path: Path) -> None:
    if not (DEFAULT_MODEL_DIR / "config.cfg").is_file():
        pytest.skip("no packaged quote model")
    folder = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL_DIR, folder)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    meta["sitroom_anchor_lemmas"] = anchor_digest(anchor_lemmas() | {"mumble"})
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(SitroomError, match="anchor lemmas"):
        load_model(str(folder))


def test_packaged_model_loads() -> None:
    if not (DEFAULT_MODEL_DIR / "config.cfg").is_file():
        pytest.skip("no packaged quote model")
    nlp = load_model(str(DEFAULT_MODEL_DIR))
    assert set(nlp.get_pipe("ner").labels) == {"SOURCE", "CUE", "CONTENT"}
