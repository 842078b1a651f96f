"""Calibrated event confidence: a small logistic model of whether a coded event is fully right.

An event is *fully right* when it matches a gold event of ``gold/events`` in type, source,
target and modality (GUIDELINE §8). :func:`features` describes an event by what its coder
recorded: the rule (:class:`~sitroom.records.Provenance`: a noun or verb trigger, a refined
sense, a PETRARCH pattern), the modality, whether each side has an actor and how it was found
(named, pointed to by a pronoun or role noun, a place), whether a political actor takes part,
whether the act is reported speech or sits in a subordinate clause, the sentence's length and
its hedges and negations (``data/vocab/events_confidence_words.json``), and the quad class.

``scripts/calibrate_events.py`` fits the model on the tuning half of the gold for one coder
and writes ``data/events_confidence_<coder>.json`` (weights, and the reliability table of both
halves); :func:`calibrate` then sets each event's confidence to the model's probability. A
coder's confidence changes only where such a file exists, and never for the released names of
:data:`FROZEN` (a registered coder's behaviour never changes).
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sitroom import vocab
from sitroom.errors import E, SitroomError
from sitroom.records import Event, Mention

#: Coders released before calibration: their confidence stays as they compute it.
FROZEN = frozenset({"rules.v1", "hybrid.v1"})

#: The feature names, in the order of a model's weights.
FEATURES = (
    "noun_trigger",
    "refined_sense",
    "petrarch_rule",
    "future",
    "hypothetical",
    "negated",
    "has_source",
    "has_target",
    "source_named",
    "target_named",
    "source_indirect",
    "target_indirect",
    "source_speaker",
    "target_place",
    "agent_side",
    "unresolved_side",
    "political_actor",
    "reported",
    "subordinate",
    "long_sentence",
    "hedged",
    "negation_word",
    "quad_material_conflict",
    "quad_verbal_conflict",
    "quad_material_cooperation",
)


@functools.cache
def _words(group: str) -> frozenset[str]:
    return frozenset(vocab.word_groups("events_confidence_words")[group])


def _hows(ev: Event, side: str) -> tuple[str, ...]:
    prov = ev.provenance
    if prov is None:
        return ()
    return prov.source if side == "source" else prov.target


def _resolved(ms: Sequence[Mention]) -> bool:
    return any(m.actor is not None for m in ms)


def features(ev: Event) -> dict[str, float]:
    """The event's features (0/1, the sentence length in [0, 1]); see the module docstring."""
    prov = ev.provenance
    rule = prov.rule if prov else ""
    kind = prov.clause_kind if prov else ""
    src, tgt = _hows(ev, "source"), _hows(ev, "target")
    named, indirect = _words("named_hows"), _words("indirect_hows")
    words = [w.strip(".,;:!?\"'()").lower() for w in ev.evidence.text.split()]
    sectors = {m.actor.sector for m in (*ev.source, *ev.target) if m.actor}
    f = {
        "noun_trigger": ":noun/" in rule,
        "refined_sense": "+" in rule,
        "petrarch_rule": rule.startswith("petrarch:"),
        "future": ev.modality == "future",
        "hypothetical": ev.modality == "hypothetical",
        "negated": ev.modality == "negated",
        "has_source": _resolved(ev.source),
        "has_target": _resolved(ev.target),
        "source_named": bool(src) and all(h in named for h in src),
        "target_named": bool(tgt) and all(h in named for h in tgt),
        "source_indirect": any(h.removeprefix("speaker:") in indirect for h in src),
        "target_indirect": any(h in indirect for h in tgt),
        "source_speaker": any(h.startswith("speaker:") for h in src),
        "target_place": any(h in _words("place_hows") for h in tgt),
        "agent_side": any(h.startswith("agent") for h in (*src, *tgt)),
        "unresolved_side": any(m.actor is None for m in (*ev.source, *ev.target)),
        "political_actor": bool(sectors & _words("political_sectors")),
        "reported": kind == "reported" or ev.speaker is not None,
        "subordinate": kind not in ("", "main", "reported"),
        "hedged": any(w in _words("hedges") for w in words),
        "negation_word": any(w in _words("negations") for w in words),
        "quad_material_conflict": ev.quad_class == 4,
        "quad_verbal_conflict": ev.quad_class == 3,
        "quad_material_cooperation": ev.quad_class == 2,
    }
    out = {k: float(v) for k, v in f.items()}
    out["long_sentence"] = min(1.0, len(words) / 60)
    return out


