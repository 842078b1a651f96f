"""The ``events`` stage: a PLOVER rules coder (``rules.v1``) over the dependency parse.

For each sentence the coder finds triggers from the lexicon in ``data/plover_rules.json``
(verbs with their objects, prepositions and particles; nouns with their modifiers), then reads
from the syntax:

* **source / target**: subject (or the agent of a passive), object, the object of "to / with /
  against / on ...", "accused X of", coordination; an argument is mapped to the actor
  :class:`Mention` objects whose tokens fall inside it;
* **modality**: negated > hypothetical > future > asserted, from negation, conditional
  clauses, modals, intention words ("plans to", "ready to") and denial verbs;
* **speaker**: the quote or the speech verb ("Putin said Russia will ...") that reports it;
* **date** (:mod:`sitroom.extract.events.dates`), **place**
  (:mod:`sitroom.extract.events.places`) and the derived CAMEO / Goldstein / quad codes
  (:mod:`sitroom.extract.events.plover`).

Acts embedded in a request ("demanded that NATO withdraw") refine the request instead of
standing alone; acts under a denial ("denied plans to invade") are coded as negated.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field

from sitroom.extract.events.dates import event_date
from sitroom.extract.events.places import to_location
from sitroom.extract.events.plover import PLOVER_TYPES, derive_codes
from sitroom.records import (
    ActorRef,
    Event,
    Evidence,
    Location,
    Mention,
    Modality,
    ParsedArticle,
    Quote,
)

CODER_NAME = "rules.v1"

#: Sectors of a breakaway part of a state: PLOVER's "partially recognized entity" (the DPR,
#: Abkhazia ...; its country is the parent state) and rebels / separatists.
SEPARATIST_SECTORS: frozenset[str] = frozenset({"PRE", "REB"})
#: Cooperation which, given to a breakaway part of a state by an outside actor, challenges
#: the parent state's sovereignty (recognition, support, treaties).
PARENT_CHALLENGING_TYPES: frozenset[str] = frozenset({"SUPPORT", "AGREE"})
#: How that challenge is coded towards the parent state: PLOVER REJECT (verbal conflict,
#: CAMEO 120, Goldstein -4): it rejects the parent's claim to the territory without, by
#: itself, using force or restricting anyone (which COERCE would need).
PARENT_CONFLICT_TYPE = "REJECT"

# --------------------------------------------------------------------------- lexicon (data)


class Sense(BaseModel):
    """What a trigger means: a PLOVER type, a mode, optionally a more precise CAMEO code."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: str | None = None
    mode: str | None = None
    cameo: str | None = None
    irrealis: bool = Field(False, description="Only an event when future or hypothetical.")
    intransitive: bool = Field(
        default=False,
        description='Only an event without a direct object: "crowds demonstrated" is a protest,'
        ' "demonstrated their unity" is not.',
    )


class Entry(Sense):
    clause: Sense | None = Field(
        default=None,
        description='The sense with a clause of its own as complement: "asked Germany to send'
        ' arms" (REQUEST), where "asked about the talks" has none.',
    )
    objects: dict[str, Sense] = Field(default_factory=dict)
    preps: dict[str, Sense] = Field(default_factory=dict)
    particles: dict[str, Sense] = Field(default_factory=dict)
    modifiers: dict[str, Sense] = Field(default_factory=dict)


