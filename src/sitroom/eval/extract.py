"""Benchmark of HTML article extraction: word 4-gram F1 against gold article bodies.

The metric is the one of the public article-extraction benchmarks: the extracted body and
the gold body are turned into multisets of word 4-grams (lower-cased ``\\w+`` words);
precision is the share of extracted 4-grams found in the gold, recall the share of gold
4-grams extracted. Scores are given per page, averaged over pages (macro) and pooled over
all 4-grams (micro). The extraction scored is :func:`sitroom.ingest.readers.extract_html`, the very
function the ingest stage applies to HTML pages.

Gold is a JSON object keyed by file name (with or without its extension), each value either
the body text or an object with an ``articleBody`` field.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sitroom.errors import E, SitroomError
from sitroom.ingest.decode import decode_bytes
from sitroom.ingest.html import extract_html

WORD = re.compile(r"\w+")
N = 4
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")

Extractor = Callable[[str], str]


def ngrams(text: str, n: int = N) -> Counter[tuple[str, ...]]:
    """Multiset of word n-grams; a text shorter than ``n`` words is one gram."""
    words = WORD.findall(text.lower())
    if len(words) < n:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def prf(extracted: str, gold: str) -> dict[str, float]:
    """Precision, recall and F1 of one extraction, with the overlap counts."""
    got, want = ngrams(extracted), ngrams(gold)
    return _scores(sum((got & want).values()), sum(got.values()), sum(want.values()))


def _scores(tp: int, n_got: int, n_want: int) -> dict[str, float]:
    if not n_got and not n_want:
        return {"precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 0, "extracted": 0, "gold": 0}
    p = tp / n_got if n_got else 0.0
    r = tp / n_want if n_want else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1, "tp": tp, "extracted": n_got, "gold": n_want}


def load_gold(gold_json: Path) -> dict[str, str]:
    """Gold bodies by file name: ``{"name": {"articleBody": "..."}}`` or ``{"name": "..."}``."""
    try:
        raw = json.loads(Path(gold_json).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SitroomError(E.E032, line=0, detail=f"{gold_json}: {exc}") from exc
    if not isinstance(raw, dict):
        raise SitroomError(E.E032, line=0, detail=f"{gold_json}: expected an object")
    gold: dict[str, str] = {}
    for name, value in raw.items():
        body = value.get("articleBody") if isinstance(value, dict) else value
        if not isinstance(body, str):
            raise SitroomError(E.E032, line=0, detail=f"{gold_json}: {name}: no articleBody")
        gold[str(name)] = body
    return gold


def _page_key(path: Path, gold: dict[str, str]) -> str | None:
    name = path.name
    for key in (name, name.removesuffix(".gz"), name.split(".", 1)[0]):
        if key in gold:
            return key
    return None


def _read_html(path: Path) -> str:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    return decode_bytes(data)[0]


def score_extraction(
    html_dir: Path, gold_json: Path, extractor: Extractor | None = None
) -> dict[str, Any]:
    """Score the ingest stage's HTML extraction on the pages of ``html_dir`` against gold.

    Returns ``{"pages", "precision", "recall", "f1"`` (means over pages)``, "micro": {...},
    "per_page": {name: {...}}, "missing": [gold names without a page]}``.
    """
    gold = load_gold(gold_json)
    extract = extractor or extract_html
    pages = sorted(p for p in Path(html_dir).iterdir() if p.name.lower().endswith(HTML_SUFFIXES))
    per_page: dict[str, dict[str, float]] = {}
    for path in pages:
        key = _page_key(path, gold)
        if key is not None:
            per_page[key] = prf(extract(_read_html(path)), gold[key])
    if not per_page:
        raise SitroomError(E.E032, line=0, detail=f"no page of {html_dir} has a gold body")
    return _summary(per_page, sorted(set(gold) - set(per_page)))


def _summary(per_page: dict[str, dict[str, float]], missing: list[str]) -> dict[str, Any]:
    n = len(per_page)
    macro = {k: sum(s[k] for s in per_page.values()) / n for k in ("precision", "recall", "f1")}
    tp, got, want = (int(sum(s[k] for s in per_page.values())) for k in ("tp", "extracted", "gold"))
    micro = {k: v for k, v in _scores(tp, got, want).items() if k in ("precision", "recall", "f1")}
    return {"pages": n, **macro, "micro": micro, "per_page": per_page, "missing": missing}
