"""A learned tagger of attribution spans (source, cue, content), on top of the parse: the
model, its loading and its predictions.

The model is a small spaCy ``ner`` component trained by ``scripts/train_quotes.py`` on the
PolNeAR train split (``make train-quotes``); its weights ship in ``models/quotes`` in spaCy's
own format (no pickle, no training text). It does not parse again: it reads the tokens of a
:class:`ParsedArticle` and, as features besides the words, the parser's tags, entity types,
dependency labels, each token's path to the nearest speech verb above it and, per sentence, its
context (:mod:`sitroom.extract.quotes.features`: how the sentence holds a cue, how far and of
what shape the nearest cue sentences before and after it are, whether it speaks in the first or
second person), which lets a quote run on into sentences with no cue and no marks. So it adds little
to the cost of parsing, and it keeps working when quotation marks were stripped (it was trained
on texts with marks randomly deleted). A model folder records the version of these input
features in its ``meta.json`` and keeps the anchor verbs it was trained with beside it
(:mod:`sitroom.extract.quotes.model_folder`); :func:`load_model` refuses one this code cannot
feed.

Entities are ``SOURCE``, ``CUE`` and ``CONTENT``; each fragment of a discontinuous span is its
own entity. :mod:`sitroom.extract.quotes.linking` links them into attributions and
:mod:`sitroom.extract.quotes.rules` merges those with its own. The model is optional:
without the model files (or with ``SITROOM_QUOTES_MODEL=none``) the rules work alone.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitroom.errors import E, SitroomError
from sitroom.extract.quotes.features import doc_from_parsed, relevant_tokens
from sitroom.extract.quotes.model_folder import (
    ANCHOR_DIGEST_KEY,
    DEFAULT_MODEL_DIR,
    anchor_digest,
    anchor_lemmas,
    features_version,
    meta,
)
from sitroom.records import ParsedArticle

MODEL_ENV = "SITROOM_QUOTES_MODEL"
LABELS = ("SOURCE", "CUE", "CONTENT")

#: The model, as a spaCy config (also used by the training script).
MODEL_CONFIG = """
[nlp]
lang = "en"
pipeline = ["ner"]

[components]

[components.ner]
factory = "ner"
incorrect_spans_key = null
moves = null
scorer = {"@scorers":"spacy.ner_scorer.v1"}
update_with_oracle_cut_size = 100

[components.ner.model]
@architectures = "spacy.TransitionBasedParser.v2"
state_type = "ner"
extra_state_tokens = false
hidden_width = 64
maxout_pieces = 2
use_upper = true
nO = null

[components.ner.model.tok2vec]
@architectures = "spacy.Tok2Vec.v2"

