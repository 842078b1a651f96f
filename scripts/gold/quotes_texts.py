"""Read-only access to the texts of the quote gold standard in ``../shared``.

Nothing from ``../shared`` is ever written into the repository: the gold files hold document
ids, character offsets and our own labels; this module turns them back into text.

Documents and their ids
-----------------------
* ``ruwa:<id>`` - one row of ``data/corpora/RUWA_01.08.23.csv.zip`` (``<id>`` is the value of
  the unnamed first column). Its text is ``title + "\\n\\n" + desc`` (:data:`RUWA_JOIN`), so the
  title occupies ``[0, len(title))`` and the lead ``[len(title) + 2, len(text))``.
* ``pres:<n>`` - line ``n`` (0-based) of
  ``data/corpora/presidential_releases_2021-11_2022-03.jsonl``; its text is the ``text`` field.
* ``seed:<stem>`` - ``seeds/<stem>.txt`` read as UTF-8.

All offsets are Python ``str`` offsets (Unicode code points) into the document text.

Passages of the presidential releases
-------------------------------------
The releases lost their paragraph breaks (904 releases hold 905 newline-separated paragraphs, up
to 176k characters each), so a presidential unit is a *passage*: :func:`passages` cuts a text
into sentences (:func:`sentence_bounds`) and packs consecutive sentences greedily until a passage
holds at least :data:`PASSAGE_MIN` characters, ending it only where no straight double quotation
is open (when the text's marks are balanced) unless it already holds :data:`PASSAGE_MAX`
characters; a last passage shorter than :data:`PASSAGE_TAIL` joins the one before it. The
sampled offsets are stored in ``gold/quotes/units.jsonl``; this code only has to reproduce them
when the sample is redrawn.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: ``../shared`` next to the repository; ``QUOTES_SHARED_DIR`` overrides it.
SHARED = Path(os.environ.get("QUOTES_SHARED_DIR", str(ROOT.parent / "shared")))
RUWA_ZIP = SHARED / "data" / "corpora" / "RUWA_01.08.23.csv.zip"
PRES_JSONL = SHARED / "data" / "corpora" / "presidential_releases_2021-11_2022-03.jsonl"
SEEDS_DIR = SHARED / "seeds"
GOLD_DIR = ROOT / "gold" / "quotes"
ACTOR_DATA = ROOT / "src" / "sitroom" / "data"

RUWA_JOIN = "\n\n"
PASSAGE_MIN = 500
PASSAGE_MAX = 1500
PASSAGE_TAIL = 150

#: Words that end with a period without ending a sentence.
_ABBREVIATIONS = (
    "mr mrs ms dr st jr sr gen lt col maj capt sgt adm prof rev no nos vs etc e.g i.e u.s u.k "
    "u.n e.u jan feb mar apr jun jul aug sep sept oct nov dec art para vol pp cf approx "
    "gov sen rep"
)
ABBREVIATIONS: frozenset[str] = frozenset(_ABBREVIATIONS.split())
_END = re.compile(r"[.!?…]+[\"”’')\]]*\s+")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


@dataclass(frozen=True)
class Doc:
    """One document of ``../shared`` with the metadata the annotators need."""

    doc_id: str
    text: str
    title: str
    date: str
    outlet: str
    url: str


@cache
def _ruwa_rows() -> dict[str, dict[str, str]]:
    with zipfile.ZipFile(RUWA_ZIP) as z:
        name = next(n for n in z.namelist() if n.endswith(".csv") and "__MACOSX" not in n)
        raw = z.read(name).decode("utf-8")
    return {row[""]: row for row in csv.DictReader(io.StringIO(raw))}


@cache
def _pres_rows() -> list[dict[str, str]]:
    with open(PRES_JSONL, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def ruwa_ids() -> list[str]:
    """Row ids of RUWA in file order."""
    return list(_ruwa_rows())


def pres_count() -> int:
    return len(_pres_rows())


def seed_stems() -> list[str]:
    return sorted(p.stem for p in SEEDS_DIR.glob("*.txt"))


def _ruwa_date(value: str) -> str:
    """``MM/DD/YYYY`` -> ``YYYY-MM-DD`` (empty when the field is not a date)."""
    m = re.fullmatch(r"(\d{2})/(\d{2})/(\d{4})", value.strip())
    return f"{m.group(3)}-{m.group(1)}-{m.group(2)}" if m else ""


def _seed_date(text: str) -> str:
    m = re.search(r"\b(20\d{2})-?(\d{2})-?(\d{2})\b", text[:400])
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else ""


@cache
def get_doc(doc_id: str) -> Doc:
    """The document named by ``doc_id`` (see the module docstring)."""
    kind, _, key = doc_id.partition(":")
    if kind == "ruwa":
        row = _ruwa_rows()[key]
        text = row["title"] + RUWA_JOIN + row["desc"]
        return Doc(doc_id, text, row["title"], _ruwa_date(row["Date"]), row["Site"], row["src"])
    if kind == "pres":
        rec = _pres_rows()[int(key)]
        return Doc(doc_id, rec["text"], rec["title"], rec["date"][:10], rec["outlet"], rec["url"])
    if kind == "seed":
        text = (SEEDS_DIR / f"{key}.txt").read_text(encoding="utf-8")
        lines = text.split("\n")
        return Doc(doc_id, text, lines[0], _seed_date(text), "seed", "")
    raise KeyError(f"unknown document id {doc_id!r}")


def text_hash(text: str) -> str:
    """First 12 hex digits of the SHA-256 of a text (detects a changed copy of ../shared)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


# ----------------------------------------------------------------------------- segmentation


def lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every line holding a non-space character, newline excluded."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def sentence_bounds(text: str) -> list[int]:
    """Offsets where a new sentence starts (0 first).

    A sentence ends at ``.``, ``!``, ``?`` or ``…`` (with any closing quotation marks or brackets)
    followed by white space and an upper-case letter, a digit or an opening mark; a period after
    a listed abbreviation or a single capital (an initial) does not end one.
    """
    starts = [0]
    for m in _END.finditer(text):
        nxt = text[m.end() : m.end() + 1]
        if not nxt or not (nxt.isupper() or nxt.isdigit() or nxt in "\"“‘'(["):
            continue
        before = _WORD_BEFORE.search(text[max(0, m.start() - 40) : m.start()])
        word = before.group(1).lower() if before else ""
        if text[m.start()] == "." and (
            word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())
        ):
            continue
        starts.append(m.end())
    return starts


def passages(text: str) -> list[tuple[int, int]]:
    """The passages of a presidential release (see the module docstring)."""
    starts = sentence_bounds(text)
    balanced = text.count('"') % 2 == 0
    bounds = [*starts[1:], len(text)]
    out: list[tuple[int, int]] = []
    begin = 0
    for end, before in zip(bounds, _quote_counts(text, bounds), strict=True):
        size = end - begin
        inside = balanced and before % 2 == 1
        if (size >= PASSAGE_MIN and not inside) or size >= PASSAGE_MAX or end == len(text):
            out.append((begin, end))
            begin = end
    if len(out) > 1 and out[-1][1] - out[-1][0] < PASSAGE_TAIL:
        last = out.pop()
        out[-1] = (out[-1][0], last[1])
    return [_strip(text, s, e) for s, e in out if text[s:e].strip()]


def _quote_counts(text: str, offsets: list[int]) -> list[int]:
    """Straight double quotation marks before each of the (increasing) offsets."""
    counts: list[int] = []
    seen, pos = 0, 0
    for off in offsets:
        seen += text.count('"', pos, off)
        pos = off
        counts.append(seen)
    return counts


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
