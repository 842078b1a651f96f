"""Denials that hold what they deny: "Russia denies carrying out an attack", "Moscow rejects
Washington's accusation it is fabricating a pretext", "the SBU decries the Russian military's
fake report on an alleged provocation".

Such a denial is an answer whose accusation is written in its own words: the act denied (a
gerund or a noun of a blameworthy act after the denying verb, vocabulary
``picture_denied_act_words``), or an allegation or report named with its content after a
denying word. The accuser is the actor who owns the allegation ("Putin's allegation"), or the
actor who says or charges it earlier in the sentence ("Ukraine says Russia bombed a theatre,
Moscow denies carrying out the attack"), else unknown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from sitroom import vocab
from sitroom.picture.claim_words import allegation_words, deny_words, refers_words
from sitroom.picture.shared import codes_of
from sitroom.records import ActorRef
from sitroom.store.queries import ActorMention

#: An allegation named with its content: "allegations of ...", "accusation it is ...", or a
#: quoted charge before it ("Putin 'war criminal' allegation"); "denied the accusation" has none
CONTENT_AFTER = re.compile(r"\s+(?:of|that|about|against|over|on|it|he|she|they|we)\b", re.I)
CONTENT_BEFORE = re.compile(r"[\"“”‘’'][^\"“”‘’']{2,60}[\"“”‘’']\s*$")
#: A denying word this close before an allegation with its content, or an owned report or
#: claim, denies it ("fake report on an alleged provocation", "rejects Russia's genocide
#: claim"); a report that names no owner may be of anything ("denied the report that the
#: border had been breached").
DENY_BEFORE_CHARS = 30
#: A claim owned by someone and named by its charge ("Russia's genocide claim"): the owner's
#: possessive and one word, not a denying one ("Russia's fake report"), before it; "Russia's
#: claims of full control" is a claim, not an accusation.
OWNED = re.compile(r"\w['’]s\s+[\w-]+\s+$")
#: Not a denial by the actor: "calls on the UN to refute", "was denied entry".
NOT_OWN = re.compile(r"(?:\bto|\bwas|\bwere|\bbeen|\bbe|\bis|\bare)\s+$", re.I)

ACCUSER_CHARS = 25
#: between the owner and the allegation word: a possessive and at most one word ("Putin's
#: allegation", "U.S. claims", "Russia's genocide claim"), never a verb phrase
OWNER_GAP = re.compile(r"^(?:['’]s)?\s+(?:[^\s]+\s+)?$")
#: a saying verb this close after the accuser's name, at most two words between ("Ukraine
#: says", "Ukrainian officials say", "Ukraine's foreign ministry said")
SAYING_CHARS = 40


def has_content(text: str, found: re.Match[str]) -> bool:
    """Whether the allegation word ``found`` is followed or preceded by what it alleges."""
    return bool(
        CONTENT_AFTER.match(text, found.end()) or CONTENT_BEFORE.search(text[: found.start()])
    )


@cache
def _denied_act() -> re.Pattern[str]:
    objects = "|".join(vocab.word_list("picture_denied_act_words"))
    return re.compile(
        r"\b(?:den(?:y|ies|ied|ying)|denials? of)\s+"
        r"(?:(?:any|the|its|their|his|her|a|an|having|ever)\s+)?(?:" + objects + ")",
        re.I,
    )


@cache
def _saying() -> re.Pattern[str]:
    verbs = "|".join(vocab.word_list("picture_saying_words"))
    return re.compile(r"(?:['’]s)?(?:\s+[\w-]+){0,2}?\s+(?:" + verbs + r")\b", re.I)


def _own(text: str, found: re.Match[str]) -> bool:
    return not NOT_OWN.search(text[max(0, found.start() - 8) : found.start()])


def _denied_before(text: str, at: int) -> bool:
    """Whether the actor's own denying word stands just before ``at``."""
    before = text[max(0, at - DENY_BEFORE_CHARS) : at]
    deny = deny_words().search(before)
    return deny is not None and not NOT_OWN.search(before[: deny.start()])


def denied_act(text: str) -> re.Match[str] | None:
    """Where ``text`` denies an act (a denying verb and its act, or a denying word before an
    allegation or a report with its content); None when it does not."""
    for found in _denied_act().finditer(text):
        if _own(text, found):
            return found
    for found in allegation_words().finditer(text):  # "fake report on alleged provocation"
        named = has_content(text, found) or found.group(0).lower() == "alleged"
        if named and _denied_before(text, found.start()):
            return found
    for found in refers_words().finditer(text):  # "rejects Russia's genocide claim"
        owned = OWNED.search(text[: found.start()])
        if (
            owned
            and not deny_words().search(owned.group(0))
            and _denied_before(text, found.start())
        ):
            return found
    return None


