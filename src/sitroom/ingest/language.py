"""The language of a text, and the passages of an article in another language than its own
(py3langid): part of normalizing a document (:mod:`sitroom.ingest.normalize`)."""

from __future__ import annotations

import functools
import re
from typing import Any

NOT_ASCII_LETTERS = re.compile(r"[^A-Za-z]+")
FOREIGN_RUN = re.compile(
    r"[^\W\d_A-Za-z\u00C0-\u024F\u1E00-\u1EFF]+"
    r"(?:[\s\-'’.,]+[^\W\d_A-Za-z\u00C0-\u024F\u1E00-\u1EFF]+)*"
)


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (py3langid); "und" for too little text."""
    sample = text[:5000]
    if sum(ch.isalpha() for ch in sample) < 10:
        return "und"
    lang, _prob = _identifier().classify(sample)
    return str(lang)


def foreign_fragments(text: str, language: str) -> list[dict[str, Any]]:
    """Runs of a non-Latin script inside a Latin-script article, with their language."""
    latin = len(NOT_ASCII_LETTERS.sub("", text))  # one pass in C, not a loop per character
    if latin < len(text) * 0.3:
        return []
    out: list[dict[str, Any]] = []
    for m in FOREIGN_RUN.finditer(text):
        frag = m.group(0).rstrip(" ,.-'’")
        if sum(ch.isalpha() for ch in frag) < 2:
            continue
        lang, _ = _identifier().classify(frag)
        if lang != language:
            out.append(
                {"text": frag, "start": m.start(), "end": m.start() + len(frag), "language": lang}
            )
    return out


SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’»)]*|$)")
LATIN_WORD = re.compile(r"[A-Za-z\u00C0-\u024F'’]+")
# none of these is also a common word of French, German, Spanish, Italian or Dutch
EN_FUNCTION = frozenset(
    {
        "the",
        "and",
        "of",
        "to",
        "at",
        "for",
        "with",
        "by",
        "from",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "that",
        "this",
        "it",
        "as",
        "said",
        "says",
        "will",
        "would",
        "not",
        "but",
        "he",
        "she",
        "they",
        "we",
        "his",
        "her",
        "their",
        "its",
        "which",
        "who",
    }
)
MIN_FRAGMENT_WORDS = 5


def _looks_english(words: list[str]) -> bool:
    """English sentences, even full of foreign names, use English function words."""
    return sum(w.lower() in EN_FUNCTION for w in words) >= max(1, len(words) // 8)


def latin_fragments(text: str, language: str) -> list[dict[str, Any]]:
    """Sentences in another Latin-script language inside an article (a French or German
    sentence in an English report), by py3langid on each sentence; sentences using
    English function words are never flagged, so names alone raise no alarm."""
    if language != "en":
        return []
    out: list[dict[str, Any]] = []
    for m in SENTENCE.finditer(text):
        words = LATIN_WORD.findall(m.group(0))
        if len(words) < MIN_FRAGMENT_WORDS or _looks_english(words):
            continue
        frag = m.group(0).strip()
        lang, prob = _identifier().classify(frag)
        if lang != language and prob >= 0.9:
            start = m.start() + m.group(0).index(frag)
            out.append({"text": frag, "start": start, "end": start + len(frag), "language": lang})
    return out
