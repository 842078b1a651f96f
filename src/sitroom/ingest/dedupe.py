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
from datasketch import MinHash

from sitroom.records import Article

WORD = re.compile(r"\w+")
APOSTROPHES = re.compile(r"['’ʼ`]")
SHINGLE = 5
Hashes = npt.NDArray[np.uint32]
Signature = npt.NDArray[np.uint64]


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


class SignatureIndex:
    """The MinHash signatures of the articles seen, as rows of one array, and the LSH query
    over them: the articles whose signature equals the query's on a whole band (``rows``
    consecutive values). The same candidates and Jaccard estimates as datasketch's
    ``MinHashLSH`` with such bands and ``LeanMinHash.jaccard``, in about 12 bytes a band and
    8 a value: the 64 dict entries an article cost there took 360 MB for the 17,000 articles
    of both shared corpora, and grew with the store.

    Each band of each row has a 64-bit key (its values and its place mixed); the keys of the
    rows indexed so far are kept sorted (binary search), the rows added since are compared
    directly, and are indexed once they are a fifth of the rest. A key only narrows the
    search: a candidate is kept when a band is equal value for value.
    """

    MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F))

    def __init__(self, num_perm: int, rows: int) -> None:
        self.num_perm, self.rows, self.bands = num_perm, rows, num_perm // rows
        self._sigs: Signature = np.empty((0, num_perm), np.uint64)
        self._ids: list[str] = []
        self._known: set[str] = set()
        self._keys: Signature = np.empty(0, np.uint64)  # sorted band keys of rows [0, _indexed)
        self._owner: npt.NDArray[np.int64] = np.empty(0, np.int64)  # their rows
        self._indexed = 0

    def __contains__(self, key: str) -> bool:
        return key in self._known

    def _band_keys(self, sigs: Signature) -> Signature:
        b = sigs.reshape(len(sigs), self.bands, self.rows).astype(np.uint64)
        keys = np.zeros((len(sigs), self.bands), np.uint64)
        for k in range(self.rows):
            keys = (keys ^ b[:, :, k]) * self.MIX[k % 2]
        return keys ^ np.arange(self.bands, dtype=np.uint64)

    def insert(self, key: str, sig: Signature) -> None:
        n = len(self._ids)
        if n == len(self._sigs):  # grow by half (amortized appends)
            grown = np.empty((max(64, n + n // 2), self.num_perm), np.uint64)
            grown[:n] = self._sigs
            self._sigs = grown
        self._sigs[n] = sig
        self._ids.append(key)
        self._known.add(key)
        if n + 1 - self._indexed > max(256, self._indexed // 5):
            keys = self._band_keys(self._sigs[: n + 1]).ravel()
            order = np.argsort(keys, kind="stable")
            self._keys, self._owner = keys[order], order // self.bands
            self._indexed = n + 1

    def query(self, sig: Signature) -> list[tuple[str, float]]:
        """The articles sharing a band with ``sig``, with their estimated Jaccard similarity."""
        n = len(self._ids)
        if not n:
            return []
        found: set[int] = set(range(self._indexed, n))  # not indexed yet: checked directly
        if self._indexed:
            keys = self._band_keys(sig.reshape(1, -1)).ravel()
            lo = np.searchsorted(self._keys, keys, "left")
            hi = np.searchsorted(self._keys, keys, "right")
            for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
                found.update(self._owner[a:b].tolist())
        if not found:
            return []
        rows = np.fromiter(sorted(found), np.int64, len(found))
        equal = self._sigs[rows] == sig
        banded = equal.reshape(len(rows), self.bands, self.rows).all(axis=2).any(axis=1)
        return [
            (self._ids[r], float(np.count_nonzero(e)) / float(self.num_perm))
            for r, e, hit in zip(rows.tolist(), equal, banded.tolist(), strict=True)
            if hit
        ]


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
        self._index = SignatureIndex(num_perm, 2)
        self.min_excerpt = min_excerpt
        self._hashes: dict[str, Hashes] = {}
        self._exact: dict[str, str] = {}
        self._groups: dict[str, str] = {}
        self._outlets: dict[str, str | None] = {}

    def _signature(self, hashes: Hashes) -> Signature:
        mh = MinHash(num_perm=self.num_perm, hashfunc=int)  # values are hashes already
        mh.update_batch(hashes.tolist())
        return np.asarray(mh.hashvalues, np.uint64)

    def _remember(
        self, article_id: str, key: str, hashes: Hashes, sig: Signature, group: str
    ) -> None:
        self._exact.setdefault(key, article_id)
        self._groups[article_id] = group
        if article_id not in self._index and len(hashes):
            self._hashes[article_id] = hashes
            self._index.insert(article_id, sig)

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

    def _matches(self, sig: Signature, hashes: Hashes) -> list[Match]:
        out: list[Match] = []
        for other, j in self._index.query(sig):
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