def held_allegation(text: str, cue: Mapping[str, Any] | None = None) -> re.Match[str] | None:
    """The allegation a denial holds: an allegation word with its content, else the denied
    act (:func:`denied_act`); None when it holds none. The text of a quote (``cue`` given)
    holds a denied act only after a denying cue ("denies | carrying out an attack"): a denial
    inside what a speaker says is another's (the match then starts before the text)."""
    found = allegation_words().search(text)
    if found is not None and has_content(text, found):
        return found
    if cue is None:
        return denied_act(text)
    verb = str(cue.get("text") or "")
    found = denied_act(f"{verb} {text}")
    return found if found is not None and found.start() < len(verb) else None


def accuser(
    text: str, base: int, at: int, mentions: Sequence[ActorMention], responder: frozenset[str]
) -> ActorRef | None:
    """Who makes the allegation found at ``at`` of ``text`` (which starts at ``base`` in its
    article): the owner named just before it (may be the responder itself: "Russian claim of
    withdrawing troops"), else an actor other than the responder who says or charges it
    earlier in the text; None when nobody is named."""
    verb = bool(deny_words().match(text, at))  # "Moscow denies ...": no owner, a denier
    owners = [
        m
        for m in mentions
        if not verb
        and base + at - ACCUSER_CHARS <= int(m.end) <= base + at
        and OWNER_GAP.match(gap := text[max(0, int(m.end) - base) : at])
        and not deny_words().search(gap)
    ]
    if owners:
        return owners[-1].actor
    sayers = [
        m
        for m in mentions
        if base <= int(m.start) and int(m.end) <= base + at
        and not codes_of(m.actor) & responder
        and _saying().match(text, int(m.end) - base, int(m.end) - base + SAYING_CHARS)
    ]  # fmt: skip
    return sayers[-1].actor if sayers else None


#: The accused named this close after the allegation word ("Russia's accusation that Ukraine")
ACCUSED_CHARS = 15
#: between the allegation word and the accused: "accusation that", "allegations of the"
CONNECTOR = re.compile(r"\s+(?:that|of|against|about)\s+(?:the\s+)?", re.I)
#: Mentions that name no accused: "Ukrainian cities", "in Kharkiv"
NOT_ACCUSED = frozenset({"adjective", "place"})


def for_another(
    text: str, base: int, found: re.Match[str], mentions: Sequence[ActorMention],
    responder: frozenset[str],
) -> bool:  # fmt: skip
    """Whether the allegation a denial names (``found`` in ``text``, which starts at ``base``)
    is against another than the responder ("the G7 rejected Russia's accusation that Ukraine
    is preparing a dirty bomb"): the G7 answers for Ukraine, it is not the accused."""
    if deny_words().match(text, found.start()):
        return False  # "denies shelling Kharkiv": the act denied, its place or target after
    after = [
        m
        for m in mentions
        if base + found.end() <= int(m.start) <= base + found.end() + ACCUSED_CHARS
        and m.kind not in NOT_ACCUSED
        and CONNECTOR.fullmatch(text[found.end() : int(m.start) - base])
    ]
    return bool(after) and not codes_of(after[0].actor) & responder


#: A speaker named after the answer: "... are not true, the Ministry of Foreign Affairs of
#: Ukraine has said", "... untrue - Ukraine's foreign ministry": the answering word ends its
#: clause (a comma or a dash right after it, not "a fake chemical attack, Moscow claims"), then
#: "the" and the name
SPEAKER_AFTER_CHARS = 40
SPEAKER_LEAD = re.compile(r"\s*(?:,|\s[-–—])\s*(?:the\s+)?", re.I)
#: after a dash the name ends the text ("- MFA", "— Russian Foreign Ministry.")
TEXT_END = re.compile(r"[\s.,\"“”'’)]*(?:\(.*)?$")


def speaker_after(
    text: str, base: int, end: int, mentions: Sequence[ActorMention], not_agents: frozenset[str]
) -> ActorMention | None:
    """The actor named just after the answering word ending at ``end`` of ``text`` (which
    starts at ``base`` in its article), who says it: after a comma and followed by a saying
    verb, or after a dash at the end of the text; None when there is none."""
    for m in sorted(mentions, key=lambda m: int(m.start)):
        start, stop = int(m.start) - base, int(m.end) - base
        if not end <= start <= end + SPEAKER_AFTER_CHARS or m.kind in not_agents:
            continue
        lead = SPEAKER_LEAD.fullmatch(text, end, start)
        if lead is None or not m.actor.actor_id:
            return None
        dash = "," not in lead.group(0)
        said = _saying().match(text, stop, stop + SAYING_CHARS)
        return m if (said and not dash) or (dash and TEXT_END.fullmatch(text, stop)) else None
    return None
