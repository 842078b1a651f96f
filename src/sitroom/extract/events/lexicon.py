"""The trigger lexicon of ``rules.v1``: what each verb and noun means, as PLOVER types and modes.

The lexicon is the data file ``data/plover_rules.json``: verbs and nouns with their senses
(refined by their objects, prepositions, particles and modifiers), word classes ("talks",
"sanctions", "agents" ...), and the word lists the modality and speaker rules read (speech
verbs, modals, negators, conditional marks, intention, prospect and breakaway words). It is
validated here by pydantic models and loaded once per process; an unknown PLOVER type in it is
an error.
"""

from __future__ import annotations

import functools
import json
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field

from sitroom.extract.events.plover import PLOVER_TYPES


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
    """A verb or noun of the lexicon: its own sense and the senses its complements give it."""

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
    """The whole trigger lexicon as ``data/plover_rules.json`` holds it."""

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
        """The word classes ("talks", "agents" ...) that list ``lemma``."""
        return {name for name, words in self.classes.items() if lemma.lower() in words}


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The validated trigger lexicon (loaded once)."""
    raw = resources.files("sitroom").joinpath("data/plover_rules.json").read_text(encoding="utf-8")
    lex = Lexicon.model_validate(json.loads(raw))
    _check_types(lex)
    return lex


class Overlay(BaseModel):
    """A file of trigger senses laid over the lexicon: an entry replaces the word's entry (a
    null entry removes the word), class words are added to their class."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str = ""
    verbs: dict[str, Entry | None] = Field(default_factory=dict)
    nouns: dict[str, Entry | None] = Field(default_factory=dict)
    classes: dict[str, list[str]] = Field(default_factory=dict)


@functools.lru_cache(maxsize=4)
def lexicon_with(overlay: str | None) -> Lexicon:
    """The lexicon with the overlay file ``data/<overlay>`` laid over it (None: the lexicon)."""
    base = lexicon()
    if overlay is None:
        return base
    raw = resources.files("sitroom").joinpath(f"data/{overlay}").read_text(encoding="utf-8")
    over = Overlay.model_validate(json.loads(raw))
    verbs = {**base.verbs, **{k: v for k, v in over.verbs.items() if v is not None}}
    nouns = {**base.nouns, **{k: v for k, v in over.nouns.items() if v is not None}}
    for k in (k for k, v in over.verbs.items() if v is None):
        verbs.pop(k, None)
    for k in (k for k, v in over.nouns.items() if v is None):
        nouns.pop(k, None)
    classes = dict(base.classes)
    for name, words in over.classes.items():
        have = classes.get(name, [])
        classes[name] = [*have, *(w for w in words if w not in have)]
    lex = base.model_copy(update={"verbs": verbs, "nouns": nouns, "classes": classes})
    _check_types(lex)
    return lex


def _check_types(lex: Lexicon) -> None:
    for entry in (*lex.verbs.values(), *lex.nouns.values()):
        for sense in (entry, *entry.objects.values(), *entry.preps.values()):
            if sense.type is not None and sense.type not in PLOVER_TYPES:
                raise ValueError(f"unknown PLOVER type in lexicon: {sense.type}")
