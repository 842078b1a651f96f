"""Wording: whether two sentences of different articles say the same thing in the same
words (the same statement, a wire copy, one outlet's translation of another's).

Score of two units: the inverse-sentence-frequency weight of the shorter unit's content
words that also occur in the longer, over the weight of all the shorter unit's words; two
units have the same wording when that score is at least ``WORDING_SCORE`` and the shared
words also make ``LONG_COVER`` of the longer unit's weight.
Candidates share at least two rare words (found through an inverted index), so the search
stays near-linear in the corpus size.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import cache

from sitroom import vocab
from sitroom.records import TextUnit

_WORD_RE = re.compile(r"[a-z][a-z0-9]+")
#: Copies of one wording published this many days apart still merge (3 also merged recurring
#: formulas and one town's strikes days apart)
WORDING_DAYS = 1
WORDING_SCORE = 0.75  # weighted share of the shorter sentence's words found in the longer
NEAR_WORDING = WORDING_SCORE  # "nearly the same words"
WORDING_MIN_WORDS = 4  # sentences with fewer content words are too short to compare
#: ...and at least this share of the longer's (a short headline inside a long sentence that
#: happens to hold its words is not the same wording)
LONG_COVER = 0.5
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
        # rare word -> day -> the units of that day holding it (day None: undated units)
        self.index: dict[str, dict[date | None, list[int]]] = {}
        for i, ws in enumerate(self.words):
            day = self.units[i].day
            for w in ws:
                if df[w] <= cap:
                    self.index.setdefault(w, {}).setdefault(day, []).append(i)
        self._found: dict[tuple[int, int, bool], list[tuple[int, float, float]]] = {}

    def score(
        self, a: frozenset[str], b: frozenset[str], min_words: int = WORDING_MIN_WORDS
    ) -> float:
        short, long_ = (a, b) if len(a) <= len(b) else (b, a)
        if len(short) < min_words:
            return 0.0
        total = sum(self.idf.get(w, 1.0) for w in short)
        shared = sum(self.idf.get(w, 1.0) for w in short & long_)
        return shared / total if total else 0.0

    def cover(self, a: frozenset[str], b: frozenset[str]) -> float:
        """The weighted share of the longer set's words found in the shorter."""
        long_ = a if len(a) > len(b) else b
        total = sum(self.idf.get(w, 1.0) for w in long_)
        return sum(self.idf.get(w, 1.0) for w in a & b) / total if total else 0.0

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
        found = self._matches(unit, content_words(unit.text), days, same_article)
        return [(i, sc) for i, sc, cover in found if cover >= LONG_COVER]

    def matches_of(
        self, i: int, days: int = WORDING_DAYS, same_article: bool = False
    ) -> list[tuple[int, float, float]]:
        """(index, score, cover) of the units holding the words of unit ``i`` of this
        collection (score at least ``WORDING_SCORE``, any cover; remembered): with a cover
        of at least ``LONG_COVER`` they have the same wording, below it the other is longer
        and says more (a quote's fragment, or a headline's words in a long sentence)."""
        key = (i, days, same_article)
        found = self._found.get(key)
        if found is None:
            found = self._matches(self.units[i], self.words[i], days, same_article)
            self._found[key] = found
        return found

    def _postings(self, word: str, day: date | None, days: int) -> Iterable[list[int]]:
        by_day = self.index.get(word)
        if not by_day:
            return ()
        if day is None:
            return by_day.values()
        near = [by_day.get(day + timedelta(days=k)) for k in range(-days, days + 1)]
        return [p for p in (*near, by_day.get(None)) if p]

    def _matches(
        self, unit: TextUnit, words: frozenset[str], days: int, same_article: bool
    ) -> list[tuple[int, float, float]]:
        if len(words) < WORDING_MIN_WORDS:
            return []
        hits: Counter[int] = Counter()
        for w in words:
            for postings in self._postings(w, unit.day, days):
                hits.update(postings)
        out = []
        for i, shared in hits.items():
            other = self.units[i]
            if shared < 2 or (other.article_id == unit.article_id and not same_article):
                continue
            sc = self.score(words, self.words[i])
            if sc >= WORDING_SCORE:
                out.append((i, sc, self.cover(words, self.words[i])))
        return sorted(out, key=lambda t: -t[1])