# --------------------------------------------------------------------------- the model file


class Bin(BaseModel):
    """One bin of a reliability table: events whose confidence is in ``[lo, hi)``."""

    model_config = ConfigDict(extra="forbid")

    lo: float
    hi: float
    count: int = Field(ge=0)
    right: int = Field(ge=0)
    share_right: float | None
    mean_confidence: float | None


class ConfidenceModel(BaseModel):
    """``data/events_confidence_<coder>.json``: a logistic model over :data:`FEATURES`."""

    model_config = ConfigDict(extra="forbid")

    schema_version: int = 1
    coder: str
    description: str = ""
    features: list[str]
    weights: list[float]
    bias: float
    l2: float = Field(ge=0)
    fitted_on: dict[str, str | int | float]
    reliability: dict[str, list[Bin]]

    def probability(self, ev: Event) -> float:
        """The probability that ``ev`` is fully right."""
        f = features(ev)
        pairs = zip(self.features, self.weights, strict=True)
        z = self.bias + sum(w * f.get(n, 0.0) for n, w in pairs)
        return sigmoid(z)


def sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def model_path(coder: str) -> Path:
    """Where the model of ``coder`` is shipped (it may not exist)."""
    return Path(str(resources.files("sitroom") / "data" / f"events_confidence_{coder}.json"))


def read_model(path: Path) -> ConfidenceModel:
    """A model file, validated (a broken one raises E051)."""
    try:
        model = ConfidenceModel.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, ValidationError) as exc:
        raise SitroomError(E.E051, path=str(path), detail=str(exc).splitlines()[0]) from exc
    if len(model.weights) != len(model.features):
        raise SitroomError(E.E051, path=str(path), detail="one weight per feature is needed")
    return model


@functools.cache
def load_model(coder: str) -> ConfidenceModel | None:
    """The shipped model of ``coder``; None when there is none or the coder is frozen."""
    path = model_path(coder)
    if coder in FROZEN or not path.is_file():
        return None
    return read_model(path)


def calibrate(events: Iterable[Event], coder: str) -> list[Event]:
    """``events`` with their confidence set to the calibrated probability of ``coder``'s
    model (unchanged when there is none)."""
    out = list(events)
    model = load_model(coder)
    if model is not None:
        for ev in out:
            ev.confidence = round(model.probability(ev), 4)
    return out


# --------------------------------------------------------------------------- fitting


def fit(
    samples: Sequence[tuple[dict[str, float], bool]],
    *,
    l2: float = 1.0,
    steps: int = 3000,
    rate: float = 0.5,
) -> tuple[list[float], float]:
    """Weights over :data:`FEATURES` and a bias, by gradient descent on the mean log loss
    plus ``l2 / n`` times the squared weights (the bias is not penalised)."""
    n = len(samples)
    if n == 0:
        return [0.0] * len(FEATURES), 0.0
    xs = [[s.get(name, 0.0) for name in FEATURES] for s, _ in samples]
    ys = [1.0 if y else 0.0 for _, y in samples]
    w, b = [0.0] * len(FEATURES), 0.0
    for _ in range(steps):
        gw, gb = [l2 * wi / n for wi in w], 0.0
        for x, y in zip(xs, ys, strict=True):
            err = sigmoid(b + sum(wi * xi for wi, xi in zip(w, x, strict=True))) - y
            gb += err / n
            for k, xk in enumerate(x):
                if xk:
                    gw[k] += err * xk / n
        w = [wi - rate * g for wi, g in zip(w, gw, strict=True)]
        b -= rate * gb
    return w, b


def reliability(
    scored: Iterable[tuple[float, bool]], edges: Sequence[float] = (0.0, 0.2, 0.4, 0.6, 0.8)
) -> list[Bin]:
    """Bins of confidence (from each edge to the next, the last up to 1): how many events,
    how many fully right, the share right and the mean confidence."""
    pairs = list(scored)
    out = []
    for k, lo in enumerate(edges):
        hi = edges[k + 1] if k + 1 < len(edges) else 1.0
        inside = [(c, y) for c, y in pairs if lo <= c < hi or (hi == 1.0 and c == 1.0)]
        right = sum(y for _, y in inside)
        out.append(
            Bin(
                lo=lo,
                hi=hi,
                count=len(inside),
                right=right,
                share_right=round(right / len(inside), 3) if inside else None,
                mean_confidence=round(sum(c for c, _ in inside) / len(inside), 3)
                if inside
                else None,
            )
        )
    return out