class Lexicon(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    classes: dict[str, list[str]]
    verbs: dict[str, Entry]
    nouns: dict[str, Entry]
    future_governors: list[str]
    speech_verbs: list[str]
    hypothetical_modals: list[str]
    future_modals: list[str]
    conditional_marks: list[str]
    negators: list[str]
    breakaway_words: list[str] = Field(
        default_factory=list,
        description='Words making a state mention a breakaway part of it: "breakaway Ukrainian'
        ' regions", "Georgia\'s separatists".',
    )
    experiencer_passives: list[str] = Field(
        default_factory=list,
        description='Passives whose subject acts or feels: "X is opposed to", "X was angered by".',
    )
    prospect_words: list[str] = Field(
        default_factory=list,
        description='Words that make a nominal act one that may happen: "the threat of an'
        ' invasion", "fears of an attack", "a possible invasion".',
    )

    def class_of(self, lemma: str) -> set[str]:
        return {name for name, words in self.classes.items() if lemma.lower() in words}


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The validated trigger lexicon (loaded once)."""
    raw = resources.files("sitroom").joinpath("data/plover_rules.json").read_text(encoding="utf-8")
    lex = Lexicon.model_validate(json.loads(raw))
    for entry in (*lex.verbs.values(), *lex.nouns.values()):
        for sense in (entry, *entry.objects.values(), *entry.preps.values()):
            if sense.type is not None and sense.type not in PLOVER_TYPES:
                raise ValueError(f"unknown PLOVER type in lexicon: {sense.type}")
    return lex


# --------------------------------------------------------------------------- triggers

TARGET_PREPS = frozenset(
    {"to", "with", "against", "on", "toward", "towards", "into", "at", "near", "from", "between"}
)
PLACE_PREPS = frozenset({"in", "into", "at", "near", "inside", "over"})
EMBED_DEPS = frozenset({"xcomp", "ccomp", "dobj", "pobj", "prep", "acl", "relcl", "advcl", "conj"})
MAX_CLIMB = 40


@dataclass(slots=True)
class Trigger:
    """A token that starts an event, with the sense chosen and the tokens it spans."""

    i: int
    sense: Sense
    tokens: list[int]
    is_noun: bool
    absorbed: set[int] = field(default_factory=set)  # object/prep tokens that refined it
    extra_targets: list[int] = field(default_factory=list)
    mode_override: str | None = None


def _kids(p: ParsedArticle, i: int, deps: Iterable[str]) -> list[int]:
    wanted = set(deps)
    return [c for c in p.children(i) if p.tokens[c].dep in wanted]


def _object_heads(p: ParsedArticle, i: int) -> list[tuple[str, int]]:
    """(how, token) pairs for the objects of verb ``i``: dobj, pobj by preposition, xcomp."""
    out: list[tuple[str, int]] = []
    for c in p.children(i):
        tok = p.tokens[c]
        if tok.dep in ("dobj", "attr", "nsubjpass", "dative", "oprd"):
            out.append(("dobj", c))
        elif tok.dep == "prep" or (tok.dep == "prt" and p.tokens[c].text.lower() == "for"):
            out.extend((tok.text.lower(), g) for g in _kids(p, c, ("pobj",)))
        elif tok.dep == "xcomp":
            out.append(("xcomp", c))
    return out


_OBJECT_LINKS = frozenset({"dobj", "xcomp", "of", "for", "with", "against", "from"})


def _object_sense(p: ParsedArticle, o: int, entry: Entry) -> Sense | None:
    """The sense an object of class-listed lemma gives (a sense with no type: no event)."""
    classes = lexicon().class_of(p.tokens[o].lemma.lower()) | lexicon().class_of(
        p.tokens[o].text.lower()
    )
    return next((entry.objects[c] for c in sorted(classes) if c in entry.objects), None)


def _match_verb(p: ParsedArticle, i: int, entry: Entry) -> Trigger | None:
    tokens = [i]
    for c in _kids(p, i, ("prt",)):
        sense = entry.particles.get(p.tokens[c].text.lower())
        if sense is not None:
            return Trigger(i, sense, [i, c], False) if sense.type is not None else None
    for how, o in _object_heads(p, i):
        if how not in ("dobj", "xcomp") and how in entry.preps:
            return Trigger(i, entry.preps[how], tokens, False, {o})
        sense = _object_sense(p, o, entry) if how in _OBJECT_LINKS else None
        if sense is not None:
            return Trigger(i, sense, tokens, False, {o}) if sense.type is not None else None
    if entry.clause is not None and _kids(p, i, ("xcomp", "ccomp")):
        return Trigger(i, entry.clause, tokens, False)
    if entry.type is None or (entry.intransitive and _kids(p, i, ("dobj",))):
        return None
    if entry.type == "ASSAULT" and _verbal_target(p, i):
        return Trigger(i, Sense(type="ACCUSE", mode="disapprove", irrealis=False), tokens, False)
    return Trigger(i, entry, tokens, False)


_VERBAL_OBJECTS = frozenset({"PERSON"})


def _verbal_target(p: ParsedArticle, i: int) -> bool:
    """An "attack" aimed at a person or at words ("attacking the president for ...")."""
    lex = lexicon()
    for c in _kids(p, i, ("dobj",)):
        tok = p.tokens[c]
        if tok.ent_type in _VERBAL_OBJECTS or "statements" in lex.class_of(tok.lemma):
            return True
    return False


def _match_noun(p: ParsedArticle, i: int, entry: Entry) -> Trigger | None:
    lex = lexicon()
    for c in _kids(p, i, ("compound", "amod", "nmod")):
        lemma = p.tokens[c].lemma.lower()
        sense = entry.modifiers.get(lemma)
        if sense is None:
            sense = next(
                (entry.modifiers[k] for k in lex.class_of(lemma) if k in entry.modifiers), None
            )
        if sense is not None:  # the modifier refined the noun: not an event of its own
            return Trigger(i, sense, sorted([c, i]), True, {c})
    for prep in _kids(p, i, ("prep",)):
        sense = entry.preps.get(p.tokens[prep].text.lower())
        if sense is not None:
            return Trigger(i, sense, [i], True)
        for o in _kids(p, prep, ("pobj",)):
            sense = _object_sense(p, o, entry)
            if sense is not None and sense.type is None:
                return None  # "the fight against the pandemic"
            if sense is not None:  # "withdrawal from the agreements"
                return Trigger(i, sense, [i], True, {o})
    if entry.type is None:
        return None
    return Trigger(i, entry, [i], True)


def find_triggers(p: ParsedArticle, start: int, end: int) -> list[Trigger]:
    """Every trigger among tokens ``[start, end)``, absorbed nouns removed."""
    lex = lexicon()
    found: list[Trigger] = []
    for tok in p.tokens[start:end]:
        lemma = tok.lemma.lower()
        trig: Trigger | None = None
        if tok.pos == "VERB" and lemma in lex.verbs:
            trig = _match_verb(p, tok.i, lex.verbs[lemma])
        elif tok.pos in ("NOUN", "PROPN") and lemma in lex.nouns and tok.ent_type != "DATE":
            trig = _match_noun(p, tok.i, lex.nouns[lemma])
        if trig is not None and not _not_an_act(p, trig):
            found.append(trig)
    absorbed = {a for t in found for a in t.absorbed}
    by_i = {t.i: t for t in found}
    kept = []
    for t in found:
        if t.i in absorbed:
            continue
        if t.is_noun and _topic_of(p, t, by_i):
            continue  # "impose sanctions", "ready to discuss his demands": one event
        kept.append(t)
    return kept


_TOPIC_PREPS = frozenset({"about", "on", "over", "regarding", "concerning"})
_TOPIC_GOVERNORS = frozenset({"CONSULT", "REQUEST", "AGREE", "SUPPORT"})
_NON_EVENT_HEADS = frozenset({"nowhere", "nothing", "nobody"})


def _topic_of(p: ParsedArticle, t: Trigger, by_i: dict[int, Trigger]) -> bool:
    """A noun trigger that only names what a verb trigger is about (or repeats it)."""
    tok = p.tokens[t.i]
    head = tok.head
    if tok.dep == "pobj" and p.tokens[head].text.lower() in _TOPIC_PREPS:
        head = p.tokens[head].head
    elif tok.dep not in ("dobj", "pobj"):
        return False
    gov = by_i.get(head)
    if gov is None or gov.is_noun:
        return False
    return gov.sense.type == t.sense.type or gov.sense.type in _TOPIC_GOVERNORS


_NAME_LABELS = frozenset({"ORG", "PERSON", "WORK_OF_ART", "LAW", "FAC", "GPE", "NORP", "EVENT"})


def _nowhere(p: ParsedArticle, head: int, trigger: int) -> bool:
    """ "have nowhere (further) to retreat", "nothing to offer": the act is ruled out."""
    near = [head, *p.children(head)]
    near.extend(g for c in p.children(head) for g in p.children(c))
    return any(p.tokens[n].lemma.lower() in _NON_EVENT_HEADS and n < trigger for n in near)


def _not_an_act(p: ParsedArticle, t: Trigger) -> bool:
    """Imperatives ("Sign up"), "nowhere to retreat", headline fragments: no event."""
    tok = p.tokens[t.i]
    if t.is_noun:
        return tok.ent_type in _NAME_LABELS  # "North Atlantic Treaty Organization"
    if tok.dep in ("relcl", "acl", "xcomp", "advcl") and _nowhere(p, tok.head, t.i):
        return True
    if tok.dep == "ROOT" and tok.tag == "VB":
        subj = _kids(p, t.i, ("nsubj", "nsubjpass", "aux", "expl"))
        return not subj
    return False


# --------------------------------------------------------------------------- syntax helpers


def _climb(p: ParsedArticle, i: int) -> list[tuple[int, str]]:
    """``i`` and its ancestors, each with the dependency label of the edge below it."""
    chain = [(i, p.tokens[i].dep)]
    seen = 0
    while p.tokens[i].head != i and seen < MAX_CLIMB:
        i = p.tokens[i].head
        chain.append((i, p.tokens[i].dep))
        seen += 1
    return chain


def _subject(p: ParsedArticle, i: int) -> tuple[int | None, bool]:
    """The subject token of the clause of ``i`` and whether ``i`` is passive.

    Climbs through xcomp / conj / acomp / prep-pobj links so that "ready to start talks" and
    "has denied ... but has laid down" find the shared subject.
    """
    cur = i
    for _ in range(MAX_CLIMB):
        subj = _kids(p, cur, ("nsubj", "csubj"))
        if subj:
            return subj[0], False
        pas = _kids(p, cur, ("nsubjpass",))
        if pas and _experiencer(p, cur):
            return pas[0], False  # "Israel is opposed to", "Moscow was angered by"
        agent = _agents(p, cur)
        if pas:
            return (agent[0] if agent else None), True
        if agent:
            return agent[0], True
        tok = p.tokens[cur]
        if tok.dep == "advcl" and _bare_infinitive(p, cur):
            cur = tok.head  # "mobilized groups to help support X": the main clause's subject
            continue
        if tok.head == cur or tok.dep in ("ccomp", "advcl", "relcl", "parataxis", "csubj"):
            if tok.dep == "relcl":
                return tok.head, False
            return None, False
        cur = tok.head
    return None, False


def _agents(p: ParsedArticle, i: int) -> list[int]:
    """The "by" agents of passive verb ``i``."""
    return [g for a in _kids(p, i, ("agent",)) for g in _kids(p, a, ("pobj",))]


def _experiencer(p: ParsedArticle, i: int) -> bool:
    """A passive whose subject is the actor ("is opposed to", "was angered by")."""
    tok = p.tokens[i]
    return tok.tag == "VBN" and tok.lemma.lower() in lexicon().experiencer_passives


def _bare_infinitive(p: ParsedArticle, i: int) -> bool:
    """A purpose clause with no subject of its own: "(in order) to help", "to press"."""
    if _kids(p, i, ("nsubj", "nsubjpass", "csubj", "expl")):
        return False
    return p.tokens[i].tag == "VB" and _has_child_word(p, i, ("aux",), ["to"])


_PRUNE = frozenset({"relcl", "acl", "advcl", "ccomp", "prep", "appos", "punct", "cc", "parataxis"})


def _arg_tokens(p: ParsedArticle, head: int) -> tuple[set[int], set[int]]:
    """(all tokens of the argument, its head tokens: the head and its conjuncts)."""
    heads = {head}
    tokens = {head}
    stack = [head]
    while stack:
        cur = stack.pop()
        for c in p.children(cur):
            dep = p.tokens[c].dep
            if dep == "conj" and cur in heads:
                heads.add(c)
            elif dep in _PRUNE and not (dep == "prep" and p.tokens[c].text.lower() == "of"):
                continue
            tokens.add(c)
            stack.append(c)
    return tokens, heads


def _mentions_in(
    p: ParsedArticle, head: int | None, mentions: Sequence[Mention], undergoer: bool = False
) -> list[Mention]:
    """The actor mentions of the argument headed by ``head`` (with its conjuncts).

    ``undergoer``: the argument is a target, so a place or group attached to any head noun
    counts ("a camp for Congolese refugees", "offices in Kabul").
    """
    if head is None:
        return []
    tokens, heads = _arg_tokens(p, head)
    within = [
        m
        for m in mentions
        if _covered(p, m, tokens) or (m.actor and m.token_start <= head < m.token_end)
    ]  # a resolved name the parser split up ("Sheikh Hamad bin Khalifa al-Thani") still counts
    inside = [m for m in within if m.actor is not None]
    if not inside:
        inside = _origin(p, head, mentions, undergoer)
    if not inside:
        return _unresolved(p, head, heads, within)
    on_head = [m for m in inside if any(m.token_start <= h < m.token_end for h in heads)]
    chosen = on_head if on_head else inside
    if on_head and len(heads) > 1:  # "Russia and the US": every conjunct
        chosen = [m for m in inside if any(m.token_start <= h < m.token_end for h in heads)]
    return _dedupe(chosen)


def _covered(p: ParsedArticle, m: Mention, tokens: set[int]) -> bool:
    """Every word of ``m`` is in ``tokens`` (the hyphen of "Asia-Pacific" may hang elsewhere)."""
    words = [t for t in range(m.token_start, m.token_end) if p.tokens[t].pos != "PUNCT"]
    return bool(words) and all(t in tokens for t in words)


_AGENT_LABELS = frozenset({"ORG", "NORP", "GPE", "PERSON", "FAC", "LOC"})
_PHRASE_DEPS = frozenset({"compound", "amod", "det", "poss", "nmod", "nummod", "case", "punct"})


def _origin(
    p: ParsedArticle, head: int, mentions: Sequence[Mention], undergoer: bool = False
) -> list[Mention]:
    """ "demonstrators in Baghdad", "Albanians of southern Serbia": the place they are from."""
    tok = p.tokens[head]
    agentive = "agents" in lexicon().class_of(tok.lemma) or tok.pos == "PROPN"
    if not agentive and not (undergoer and tok.pos == "NOUN"):
        return []
    preps: tuple[str, ...] = ("in", "from", "of", "for") if undergoer else ("in", "from", "of")
    attached = [c for c in _kids(p, head, ("acl",)) if p.tokens[c].tag == "VBN"]
    links: list[tuple[int, tuple[str, ...]]] = [
        (pr, ("in", "from", "with")) for a in attached for pr in _kids(p, a, ("prep",))
    ]
    links = [*((pr, preps) for pr in _kids(p, head, ("prep",))), *links]
    for prep, allowed in links:  # "workers affiliated with X", "a newspaper based in X"
        if p.tokens[prep].text.lower() not in allowed:
            continue
        for g in _kids(p, prep, ("pobj",)):
            span = set(p.subtree(g))
            found = [m for m in mentions if m.actor is not None and m.token_start in span]
            if found:
                return found[:1]
    return []


def _unresolved(
    p: ParsedArticle, head: int, heads: set[int], within: list[Mention]
) -> list[Mention]:
    """Actors the resolver did not know: its unresolved mentions, else the agent noun phrase.

    Only names and agent nouns ("officials", "Homeland Union", "hackers") qualify, with
    ``actor`` None, so that an event is kept rather than dropped for want of an actor id.
    """
    if within:
        return _dedupe(within)
    out: list[Mention] = []
    for h in sorted(heads):
        tok = p.tokens[h]
        agent = tok.ent_type in _AGENT_LABELS or "agents" in lexicon().class_of(tok.lemma)
        if tok.pos not in ("NOUN", "PROPN") or not agent or _bare_definite(p, h):
            continue
        span = [h]
        stack = [h]
        while stack:
            for c in p.children(stack.pop()):
                if p.tokens[c].dep in _PHRASE_DEPS or (
                    p.tokens[c].dep == "conj" and c not in heads
                ):
                    span.append(c)
                    stack.append(c)
        first, last = min(span), max(span)
        while first < h and p.tokens[first].dep in ("det", "punct", "case"):
            first += 1
        sp = p.span(first, last + 1)
        out.append(Mention(sp.text, sp.start, sp.end, None, "phrase", first, last + 1, 0.3))
    return out


def _bare_definite(p: ParsedArticle, i: int) -> bool:
    """ "the alliance", "the president": anaphoric, left to the speaker / antecedent rules."""
    modified = _kids(p, i, ("compound", "amod", "nmod", "poss", "prep"))
    return _anaphoric(p, i) and not modified


def _dedupe(mentions: Iterable[Mention]) -> list[Mention]:
    seen: set[str] = set()
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda m: m.start):
        key = m.actor.actor_id if m.actor else m.text
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


# --------------------------------------------------------------------------- the coder


@dataclass(slots=True)
class _Context:
    parsed: ParsedArticle
    mentions: Sequence[Mention]
    quotes: Sequence[Quote]
    countries: tuple[str, ...]


class RulesCoder:
    """PLOVER rules coder over the dependency parse (``rules.v1``)."""

    name = CODER_NAME

    def code(
        self, parsed: ParsedArticle, mentions: Sequence[Mention], quotes: Sequence[Quote]
    ) -> list[Event]:
        countries = tuple(
            sorted({m.actor.country for m in mentions if m.actor and m.actor.country})
        )
        ctx = _Context(parsed, mentions, quotes, countries)
        events: list[Event] = []
        for sent in parsed.sentences:
            sent_events: list[Event] = []
            for trig in find_triggers(parsed, sent.token_start, sent.token_end):
                ev = self._event(ctx, sent.index, trig)
                if ev is None or _merge_duplicate(ev, sent_events):
                    continue
                sent_events.append(ev)
                ev = _recode_breakaway_state(parsed, ev)
                parent = towards_parent_state(ev)
                if parent is not None and not _merge_duplicate(parent, sent_events):
                    sent_events.append(parent)
            events.extend(sent_events)
        return events

    def _event(self, ctx: _Context, sent_index: int, trig: Trigger) -> Event | None:
        p = ctx.parsed
        chain = _climb(p, trig.i)
        if _embedded_in_request(p, chain):
            return None
        modality = _modality(p, trig, chain)
        if trig.sense.irrealis and modality not in ("future", "hypothetical"):
            return None
        speaker_ref, speaker_mentions = _speaker(ctx, trig, chain)
        source, target = _actors(ctx, trig, chain)
        if not source and speaker_mentions and _subject_is_pronoun(p, trig.i):
            source = speaker_mentions
        target = _distinct_targets(source, target)
        if not source and not target:
            return None
        etype, mode = trig.sense.type or "CONSULT", trig.mode_override or trig.sense.mode
        cameo = trig.sense.cameo
        if modality in ("future", "hypothetical") and _intended(p, trig, chain):
            etype, mode, cameo = _intent_type(etype, mode, cameo)
        mode = mode or _embedded_mode(p, trig, etype)
        codes = derive_codes(etype, mode, cameo)
        anchors = [i for i, _ in chain[:6]]
        date, precision = event_date(
            p, sent_index, anchors, "future" if modality == "future" else "past"
        )
        sent = p.sentences[sent_index]
        trig_span = p.span(min(trig.tokens), max(trig.tokens) + 1)
        art = p.article
        return Event(
            event_id=_event_id(art.article_id, trig_span.start, etype),
            article_id=art.article_id,
            type=etype,
            mode=mode,
            modality=modality,
            source=source,
            target=target,
            date=date,
            date_precision=precision,
            location=_location(ctx, trig, chain),
            cameo=codes.cameo,
            goldstein=codes.goldstein,
            quad_class=codes.quad_class,
            evidence=Evidence(p.text[sent.start : sent.end], sent.start, sent.end, trig_span),
            confidence=_confidence(trig, source, target),
            coder=CODER_NAME,
            speaker=speaker_ref,
        )


def _breakaway_parents(ev: Event) -> list[Mention]:
    """The parent states of the event's breakaway targets, when no source is of that state.

    A target of a separatist sector (PRE, REB) with a country is a breakaway part of that
    country; each parent state comes as an ``inferred`` mention at the target's span. A
    state dealing with its own separatists (a domestic settlement) has no parent to add.
    """
    own = {m.actor.country for m in ev.source if m.actor and m.actor.country}
    found: dict[str, Mention] = {}
    for m in ev.target:
        a = m.actor
        if a is None or a.sector not in SEPARATIST_SECTORS or not a.country:
            continue
        if a.country in own or a.country in found:
            continue
        ref = ActorRef(a.country, a.country, a.country, "GOV")
        found[a.country] = Mention(
            m.text, m.start, m.end, ref, "inferred", m.token_start, m.token_end, m.confidence
        )
    return list(found.values())


_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss"})


def _breakaway_part(p: ParsedArticle, m: Mention) -> bool:
    """True if the state mention ``m`` names a breakaway part of the state: its phrase or
    the phrase it modifies has a breakaway word ("breakaway Ukrainian regions", "the
    separatists of Georgia", "Ukraine's self-proclaimed republics")."""
    words = set(lexicon().breakaway_words)
    if not words or m.token_end <= m.token_start:
        return False
    last = m.token_end - 1
    heads = {last, p.tokens[last].head}
    if p.tokens[last].dep == "pobj":  # "the separatists of Georgia": up through "of"
        heads.add(p.tokens[p.tokens[last].head].head)
    near = set(range(m.token_start, m.token_end)) | heads
    heads = {h for h in heads if p.tokens[h].pos in ("NOUN", "PROPN", "ADJ")}
    near |= {t.i for t in p.tokens if t.head in heads and t.dep in _MODIFIER_DEPS}
    return any(
        p.tokens[i].text.lower() in words or p.tokens[i].lemma.lower() in words for i in near
    )


def _names_breakaway_parts(p: ParsedArticle, ev: Event) -> bool:
    """True when what the act is done to (the trigger's object or "of" phrase) names
    breakaway parts: "recognition of self-proclaimed entities in the occupied territories of
    ... Ukraine", "recognised the so-called republics"."""
    words = set(lexicon().breakaway_words)
    trig = p.token_at(ev.evidence.trigger.start)
    if trig is None:
        return False
    for c in p.children(trig):
        if p.tokens[c].dep not in ("dobj", "prep") or (
            p.tokens[c].dep == "prep" and p.tokens[c].text.lower() != "of"
        ):
            continue
        if any(
            p.tokens[i].text.lower() in words or p.tokens[i].lemma.lower() in words
            for i in p.subtree(c)
        ):
            return True
    return False


def _recode_breakaway_state(p: ParsedArticle, ev: Event) -> Event:
    """Cooperation "with" a state whose mention is in fact a breakaway part of it (the actors
    stage gives "breakaway Ukrainian regions" the actor Ukraine) is coded as the conflict
    towards that state it is: type :data:`PARENT_CONFLICT_TYPE`, when no source is of the
    same state."""
    if ev.type not in PARENT_CHALLENGING_TYPES:
        return ev
    own = {m.actor.country for m in ev.source if m.actor and m.actor.country}
    of_parts = _names_breakaway_parts(p, ev)
    parts = [
        m
        for m in ev.target
        if m.actor
        and m.actor.sector not in SEPARATIST_SECTORS
        and m.actor.country
        and m.actor.country not in own
        and (of_parts or _breakaway_part(p, m))
    ]
    if not parts:
        return ev
    codes = derive_codes(PARENT_CONFLICT_TYPE)
    ev.type, ev.mode = PARENT_CONFLICT_TYPE, None
    ev.cameo, ev.goldstein, ev.quad_class = codes.cameo, codes.goldstein, codes.quad_class
    return ev


def towards_parent_state(ev: Event) -> Event | None:
    """The conflict towards the parent state that cooperation with its breakaway part means.

    Recognising the "people's republics", supporting separatists or signing treaties with
    them (SUPPORT, AGREE) is, towards the state they broke away from, a rejection of its
    sovereignty: an extra event of type :data:`PARENT_CONFLICT_TYPE` from the same source
    to the parent state, with the same modality, date and evidence. None when the event is
    not such cooperation.
    """
    if ev.type not in PARENT_CHALLENGING_TYPES:
        return None
    parents = _breakaway_parents(ev)
    if not parents:
        return None
    codes = derive_codes(PARENT_CONFLICT_TYPE)
    return replace(
        ev,
        event_id=_event_id(ev.article_id, ev.evidence.trigger.start, "parent:" + ev.type),
        type=PARENT_CONFLICT_TYPE,
        mode=None,
        source=list(ev.source),
        target=parents,
        cameo=codes.cameo,
        goldstein=codes.goldstein,
        quad_class=codes.quad_class,
        confidence=ev.confidence * 0.9,
        coder=CODER_NAME,
    )


def _actor_key(m: Mention) -> tuple[str, str | None] | None:
    return (m.actor.actor_id, m.actor.sector) if m.actor else None


def _distinct_targets(source: list[Mention], target: list[Mention]) -> list[Mention]:
    """Targets that are not the source again: another span, and another actor or sector.

    A domestic event keeps its same-country target ("ethnic Albanians demonstrated in Serbia",
    "police confiscated weapons from armed groups"): actor id and sector together tell them
    apart, while "Russia ... its border" (same id, same sector) stays one actor.
    """
    keys = {_actor_key(m) for m in source if m.actor}
    spans = {(m.start, m.end) for m in source}
    return [
        m
        for m in target
        if (m.actor is None or _actor_key(m) not in keys) and (m.start, m.end) not in spans
    ]


def _event_id(article_id: str, start: int, etype: str) -> str:
    return hashlib.sha1(f"{article_id}|{start}|{etype}".encode()).hexdigest()[:16]


def _ids(ms: Sequence[Mention]) -> tuple[str, ...]:
    return tuple(sorted(m.actor.actor_id for m in ms if m.actor))


def _merge_duplicate(ev: Event, others: list[Event]) -> bool:
    """True if ``others`` already holds the same event (its place is kept if it had none)."""
    key = (ev.type, ev.modality, _ids(ev.source), _ids(ev.target))
    for o in others:
        if (o.type, o.modality, _ids(o.source), _ids(o.target)) == key:
            if o.location is None:
                o.location = ev.location
            return True
    return False


def _confidence(trig: Trigger, source: list[Mention], target: list[Mention]) -> float:
    score = 0.55 + (0.2 if source else 0.0) + (0.1 if target else 0.0)
    score -= 0.1 if trig.is_noun else 0.0
    score += 0.05 if trig.absorbed or len(trig.tokens) > 1 else 0.0
    return max(0.05, min(0.95, score))


# --------------------------------------------------------------------------- actors


def _subject_is_pronoun(p: ParsedArticle, i: int) -> bool:
    subj, _ = _subject(p, i)
    return subj is None or _anaphoric(p, subj)


def _noun_source(p: ParsedArticle, i: int, mentions: Sequence[Mention]) -> list[Mention]:
    """Actors modifying a noun trigger: "Russia's buildup", "a Russian invasion"."""
    found: list[Mention] = []
    for c in _kids(p, i, ("poss", "amod", "compound", "nmod")):
        found.extend(_mentions_in(p, c, mentions))
    for a in _kids(p, i, ("prep",)):
        if p.tokens[a].text.lower() == "by":
            for g in _kids(p, a, ("pobj",)):
                found.extend(_mentions_in(p, g, mentions))
    return _dedupe(found)


def _governing_verb(p: ParsedArticle, i: int) -> int:
    """The verb a noun trigger hangs from (through dobj / pobj / prep / compound links)."""
    cur = i
    for _ in range(6):
        tok = p.tokens[cur]
        if tok.pos in ("VERB", "AUX") or tok.head == cur:
            return cur
        if tok.dep not in (
            "dobj",
            "pobj",
            "prep",
            "compound",
            "conj",
            "attr",
            "nsubjpass",
            "appos",
        ):
            return cur
        cur = tok.head
    return cur


def _source(ctx: _Context, trig: Trigger) -> list[Mention]:
    p, ms = ctx.parsed, ctx.mentions
    if trig.is_noun:
        own = _noun_source(p, trig.i, ms)
        if own:
            return own
        verb = _governing_verb(p, trig.i)
        accused = _accused(p, trig.i, verb, ms)
        if accused is not None:
            return accused
        if verb == trig.i or p.tokens[trig.i].dep == "nsubj":
            return []
        anchor = verb
    else:
        anchor = trig.i
    subj, _ = _subject(p, anchor)
    found = _mentions_in(p, subj, ms)
    if not found and subj is not None and _anaphoric(p, subj):
        found = _pronoun_fallback(ctx, anchor)
    return found


def _accused(p: ParsedArticle, noun: int, verb: int, ms: Sequence[Mention]) -> list[Mention] | None:
    """In "accused X of <act>", X is the source of the act."""
    lemma = p.tokens[verb].lemma.lower()
    entry = lexicon().verbs.get(lemma)
    if entry is None or entry.type != "ACCUSE":
        return None
    objs = _kids(p, verb, ("dobj",))
    return _mentions_in(p, objs[0], ms) if objs else None


def _anaphoric(p: ParsedArticle, i: int) -> bool:
    """A pronoun or a definite description ("the alliance") that names no actor itself."""
    tok = p.tokens[i]
    if tok.pos == "PRON":
        return True
    return tok.pos == "NOUN" and _has_child_word(p, i, ("det", "poss"), ["the", "its", "their"])


def _pronoun_fallback(ctx: _Context, i: int) -> list[Mention]:
    """A pronoun subject with no resolved mention: the subject of the clause that embeds it."""
    p = ctx.parsed
    for node, dep in _climb(p, i)[:-1]:
        if dep in ("ccomp", "advcl", "conj", "xcomp"):
            head = p.tokens[node].head
            subj, _ = _subject(p, head)
            found = _mentions_in(p, subj, ctx.mentions)
            if found:
                return found
    return []


def _targets(ctx: _Context, trig: Trigger) -> list[Mention]:
    p, ms = ctx.parsed, ctx.mentions
    heads: list[int] = list(trig.extra_targets)
    anchors = [trig.i, *trig.absorbed]
    if not trig.is_noun:
        if _experiencer(p, trig.i):
            heads.extend(_agents(p, trig.i))
        else:
            heads.extend(_kids(p, trig.i, ("nsubjpass",)))
        heads.extend(_kids(p, trig.i, ("dobj", "dative", "iobj")))
    else:
        if p.tokens[trig.i].dep == "compound":  # "a mediation mission between X and Y"
            anchors.append(p.tokens[trig.i].head)
        verb = _light_verb(p, trig.i)
        if verb is not None:  # "granted asylum to X", "paid compensation to X"
            anchors.append(verb)
            heads.extend(_kids(p, verb, ("dative", "iobj")))
    for a in anchors:
        for prep in _kids(p, a, ("prep", "dative")):
            word = p.tokens[prep].text.lower()
            noun_of = word == "of" and trig.is_noun and a == trig.i
            if word in TARGET_PREPS or noun_of:
                heads.extend(_kids(p, prep, ("pobj",)))
    found: list[Mention] = []
    for h in heads:
        found.extend(_mentions_in(p, h, ms, undergoer=True))
    if not any(m.actor for m in found):
        found.extend(_inner_targets(ctx, trig))
    return _dedupe(found)


_INNER_PRUNE = frozenset(
    {"nsubj", "nsubjpass", "csubj", "advcl", "relcl", "ccomp", "parataxis", "punct"}
)


def _light_verb(p: ParsedArticle, noun: int) -> int | None:
    """The verb whose direct object a noun trigger is ("granted asylum", "paid compensation")."""
    cur = noun
    if p.tokens[cur].dep == "compound":
        cur = p.tokens[cur].head
    tok = p.tokens[cur]
    if tok.dep != "dobj" or p.tokens[tok.head].pos not in ("VERB", "AUX"):
        return None
    return tok.head


def _inner_targets(ctx: _Context, trig: Trigger) -> list[Mention]:
    """No target by syntax: actors deeper in the trigger's own phrase, then the place.

    "demanded an admission by Moscow", "threatened action against Russia", "reimposed
    blockades in the West Bank" (PLOVER codes the place's country as the target).
    """
    p = ctx.parsed
    reach: set[int] = set()
    stack = [trig.i, *trig.absorbed]
    while stack:
        cur = stack.pop()
        reach.add(cur)
        stack.extend(c for c in p.children(cur) if p.tokens[c].dep not in _INNER_PRUNE)
    subj, _ = _subject(p, trig.i)
    if subj is not None:
        reach -= set(p.subtree(subj))
    found = [m for m in ctx.mentions if m.token_start in reach and _collective(m)]
    return _dedupe(found)[:2]


def _collective(m: Mention) -> bool:
    """A state or an international body (not a bare person or an unresolved phrase)."""
    return m.actor is not None and bool(m.actor.country or m.actor.sector in ("IGO", "NGO"))


def _actors(
    ctx: _Context, trig: Trigger, chain: list[tuple[int, str]]
) -> tuple[list[Mention], list[Mention]]:
    p = ctx.parsed
    source = _source(ctx, trig)
    target = _targets(ctx, trig)
    noun, pair = _actor_pair(ctx, trig, source)
    if pair:  # "Russia-U.S. talks", "the Putin/Biden summit": the first named is the source
        phrase = set(p.subtree(noun))  # its two sides say who took part ("talks in Vienna")
        source = pair[:1]
        target = [*pair[1:], *(m for m in target if m.token_start not in phrase)]
    if trig.sense.type == "REQUEST":  # "demanded that NATO withdraw", "urged Russia to"
        for c in _kids(p, trig.i, ("ccomp", "xcomp")):
            for subj in _kids(p, c, ("nsubj", "nsubjpass")):
                target.extend(_mentions_in(p, subj, ctx.mentions))
    if trig.sense.type in ("THREATEN", "REQUEST") and not any(m.actor for m in target):
        target.extend(_condition_subjects(ctx, trig))
    return source, _dedupe(target)


_PAIR_JOINERS = frozenset({"-", "/", "\u2010", "\u2011", "\u2013", "\u2014"})
_PREMODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod", "poss"})


_NAME_POS = frozenset({"PROPN", "ADJ", "NOUN", "PUNCT", "SYM"})


def _premodifiers(p: ParsedArticle, noun: int) -> set[int]:
    """The tokens of the modifiers before a noun ("the US-Russia strategic stability").

    The names directly before the noun count too when the parser hung them elsewhere
    ("held U.S.-Russia talks" with "U.S.-Russia" read as an indirect object).
    """
    out: set[int] = set()
    for c in p.children(noun):
        if c < noun and p.tokens[c].dep in _PREMODIFIER_DEPS:
            out.update(t for t in p.subtree(c) if t < noun)
    i = min(out, default=noun) - 1
    while i >= 0 and p.tokens[i].pos in _NAME_POS and p.tokens[i].sent == p.tokens[noun].sent:
        out.add(i)
        i -= 1
    return out


def _joined_run(p: ParsedArticle, mentions: list[Mention]) -> list[Mention]:
    """The first run of two or more mentions joined by a hyphen or slash ("Russia-NATO")."""
    run: list[Mention] = []
    for m in mentions:
        if run and p.text[run[-1].end : m.start].strip() in _PAIR_JOINERS:
            run.append(m)
            continue
        if len(run) > 1:
            break
        run = [m]
    return run if len(run) > 1 else []


def _actor_pair(ctx: _Context, trig: Trigger, source: list[Mention]) -> tuple[int, list[Mention]]:
    """The event noun and the actors named as a hyphenated compound modifying it, in order.

    "Russia-U.S. talks", "the Putin-Biden summit", "Armenia/Azerbaijan clashes": both sides
    of a meeting or fight, the first named being the source. A verb trigger that absorbed
    such a noun ("officials held Russia-U.S. talks") uses them only when its own subject
    names no known actor. One mention spanning the hyphen ("the NATO-Russia Council") is a
    single actor, not a pair.
    """
    p = ctx.parsed
    if trig.is_noun:
        nouns = [trig.i]
    elif any(m.actor for m in source):
        return trig.i, []
    else:
        nouns = sorted(trig.absorbed)
    for noun in nouns:
        mods = _premodifiers(p, noun)
        inside = sorted(
            (m for m in ctx.mentions if m.actor and m.token_end <= noun and _covered(p, m, mods)),
            key=lambda m: (m.start, m.end),
        )
        run = _joined_run(p, inside)
        if run:
            return noun, run
    return trig.i, []


def _condition_subjects(ctx: _Context, trig: Trigger) -> list[Mention]:
    """ "threatened a strike unless Israel rescinded ...": who must act is the target."""
    p = ctx.parsed
    marks = lexicon().conditional_marks
    clauses = [trig.i, *_kids(p, trig.i, ("xcomp", "ccomp"))]
    found: list[Mention] = []
    for c in clauses:
        for adv in _kids(p, c, ("advcl",)):
            if _has_child_word(p, adv, ("mark",), marks):
                for subj in _kids(p, adv, ("nsubj", "nsubjpass")):
                    found.extend(m for m in _mentions_in(p, subj, ctx.mentions) if m.actor)
    return found


# --------------------------------------------------------------------------- embedding


#: Links an act may climb through to the verb that requests it: "urged Moscow to de-escalate
#: by withdrawing troops and (to) return to talks".
_REQUEST_PATH = frozenset({"ccomp", "xcomp", "pcomp", "prep", "conj"})


def _requests(p: ParsedArticle, i: int) -> bool:
    """A verb that asks for something: its own sense, or a particle or preposition of it
    ("called on", "appealed to")."""
    tok = p.tokens[i]
    entry = lexicon().verbs.get(tok.lemma.lower())
    if entry is None or tok.pos != "VERB":
        return False
    if entry.type == "REQUEST" or (entry.clause is not None and entry.clause.type == "REQUEST"):
        return True
    for c in _kids(p, i, ("prt", "prep")):
        word = p.tokens[c].text.lower()
        sense = entry.particles.get(word) or entry.preps.get(word)
        if sense is not None and sense.type == "REQUEST":
            return True
    return False


def _embedded_in_request(p: ParsedArticle, chain: list[tuple[int, str]]) -> bool:
    """An act demanded by someone ("demanded that NATO withdraw", "called on the world to
    recognise ...") is part of the request, not an event of its own."""
    for (_node, dep), (up, _) in itertools.pairwise(chain):
        if dep not in _REQUEST_PATH:
            return False
        if dep in ("ccomp", "xcomp") and _requests(p, up):
            return True
    return False


_EMBED_MODE = {
    "REQUEST": {"RETREAT": "yield", "CONCEDE": "yield", "CONSULT": "meet", "AGREE": "meet",
                "AID": "assist", "COOPERATE": "assist", "SANCTION": "change"},
    "REJECT": {"RETREAT": "yield", "CONCEDE": "yield", "CONSULT": "meet", "AGREE": "meet",
               "AID": "assist", "COOPERATE": "assist"},
    "THREATEN": {"ASSAULT": "violence", "COERCE": "territory", "MOBILIZE": "violence",
                 "SANCTION": "restrict"},
}  # fmt: skip


def _embedded_mode(p: ParsedArticle, trig: Trigger, etype: str) -> str | None:
    """Mode of a request / rejection / threat from the act it is about."""
    table = _EMBED_MODE.get(etype)
    if table is None:
        return None
    lex = lexicon()
    for i in p.subtree(trig.i)[:60]:
        if i == trig.i:
            continue
        tok = p.tokens[i]
        entry = (
            lex.verbs.get(tok.lemma.lower())
            if tok.pos == "VERB"
            else lex.nouns.get(tok.lemma.lower())
        )
        if entry is not None and entry.type in table:
            return table[entry.type]
        for cls in lex.class_of(tok.lemma):
            if cls == "sanctions" and "SANCTION" in table:
                return table["SANCTION"]
            if cls == "talks" and "CONSULT" in table:
                return table["CONSULT"]
    return None


# --------------------------------------------------------------------------- modality

# PLOVER codes a stated intention as one category, not "act + future": an intended material
# cooperation is AGREE, an intended (often conditional) material conflict is THREATEN.
_COOP_INTENT = frozenset({"AID", "COOPERATE", "RETREAT", "CONCEDE"})
_CONFLICT_INTENT = {
    "ASSAULT": "violence",
    "COERCE": "restrict",
    "SANCTION": "restrict",
    "MOBILIZE": "violence",
    "PROTEST": "restrict",
}


def _intent_type(
    etype: str, mode: str | None, cameo: str | None
) -> tuple[str, str | None, str | None]:
    if etype in _COOP_INTENT:
        return "AGREE", None, None
    if etype in _CONFLICT_INTENT:
        return "THREATEN", _CONFLICT_INTENT[etype], None
    return etype, mode, cameo


def _intended(p: ParsedArticle, trig: Trigger, chain: list[tuple[int, str]]) -> bool:
    """A verb act its subject says it will do ("will", "would", "plans to"), not a condition."""
    if trig.is_noun:
        return False
    lex = lexicon()
    nodes = _clause_nodes(p, trig, chain)
    if any(p.tokens[n].dep == "advcl" and _is_conditional(p, n) for n in nodes):
        return False
    for n in nodes:
        if _has_child_word(p, n, ("aux",), [*lex.future_modals, "would"]):
            return True
        if n != trig.i and p.tokens[n].lemma.lower() in lex.future_governors:
            return True
    return False


def _has_child_word(p: ParsedArticle, i: int, deps: Iterable[str], words: Iterable[str]) -> bool:
    wanted = {w.lower() for w in words}
    return any(
        p.tokens[c].text.lower() in wanted or p.tokens[c].lemma.lower() in wanted
        for c in _kids(p, i, deps)
    )


#: Prepositions whose phrase sets the time of the clause's act: what they hold happened (or
#: is presupposed) whatever the clause says of its own act ("could not say, after meeting X").
_TEMPORAL_PREPS = frozenset({"after", "before", "during", "following", "since", "ahead"})


def _clause_nodes(p: ParsedArticle, trig: Trigger, chain: list[tuple[int, str]]) -> list[int]:
    """The trigger and the heads of its own clause (up to the first clausal boundary, or a
    temporal prepositional phrase the trigger sits in)."""
    nodes = [trig.i]
    for (node, dep), (up, _) in itertools.pairwise(chain):
        if dep in ("ccomp", "advcl", "relcl", "parataxis", "ROOT", "csubj"):
            break
        if dep == "prep" and p.tokens[node].text.lower() in _TEMPORAL_PREPS and node != trig.i:
            break
        if dep == "conj" and p.tokens[up].pos == "VERB" and p.tokens[chain[0][0]].pos == "VERB":
            nodes.append(up)
            continue
        nodes.append(up)
    return nodes


def _is_conditional(p: ParsedArticle, clause: int) -> bool:
    lex = lexicon()
    if _has_child_word(p, clause, ("mark",), lex.conditional_marks):
        return True
    tok = p.tokens[clause]
    inverted = [c for c in _kids(p, clause, ("aux",)) if p.tokens[c].text.lower() == "should"]
    subj = _kids(p, clause, ("nsubj",))
    return bool(inverted and subj and inverted[0] < subj[0] and tok.dep == "advcl")


def _modality(p: ParsedArticle, trig: Trigger, chain: list[tuple[int, str]]) -> Modality:
    lex = lexicon()
    nodes = _clause_nodes(p, trig, chain)
    if _negated(p, trig, nodes, chain):
        return "negated"
    if _hypothetical(p, nodes, chain) or _in_prospect(p, trig.i):
        return "hypothetical"
    for n in nodes:
        if _has_child_word(p, n, ("aux",), lex.future_modals):
            return "future"
        if n != trig.i and p.tokens[n].lemma.lower() in lex.future_governors:
            return "future"
        if _has_child_word(p, n, ("aux",), ["would"]) and _reported(p, chain):
            return "future"
    if any(p.tokens[n].text.lower() == "going" for n in nodes):
        return "future"
    return "asserted"


def _in_prospect(p: ParsedArticle, i: int) -> bool:
    """A nominal act that is only in prospect: "the threat of (a Russian) invasion", "fears of
    an attack", "a possible invasion"."""
    tok = p.tokens[i]
    if tok.pos not in ("NOUN", "PROPN"):
        return False
    words = set(lexicon().prospect_words)
    if any(p.tokens[c].dep == "amod" and p.tokens[c].lemma.lower() in words for c in p.children(i)):
        return True
    if tok.dep != "pobj" or p.tokens[tok.head].text.lower() != "of":
        return False
    governor = p.tokens[p.tokens[tok.head].head]
    return governor.pos in ("NOUN", "PROPN") and governor.text.lower() in words


def _negated(
    p: ParsedArticle, trig: Trigger, nodes: list[int], chain: list[tuple[int, str]]
) -> bool:
    lex = lexicon()
    for n in nodes:
        if _has_child_word(p, n, ("neg", "advmod", "det"), lex.negators):
            return True
    if trig.sense.type in ("ACCUSE", "REQUEST", "REJECT"):
        return False  # a rejected accusation or demand was still made
    for (_child, via), (node, _dep) in itertools.pairwise(chain):
        if via in ADJUNCT_DEPS:
            return False  # "by recognising X, Russia violates Y": the act is not rejected
        if p.tokens[node].pos == "VERB" and _is_reject_verb(p, node):
            return True
    return False


#: Dependency labels of adjuncts: an act reached through one is a circumstance of the verb
#: above it (its means, time or cause), not what that verb denies or rejects.
ADJUNCT_DEPS = frozenset({"prep", "advcl", "npadvmod", "advmod"})


def _is_reject_verb(p: ParsedArticle, i: int) -> bool:
    entry = lexicon().verbs.get(p.tokens[i].lemma.lower())
    if entry is None:
        return False
    if entry.type == "REJECT":
        return True
    prts = {p.tokens[c].text.lower() for c in _kids(p, i, ("prt",))}
    return any(entry.particles[k].type == "REJECT" for k in prts if k in entry.particles)


def _hypothetical(p: ParsedArticle, nodes: list[int], chain: list[tuple[int, str]]) -> bool:
    lex = lexicon()
    for node, _dep in chain:
        if p.tokens[node].dep == "advcl" and _is_conditional(p, node):
            return True
        if node in nodes and any(
            p.tokens[c].dep == "advcl" and _is_conditional(p, c) for c in p.children(node)
        ):
            return True
        if node not in nodes:
            break
    modals = [m for m in lex.hypothetical_modals if m != "would"]
    for n in nodes:
        if _has_child_word(p, n, ("aux",), modals):
            return True
        if _has_child_word(p, n, ("aux",), ["would"]) and not _reported(p, chain):
            return True
    return False


def _reported(p: ParsedArticle, chain: list[tuple[int, str]]) -> bool:
    """True when the clause is the complement of a speech verb ("said the alliance would")."""
    speech = set(lexicon().speech_verbs)
    return any(
        dep == "ccomp" and p.tokens[p.tokens[node].head].lemma.lower() in speech
        for node, dep in chain
    )


# --------------------------------------------------------------------------- speaker, place


def _speaker(
    ctx: _Context, trig: Trigger, chain: list[tuple[int, str]]
) -> tuple[ActorRef | None, list[Mention]]:
    p = ctx.parsed
    start = p.tokens[trig.i].start
    for q in ctx.quotes:
        if q.content.start <= start < q.content.end and q.speaker is not None:
            return q.speaker, _speaker_mentions(ctx, q)
    speech = set(lexicon().speech_verbs)
    for node, dep in chain:
        if dep not in ("ccomp", "parataxis"):
            continue
        head = p.tokens[node].head if dep == "ccomp" else node
        if dep == "parataxis":
            head = next((c for c in p.children(node) if p.tokens[c].lemma.lower() in speech), -1)
            if head < 0:
                head = p.tokens[node].head
        if p.tokens[head].lemma.lower() in speech and head != trig.i:
            subj, _ = _subject(p, head)
            ms = _mentions_in(p, subj, ctx.mentions)
            if ms:
                return ms[0].actor, ms
    return None, []


def _speaker_mentions(ctx: _Context, q: Quote) -> list[Mention]:
    if q.source is None:
        return []
    src = q.source
    inside = [m for m in ctx.mentions if src.start <= m.start and m.end <= src.end and m.actor]
    if inside:
        return _dedupe(inside)
    p = ctx.parsed
    first = p.token_at(src.start)
    last = p.token_at(max(src.start, src.end - 1))
    if first is None or last is None:
        return []
    return [Mention(src.text, src.start, src.end, q.speaker, "inferred", first, last + 1, 0.6)]


_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def _location(ctx: _Context, trig: Trigger, chain: list[tuple[int, str]]) -> Location | None:
    """Where the event happened: "in Brussels", "at the Russian Defense Ministry"."""
    p = ctx.parsed
    anchors = [trig.i, *trig.absorbed, *(n for n, _ in chain[1:3])]
    for a in anchors:
        for prep in _kids(p, a, ("prep",)):
            word = p.tokens[prep].text.lower()
            if word not in ("in", "at"):
                continue
            for g in _kids(p, prep, ("pobj",)):
                loc = _place_at(ctx, g, allow_org=word == "at")
                if loc is not None:
                    return loc
    return None


def _place_at(ctx: _Context, g: int, allow_org: bool) -> Location | None:
    p = ctx.parsed
    labels = _PLACE_LABELS | ({"ORG"} if allow_org else set())
    for ent in p.entities:
        if ent.token_start <= g < ent.token_end and ent.label in labels:
            if ent.label in ("GPE", "LOC"):
                return to_location(ent.text, ctx.countries)
            inside = [
                m.actor.country
                for m in ctx.mentions
                if m.actor and m.actor.country and m.start < ent.end and ent.start < m.end
            ]
            text = p.text[ent.start : ent.end]
            return to_location(text, ctx.countries, inside[0] if inside else None)
    return None
