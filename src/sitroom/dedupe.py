"""Dedupe: exact copies, near copies and truncated copies, and copy groups.

Three checks, in order, against every article already seen (in this run or seeded from the
store with :meth:`Deduper.add_known`):

1. **exact**: the same words in the same order (case, punctuation, apostrophes and line
   wrapping ignored), by a hash of the normalized text;
2. **near**: MinHash (datasketch) over word 5-gram shingles, candidates found with LSH and
   kept when their estimated Jaccard similarity reaches ``threshold``;
3. **containment**: for a truncated or excerpted copy the Jaccard similarity is low, so the
   share of the smaller article's shingles found in the other one is estimated from the
   MinHash Jaccard and the two exact shingle counts; ``containment`` or more makes a copy.

A duplicate gets ``duplicate_of`` (the first copy seen) and that copy's ``copy_group``. Two
articles that share a large part of their text without being copies (wire copy reused with
other material) share a ``copy_group`` when the share of the smaller one found in the other
reaches ``group_containment``; ``duplicate_of`` stays empty, since they are different
articles. Later stages count outlets per copy group rather than copies.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from datasketch import LeanMinHash, MinHash, MinHashLSH

from sitroom.records import Article

WORD = re.compile(r"\w+")
APOSTROPHES = re.compile(r"['’ʼ`]")
SHINGLE = 5
CANDIDATE_THRESHOLD = 0.2


def words(text: str) -> list[str]:
    """Lower-cased words, apostrophes dropped so "Russia's" and "Russias" match."""
    return WORD.findall(APOSTROPHES.sub("", text).lower())


def exact_key(text: str) -> str:
    """Hash of the normalized text: equal for copies differing only in case, punctuation or
    line wrapping."""
    return hashlib.sha256(" ".join(words(text)).encode("utf-8")).hexdigest()


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    ws = words(text)
    if len(ws) <= k:
        return {" ".join(ws).encode("utf-8")} if ws else set()
    return {" ".join(ws[i : i + k]).encode("utf-8") for i in range(len(ws) - k + 1)}


@dataclass(frozen=True, slots=True)
class Match:
    """How an article relates to one already seen."""

    other: str
    jaccard: float
    containment: float


class Deduper:
    """Finds copies among articles as they stream by; memory is one signature per article."""

    def __init__(
        self,
        threshold: float = 0.8,
        num_perm: int = 128,
        containment: float = 0.8,
        group_containment: float = 0.5,
    ) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.containment = containment
        self.group_containment = group_containment
        self._lsh = MinHashLSH(threshold=min(threshold, CANDIDATE_THRESHOLD), num_perm=num_perm)
        self._exact: dict[str, str] = {}
        self._sigs: dict[str, LeanMinHash] = {}
        self._sizes: dict[str, int] = {}
        self._groups: dict[str, str] = {}
        self._outlets: dict[str, str | None] = {}

    def _signature(self, grams: set[bytes]) -> LeanMinHash:
        mh = MinHash(num_perm=self.num_perm)
        mh.update_batch(sorted(grams))
        return LeanMinHash(mh)

    def _remember(
        self, article_id: str, key: str, sig: LeanMinHash, size: int, group: str, outlet: str | None
    ) -> None:
        self._exact.setdefault(key, article_id)
        self._groups[article_id] = group
        self._outlets[article_id] = outlet
        if article_id not in self._sigs and size:
            self._sigs[article_id] = sig
            self._sizes[article_id] = size
            self._lsh.insert(article_id, sig)

    def add_known(
        self, article_id: str, text: str, outlet: str | None, copy_group: str | None = None
    ) -> None:
        """Seed with an article already stored (its copy group, if known, is kept)."""
        if article_id in self._groups:
            return
        grams = shingles(text)
        sig = self._signature(grams)
        group = copy_group or article_id
        self._remember(article_id, exact_key(text), sig, len(grams), group, outlet)

    def matches(self, text: str) -> list[Match]:
        """Articles already seen that share text with ``text``, closest first."""
        grams = shingles(text)
        if not grams:
            return []
        return self._matches(self._signature(grams), len(grams))

    def _matches(self, sig: LeanMinHash, size: int) -> list[Match]:
        out: list[Match] = []
        for other in self._lsh.query(sig):
            j = float(sig.jaccard(self._sigs[other]))
            m = self._sizes[other]
            inter = j * (size + m) / (1.0 + j)
            out.append(Match(other, j, min(1.0, inter / max(1, min(size, m)))))
        return sorted(out, key=lambda x: (-x.jaccard, -x.containment, x.other))

    def check(self, article: Article) -> Article:
        """Set ``duplicate_of`` and ``copy_group`` on ``article`` and remember it."""
        key = exact_key(article.text)
        grams = shingles(article.text)
        sig = self._signature(grams)
        duplicate_of: str | None = None
        group = article.article_id
        first = self._exact.get(key)
        if first is not None:
            duplicate_of, group = first, self._groups[first]
        elif grams:
            found = self._matches(sig, len(grams))
            copy = next((m for m in found if self._is_copy(m)), None)
            related = next((m for m in found if m.containment >= self.group_containment), None)
            if copy is not None:
                duplicate_of, group = copy.other, self._groups[copy.other]
            elif related is not None:
                group = self._groups[related.other]
        if duplicate_of == article.article_id:
            duplicate_of = None
        article.duplicate_of = duplicate_of
        article.copy_group = self._groups.get(article.article_id, group)
        self._remember(article.article_id, key, sig, len(grams), group, article.outlet)
        return article

    def _is_copy(self, m: Match) -> bool:
        return m.jaccard >= self.threshold or m.containment >= self.containment
