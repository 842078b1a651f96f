"""The files of a tagger model folder: the frozen anchor list beside the model, its digest in
``meta.json``, and the packaged list as the fallback of a folder trained before it moved."""

from __future__ import annotations

import importlib
import json
import shutil
from pathlib import Path

import pytest

from sitroom import vocab
from sitroom.errors import SitroomError
from sitroom.extract.quotes.model_folder import (
    ANCHOR_DIGEST_KEY,
    ANCHOR_FILE,
    DEFAULT_MODEL_DIR,
    anchor_digest,
    anchor_lemmas,
    meta,
    write_anchor_lemmas,
)
from sitroom.extract.quotes.tagger import load_model


def _packaged_model(tmp_path: Path) -> Path:
    if not (DEFAULT_MODEL_DIR / "config.cfg").is_file():
        pytest.skip("no packaged quote model")
    folder = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL_DIR, folder)
    return folder


def test_packaged_anchor_list_is_the_one_its_model_records() -> None:
    text = (DEFAULT_MODEL_DIR / ANCHOR_FILE).read_text(encoding="utf-8")
    listed = vocab.parse(text, ANCHOR_FILE)
    assert isinstance(listed, vocab.WordSet)
    assert frozenset(listed.words) == anchor_lemmas()
    for module in listed.used_by:
        importlib.import_module(module)
    recorded = meta(DEFAULT_MODEL_DIR).get(ANCHOR_DIGEST_KEY)
    if recorded is not None:
        assert recorded == anchor_digest()
    assert {"say", "tell", "believe", "accord"} <= anchor_lemmas()


def test_a_folder_reads_its_own_list_else_the_packaged_one(tmp_path: Path) -> None:
    own = tmp_path / "own"
    own.mkdir()
    write_anchor_lemmas(own, ["say", "mumble"])
    assert anchor_lemmas(own) == {"say", "mumble"}
    older = tmp_path / "older"
    older.mkdir()
    assert anchor_lemmas(older) == anchor_lemmas()


def test_a_written_list_round_trips_sorted(tmp_path: Path) -> None:
    path = write_anchor_lemmas(tmp_path, ["warn", "say", "add"])
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["words"] == ["add", "say", "warn"]
    assert anchor_digest(anchor_lemmas(tmp_path)) == anchor_digest({"add", "say", "warn"})


def test_a_broken_anchor_list_is_refused(tmp_path: Path) -> None:
    (tmp_path / ANCHOR_FILE).write_text('{"kind": "word_set", "words": ["say"]}', encoding="utf-8")
    with pytest.raises(SitroomError, match="E024"):
        anchor_lemmas(tmp_path)


def test_an_anchor_list_edited_without_retraining_is_refused(tmp_path: Path) -> None:
    folder = _packaged_model(tmp_path)
    write_anchor_lemmas(folder, anchor_lemmas() | {"mumble"})
    with pytest.raises(SitroomError, match="anchor lemmas"):
        load_model(str(folder))


def test_a_model_trained_with_its_own_list_loads(tmp_path: Path) -> None:
    """A folder whose list and recorded digest agree loads, whatever the packaged list."""
    folder = _packaged_model(tmp_path)
    lemmas = anchor_lemmas() | {"mumble"}
    write_anchor_lemmas(folder, lemmas)
    data = meta(folder) | {ANCHOR_DIGEST_KEY: anchor_digest(lemmas)}
    (folder / "meta.json").write_text(json.dumps(data), encoding="utf-8")
    assert load_model(str(folder)) is not None
