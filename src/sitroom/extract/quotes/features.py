"""The tagger's input: the features of each token, and which sentences the model reads.

Besides the words, the model reads the parser's tags and entity types (``TAG``), each token's
dependency label with the label by which its branch hangs from the nearest anchor verb above
it (``LEMMA``: :func:`_anchor_features`) and, per sentence, its context (``MORPH``:
:func:`context_features`: how the sentence holds a cue, how far and of what shape the nearest
cue sentences before and after it are, whether it speaks in the first or second person). The
anchor verbs are those of the model in use (the list beside it, read by
:mod:`sitroom.extract.quotes.model_folder`; the packaged model's by default): they are part of
what the model was trained on. :func:`relevant_tokens` picks the sentences worth reading,
which keeps the model cheap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sitroom.extract.quotes.model_folder import anchor_lemmas
from sitroom.extract.quotes.words import personal_words, self_subjects
from sitroom.records import ParsedArticle

#: Entity types of the parser worth telling the model about (likely sources).
ENT_FEATURES: frozenset[str] = frozenset({"PERSON", "ORG", "NORP", "GPE"})
MAX_HOPS = 12

# --------------------------------------------------------------------------- features


def _anchor_features(
    parsed: ParsedArticle, idx: Iterable[int], anchors: frozenset[str]
) -> list[str]:
    """Per token: its dependency label and the label by which its branch hangs from the
    nearest anchor verb (a verb of ``anchors``) above it (``ccomp`` for words of a reported
    clause, ``nsubj`` for the speaker's words), or ``CUE`` for an anchor itself."""
    toks = parsed.tokens
    anchor = [t.lemma.lower() in anchors and t.pos in ("VERB", "AUX") for t in toks]
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
    vocab: Any,
    parsed: ParsedArticle,
    keep: Sequence[int] | None = None,
    context: bool = True,
    anchors: frozenset[str] | None = None,
) -> Any:
    """A spaCy ``Doc`` over the parsed tokens (those of ``keep`` only, if given), with the
    features the model reads. The sentence-context features (only with ``context``; a model
    of feature version 1 does not read them) are computed over the whole article, as in
    training, before the tokens outside ``keep`` are dropped. ``anchors`` are the anchor
    lemmas of the model in use (the packaged model's by default).

    No sentence boundaries are set: contents run across the parser's sentences.
    """
    from spacy.tokens import Doc

    toks = parsed.tokens
    everything = range(len(toks))
    words = [t.text for t in toks]
    spaces = [bool(t.ws) for t in toks]
    idx = everything if keep is None else keep
    anchors = anchor_lemmas() if anchors is None else anchors
    rels = _anchor_features(parsed, everything if context else idx, anchors)
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
    person_words = personal_words()  # in news prose they are mostly someone's words
    for k, w in enumerate(words):
        if len(w) < 10 and w.lower() in person_words and w != "US":
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


def relevant_tokens(parsed: ParsedArticle, anchors: frozenset[str] | None = None) -> list[int]:
    """Tokens of the sentences that can hold an attribution: those with an anchor verb, a
    quotation mark, ``according``, a colon or a question, and the sentences next to them (a
    content runs on or precedes its speaker; in a text with no quotation marks at all, two
    sentences on either side, as nothing marks the sentences of a quote there). The model
    reads only these, which keeps it cheap on long speeches. ``anchors`` are the anchor
    lemmas of the model in use (the packaged model's by default)."""
    toks = parsed.tokens
    anchors = anchor_lemmas() if anchors is None else anchors
    hit = [_trigger(parsed, t, anchors) for t in toks]
    hot = [any(hit[sent.token_start : sent.token_end]) for sent in parsed.sentences]
    marked = any(ch in parsed.text for ch in QUOTE_MARKS)
    n, reach = len(hot), NEIGHBOUR_SENTENCES if marked else UNMARKED_NEIGHBOUR_SENTENCES
    keep: list[int] = []
    for k, sent in enumerate(parsed.sentences):
        if any(hot[max(0, k - reach) : min(n, k + reach + 1)]):
            keep.extend(range(sent.token_start, sent.token_end))
    return keep


#: Quotation marks that make a sentence worth reading.
QUOTE_MARKS = '"\u201c\u201d\u00ab\u00bb'
_VERBAL = frozenset(["VERB", "AUX"])


def _trigger(parsed: ParsedArticle, t: Any, anchors: frozenset[str]) -> bool:
    """Whether token ``t`` makes its sentence worth reading: an anchor verb whose subject is
    not a speaker talking of themselves ("I think", :func:`.words.self_subjects`), a
    quotation mark, or one of :data:`TRIGGER_WORDS`."""
    if t.pos in _VERBAL and t.lemma.lower() in anchors:
        return not any(
            parsed.tokens[c].dep == "nsubj" and parsed.tokens[c].text.lower() in self_subjects()
            for c in parsed.children(t.i)
        )
    text: str = t.text
    return text.lower() in TRIGGER_WORDS or not _QUOTE_SET.isdisjoint(text)


_QUOTE_SET = frozenset(QUOTE_MARKS)
