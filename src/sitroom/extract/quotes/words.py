"""The quote stage's word lists, read from ``data/vocab/quotes_*.json`` on first use.

Each function returns one vocabulary (validated by :mod:`sitroom.vocab`, read once per
process). The lists are knowledge of English and of news prose, not code: the rules' speech
verbs, the verbs of stance and belief, the person words, abbreviations, the words of
transcript labels and the tagger's person words. The tagger's frozen anchor lemmas are not
here: they belong to the shipped model (:mod:`sitroom.extract.quotes.model_folder`).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from sitroom import vocab

# --------------------------------------------------------------------------- verbs (rules)


@cache
def speech_lemmas() -> frozenset[str]:
    """Verbs that introduce reported speech or a stated position: the rules' speech verbs
    and the few more the rules also take as cues (two files, joined here)."""
    return vocab.word_set("quotes_rules_speech_verbs") | vocab.word_set(
        "quotes_rules_speech_verbs_extra"
    )


@cache
def cognition_lemmas() -> frozenset[str]:
    """Verbs of belief and intention, kept only with a clausal complement."""
    return vocab.word_set("quotes_cognition_verbs")


@cache
def stance_lemmas() -> frozenset[str]:
    """Stance verbs (praise, blame, condemn ...): a cue with an object or a clause."""
    return vocab.word_set("quotes_stance_verbs")


@cache
def object_content_lemmas() -> frozenset[str]:
    """Verbs whose noun object is content even without a clause ("denied the reports"):
    the stance verbs and a list of their own."""
    return stance_lemmas() | vocab.word_set("quotes_object_content_verbs")


@cache
def object_only_lemmas() -> frozenset[str]:
    """Verbs that count only with a subject and an object or clause ("the poll shows ..."):
    the stance verbs and a list of their own."""
    return stance_lemmas() | vocab.word_set("quotes_object_only_verbs")


@cache
def cue_particles() -> Mapping[str, frozenset[str]]:
    """Per verb, the particles or prepositions that belong to its cue ("pointed out")."""
    groups = vocab.word_groups("quotes_cue_particles")
    return MappingProxyType({verb: frozenset(words) for verb, words in groups.items()})


@cache
def as_content_lemmas() -> frozenset[str]:
    """Verbs whose "as" phrase is the content when they have no object after them ("which
    the minister described as false": the relative pronoun is the object, the "as" phrase
    the claim)."""
    return vocab.word_set("quotes_as_content_verbs")


# --------------------------------------------------------------------------- other words (rules)


@cache
def first_second_person() -> frozenset[str]:
    """Words of the first and second person (a source, a speaker's own words)."""
    return vocab.word_set("quotes_first_second_person")


@cache
def first_person_words() -> frozenset[str]:
    """Words of a first-person sentence (one with no attribution joins a neighbouring one)."""
    return vocab.word_set("quotes_first_person_words")


@cache
def leading_connectives() -> frozenset[str]:
    """Sentence adverbs that open a content but are not part of what was said."""
    return vocab.word_set("quotes_leading_connectives")


@cache
def abbreviations() -> frozenset[str]:
    """Words whose full stop ends an abbreviation, not a sentence ("Mr. Putin")."""
    return vocab.word_set("quotes_abbreviations")


@cache
def narrator_subjects() -> frozenset[str]:
    """Subjects that tell of a third person: a sentence led by one is the reporter's."""
    return vocab.word_set("quotes_narrator_subjects")


@cache
def past_words() -> frozenset[str]:
    """Verb forms of reported (backshifted) speech."""
    return vocab.word_set("quotes_past_words")


@cache
def present_words() -> frozenset[str]:
    """Verb forms of speech quoted as spoken."""
    return vocab.word_set("quotes_present_words")


# --------------------------------------------------------------------------- layout, tagger


@cache
def label_verbs() -> frozenset[str]:
    """Verb forms that may open a transcript label ("Said Ellis: ..."): they are its cue."""
    return vocab.word_set("quotes_layout_label_verbs")


@cache
def title_words() -> frozenset[str]:
    """Words of a speaker's title before the name in a label ("Deputy Prime Minister")."""
    return vocab.word_set("quotes_layout_title_words")


@cache
def personal_words() -> frozenset[str]:
    """The tagger's first- and second-person words (its sentence-context feature ``Pers``)."""
    return vocab.word_set("quotes_tagger_personal_words")


@cache
def self_subjects() -> frozenset[str]:
    """Pronouns whose verbs do not make a sentence worth reading ("I think", "we want")."""
    return vocab.word_set("quotes_tagger_self_subjects")
