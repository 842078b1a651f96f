"""Wording: whether two sentences of different articles say the same thing in the same
words (the same statement, a wire copy, one outlet's translation of another's).

Score of two units: the inverse-sentence-frequency weight of the shorter unit's content
words that also occur in the longer, over the weight of all the shorter unit's words.
Candidates share at least two rare words (found through an inverted index), so the search
stays near-linear in the corpus size.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache

from sitroom import vocab
from sitroom.records import TextUnit

_WORD_RE = re.compile(r"[a-z][a-z0-9]+")
WORDING_DAYS = 3  # copies of one statement published this many days apart still merge
WORDING_SCORE = 0.75  # weighted share of the shorter sentence's words found in the longer
NEAR_WORDING = WORDING_SCORE  # "nearly the same words"
WORDING_MIN_WORDS = 4  # sentences with fewer content words are too short to compare
RARE_SHARE = 0.02  # a word in more than this share of sentences is not used to find candidates


@cache
def stopwords() -> frozenset[str]:
    """Function words, left out of a sentence's content words."""
    return vocab.word_set("picture_stopwords")


def content_words(text: str) -> frozenset[str]:
    """The lower-cased words of ``text`` (two characters or more) but the stopwords."""
    stop = stopwords()
    return frozenset(w for w in _WORD_RE.findall(text.lower()) if w not in stop)


class Wording:
    """Finds the units of *other* articles that carry the same wording as a given unit
    (see the module docstring for the score)."""

    def __init__(self, units: Sequence[TextUnit]) -> None:
        self.units = list(units)
        self.words = [content_words(u.text) for u in self.units]
        df: Counter[str] = Counter(w for ws in self.words for w in ws)
        n = max(1, len(self.units))
        self.idf = {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}
        cap = max(3.0, RARE_SHARE * n)
        self.index: dict[str, list[int]] = {}
        for i, ws in enumerate(self.words):
            for w in ws:
                if df[w] <= cap:
                    self.index.setdefault(w, []).append(i)

    def score(
        self, a: frozenset[str], b: frozenset[str], min_words: int = WORDING_MIN_WORDS
    ) -> float:
        short, long_ = (a, b) if len(a) <= len(b) else (b, a)
        if len(short) < min_words:
            return 0.0
        total = sum(self.idf.get(w, 1.0) for w in short)
        shared = sum(self.idf.get(w, 1.0) for w in short & long_)
        return shared / total if total else 0.0

    def similarity(self, i: int, j: int, min_words: int = WORDING_MIN_WORDS) -> float:
        """The score of units ``i`` and ``j`` (0 when the shorter has under ``min_words``)."""
        a, b = self.words[i], self.words[j]
        if min(len(a), len(b)) < min_words:
            return 0.0
        return 1.0 if a == b else self.score(a, b, min_words)

    def matches(
        self, unit: TextUnit, days: int = WORDING_DAYS, same_article: bool = False
    ) -> list[tuple[int, float]]:
        """(index, score) of units of other articles (and of the unit's own article with
        ``same_article``: its repeats) with the same wording, best first."""
        words = content_words(unit.text)
        if len(words) < WORDING_MIN_WORDS:
            return []
        hits: Counter[int] = Counter(i for w in words for i in self.index.get(w, ()))
        out = []
        for i, shared in hits.items():
            other = self.units[i]
            if shared < 2 or (other.article_id == unit.article_id and not same_article):
                continue
            if unit.day and other.day and abs((unit.day - other.day).days) > days:
                continue
            sc = self.score(words, self.words[i])
            if sc >= WORDING_SCORE:
                out.append((i, sc))
        return sorted(out, key=lambda t: -t[1])
