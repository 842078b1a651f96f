"""Read the shared texts behind the gold standards, and cut them as the samplers did.

Nothing here copies text anywhere: the gold files keep only ids and character offsets, and
:class:`SharedTexts` recovers the text from the shared folder (``../shared`` relative to the
current directory unless another one is passed in). Offsets are Python string indices (code
points) into:

* RUWA: a ``title`` / ``desc`` cell of one row of the CSV inside
  ``data/corpora/RUWA_01.08.23.csv.zip``, decoded as UTF-8, exactly as the ``csv`` module returns
  it (no stripping); rows are keyed by the value of the CSV's first (unnamed) column. The quote
  gold's RUWA document is ``title + "\\n\\n" + desc`` (:data:`RUWA_JOIN`);
* presidential releases: the ``text`` field of one line (0-based) of
  ``data/corpora/presidential_releases_2021-11_2022-03.jsonl``;
* seeds: the whole file ``seeds/<name>.txt`` read as UTF-8 with newlines untouched.

Two segmenters, each the one its sampler used (ported from ``scripts/gold/events_texts.py`` and
``scripts/gold/quotes_texts.py``): :func:`split_sentences` (event items: sentences never cross a
line break) and :func:`passages` (quote units of the releases: sentences packed into passages of
at least :data:`PASSAGE_MIN` characters).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from sitroom.errors import E, SitroomError

RUWA_ZIP = Path("data/corpora/RUWA_01.08.23.csv.zip")
PRES_JSONL = Path("data/corpora/presidential_releases_2021-11_2022-03.jsonl")
SEEDS_DIR = Path("seeds")
RUWA_FIELDS = ("title", "desc")
RUWA_JOIN = "\n\n"
PASSAGE_MIN = 500
PASSAGE_MAX = 1500
PASSAGE_TAIL = 150


def default_shared() -> Path:
    """The shared folder when none is given: ``../shared`` from the current directory."""
    return Path("..") / "shared"


# ----------------------------------------------------------------------------- documents


@dataclass(frozen=True)
class RuwaRow:
    row: str  # value of the first (unnamed) column
    record: int  # 0-based position among the CSV's records, as sitroom's CSV reader counts
    title: str
    desc: str
    date: str  # ISO YYYY-MM-DD, "" when the Date cell is not a date
    site: str
    src: str
    cells: dict[str, str] = field(repr=False, compare=False)


@dataclass(frozen=True)
class Release:
    line: int
    title: str
    date: str  # the record's date as given (ISO datetime, UTC)
    outlet: str
    url: str
    text: str
    record: dict[str, Any] = field(repr=False, compare=False)


@dataclass(frozen=True)
class Doc:
    """A quote-gold document (``ruwa:<id>``, ``pres:<n>``, ``seed:<stem>``) and its metadata."""

    doc_id: str
    text: str
    title: str
    date: str
    outlet: str
    url: str


def _iso_from_mdy(value: str) -> str:
    m = re.fullmatch(r"(\d\d)/(\d\d)/(\d{4})", value.strip())
    return f"{m.group(3)}-{m.group(1)}-{m.group(2)}" if m else ""


class SharedTexts:
    """The shared corpora, read lazily and once; ``shared`` is the shared folder."""

    def __init__(self, shared: Path | None = None) -> None:
        self.shared = Path(shared) if shared is not None else default_shared()
        self._seeds: dict[str, str] = {}

    def path(self, rel: Path) -> Path:
        """A file of the shared folder; E001 when it is missing."""
        p = self.shared / rel
        if not p.exists():
            raise SitroomError(E.E001, path=p)
        return p

    @cached_property
    def ruwa_rows(self) -> dict[str, RuwaRow]:
        """All RUWA rows by the value of the CSV's first (unnamed) column."""
        with zipfile.ZipFile(self.path(RUWA_ZIP)) as z:
            name = next(n for n in z.namelist() if n.endswith(".csv") and "__MACOSX" not in n)
            raw = z.read(name).decode("utf-8")
        rows: dict[str, RuwaRow] = {}
        for k, rec in enumerate(csv.DictReader(io.StringIO(raw, newline=""))):
            rows[rec[""]] = RuwaRow(
                row=rec[""],
                record=k,
                title=rec["title"],
                desc=rec["desc"],
                date=_iso_from_mdy(rec["Date"]),
                site=rec["Site"],
                src=rec["src"],
                cells=rec,
            )
        return rows

    @cached_property
    def releases(self) -> list[Release]:
        out: list[Release] = []
        with open(self.path(PRES_JSONL), encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                rec = json.loads(line)
                out.append(
                    Release(
                        i, rec["title"], rec["date"], rec["outlet"], rec["url"], rec["text"], rec
                    )
                )
        return out

    def seed_names(self) -> tuple[str, ...]:
        return tuple(sorted(p.name for p in self.path(SEEDS_DIR).glob("*.txt")))

    def seed_text(self, name: str) -> str:
        """A seed file as read (UTF-8, newlines untouched); ``name`` with or without ``.txt``."""
        name = name if name.endswith(".txt") else f"{name}.txt"
        if name not in self._seeds:
            with open(self.path(SEEDS_DIR / name), encoding="utf-8", newline="") as fh:
                self._seeds[name] = fh.read()
        return self._seeds[name]

    def seed_date(self, name: str) -> str | None:
        """The date a seed file gives in a header (``YYYYMMDD`` on line 2) or a leading
        ``date YYYY-MM-DD``; None without either (the event gold's reading)."""
        text = self.seed_text(name)
        lines = text.split("\n")
        if len(lines) > 1 and re.fullmatch(r"\d{8}", lines[1].strip()):
            d = lines[1].strip()
            return f"{d[:4]}-{d[4:6]}-{d[6:]}"
        m = re.match(r"\s*date (\d{4}-\d\d-\d\d)\b", text)
        return m.group(1) if m else None

    def quote_doc(self, doc_id: str) -> Doc:
        """The quote gold's document named by ``doc_id`` (see the module docstring)."""
        kind, _, key = doc_id.partition(":")
        if kind == "ruwa" and key in self.ruwa_rows:
            r = self.ruwa_rows[key]
            return Doc(doc_id, r.title + RUWA_JOIN + r.desc, r.title, r.date, r.site, r.src)
        if kind == "pres" and key.isdigit() and int(key) < len(self.releases):
            rel = self.releases[int(key)]
            return Doc(doc_id, rel.text, rel.title, rel.date[:10], rel.outlet, rel.url)
        if kind == "seed":
            text = self.seed_text(key)
            m = re.search(r"\b(20\d{2})-?(\d{2})-?(\d{2})\b", text[:400])
            date = f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else ""
            return Doc(doc_id, text, text.split("\n")[0], date, "seed", "")
        raise SitroomError(E.E043, name="document id", value=doc_id, detail="not in ../shared")


def text_hash(text: str) -> str:
    """First 12 hex digits of the SHA-256 of a text (detects a changed copy of ../shared)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


# ----------------------------------------------------------------------------- event items

BOUNDARY = re.compile(r"""[.!?]+["'”’»)\]]*(?=\s+["'“‘«(\[]?[A-Z0-9А-ЯЁІЇЄҐ])""")
_EVENT_ABBREVIATIONS = """
    mr mrs ms dr prof st gen lt col maj capt sgt adm cmdr rep sen gov jr sr no nos vs etc
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u u.s.a p.m a.m
    inc co corp ltd dept est fig approx ca cf
"""
EVENT_ABBREVIATIONS = frozenset(_EVENT_ABBREVIATIONS.split())


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """Sentence spans of ``text`` as the event sampler cut them.

    Lines are cut at ``\\n`` (a sentence never crosses a line break); inside a line a boundary
    follows ``.``/``!``/``?`` (plus closing quotes or brackets) before white space and an
    upper-case letter, a digit or an opening quote, unless the word ending in the full stop is a
    listed abbreviation or a single capital; pieces are stripped and empty ones dropped.
    """
    out: list[Sentence] = []
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        piece_start = 0
        cuts: list[int] = []
        for m in BOUNDARY.finditer(line):
            words = line[: m.start() + 1].split()
            stem = (words[-1] if words else "").rstrip(".!?").lstrip("\"'“‘«([").lower()
            if line[m.start()] == "." and (
                stem in EVENT_ABBREVIATIONS or (len(stem) == 1 and stem.isalpha())
            ):
                continue
            cuts.append(m.end())
        for cut in [*cuts, len(line)]:
            piece = line[piece_start:cut]
            lead = len(piece) - len(piece.lstrip())
            body = piece.strip()
            if body:
                s = line_start + piece_start + lead
                out.append(Sentence(s, s + len(body)))
            piece_start = cut
    return out


def n_words(text: str) -> int:
    return len(text.split())


# ----------------------------------------------------------------------------- quote units

_QUOTE_ABBREVIATIONS = (
    "mr mrs ms dr st jr sr gen lt col maj capt sgt adm prof rev no nos vs etc e.g i.e u.s u.k "
    "u.n e.u jan feb mar apr jun jul aug sep sept oct nov dec art para vol pp cf approx "
    "gov sen rep"
)
QUOTE_ABBREVIATIONS = frozenset(_QUOTE_ABBREVIATIONS.split())
_END = re.compile(r"[.!?…]+[\"”’')\]]*\s+")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


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
    """Offsets where a new sentence starts (0 first), as the quote sampler cut them."""
    starts = [0]
    for m in _END.finditer(text):
        nxt = text[m.end() : m.end() + 1]
        if not nxt or not (nxt.isupper() or nxt.isdigit() or nxt in "\"“‘'(["):
            continue
        before = _WORD_BEFORE.search(text[max(0, m.start() - 40) : m.start()])
        word = before.group(1).lower() if before else ""
        if text[m.start()] == "." and (
            word in QUOTE_ABBREVIATIONS or (len(word) == 1 and word.isalpha())
        ):
            continue
        starts.append(m.end())
    return starts


def passages(text: str) -> list[tuple[int, int]]:
    """The passages of a presidential release: sentences packed until a passage holds
    :data:`PASSAGE_MIN` characters, ended only where no straight double quotation is open (when
    the marks are balanced) unless it holds :data:`PASSAGE_MAX`; a last passage shorter than
    :data:`PASSAGE_TAIL` joins the one before it."""
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


# ----------------------------------------------------------------------------- quote content

OPEN_MARKS = '"“«'
CLOSE_MARKS = '"”»'
PAIRS = {"“": "”", '"': '"', "«": "»", "‘": "’"}
TRAILING = ",;:"


def _enclosing(text: str, start: int, end: int) -> bool:
    """Do the marks at ``start`` and ``end - 1`` open and close the same quotation?"""
    first, last = text[start], text[end - 1]
    if end - start < 2 or PAIRS.get(first) != last:
        return False
    inner = text[start + 1 : end - 1]
    if first == last:  # straight marks: no other mark of that kind inside
        return first not in inner
    depth = 0
    for ch in inner:
        if ch == first:
            depth += 1
        elif ch == last:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _has_pair_inside(text: str, start: int, end: int, mark: str, opening: bool) -> bool:
    """Is the lone ``mark`` at an edge matched by a mark inside ``text[start:end]``?"""
    if mark == '"':
        return text.count('"', start, end) >= 1
    partner = PAIRS[mark] if opening else next(k for k, v in PAIRS.items() if v == mark)
    return partner in text[start:end]


def trim_content(text: str, start: int, end: int) -> tuple[int, int]:
    """The content boundary rules of the quote guideline (section 3) on ``text[start:end]``:
    surrounding white space, a pair of marks enclosing the whole content, a lone edge mark whose
    partner lies outside, trailing ``,`` ``;`` ``:`` or a single ``.`` (an ellipsis stays)."""
    s, e = start, end
    while True:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e - s < 1:
            return s, e
        last = text[e - 1]
        if last in TRAILING:
            e -= 1
            continue
        if last == "." and not (text[s:e].endswith("...") or text[s:e].endswith(". . .")):
            e -= 1
            continue
        if text[s] in PAIRS and _enclosing(text, s, e):
            s, e = s + 1, e - 1
            continue
        if text[s] in OPEN_MARKS and not _has_pair_inside(text, s + 1, e, text[s], True):
            s += 1
            continue
        if last in CLOSE_MARKS and not _has_pair_inside(text, s, e - 1, last, False):
            e -= 1
            continue
        return s, e
