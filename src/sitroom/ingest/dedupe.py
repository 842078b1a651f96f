"""Dedupe: exact copies, near copies and truncated copies, and copy groups.

Three checks, in order, against every article already seen (in this run or seeded from the
store with :meth:`Deduper.add_known`):

1. **exact**: the same words in the same order (case, punctuation, apostrophes and line
   wrapping ignored), by a hash of the normalized text;
2. **near**: MinHash (datasketch) over word 5-gram shingles, candidates found with LSH and
   kept when their estimated Jaccard similarity reaches ``threshold``;
3. **containment**: for a truncated or excerpted copy the Jaccard similarity is low, so the
   share of the smaller article's shingles found in the other one is measured exactly on
   the LSH candidates, from each article's sorted 32-bit shingle hashes (4 bytes a
   shingle, about 4 KB per 1,000-word article). ``containment`` or more makes a copy when
   the smaller text has at least ``min_excerpt`` shingles (a sentence or so found inside
   a longer article only joins its copy group). LSH uses bands of two rows so
   that an excerpt of a quarter of its original (Jaccard 0.25) is a candidate 98% of the
   time, a fifth 93%, a tenth 47%.

A duplicate gets ``duplicate_of`` (the first copy seen) and that copy's ``copy_group``. Two
articles that share a large part of their text without being copies (wire copy reused with
other material) share a ``copy_group`` when the share of the smaller one found in the other
reaches ``group_containment``; ``duplicate_of`` stays empty, since they are different
articles. Later stages count outlets per copy group rather than copies.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from datasketch import LeanMinHash, MinHash, MinHashLSH

from sitroom.records import Article

WORD = re.compile(r"\w+")
APOSTROPHES = re.compile(r"['’ʼ`]")
SHINGLE = 5
Hashes = npt.NDArray[np.uint32]


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


def shingle_hashes(grams: set[bytes]) -> Hashes:
    """A text's shingles as sorted unique 32-bit hashes (CRC-32: fast and stable across
    runs); they feed both the MinHash signature and the exact containment check."""
    return np.unique(np.fromiter((zlib.crc32(g) for g in grams), np.uint32, len(grams)))


#: Near copies are found on a text's first 200,000 characters (exact copies on all of it):
#: the shingles of a 15 MB text would cost seconds and hundreds of MB for no better match.
SHINGLED_CHARS = 200_000


def text_hashes(text: str) -> Hashes:
    return shingle_hashes(shingles(text[:SHINGLED_CHARS]))


def containment(a: Hashes, b: Hashes) -> float:
    """Share of the smaller of two shingle sets found in the other."""
    small = min(len(a), len(b))
    if not small:
        return 0.0
    return float(np.intersect1d(a, b, assume_unique=True).size) / small


@dataclass(frozen=True, slots=True)
class Match:
    """How an article relates to one already seen."""

    other: str
    jaccard: float
    containment: float
    smaller: int = 0  # shingles in the smaller of the two texts


class Deduper:
    """Finds copies among articles as they stream by; memory per article is one MinHash
    signature and its sorted 32-bit shingle hashes."""

    def __init__(
        self,
        threshold: float = 0.8,
        num_perm: int = 128,
        containment: float = 0.8,
        group_containment: float = 0.5,
        min_excerpt: int = 20,
    ) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.containment = containment
        self.group_containment = group_containment
        self._lsh = MinHashLSH(num_perm=num_perm, params=(num_perm // 2, 2))
        self.min_excerpt = min_excerpt
        self._hashes: dict[str, Hashes] = {}
        self._exact: dict[str, str] = {}
        self._sigs: dict[str, LeanMinHash] = {}
        self._groups: dict[str, str] = {}
        self._outlets: dict[str, str | None] = {}

    def _signature(self, hashes: Hashes) -> LeanMinHash:
        mh = MinHash(num_perm=self.num_perm, hashfunc=int)  # values are hashes already
        mh.update_batch(hashes.tolist())
        return LeanMinHash(mh)

    def _remember(
        self, article_id: str, key: str, hashes: Hashes, sig: LeanMinHash, group: str
    ) -> None:
        self._exact.setdefault(key, article_id)
        self._groups[article_id] = group
        if article_id not in self._sigs and len(hashes):
            self._sigs[article_id] = sig
            self._hashes[article_id] = hashes
            self._lsh.insert(article_id, sig)

    def add_known(
        self, article_id: str, text: str, outlet: str | None, copy_group: str | None = None
    ) -> None:
        """Seed with an article already stored (its copy group, if known, is kept)."""
        if article_id in self._groups:
            return
        hashes = text_hashes(text)
        group = copy_group or article_id
        self._outlets[article_id] = outlet
        self._remember(article_id, exact_key(text), hashes, self._signature(hashes), group)

    def matches(self, text: str) -> list[Match]:
        """Articles already seen that share text with ``text``, closest first."""
        hashes = text_hashes(text)
        if not len(hashes):
            return []
        return self._matches(self._signature(hashes), hashes)

    def _matches(self, sig: LeanMinHash, hashes: Hashes) -> list[Match]:
        out: list[Match] = []
        for other in self._lsh.query(sig):
            j = float(sig.jaccard(self._sigs[other]))
            theirs = self._hashes[other]
            small = min(len(hashes), len(theirs))
            out.append(Match(other, j, containment(hashes, theirs), small))
        return sorted(out, key=lambda x: (-x.jaccard, -x.containment, x.other))

    def check(self, article: Article) -> Article:
        """Set ``duplicate_of`` and ``copy_group`` on ``article`` and remember it."""
        key = exact_key(article.text)
        hashes = text_hashes(article.text)
        sig = self._signature(hashes)
        duplicate_of: str | None = None
        group = article.article_id
        first = self._exact.get(key)
        if first is not None:
            duplicate_of, group = first, self._groups[first]
        elif len(hashes):
            found = self._matches(sig, hashes)
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
        self._outlets.setdefault(article.article_id, article.outlet)
        self._remember(article.article_id, key, hashes, sig, group)
        return article

    def _is_copy(self, m: Match) -> bool:
        if m.jaccard >= self.threshold:
            return True
        return m.containment >= self.containment and m.smaller >= self.min_excerpt
