"""A learned tagger of attribution spans (source, cue, content), on top of the parse.

The model is a small spaCy ``ner`` component trained by ``scripts/train_quotes.py`` on the
PolNeAR train split (``make train-quotes``); its weights ship in ``models/quotes`` in spaCy's
own format (no pickle, no training text). It does not parse again: it reads the tokens of a
:class:`ParsedArticle` and, as features besides the words, the parser's tags, entity types,
dependency labels, each token's path to the nearest speech verb above it and, per sentence, its
context (:func:`context_features`: how the sentence holds a cue, how far and of what shape the
nearest cue sentences before and after it are, whether it speaks in the first or second
person), which lets a quote run on into sentences with no cue and no marks. So it adds little
to the cost of parsing, and it keeps working when quotation marks were stripped (it was trained
on texts with marks randomly deleted). A model folder records the version of these input
features in its ``meta.json``; :func:`load_model` refuses one this code cannot feed.

Entities are ``SOURCE``, ``CUE`` and ``CONTENT``; each fragment of a discontinuous span is its
own entity. :mod:`sitroom.extract.quotes.rules` links them into attributions. The model is optional:
without the model files (or with ``SITROOM_QUOTES_MODEL=none``) the rules work alone.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitroom.errors import E, SitroomError
from sitroom.records import ParsedArticle

MODEL_ENV = "SITROOM_QUOTES_MODEL"
DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "quotes"
LABELS = ("SOURCE", "CUE", "CONTENT")

#: Verbs that introduce reported speech, shared by the rules' cues
#: (:mod:`sitroom.extract.quotes.rules`) and the tagger's input features below.
SPEECH_VERBS: frozenset[str] = frozenset(
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
    ]
)

#: Lemmas whose dependents are likely attributed: the speech verbs, cognition and stance verbs.
#: An input feature of the packaged model: a model records the digest of the set it was trained
#: with (:func:`anchor_digest`), and one trained with another set is refused (E024), so a change
#: to :data:`SPEECH_VERBS` needs a retrained model.
ANCHOR_LEMMAS: frozenset[str] = SPEECH_VERBS | frozenset(
    [
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


def doc_from_parsed(
    vocab: Any, parsed: ParsedArticle, keep: Sequence[int] | None = None, context: bool = True
) -> Any:
    """A spaCy ``Doc`` over the parsed tokens (those of ``keep`` only, if given), with the
    features the model reads. The sentence-context features (only with ``context``; a model
    of feature version 1 does not read them) are computed over the whole article, as in
    training, before the tokens outside ``keep`` are dropped.

    No sentence boundaries are set: contents run across the parser's sentences.
    """
    from spacy.tokens import Doc

    toks = parsed.tokens
    everything = range(len(toks))
    words = [t.text for t in toks]
    spaces = [bool(t.ws) for t in toks]
    idx = everything if keep is None else keep
    rels = _anchor_features(parsed, everything if context else idx)
    if not context:
        return Doc(
            vocab,
            words=[words[k] for k in idx],
            spaces=[spaces[k] for k in idx],
            tags=_tag_features(parsed, idx),
            lemmas=rels,
        )
    feats = context_features(words, spaces, rels)
    return Doc(
        vocab,
        words=[words[k] for k in idx],
        spaces=[spaces[k] for k in idx],
        tags=_tag_features(parsed, idx),
        lemmas=[rels[k] for k in idx],
        morphs=[feats[k] for k in idx],
    )


# --------------------------------------------------------------------------- context

#: Tokens that end a sentence, for the context features (computed from the words alone, so
#: that the training script can recompute them on its stored documents).
SENTENCE_END_WORDS: frozenset[str] = frozenset([".", "?", "!"])
#: Closing marks that stay with the sentence they follow when glued to its final stop.
TRAILING_MARKS = frozenset(['"', "\u201d", "\u2019", "'", ")", "\u00bb"])
#: Words of the first and second person: in news prose they are mostly someone's words.
PERSONAL_WORDS: frozenset[str] = frozenset(
    ["i", "we", "me", "us", "my", "our", "ours", "myself", "ourselves", "you", "your", "yours"]
)
#: Words around a cue that make it "short" on that side (speaker and cue only).
SHORT_SIDE = 4
#: Sentences looked through, backwards and forwards, for the nearest cue sentence.
LOOK_BACK = 3
LOOK_AHEAD = 2


def sentence_ids(words: Sequence[str], spaces: Sequence[bool]) -> list[int]:
    """A sentence number per token, from the words alone: a sentence ends after ``.``,
    ``?`` or ``!`` (with the closing marks glued to it) and at a line break."""
    out: list[int] = []
    sent, pending = 0, False
    for k, w in enumerate(words):
        if not w.strip():
            out.append(sent)
            pending = pending or "\n" in w
            continue
        glued = k > 0 and not spaces[k - 1] and w in TRAILING_MARKS
        if pending and not glued:
            sent, pending = sent + 1, False
        out.append(sent)
        if w in SENTENCE_END_WORDS:
            pending = True
    return out


def _cue_shape(words: Sequence[str], rels: Sequence[str], members: Sequence[int]) -> str:
    """How a sentence holds its cue: ``I`` initial ("Putin said that ..."), ``F`` final
    ("..., Putin said."), ``M`` in the middle, ``N`` no cue."""
    if not any(rels[k].endswith("|CUE") for k in members):
        return "N"
    real = [k for k in members if any(map(str.isalnum, words[k]))]
    cues = [n for n, k in enumerate(real) if rels[k].endswith("|CUE")]
    before, after = cues[0], len(real) - cues[-1] - 1
    if after <= SHORT_SIDE and before > after:
        return "F"
    return "I" if before <= SHORT_SIDE else "M"


def context_features(
    words: Sequence[str], spaces: Sequence[bool], rels: Sequence[str]
) -> list[str]:
    """Per token, features of its sentence as a morphology string: how the sentence holds
    a cue (``Cue``), the distance and shape of the nearest cue sentence before (``Prev``)
    and after (``Next``) it, and whether it speaks in the first or second person
    (``Pers``). They let the model carry a quote on past "..., he said." into sentences
    that have no cue and, with the marks stripped, no quotation marks either."""
    sids = sentence_ids(words, spaces)
    n_sent = (sids[-1] + 1) if sids else 0
    members: list[list[int]] = [[] for _ in range(n_sent)]
    for k, s in enumerate(sids):
        members[s].append(k)
    shape = [_cue_shape(words, rels, m) for m in members]
    personal = [False] * n_sent
    for k, w in enumerate(words):
        if len(w) < 10 and w.lower() in PERSONAL_WORDS and w != "US":
            personal[sids[k]] = True
    feats: list[str] = []
    for s in range(n_sent):
        prev = next(
            (
                f"{d}{shape[s - d]}"
                for d in range(1, LOOK_BACK + 1)
                if s - d >= 0 and shape[s - d] != "N"
            ),
            "No",
        )
        nxt = next(
            (
                f"{d}{'F' if shape[s + d] == 'F' else 'X'}"
                for d in range(1, LOOK_AHEAD + 1)
                if s + d < n_sent and shape[s + d] != "N"
            ),
            "No",
        )
        pers = "Yes" if personal[s] else "No"
        feats.append(f"Cue={shape[s]}|Next={nxt}|Pers={pers}|Prev={prev}")
    return [feats[s] for s in sids]


#: Sentences read on either side of one that can hold an attribution.
NEIGHBOUR_SENTENCES = 1
#: The same in a text with no quotation marks at all: two sentences read more of the quotes
#: that run on with no marks (content F1 on PolNeAR dev stripped of its marks 43.1 -> 44.1)
#: for about 12% more tokens on mark-free texts only (the quote stage adds 11% to a stored
#: run of the presidential releases, within the 15% budget).
UNMARKED_NEIGHBOUR_SENTENCES = 2
#: Words that make a paragraph worth reading for attributions, besides the anchor verbs.
TRIGGER_WORDS: frozenset[str] = frozenset(["according", ":", "?", "!"])


def relevant_tokens(parsed: ParsedArticle) -> list[int]:
    """Tokens of the sentences that can hold an attribution: those with an anchor verb, a
    quotation mark, ``according``, a colon or a question, and the sentences next to them (a
    content runs on or precedes its speaker; in a text with no quotation marks at all, two
    sentences on either side, as nothing marks the sentences of a quote there). The model
    reads only these, which keeps it cheap on long speeches."""
    toks = parsed.tokens
    hit = [_trigger(parsed, t) for t in toks]
    hot = [any(hit[sent.token_start : sent.token_end]) for sent in parsed.sentences]
    marked = any(ch in parsed.text for ch in QUOTE_MARKS)
    n, reach = len(hot), NEIGHBOUR_SENTENCES if marked else UNMARKED_NEIGHBOUR_SENTENCES
    keep: list[int] = []
    for k, sent in enumerate(parsed.sentences):
        if any(hot[max(0, k - reach) : min(n, k + reach + 1)]):
            keep.extend(range(sent.token_start, sent.token_end))
    return keep


#: Pronouns whose verbs do not make a sentence worth reading ("I think", "we want").
SELF_SUBJECTS: frozenset[str] = frozenset(["i", "we", "you"])
#: Quotation marks that make a sentence worth reading.
QUOTE_MARKS = '"\u201c\u201d\u00ab\u00bb'
_VERBAL = frozenset(["VERB", "AUX"])


def _trigger(parsed: ParsedArticle, t: Any) -> bool:
    if t.pos in _VERBAL and t.lemma.lower() in ANCHOR_LEMMAS:
        return not any(
            parsed.tokens[c].dep == "nsubj" and parsed.tokens[c].text.lower() in SELF_SUBJECTS
            for c in parsed.children(t.i)
        )
    text: str = t.text
    return text.lower() in TRIGGER_WORDS or not _QUOTE_SET.isdisjoint(text)


_QUOTE_SET = frozenset(QUOTE_MARKS)


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
    trained_on = _meta(Path(path)).get("sitroom_anchor_lemmas", anchor_digest())
    if trained_on != anchor_digest():
        detail = "trained with another set of anchor lemmas (quotes_model.ANCHOR_LEMMAS)"
        raise SitroomError(E.E024, path=path, detail=detail)
    return nlp


def anchor_digest(lemmas: Iterable[str] = ANCHOR_LEMMAS) -> str:
    """A short digest of the anchor lemmas, recorded in a trained model's ``meta.json``."""
    return hashlib.sha256("\n".join(sorted(lemmas)).encode("utf-8")).hexdigest()[:16]


