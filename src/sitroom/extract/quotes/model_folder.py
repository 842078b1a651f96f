"""The files of a quote-tagger model folder besides its weights: ``meta.json`` and the frozen
anchor list.

A model folder (the packaged ``models/quotes``, or the one ``SITROOM_QUOTES_MODEL`` names)
holds ``config.cfg``, the weights in ``ner/``, ``meta.json`` and ``anchor_lemmas.json``. The
anchor lemmas (speech, cognition and stance verbs) define some of the model's input features
(:mod:`sitroom.extract.quotes.features`), so they stay beside the model they were trained
with, never among the vocabularies that may change: ``meta.json`` records their digest
(``sitroom_anchor_lemmas``) and a folder whose list does not match it is refused (E024). The
list is a ``word_set`` file in the format of :mod:`sitroom.vocab`. A folder trained before
the list moved here has no ``anchor_lemmas.json``: it was trained with the packaged list,
which it then reads.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from sitroom import vocab
from sitroom.errors import E, SitroomError

#: The model folder shipped with the package.
DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "quotes"
#: The file of a model folder that lists its anchor lemmas.
ANCHOR_FILE = "anchor_lemmas.json"
#: The key of ``meta.json`` that records the digest of the anchor lemmas.
ANCHOR_DIGEST_KEY = "sitroom_anchor_lemmas"

_ANCHOR_DESCRIPTION = (
    "FROZEN. The anchor lemmas of the quote tagger in this folder: its input features (a "
    "token's path to the nearest anchor verb, which sentences the model reads) were computed "
    "with exactly these. meta.json records their digest (sitroom_anchor_lemmas); a model "
    "folder whose list does not match its digest is refused (E024). Change them only with a "
    "retrained model (scripts/train_quotes.py writes this file)."
)


def anchor_lemmas(folder: Path | None = None) -> frozenset[str]:
    """The anchor lemmas of the model in ``folder`` (the packaged model by default); those
    of the packaged model when the folder has no list of its own."""
    path = (folder or DEFAULT_MODEL_DIR) / ANCHOR_FILE
    if not path.is_file():
        path = DEFAULT_MODEL_DIR / ANCHOR_FILE
    return _read_anchor_file(path)


@cache
def _read_anchor_file(path: Path) -> frozenset[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SitroomError(E.E024, path=path.parent, detail=str(exc)) from exc
    try:
        parsed = vocab.parse(text, str(path))
    except SitroomError as exc:
        raise SitroomError(E.E024, path=path.parent, detail=str(exc)) from exc
    if not isinstance(parsed, vocab.WordSet):
        detail = f"{ANCHOR_FILE} is a {type(parsed).__name__}, not a word_set"
        raise SitroomError(E.E024, path=path.parent, detail=detail)
    return frozenset(parsed.words)


def anchor_digest(lemmas: Iterable[str] | None = None) -> str:
    """A short digest of the anchor lemmas (the packaged model's by default), recorded in a
    trained model's ``meta.json``."""
    words = anchor_lemmas() if lemmas is None else lemmas
    return hashlib.sha256("\n".join(sorted(words)).encode("utf-8")).hexdigest()[:16]


def write_anchor_lemmas(folder: Path, lemmas: Iterable[str] | None = None) -> Path:
    """Write the anchor list a model was trained with (the packaged one by default) into its
    folder, sorted, and return the file's path."""
    words = sorted(anchor_lemmas() if lemmas is None else set(lemmas))
    data = {
        "schema_version": 1,
        "kind": "word_set",
        "description": _ANCHOR_DESCRIPTION,
        "used_by": [__name__],
        "words": words,
    }
    path = folder / ANCHOR_FILE
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def meta(folder: Path) -> dict[str, Any]:
    """The ``meta.json`` of a model folder (empty when it has none)."""
    path = folder / "meta.json"
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def features_version(folder: Path) -> int:
    """The input-feature version a model folder was trained with (``meta.json``)."""
    value = meta(folder).get("sitroom_features", 1)
    if not isinstance(value, int):
        raise ValueError(f"sitroom_features in {folder / 'meta.json'} is not a number: {value!r}")
    return value
