"""Read the shared texts behind the event gold standard, and split them into sentences.

Nothing here copies text anywhere: the gold files keep only ids and character offsets, and
these readers recover the text from ``../shared`` at load time.

Offsets are Python string indices (Unicode code points) into:

* RUWA: the ``title`` / ``desc`` cell of one row of the CSV inside
  ``data/corpora/RUWA_01.08.23.csv.zip``, decoded as UTF-8, exactly as the ``csv`` module
  returns it (no stripping);
* presidential releases: the ``text`` field of one line (0-based) of
  ``data/corpora/presidential_releases_2021-11_2022-03.jsonl``;
* seeds: the whole file ``seeds/<name>.txt`` read as UTF-8 (``newline=""``, so a ``\\r``, if any,
  would count as a character).

Sentence splitter (used by the sampler and by ``events_show.py``), deliberately simple and
not spaCy:

1. the text is cut into lines at ``\\n``; a sentence never crosses a line break;
2. inside a line, a boundary is placed after ``.``, ``!`` or ``?`` (plus any closing quotes or
   brackets) when it is followed by whitespace and then by an upper-case letter, a digit or an
   opening quote/bracket: regex ``BOUNDARY`` below;
3. a boundary is cancelled when the word that ends with the full stop is a known abbreviation
   (``ABBREVIATIONS``: titles, months, "U.S.", ...) or a single capital letter (an initial);
4. each piece is stripped of surrounding whitespace; empty pieces are dropped.

The sampler then skips sentences of fewer than 4 whitespace-separated words.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("SITROOM_SHARED", str(REPO.parent / "shared")))
RUWA_ZIP = Path("data/corpora/RUWA_01.08.23.csv.zip")
PRES_JSONL = Path("data/corpora/presidential_releases_2021-11_2022-03.jsonl")
SEEDS_DIR = Path("seeds")
RUWA_FIELDS = ("title", "desc")

BOUNDARY = re.compile(r"""[.!?]+["'”’»)\]]*(?=\s+["'“‘«(\[]?[A-Z0-9А-ЯЁІЇЄҐ])""")
_ABBREVIATIONS = """
    mr mrs ms dr prof st gen lt col maj capt sgt adm cmdr rep sen gov jr sr no nos vs etc
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u u.s.a p.m a.m
    inc co corp ltd dept est fig approx ca cf
"""
ABBREVIATIONS = frozenset(_ABBREVIATIONS.split())


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """Sentence spans of ``text`` (see the module docstring for the rules)."""
    out: list[Sentence] = []
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        piece_start = 0
        cuts: list[int] = []
        for m in BOUNDARY.finditer(line):
            word = line[: m.start() + 1].split()[-1] if line[: m.start() + 1].split() else ""
            stem = word.rstrip(".!?").lstrip("\"'“‘«([").lower()
            if line[m.start()] == "." and (
                stem in ABBREVIATIONS or (len(stem) == 1 and stem.isalpha())
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


# ---------------------------------------------------------------- RUWA


@dataclass(frozen=True)
class RuwaRow:
    row: str
    title: str
    desc: str
    date: str  # ISO YYYY-MM-DD
    site: str
    src: str


def _iso_from_mdy(value: str) -> str:
    m = re.fullmatch(r"(\d\d)/(\d\d)/(\d{4})", value.strip())
    if not m:
        raise ValueError(f"unexpected RUWA date {value!r}")
    return f"{m.group(3)}-{m.group(1)}-{m.group(2)}"


@cache
def ruwa_rows(shared: Path = SHARED) -> dict[str, RuwaRow]:
    """All RUWA rows by the value of the CSV's first (unnamed) column."""
    with zipfile.ZipFile(shared / RUWA_ZIP) as z:
        name = next(n for n in z.namelist() if n.endswith(".csv") and "__MACOSX" not in n)
        raw = z.read(name).decode("utf-8")
    rows: dict[str, RuwaRow] = {}
    for rec in csv.DictReader(io.StringIO(raw, newline="")):
        rid = rec[""]
        rows[rid] = RuwaRow(
            row=rid,
            title=rec["title"],
            desc=rec["desc"],
            date=_iso_from_mdy(rec["Date"]),
            site=rec["Site"],
            src=rec["src"],
        )
    return rows


# ---------------------------------------------------------------- presidential releases


@dataclass(frozen=True)
class Release:
    line: int
    title: str
    date: str  # the record's date as given (ISO datetime, UTC)
    outlet: str
    url: str
    text: str


@cache
def releases(shared: Path = SHARED) -> list[Release]:
    out: list[Release] = []
    with open(shared / PRES_JSONL, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            rec = json.loads(line)
            out.append(
                Release(i, rec["title"], rec["date"], rec["outlet"], rec["url"], rec["text"])
            )
    return out


# ---------------------------------------------------------------- seeds


@cache
def seed_names(shared: Path = SHARED) -> tuple[str, ...]:
    return tuple(sorted(p.name for p in (shared / SEEDS_DIR).glob("*.txt")))


@cache
def seed_text(name: str, shared: Path = SHARED) -> str:
    with open(shared / SEEDS_DIR / name, encoding="utf-8", newline="") as fh:
        return fh.read()


def seed_date(name: str, shared: Path = SHARED) -> str | None:
    """The date the seed file itself gives, ISO, or None.

    Two layouts carry one: a header (title line, then ``YYYYMMDD`` on line 2) and an inline
    ``date YYYY-MM-DD`` at the very start. Files without either get None.
    """
    text = seed_text(name, shared)
    lines = text.split("\n")
    if len(lines) > 1 and re.fullmatch(r"\d{8}", lines[1].strip()):
        d = lines[1].strip()
        return f"{d[:4]}-{d[4:6]}-{d[6:]}"
    m = re.match(r"\s*date (\d{4}-\d\d-\d\d)\b", text)
    return m.group(1) if m else None
