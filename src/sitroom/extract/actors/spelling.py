"""People's names as the resolver compares them: transliteration keys, slugs and gender.

Names reach us in several transliterations ("Zelenskiy", "Zelensky", "Zelenskyy"):
:func:`translit_key` folds them to one key. :func:`person_slug` makes the ``surname-given`` id
the base uses, for people nobody listed. :func:`guess_gender` reads a gender from a first name
(``data/vocab/actors_*_first_names.json``) or a Slavic surname ending, for he/she links.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from sitroom import vocab


@cache
def female_first_names() -> frozenset[str]:
    return vocab.word_set("actors_female_first_names")


@cache
def male_first_names() -> frozenset[str]:
    return vocab.word_set("actors_male_first_names")


@cache
def female_surname_endings() -> tuple[str, ...]:
    return tuple(sorted(vocab.word_set("actors_female_surname_endings")))


def translit_key(name: str) -> str:
    """A loose key for transliterated names: Zelenskiy, Zelensky, Zelenskyy -> one key."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[^a-z ]", "", s)
    for a, b in (("kh", "h"), ("yy", "i"), ("iy", "i"), ("ij", "i"), ("yi", "i"), ("y", "i")):
        s = s.replace(a, b)
    s = re.sub(r"(.)\1+", r"\1", s)
    return s.replace("ii", "i")


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def person_slug(name: str) -> str:
    """``surname-given`` as in the base (the last word is taken as the surname)."""
    parts = name.split()
    if len(parts) == 1:
        return slug(parts[0])
    return slug(parts[-1] + " " + " ".join(parts[:-1]))


def guess_gender(name: str) -> str | None:
    """``"f"`` or ``"m"`` from the first name, else ``"f"`` from a female surname ending."""
    parts = name.lower().split()
    if not parts:
        return None
    if parts[0] in female_first_names():
        return "f"
    if parts[0] in male_first_names():
        return "m"
    if len(parts) > 1 and parts[-1].endswith(female_surname_endings()):
        return "f"
    return None
