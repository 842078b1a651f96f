"""Candidates that are no attributions, whatever found them (the guideline's "does not count").

* a cue headed by a verb that never reports speech (``quotes_not_speech_cues``: "touched upon",
  "congratulated", "will always remember"), or a topic verb with a meeting's participants as
  subject (``quotes_topic_verbs``: "The parties discussed ...", "They talked about ..."), a
  verb that reports speech only with a clause when it has none (``quotes_clause_only_cues``:
  "informed his counterpart about the decisions", "observed the drills"), a cue inside the aim
  of another verb (``quotes_intention_verbs``: "aims to show"; PolNeAR takes "is seeking to
  contrast" as one cue, headed by the aim, and that stays), and the impersonal "it is
  safe to say";
* content pieces that are the cue's own passive subject, when the verb is not one whose object
  is what was said ("Russia was shocked by ...") or its subject is the one acted on ("They are
  threatened with ..."), and no clause of the verb carries the rest ("He is said to have
  left" keeps "He"; "The plan was criticised" keeps "The plan"); pieces that are nothing but a
  relative pronoun ("which"). A candidate left with no content is dropped.
"""

from __future__ import annotations

from functools import cache

from sitroom import vocab
from sitroom.extract.quotes.candidate import _Cand
from sitroom.extract.quotes.principals import party_nouns
from sitroom.extract.quotes.words import object_content_lemmas
from sitroom.records import ParsedArticle


@cache
def not_speech_lemmas() -> frozenset[str]:
    return vocab.word_set("quotes_not_speech_cues")


@cache
def topic_lemmas() -> frozenset[str]:
    return vocab.word_set("quotes_topic_verbs")


@cache
def clause_only_lemmas() -> frozenset[str]:
    return vocab.word_set("quotes_clause_only_cues")


@cache
def intention_lemmas() -> frozenset[str]:
    return vocab.word_set("quotes_intention_verbs")


#: Words that open a clause of what was said ("informed him that ...", "observed whether").
CLAUSE_MARKS: frozenset[str] = frozenset(["that", "whether", "if"])


def _speech_only(parsed: ParsedArticle, cands: list[_Cand]) -> list[_Cand]:
    """``cands`` without the ones that are no attributions (see the module docstring)."""
    out: list[_Cand] = []
    for c in cands:
        verb = _cue_verb(parsed, c)
        if verb is not None and (_not_speech(parsed, verb) or _no_speech_frame(parsed, verb)):
            continue
        contents = tuple(r for r in c.contents if not _not_content(parsed, r, verb))
        if not contents:
            continue
        if contents != c.contents:
            c = _Cand(c.cue, c.source, contents, c.speaker_after, c.head_token, c.confidence,
                      c.learned, c.verbatim)  # fmt: skip
        out.append(c)
    return out


def _not_speech(parsed: ParsedArticle, verb: int) -> bool:
    """A verb that never reports speech, or a topic verb with the participants as subject."""
    lemma = parsed.tokens[verb].lemma.lower()
    if lemma in not_speech_lemmas():
        return True
    if lemma not in topic_lemmas():
        return False
    subj = [k for k in parsed.children(verb) if parsed.tokens[k].dep == "nsubj"]
    word = parsed.tokens[subj[0]].text.lower() if subj else ""
    return word in party_nouns() or word in ("they", "we")


def _no_speech_frame(parsed: ParsedArticle, verb: int) -> bool:
    """A clause-only verb with no clause, a cue in an aim ("aims to show"), or the impersonal
    "it is safe to say"."""
    tok = parsed.tokens[verb]
    kids = parsed.children(verb)
    lemma = tok.lemma.lower()
    if lemma in clause_only_lemmas() and not any(_said_clause(parsed, k) for k in kids):
        return True
    head = parsed.tokens[tok.head]
    if tok.dep != "xcomp" or tok.head == verb:
        return False
    if head.lemma.lower() in intention_lemmas():
        return True
    if head.pos == "ADJ":
        cop = head.head
    elif any(parsed.tokens[k].dep == "acomp" for k in parsed.children(head.i)):
        cop = head.i
    else:
        return False
    return any(
        parsed.tokens[k].dep in ("expl", "nsubj") and parsed.tokens[k].text.lower() == "it"
        for k in parsed.children(cop)
    )


def _said_clause(parsed: ParsedArticle, k: int) -> bool:
    """Is token ``k`` the head of a clause that opens with "that" (or "whether", "if")? The
    parser may hang a noun phrase's participle on the verb as a clause ("informed his
    counterpart about the decisions adopted the day before"), so the word must be there."""
    t = parsed.tokens[k]
    return t.dep == "ccomp" and any(
        parsed.tokens[j].dep == "mark" and parsed.tokens[j].text.lower() in CLAUSE_MARKS
        for j in parsed.children(k)
    )


def _cue_verb(parsed: ParsedArticle, c: _Cand) -> int | None:
    """The main verb of the cue: its first verb token that is not an auxiliary."""
    for t in parsed.tokens:
        if t.start >= c.cue[1]:
            break
        if t.start >= c.cue[0] and t.pos == "VERB":
            return t.i
    return None


def _not_content(parsed: ParsedArticle, rng: tuple[int, int], verb: int | None) -> bool:
    """A piece that is the cue verb's passive subject, or only relative pronouns."""
    toks = [t for t in parsed.tokens if rng[0] <= t.start and t.end <= rng[1]]
    if not toks:
        return False
    if all(t.tag in ("WDT", "WP") or t.pos == "PUNCT" for t in toks):
        return True
    if verb is None:
        return False
    kids = parsed.children(verb)
    subj = [k for k in kids if parsed.tokens[k].dep == "nsubjpass"]
    if not subj or not all(t.i in parsed.subtree(subj[0]) for t in toks):
        return False
    if any(parsed.tokens[k].dep in ("xcomp", "ccomp") for k in kids):
        return False  # "He is said to have left": the subject is part of what was said
    acted_on = any(parsed.tokens[k].text.lower() == "with" for k in kids)  # "threatened with"
    return acted_on or parsed.tokens[verb].lemma.lower() not in object_content_lemmas()