[components.ner.model.tok2vec.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = {width}
attrs = {attrs}
rows = {rows}
include_static_vectors = false

[components.ner.model.tok2vec.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = {width}
depth = {depth}
window_size = 1
maxout_pieces = 3
"""


@dataclass(frozen=True, slots=True)
class SpanGuess:
    """A span the model found: its label, token range ``[ts, te)`` and character range."""

    label: str
    ts: int
    te: int
    start: int
    end: int


#: Token attributes the model embeds, with their hash-table rows. ``MORPH`` carries the
#: sentence-context features of :func:`context_features` (feature version 2).
BASE_ATTRS: tuple[tuple[str, int], ...] = (
    ("NORM", 5000),
    ("PREFIX", 1000),
    ("SUFFIX", 2500),
    ("SHAPE", 2500),
    ("TAG", 1000),
    ("LEMMA", 3000),
)
CONTEXT_ATTR: tuple[str, int] = ("MORPH", 1000)
#: Version of the input features; a model records the one it was trained with in its
#: ``meta.json`` (``sitroom_features``; missing means 1, the features without context).
FEATURES_VERSION = 2


def model_config(
    width: int = 96, depth: int = 4, context: bool = True, drop: Sequence[str] = ()
) -> str:
    """The model's config: ``context`` adds the sentence-context features, ``drop`` leaves
    out some of :data:`BASE_ATTRS`."""
    attrs = tuple(a for a in BASE_ATTRS if a[0] not in drop) + ((CONTEXT_ATTR,) if context else ())
    names = "[" + ", ".join(f'"{a}"' for a, _ in attrs) + "]"
    rows = "[" + ", ".join(str(r) for _, r in attrs) + "]"
    return (
        MODEL_CONFIG.replace("{width}", str(width))
        .replace("{depth}", str(depth))
        .replace("{attrs}", names)
        .replace("{rows}", rows)
    )


# --------------------------------------------------------------------------- model


def model_dir() -> Path | None:
    """The model folder in use: ``SITROOM_QUOTES_MODEL`` (a path, or ``none`` to switch the
    model off), else the packaged one when present."""
    env = os.environ.get(MODEL_ENV, "").strip()
    if env.lower() in ("none", "off", "0"):
        return None
    path = Path(env) if env else DEFAULT_MODEL_DIR
    return path if (path / "config.cfg").is_file() else None


@functools.lru_cache(maxsize=2)
def load_model(path: str) -> Any:
    """The pipeline built from ``path/config.cfg`` with the weights of ``path/ner``."""
    from spacy.util import load_config, load_model_from_config

    try:
        version = features_version(Path(path))
        nlp = load_model_from_config(load_config(Path(path) / "config.cfg"), auto_fill=True)
        ner: Any = nlp.get_pipe("ner")
        ner.from_disk(Path(path) / "ner", exclude=["vocab"])
    except (OSError, ValueError, KeyError) as exc:
        raise SitroomError(E.E024, path=path, detail=str(exc).splitlines()[0]) from exc
    reads_context = reads_context_features(nlp)
    if version not in SUPPORTED_FEATURES or reads_context != (version >= 2):
        detail = f"trained on input features v{version}, this code makes v{FEATURES_VERSION}"
        raise SitroomError(E.E024, path=path, detail=detail)
    listed = anchor_digest(anchor_lemmas(Path(path)))
    if meta(Path(path)).get(ANCHOR_DIGEST_KEY, listed) != listed:
        detail = "trained with another set of anchor lemmas than its anchor_lemmas.json lists"
        raise SitroomError(E.E024, path=path, detail=detail)
    return nlp


def reads_context_features(nlp: Any) -> bool:
    """Whether the model embeds the sentence-context features (``MORPH``)."""
    embed = nlp.config["components"]["ner"]["model"]["tok2vec"]["embed"]
    return CONTEXT_ATTR[0] in embed.get("attrs", [])


#: Feature versions this code can feed: 1 (no context features; the model does not read
#: ``MORPH``, the rest is unchanged) and the current one.
SUPPORTED_FEATURES: frozenset[int] = frozenset({1, FEATURES_VERSION})


def predict_spans(parsed: ParsedArticle) -> list[SpanGuess] | None:
    """The model's spans for ``parsed``, or None when no model is available."""
    return predict_spans_many([parsed])[0]


#: Documents the model reads in one batch (as spaCy's ``nlp.pipe`` does): a batch costs less
#: processor time than its documents one by one, and gives the same spans.
BATCH_SIZE = 16


def predict_spans_many(articles: Sequence[ParsedArticle]) -> list[list[SpanGuess] | None]:
    """:func:`predict_spans` of each article, the model reading them in batches."""
    path = model_dir()
    if path is None:
        return [None for _ in articles]
    anchors = anchor_lemmas(path)  # the verbs this model was trained with
    keeps = [relevant_tokens(p, anchors) if p.tokens else [] for p in articles]
    if not any(keeps):
        return [[] if p.tokens else None for p in articles]
    nlp = load_model(str(path))
    context = reads_context_features(nlp)
    docs = (  # built as the model reads them, a batch at a time
        doc_from_parsed(nlp.vocab, p, keep, context, anchors)
        for p, keep in zip(articles, keeps, strict=True)
        if keep
    )
    tagged = iter(nlp.get_pipe("ner").pipe(docs, batch_size=BATCH_SIZE))
    out: list[list[SpanGuess] | None] = []
    for p, keep in zip(articles, keeps, strict=True):
        if not p.tokens:
            out.append(None)
        else:
            out.append(spans_from_doc(p, next(tagged).ents, keep) if keep else [])
    return out


def spans_from_doc(
    parsed: ParsedArticle, ents: Sequence[Any], keep: Sequence[int] | None = None
) -> list[SpanGuess]:
    """The entities of the model's ``Doc`` as spans of ``parsed`` (``keep`` maps the
    ``Doc``'s tokens back to the article's)."""
    toks = parsed.tokens
    out: list[SpanGuess] = []
    for e in ents:
        a, b = (e.start, e.end) if keep is None else (keep[e.start], keep[e.end - 1] + 1)
        while a < b and not toks[a].text.strip():
            a += 1
        while b > a and not toks[b - 1].text.strip():
            b -= 1
        if b > a:
            out.append(SpanGuess(e.label_, a, b, toks[a].start, toks[b - 1].end))
    return out
