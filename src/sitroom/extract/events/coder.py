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

Each job has its module: :mod:`~sitroom.extract.events.lexicon` (the trigger lexicon),
:mod:`~sitroom.extract.events.triggers`, :mod:`~sitroom.extract.events.arguments` and
:mod:`~sitroom.extract.events.mentions` (who did what to whom),
:mod:`~sitroom.extract.events.modality` (and embedded requests),
:mod:`~sitroom.extract.events.breakaway` (the parent-state rules),
:mod:`~sitroom.extract.events.speaker` and :mod:`~sitroom.extract.events.location`. This
module puts them together: one event per trigger, with its confidence, id and codes, and
duplicates within a sentence merged.
"""

from __future__ import annotations

from collections.abc import Sequence

from sitroom.extract.events.arguments import (
    Context,
    actors,
    agentless_passive,
    distinct_targets,
    first_person_subject,
    subject_is_pronoun,
)
from sitroom.extract.events.breakaway import recode_breakaway_state, towards_parent_state
from sitroom.extract.events.dates import event_date
from sitroom.extract.events.ids import CODER_NAME, event_id
from sitroom.extract.events.lexicon import lexicon_with
from sitroom.extract.events.location import location_of
from sitroom.extract.events.modality import (
    embedded_in_request,
    embedded_mode,
    hedged,
    intended,
    intent_type,
    modality_of,
    reduce_future,
    reducible,
)
from sitroom.extract.events.plover import derive_codes
from sitroom.extract.events.political import political, verbal_or_literal
from sitroom.extract.events.profile import RULES_V1, Profile
from sitroom.extract.events.provenance import event_provenance
from sitroom.extract.events.speaker import speaker_of
from sitroom.extract.events.syntax import climb
from sitroom.extract.events.triggers import Trigger, find_triggers
from sitroom.records import Event, Evidence, Mention, Modality, ParsedArticle, Quote

__all__ = ["CODER_NAME", "RulesCoder"]


class RulesCoder:
    """PLOVER rules coder over the dependency parse; its :class:`Profile` says which version
    (``rules.v1`` by default, ``rules.v2`` with :data:`RULES_V2`)."""

    def __init__(self, profile: Profile = RULES_V1) -> None:
        self.profile = profile
        self.name = profile.name
        self._lex = lexicon_with(profile.lexicon)

    def code(
        self, parsed: ParsedArticle, mentions: Sequence[Mention], quotes: Sequence[Quote]
    ) -> list[Event]:
        countries = tuple(
            sorted({m.actor.country for m in mentions if m.actor and m.actor.country})
        )
        ctx = Context(parsed, mentions, quotes, countries, self.profile)
        events: list[Event] = []
        for sent in parsed.sentences:
            sent_events: list[Event] = []
            found = find_triggers(
                parsed,
                sent.token_start,
                sent.token_end,
                self._lex,
                states=self.profile.participle_states,
                nominal=self.profile.gerunds,
                deep_topics=self.profile.deep_topics,
            )
            for trig in found:
                ev = self._event(ctx, sent.index, trig)
                if ev is None or _merge_duplicate(ev, sent_events):
                    continue
                sent_events.append(ev)
                ev = recode_breakaway_state(parsed, ev)
                parent = towards_parent_state(ev)
                if parent is not None and not _merge_duplicate(parent, sent_events):
                    sent_events.append(parent)
            events.extend(sent_events)
        return events

    def _event(self, ctx: Context, sent_index: int, trig: Trigger) -> Event | None:
        p = ctx.parsed
        chain = climb(p, trig.i)
        if embedded_in_request(p, chain, through_objects=self.profile.requested_objects):
            return None
        modality = modality_of(p, trig, chain)
        steps: list[str] = []
        if self.profile.threat_conditions and modality == "asserted":
            judged = hedged(p, trig, chain)
            modality, steps = (judged, ["hedged"]) if judged else (modality, steps)
        if trig.sense.irrealis and modality not in ("future", "hypothetical"):
            return None
        speaker_ref, speaker_mentions = speaker_of(ctx, trig, chain)
        if self.profile.verbal_places and trig.literal is not None:
            trig = verbal_or_literal(ctx, trig)
        source, target = actors(ctx, trig, chain)
        by_speaker = not source and bool(speaker_mentions) and subject_is_pronoun(p, trig.i)
        if by_speaker and self.profile.reporter_not_agent and agentless_passive(p, trig.i):
            by_speaker = False  # "the UN says 300 civilians were killed": not by the UN
        source = speaker_mentions if by_speaker else source
        target = distinct_targets(source, target)
        if not source and not target:
            return None
        alone = by_speaker or first_person_subject(p, trig.i)  # "we are providing support to"
        if self.profile.speaker_needs_target and alone and not any(m.actor for m in target):
            return None  # ... families": the speaker's own affairs, no event
        if self.profile.political_actor and not political(source, target, trig.sense.type):
            return None
        etype, mode, cameo, modality = self._kind(p, trig, chain, modality, steps)
        mode = mode or embedded_mode(p, trig, etype)
        codes = derive_codes(etype, mode, cameo)
        anchors = [i for i, _ in chain[:6]]
        date, precision = event_date(
            p, sent_index, anchors, "future" if modality == "future" else "past"
        )
        sent = p.sentences[sent_index]
        trig_span = p.span(min(trig.tokens), max(trig.tokens) + 1)
        art = p.article
        return Event(
            event_id=event_id(art.article_id, trig_span.start, etype),
            article_id=art.article_id,
            type=etype,
            mode=mode,
            modality=modality,
            source=source,
            target=target,
            date=date,
            date_precision=precision,
            location=location_of(ctx, trig, chain),
            cameo=codes.cameo,
            goldstein=codes.goldstein,
            quad_class=codes.quad_class,
            evidence=Evidence(p.text[sent.start : sent.end], sent.start, sent.end, trig_span),
            confidence=_confidence(trig, source, target),
            coder=self.name,
            speaker=speaker_ref,
            provenance=event_provenance(
                p, trig, source, target, lex=self._lex, speaker_source=by_speaker, steps=steps
            ),
        )

    def _kind(
        self,
        p: ParsedArticle,
        trig: Trigger,
        chain: list[tuple[int, str]],
        modality: Modality,
        steps: list[str],
    ) -> tuple[str, str | None, str | None, Modality]:
        """Type, mode, CAMEO code and modality of the event of ``trig``: a stated intention
        as PLOVER codes it, and (``future_reductions``) the manual's future reductions."""
        etype, mode = trig.sense.type or "CONSULT", trig.mode_override or trig.sense.mode
        cameo = trig.sense.cameo
        reduce = self.profile.future_reductions
        kept = reduce and modality == "future" and reducible(etype)  # reduced below
        if modality in ("future", "hypothetical") and not kept and intended(p, trig, chain):
            etype, mode, cameo = intent_type(etype, mode, cameo)
            steps.append("intent")
        if reduce:
            reduced = reduce_future(etype, mode, cameo, modality)
            if reduced[3] != modality:
                steps.append("future-reduction")
            etype, mode, cameo, modality = reduced
        return etype, mode, cameo, modality


def _merge_duplicate(ev: Event, others: list[Event]) -> bool:
    """True if ``others`` already holds the same event (its place is kept if it had none)."""
    key = (ev.type, ev.modality, _ids(ev.source), _ids(ev.target))
    for o in others:
        if (o.type, o.modality, _ids(o.source), _ids(o.target)) == key:
            if o.location is None:
                o.location = ev.location
            return True
    return False


def _ids(ms: Sequence[Mention]) -> tuple[str, ...]:
    return tuple(sorted(m.actor.actor_id for m in ms if m.actor))


def _confidence(trig: Trigger, source: list[Mention], target: list[Mention]) -> float:
    score = 0.55 + (0.2 if source else 0.0) + (0.1 if target else 0.0)
    score -= 0.1 if trig.is_noun else 0.0
    score += 0.05 if trig.absorbed or len(trig.tokens) > 1 else 0.0
    return max(0.05, min(0.95, score))
