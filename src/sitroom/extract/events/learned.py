"""A learned sentence classifier for the quad class, and the ``hybrid.v1`` coder that uses it.

The model is a linear classifier over TF-IDF features: word uni/bi-grams and lemmas; from the
dependency parse, the root verb with its object, particle, prepositions, negation and modals,
and for reported speech ("X said that ...") the same for the reported verb; and what the rules
coder found (PLOVER type, mode, modality, quad class, trigger word). Character n-grams were
dropped: under grouped cross-validation (``scripts/quad_cv.py``) they cost about 4 points of
macro-F1 by crowding the normalised vector. It is trained by
``scripts/train_quad.py`` from the ConfliBERT-style file in ``../shared`` (``make quad-model``)
and stored as plain JSON (vocabulary, idf, weights: no pickle), so inference needs neither
scikit-learn nor the training data. Classes: 0 statement / appeal (CAMEO 01-02), 1 verbal
cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.

``hybrid.v1`` codes events exactly as ``rules.v1`` and then, per sentence, asks the classifier:
events whose quad class agrees with a confident prediction come first, the others lose
confidence. Its :meth:`HybridCoder.sentence_quad` gives the sentence's quad class (0-4), used by
the evaluation. Without a model file the registry still lists it; using it raises E023.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from sitroom import vocab
from sitroom.errors import E, SitroomError
from sitroom.records import Event, Mention, ParsedArticle, Quote, Sentence

CODER_NAME = "hybrid.v1"
MODEL_ENV = "SITROOM_QUAD_MODEL"
DEFAULT_MODEL = Path(__file__).resolve().parents[2] / "models" / "quad_v1.json"
CONFIDENT = 0.5

_WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")


class QuadModelFile(BaseModel):
    """The JSON form of a trained model."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    labels: list[int]
    vocabulary: dict[str, int]
    idf: list[float]
    coef: list[list[float]]
    intercept: list[float]
    trained_on: str
    cv_macro_f1: float | None = None


def features(text: str, lemmas: Iterable[str] = (), rule_types: Iterable[str] = ()) -> list[str]:
    """The feature strings of a sentence (shared by training and inference)."""
    words = _WORD.findall(text.lower())
    feats = [f"w:{w}" for w in words]
    feats.extend(f"b:{a}_{b}" for a, b in itertools.pairwise(words))
    feats.extend(f"l:{lem.lower()}" for lem in lemmas if lem.strip())
    types = sorted(set(rule_types))
    feats.extend(f"t:{t}" for t in types)
    feats.append(f"n:{min(len(types), 3)}")
    return feats


class QuadClassifier:
    """Sublinear TF-IDF, L2-normalised, times the weights; softmax over the classes."""

    def __init__(self, model: QuadModelFile) -> None:
        self.model = model

    @classmethod
    def load(cls, path: str | Path | None = None) -> QuadClassifier:
        return _load(str(path or model_path()))

    def proba(self, feats: Sequence[str]) -> list[float]:
        m = self.model
        counts = Counter(m.vocabulary[f] for f in feats if f in m.vocabulary)
        vec = {j: (1.0 + math.log(c)) * m.idf[j] for j, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        scores = [
            b + sum(row[j] * v for j, v in vec.items()) / norm
            for row, b in zip(m.coef, m.intercept, strict=True)
        ]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]

    def predict(self, feats: Sequence[str]) -> tuple[int, float]:
        probs = self.proba(feats)
        k = max(range(len(probs)), key=probs.__getitem__)
        return self.model.labels[k], probs[k]


def model_path() -> Path:
    """Where the quad model is read from: ``$SITROOM_QUAD_MODEL`` or the package's models."""
    return Path(os.environ.get(MODEL_ENV) or DEFAULT_MODEL)


def model_built() -> bool:
    """True when the quad model file exists (``make quad-model`` builds it)."""
    return model_path().is_file()


@functools.lru_cache(maxsize=4)
def _load(path: str) -> QuadClassifier:
    file = Path(path)
    if not file.is_file():
        raise SitroomError(E.E023, path=path)
    try:
        model = QuadModelFile.model_validate(json.loads(file.read_text(encoding="utf-8")))
    except (ValueError, OSError) as exc:
        raise SitroomError(E.E023, path=f"{path} ({exc})") from exc
    return QuadClassifier(model)


@functools.cache
def speech_verbs() -> frozenset[str]:
    """Lemmas of the speech verbs whose clause the features read as reported speech."""
    return vocab.word_set("events_learned_speech_verbs")


@functools.cache
def modals() -> frozenset[str]:
    """The modal auxiliaries recorded as features ("md:will")."""
    return vocab.word_set("events_learned_modals")


@functools.cache
def negations() -> frozenset[str]:
    """Words that mark a clause as negated (besides the "neg" dependency)."""
    return vocab.word_set("events_learned_negations")


_OBJECT_DEPS = frozenset(("dobj", "obj", "attr", "oprd", "xcomp", "ccomp", "pobj", "dative"))
_VERBAL = frozenset(("VERB", "AUX"))


