"""A learned tagger of attribution spans (source, cue, content), on top of the parse.

The model is a small spaCy ``ner`` component trained by ``scripts/train_quotes.py`` on the
PolNeAR train split (``make train-quotes``); its weights ship in ``models/quotes`` in spaCy's
own format (no pickle, no training text). It does not parse again: it reads the tokens of a
:class:`ParsedArticle` and, as features besides the words, the parser's tags, entity types,
dependency labels and each token's path to the nearest speech verb above it. So it adds little
to the cost of parsing, and it keeps working when quotation marks were stripped (it was trained
on texts with marks randomly deleted).

Entities are ``SOURCE``, ``CUE`` and ``CONTENT``; each fragment of a discontinuous span is its
own entity. :mod:`sitroom.quotes` links them into attributions. The model is optional:
without the model files (or with ``SITROOM_QUOTES_MODEL=none``) the rules work alone.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitroom.errors import E, SitroomError
from sitroom.records import ParsedArticle

MODEL_ENV = "SITROOM_QUOTES_MODEL"
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "models" / "quotes"
LABELS = ("SOURCE", "CUE", "CONTENT")

#: Lemmas whose dependents are likely attributed: speech, cognition and stance verbs.
#: Part of the packaged model's input features (frozen when it was trained): it is kept apart
#: from the rules' cue lists in quotes.py on purpose, and changes only with a retrained model.
ANCHOR_LEMMAS: frozenset[str] = frozenset(
    [
        "say",
        "tell",
        "warn",
        "stress",
        "add",
        "note",
        "insist",
        "deny",
        "accuse",
        "claim",
        "announce",
        "explain",
        "argue",
        "suggest",
        "write",
        "tweet",
        "report",
        "declare",
        "acknowledge",
        "admit",
        "confirm",
        "urge",
        "reply",
        "respond",
        "agree",
        "predict",
        "emphasize",
        "emphasise",
        "state",
        "reiterate",
        "assert",
        "contend",
        "complain",
        "conclude",
        "recall",
        "reveal",
        "indicate",
        "threaten",
        "promise",
        "vow",
        "pledge",
        "allege",
        "maintain",
        "concede",
        "caution",
        "observe",
        "remark",
        "comment",
        "testify",
        "signal",
        "hint",
        "demand",
        "propose",
        "ask",
        "charge",
        "point",
        "call",
        "estimate",
        "recommend",
        "disclose",
        "inform",
        "assure",
        "mention",
        "believe",
        "expect",
        "fear",
        "doubt",
        "consider",
        "think",
        "know",
        "want",
        "hope",
        "feel",
        "see",
        "show",
        "find",
        "criticize",
        "criticise",
        "condemn",
        "blast",
        "slam",
        "attack",
        "praise",
        "defend",
        "blame",
        "cite",
        "endorse",
        "describe",
        "question",
        "reject",
        "support",
        "oppose",
        "back",
        "accord",
        "like",
        "plan",
        "seek",
        "vote",
        "question",
        "attribute",
    ]
)
#: Entity types of the parser worth telling the model about (likely sources).
ENT_FEATURES: frozenset[str] = frozenset({"PERSON", "ORG", "NORP", "GPE"})
MAX_HOPS = 12

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
attrs = ["NORM", "PREFIX", "SUFFIX", "SHAPE", "TAG", "LEMMA"]
rows = [5000, 1000, 2500, 2500, 1000, 3000]
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


def model_config(width: int = 96, depth: int = 4) -> str:
    return MODEL_CONFIG.replace("{width}", str(width)).replace("{depth}", str(depth))


# --------------------------------------------------------------------------- features


def _anchor_features(parsed: ParsedArticle, idx: Iterable[int]) -> list[str]:
    """Per token: its dependency label and the label by which its branch hangs from the
    nearest anchor verb above it (``ccomp`` for words of a reported clause, ``nsubj`` for the
    speaker's words), or ``CUE`` for an anchor itself."""
    toks = parsed.tokens
    anchor = [t.lemma.lower() in ANCHOR_LEMMAS and t.pos in ("VERB", "AUX") for t in toks]
    out: list[str] = []
    for t in (toks[k] for k in idx):
        if anchor[t.i]:
            out.append(f"{t.dep}|CUE")
            continue
        cur, rel = t, "-"
        for _ in range(MAX_HOPS):
            if cur.head == cur.i:
                break
            if anchor[cur.head]:
                rel = cur.dep
                break
            cur = toks[cur.head]
        out.append(f"{t.dep}|{rel}")
    return out


def _tag_features(parsed: ParsedArticle, idx: Iterable[int]) -> list[str]:
    toks = parsed.tokens
    return [
        f"{toks[k].tag}|{toks[k].ent_type}" if toks[k].ent_type in ENT_FEATURES else toks[k].tag
        for k in idx
    ]


def doc_from_parsed(vocab: Any, parsed: ParsedArticle, keep: Sequence[int] | None = None) -> Any:
    """A spaCy ``Doc`` over the parsed tokens (those of ``keep`` only, if given), with the
    features the model reads.

    No sentence boundaries are set: contents run across the parser's sentences.
    """
    from spacy.tokens import Doc

    idx = range(len(parsed.tokens)) if keep is None else keep
    toks = parsed.tokens
    return Doc(
        vocab,
        words=[toks[k].text for k in idx],
        spaces=[bool(toks[k].ws) for k in idx],
        tags=_tag_features(parsed, idx),
        lemmas=_anchor_features(parsed, idx),
    )


#: Words that make a paragraph worth reading for attributions, besides the anchor verbs.
TRIGGER_WORDS: frozenset[str] = frozenset(["according", ":", "?", "!"])


def relevant_tokens(parsed: ParsedArticle) -> list[int]:
    """Tokens of the sentences that can hold an attribution: those with an anchor verb, a
    quotation mark, ``according``, a colon or a question, and the sentences next to them (a
    content runs on or precedes its speaker). The model reads only these, which keeps it
    cheap on long speeches."""
    hot = [
        any(_trigger(parsed, t) for t in parsed.sentence_tokens(sent)) for sent in parsed.sentences
    ]
    n = len(hot)
    keep: list[int] = []
    for k, sent in enumerate(parsed.sentences):
        if any(hot[j] for j in range(max(0, k - 1), min(n, k + 2))):
            keep.extend(range(sent.token_start, sent.token_end))
    return keep


#: Pronouns whose verbs do not make a sentence worth reading ("I think", "we want").
SELF_SUBJECTS: frozenset[str] = frozenset(["i", "we", "you"])


def _trigger(parsed: ParsedArticle, t: Any) -> bool:
    if t.pos in ("VERB", "AUX") and t.lemma.lower() in ANCHOR_LEMMAS:
        return not any(
            parsed.tokens[c].dep == "nsubj" and parsed.tokens[c].text.lower() in SELF_SUBJECTS
            for c in parsed.children(t.i)
        )
    return t.text.lower() in TRIGGER_WORDS or any(
        ch in t.text for ch in '"\u201c\u201d\u00ab\u00bb'
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
        nlp = load_model_from_config(load_config(Path(path) / "config.cfg"), auto_fill=True)
        ner: Any = nlp.get_pipe("ner")
        ner.from_disk(Path(path) / "ner", exclude=["vocab"])
    except (OSError, ValueError, KeyError) as exc:
        raise SitroomError(E.E024, path=path, detail=str(exc).splitlines()[0]) from exc
    return nlp


def predict_spans(parsed: ParsedArticle) -> list[SpanGuess] | None:
    """The model's spans for ``parsed``, or None when no model is available."""
    path = model_dir()
    if path is None or not parsed.tokens:
        return None
    keep = relevant_tokens(parsed)
    if not keep:
        return []
    nlp = load_model(str(path))
    doc = nlp.get_pipe("ner")(doc_from_parsed(nlp.vocab, parsed, keep))
    return spans_from_doc(parsed, doc.ents, keep)


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


# --------------------------------------------------------------------------- linking

#: Most content words allowed between a content and its cue, or a source and its cue.
MAX_GAP = 8
SENTENCE_COST = 1


@dataclass(frozen=True, slots=True)
class Linked:
    """An attribution put together from the model's spans."""

    cue: SpanGuess
    source: SpanGuess | None
    contents: tuple[SpanGuess, ...]


class _Gaps:
    """Prefix sums over the tokens, so that the cost of any gap is found in constant time."""

    def __init__(
        self, parsed: ParsedArticle, skip: Sequence[SpanGuess], block: Sequence[SpanGuess]
    ):
        n = len(parsed.tokens)
        skipped = [False] * n
        blocked = [False] * n
        for g in skip:
            skipped[g.ts : g.te] = [True] * (g.te - g.ts)
        for g in block:
            blocked[g.ts : g.te] = [True] * (g.te - g.ts)
        self.cost = [0] * (n + 1)
        self.wall = [0] * (n + 1)
        for k, t in enumerate(parsed.tokens):
            step = SENTENCE_COST if t.text in (".", ";") else 0
            if t.pos not in ("PUNCT", "SPACE") and not skipped[k]:
                step += 1
            self.cost[k + 1] = self.cost[k] + step
            self.wall[k + 1] = self.wall[k] + (blocked[k] or "\n" in t.text)

    def between(self, lo: int, hi: int) -> int | None:
        """Cost of the tokens ``[lo, hi)``; None when a wall lies between."""
        if self.wall[hi] - self.wall[lo]:
            return None
        return self.cost[hi] - self.cost[lo]


def _nearest(span: SpanGuess, others: Sequence[SpanGuess], gaps: _Gaps) -> SpanGuess | None:
    """The span of ``others`` reachable from ``span`` over the cheapest gap."""
    best: tuple[int, int, SpanGuess] | None = None
    for o in others:
        lo, hi = (span.te, o.ts) if o.ts >= span.te else (o.te, span.ts)
        if hi < lo or hi - lo > 4 * MAX_GAP + 8:
            continue
        cost = gaps.between(lo, hi)
        if cost is None or cost > MAX_GAP:
            continue
        if best is None or (cost, hi - lo) < best[:2]:
            best = (cost, hi - lo, o)
    return best[2] if best else None


def _chain(contents: Sequence[SpanGuess], owner: dict[int, SpanGuess], gaps: _Gaps) -> None:
    """A content with no cue in reach joins the content right next to it (nothing but
    punctuation between, same paragraph) when that one's speaker lies beyond it: sentences
    of one unmarked quote before "..., Putin said." or after "Putin said: ..."."""
    order = sorted(range(len(contents)), key=lambda n: contents[n].ts)
    for _ in range(2):
        for pos, n in enumerate(order):
            if n in owner:
                continue
            for m in (order[pos + 1],) if pos + 1 < len(order) else ():
                a, b = contents[n], contents[m]
                if m in owner and owner[m].ts >= b.te and gaps.between(a.te, b.ts) == 0:
                    owner[n] = owner[m]
            for m in (order[pos - 1],) if pos else ():
                a, b = contents[m], contents[n]
                if m in owner and owner[m].te <= a.ts and gaps.between(a.te, b.ts) == 0:
                    owner[n] = owner[m]


def link_spans(parsed: ParsedArticle, guesses: Sequence[SpanGuess]) -> list[Linked]:
    """Attributions from the model's spans: each content goes to the cue reachable over the
    fewest words (sources and punctuation are free, another content blocks the way), and
    each cue takes the nearest source; the contents of one cue form one attribution."""
    cues = [g for g in guesses if g.label == "CUE"]
    sources = [g for g in guesses if g.label == "SOURCE"]
    contents = [g for g in guesses if g.label == "CONTENT"]
    by_cue: dict[SpanGuess, list[SpanGuess]] = {c: [] for c in cues}
    content_gaps = _Gaps(parsed, sources, contents)  # a content's own tokens lie outside gaps
    owner: dict[int, SpanGuess] = {}
    for n, k in enumerate(contents):
        cue = _nearest(k, cues, content_gaps)
        if cue is not None:
            owner[n] = cue
    _chain(contents, owner, _Gaps(parsed, [], []))
    for n, cue in owner.items():
        by_cue[cue].append(contents[n])
    source_gaps = _Gaps(parsed, [], contents)
    out: list[Linked] = []
    for cue in cues:
        src = _nearest(cue, sources, source_gaps)
        out.append(Linked(cue, src, tuple(sorted(by_cue[cue], key=lambda g: g.ts))))
    return out
