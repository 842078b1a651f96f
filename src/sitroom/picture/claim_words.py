"""The words that make a claim: what accuses, denies, admits, refuses to comment or names an
allegation (vocabulary files ``data/vocab/picture_*_words.json``, each an ordered list of the
alternatives of one regular expression), and the act's own words two sides are compared on.
"""

from __future__ import annotations

import re
from functools import cache

from sitroom import vocab
from sitroom.picture.wording import stopwords

#: Letters of a word compared when acts are matched ("invasion" and "invade" share "inva").
STEM_LETTERS = 4


def _words(name: str, tail: str) -> re.Pattern[str]:
    """The regular expression ``\\b(a|b|...)`` of the alternatives in vocabulary ``name``."""
    return re.compile(r"\b(" + "|".join(vocab.word_list(name)) + tail, re.I)


@cache
def accuse_words() -> re.Pattern[str]:
    """Words that make a quote an accusation."""
    return _words("picture_accuse_words", ")")


@cache
def deny_words() -> re.Pattern[str]:
    """Words that make a quote a response (a denial or a rejection)."""
    return _words("picture_deny_words", ")")


@cache
def refers_words() -> re.Pattern[str]:
    """Nouns by which a response names what it answers."""
    return _words("picture_refers_words", r")\b")


@cache
def denial_words() -> re.Pattern[str]:
    """Words that make a response a denial rather than a rejection."""
    return _words("picture_denial_words", r")\b")


@cache
def admit_words() -> re.Pattern[str]:
    """Words that make a response an admission."""
    return _words("picture_admit_words", r")\b")


@cache
def no_comment_words() -> re.Pattern[str]:
    """Words by which the accused gives no answer."""
    return _words("picture_no_comment_words", r")\b")


@cache
def filler_words() -> frozenset[str]:
    """Words that tell nothing of the act (saying, offices, days, the parties' names)."""
    return vocab.word_set("picture_claim_filler_words")


ACT_RE = re.compile(r"[a-z][a-z]+")


def act_words(text: str, names: str = "") -> frozenset[str]:
    """The act's own words of ``text``: its content words (first ``STEM_LETTERS`` letters of
    those of five letters or more) but stopwords, filler words, the words naming the sides
    (``names``) and the accusing, denying and answering words themselves."""
    drop = set(ACT_RE.findall(names.lower())) | filler_words() | stopwords()
    cut = text
    for rx in (accuse_words(), deny_words(), refers_words(), admit_words(), no_comment_words()):
        cut = rx.sub(" ", cut)
    out = set()
    for w in ACT_RE.findall(cut.lower()):
        if len(w) < 4 or w in drop:
            continue
        out.add(w[:STEM_LETTERS] if len(w) >= 5 else w)
    return frozenset(out)


@cache
def hostile_types() -> frozenset[str]:
    """Event types of a hostile act (a quote reporting one by another country accuses it)."""
    return vocab.word_set("picture_hostile_types")


@cache
def allegation_words() -> re.Pattern[str]:
    """Nouns that name an accusation as such ("allegations of", "Washington's accusation")."""
    return _words("picture_allegation_words", r")\b")


@cache
def prepositions() -> frozenset[str]:
    """Prepositions: an actor named right after one does not answer ("attacks on Kiev")."""
    return vocab.word_set("picture_prepositions")


@cache
def calling_words() -> re.Pattern[str]:
    """Verbs by which an actor calls something false ("called the reports fake")."""
    return _words("picture_calling_words", r")\b")


@cache
def denying_adjectives() -> frozenset[str]:
    """Adjectives that call something false ("false", "baseless")."""
    return vocab.word_set("picture_denying_adjectives")


@cache
def not_accusing_modes() -> frozenset[str]:
    """PLOVER modes of ACCUSE events that accuse nobody ("investigate")."""
    return vocab.word_set("picture_not_accusing_modes")