def _lemma(parsed: ParsedArticle, i: int) -> str:
    return parsed.tokens[i].lemma.lower()


def _clause_features(parsed: ParsedArticle, head: int, tag: str) -> list[str]:
    """Lemma, object, negation, modals and particle of the clause headed by ``head``."""
    lem = _lemma(parsed, head)
    feats = [f"{tag}:{lem}"]
    for c in parsed.children(head):
        tok = parsed.tokens[c]
        low = tok.lemma.lower()
        if tok.dep == "neg" or (low in negations() and tok.dep in ("neg", "det", "advmod")):
            feats.append(f"{tag}neg:{lem}")
            feats.append("neg")
        elif tok.dep in ("aux", "auxpass") and low in modals():
            feats.append(f"md:{low}")
        elif tok.dep == "prt":
            feats.append(f"{tag}:{lem}_{low}")
        elif tok.dep in _OBJECT_DEPS and tok.pos in ("NOUN", "PROPN", "VERB", "PRON"):
            obj = "ENT" if tok.pos == "PROPN" else low
            feats.append(f"{tag}o:{lem}_{obj}")
        elif tok.dep == "prep":
            feats.append(f"{tag}p:{lem}_{low}")
    return feats


def syntax_features(parsed: ParsedArticle, sent: Sentence) -> list[str]:
    """Root verb and its object, negation, modals, reported speech and the reported verb."""
    feats: list[str] = []
    for i in range(sent.token_start, sent.token_end):
        tok = parsed.tokens[i]
        if tok.head != i:
            continue
        feats.extend(_clause_features(parsed, i, "r"))
        if tok.lemma.lower() not in speech_verbs():
            continue
        for c in parsed.children(i):
            if parsed.tokens[c].dep in ("ccomp", "xcomp") and parsed.tokens[c].pos in _VERBAL:
                feats.append("speech")
                feats.extend(_clause_features(parsed, c, "s"))
    return feats


def event_features(events: Iterable[Event]) -> list[str]:
    """What the rules coder found: type, mode, modality, quad class, trigger word."""
    feats: list[str] = []
    for e in events:
        feats.append(f"e:{e.type}:{e.modality}")
        feats.append(f"q:{e.quad_class}:{e.modality}")
        if e.mode:
            feats.append(f"m:{e.type}:{e.mode}")
        trigger = _WORD.findall(e.evidence.trigger.text.lower())
        if trigger:
            feats.append(f"g:{trigger[-1]}:{e.type}")
    return feats


def sentence_features(parsed: ParsedArticle, index: int, events: Sequence[Event]) -> list[str]:
    """Features of sentence ``index`` of ``parsed`` with the events coded in it."""
    sent = parsed.sentences[index]
    lemmas = [t.lemma for t in parsed.tokens[sent.token_start : sent.token_end]]
    mine = [e for e in events if sent.start <= e.evidence.trigger.start < sent.end]
    feats = features(parsed.text[sent.start : sent.end], lemmas, [e.type for e in mine])
    feats.extend(syntax_features(parsed, sent))
    feats.extend(event_features(mine))
    return feats


def text_features(parsed: ParsedArticle, events: Sequence[Event]) -> list[str]:
    """Features of a whole (short) text: those of all its sentences."""
    feats: list[str] = []
    for sent in parsed.sentences:
        feats.extend(sentence_features(parsed, sent.index, events))
    return feats


class HybridCoder:
    """``rules.v1`` events, ranked and checked by the learned quad classifier."""

    name = CODER_NAME

    def __init__(self, model_path: str | Path | None = None) -> None:
        from sitroom.extract.events.coder import RulesCoder

        self.rules = RulesCoder()
        self.classifier = QuadClassifier.load(model_path)

    def code(
        self, parsed: ParsedArticle, mentions: Sequence[Mention], quotes: Sequence[Quote]
    ) -> list[Event]:
        events = self.rules.code(parsed, mentions, quotes)
        out: list[Event] = []
        for sent in parsed.sentences:
            mine = [e for e in events if sent.start <= e.evidence.trigger.start < sent.end]
            if not mine:
                continue
            quad, prob = self.classifier.predict(sentence_features(parsed, sent.index, mine))
            out.extend(_rank(mine, quad, prob))
        for e in out:
            e.coder = CODER_NAME
        return out

    def sentence_quad(self, parsed: ParsedArticle, events: Sequence[Event]) -> int:
        """The quad class (0 statement, 1-4) of a one-sentence text, from all its sentences."""
        return self.classifier.predict(text_features(parsed, events))[0]


def _rank(events: list[Event], quad: int, prob: float) -> list[Event]:
    if prob < CONFIDENT:
        return events
    agree = [e for e in events if e.quad_class == quad]
    other = [e for e in events if e.quad_class != quad]
    for e in other:
        e.confidence = round(max(0.05, e.confidence * (1.0 - prob / 2)), 3)
    return agree + other