def _meta(path: Path) -> dict[str, Any]:
    meta = path / "meta.json"
    if not meta.is_file():
        return {}
    data = json.loads(meta.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def reads_context_features(nlp: Any) -> bool:
    """Whether the model embeds the sentence-context features (``MORPH``)."""
    embed = nlp.config["components"]["ner"]["model"]["tok2vec"]["embed"]
    return CONTEXT_ATTR[0] in embed.get("attrs", [])


#: Feature versions this code can feed: 1 (no context features; the model does not read
#: ``MORPH``, the rest is unchanged) and the current one.
SUPPORTED_FEATURES: frozenset[int] = frozenset({1, FEATURES_VERSION})


def features_version(path: Path) -> int:
    """The input-feature version a model folder was trained with (``meta.json``)."""
    value = _meta(path).get("sitroom_features", 1)
    if not isinstance(value, int):
        raise ValueError(f"sitroom_features in {path / 'meta.json'} is not a number: {value!r}")
    return value


def predict_spans(parsed: ParsedArticle) -> list[SpanGuess] | None:
    """The model's spans for ``parsed``, or None when no model is available."""
    path = model_dir()
    if path is None or not parsed.tokens:
        return None
    keep = relevant_tokens(parsed)
    if not keep:
        return []
    nlp = load_model(str(path))
    doc = nlp.get_pipe("ner")(
        doc_from_parsed(nlp.vocab, parsed, keep, context=reads_context_features(nlp))
    )
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
        last = ""  # the last token that is not white space
        for k, t in enumerate(parsed.tokens):
            step = SENTENCE_COST if t.text in (".", ";") else 0
            if t.pos not in ("PUNCT", "SPACE") and not skipped[k]:
                step += 1
            self.cost[k + 1] = self.cost[k] + step
            # a line break walls spans apart, except right after a colon ("He said:\n\nWe ...")
            newline = "\n" in t.text and last != ":"
            self.wall[k + 1] = self.wall[k] + (blocked[k] or newline)
            last = t.text if t.text.strip() else last

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
