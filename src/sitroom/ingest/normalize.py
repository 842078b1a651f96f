"""Normalize: Unicode repair, boilerplate lines out, metadata and the publication date.

The stored ``Article.text`` is the article body, line by line as read (after ftfy's repair
of mojibake), paragraphs joined by blank lines: every later offset points into it, so no
word inside a kept line is ever rewritten. Lines that are not article body (site and print
furniture, captions, credits, bylines, headings, header lines) are kept in
``Article.removed_lines`` as ``"reason: line"`` so a user can see why they went. Listing
furniture glued to a line (:func:`strip_furniture`: a site tag "« War in Ukraine | Censor.NET",
a closing "— Ukrinform."; a time stamp stays, it dates the record) is cut off
the line before anything else reads it, and kept as ``"furniture: ..."``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from statistics import median_low
from typing import Any
from urllib.parse import urlsplit

import ftfy
from pydantic import BaseModel, ConfigDict

from sitroom.errors import E
from sitroom.ingest import dates
from sitroom.ingest.furniture import strip_furniture, strip_text_furniture
from sitroom.ingest.language import detect_language, foreign_fragments, latin_fragments
from sitroom.numdates import numeric_order
from sitroom.records import Article, DateCandidate, RawDocument, Rejected

# --------------------------------------------------------------------------- outlets


class OutletEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    hosts: list[str]
    mastheads: list[str] = []


class OutletTable(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outlets: list[OutletEntry]


@functools.lru_cache(maxsize=1)
def outlet_table() -> OutletTable:
    """The known-outlets table shipped in ``sitroom/data/outlets.json``."""
    raw = resources.files("sitroom").joinpath("data/outlets.json").read_text("utf-8")
    return OutletTable.model_validate(json.loads(raw))


@functools.lru_cache(maxsize=1)
def _host_index() -> dict[str, str]:
    return {h.lower(): o.name for o in outlet_table().outlets for h in o.hosts}


@functools.lru_cache(maxsize=1)
def _masthead_index() -> dict[str, str]:
    return {m.lower(): o.name for o in outlet_table().outlets for m in o.mastheads}


def outlet_for_url(url: str | None) -> str | None:
    """Outlet name for a URL's host (or a parent domain of it); the bare host if unknown."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    if not host:
        return None
    parts = host.split(".")
    index = _host_index()
    for k in range(len(parts) - 1):
        name = index.get(".".join(parts[k:]))
        if name:
            return name
    return host


def outlet_for_masthead(line: str) -> str | None:
    return _masthead_index().get(line.strip().lower())


# --------------------------------------------------------------------------- text repair

_FTFY = ftfy.TextFixerConfig(
    uncurl_quotes=False,
    fix_character_width=False,
    unescape_html=False,
    explain=False,
)


def repair(text: str) -> str:
    """Fix mojibake and broken Unicode with ftfy; quotes, widths and entities stay as written."""
    return ftfy.fix_text(text, config=_FTFY)


# --------------------------------------------------------------------------- line rules

TERMINAL = re.compile(r"[.!?…;:\"”’'»)\]]\s*$")
PLEA = re.compile(
    r"^\W*(?:sign[\s-]?up|sign in|log in|subscribe|support (?:our|us|independent)|donate|"
    r"become a (?:member|subscriber)|follow us|share (?:this|on)|read more|related\b|"
    r"recommended|advertisement|around the web|click here|download (?:our|the) app|"
    r"get (?:the|our) (?:latest|daily|free)|most (?:read|popular)|trending|"
    r"copyright|all rights reserved|©)",
    re.IGNORECASE,
)
INBOX = re.compile(
    r"\b(?:newsletter|in your inbox|daily email|sign[\s-]?up|subscribe|subscription)\b", re.I
)
YOU = re.compile(r"\b(?:you|your|our)\b", re.IGNORECASE)
BYLINE = re.compile(r"^[-–—•*·\s]*By\s+(?P<name>[A-Z][^.!?]{1,80})$")
CONTRIBUTOR = re.compile(
    r"^(?:[A-Z][\w'’.-]*\s+){1,3}reported from\b|contributed (?:to )?this report|"
    r"contributed reporting|^(?:additional )?reporting by\b|^(?:writing|editing) by\b",
    re.IGNORECASE,
)
AGENCY = r"(?:Bloomberg|Reuters|AFP|Getty|AP|EPA|Pool|Images|Photo|TASS|Sputnik|Shutterstock)"
PAREN_CREDIT = re.compile(rf"\((?:[^()]{{0,60}}(?:/|\bvia\b|\b{AGENCY}\b)[^()]{{0,60}})\)\s*$")
JOINED_CREDIT = re.compile(r"[.!?]\s+(?P<tail>(?:[A-Z][\w'’-]*\s?){1,5})$")
CREDIT_LINE = re.compile(
    rf"^\(?(?:(?:photo|image|picture|photograph|credit)s?\s*(?:by|:)|[\w .'-]{{1,40}}/\s*{AGENCY})",
    re.IGNORECASE,
)
DATE_END = re.compile(rf"{dates.FULL_MDY.pattern}\.?\s*$")
VERBISH = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|may|might|must|should|"
    r"said|says|say|told|tells|\w+ed)\b",
    re.IGNORECASE,
)
HEADER_DATE = re.compile(r"^(?:(?:19|20)\d{6}|(?:19|20)\d{2}-[01]\d-[0-3]\d(?:[T ][\d:.+Z-]+)?)$")
DATE_LINE = re.compile(r"^date[:\s]\s*(?P<iso>(?:19|20)\d{2}-[01]\d-[0-3]\d)\b[ \t]*", re.I)
URL_LINE = re.compile(r"^(?:url:\s*)?(?P<url>https?://\S+)$", re.IGNORECASE)
TITLE_LINE = re.compile(r"^title:\s*(?P<title>.+)$", re.IGNORECASE)
SHORT_WORDS = 12
HEADLINE_REASONS = frozenset({"title", "kicker", "heading", "caption"})
# removed lines whose dates still tell something about the publication date (lower bounds)
TEXT_REASONS = frozenset({"caption", "heading", "contributor", "title", "kicker"})
#: A row of a table kept as text ("| Russia | Sergei Ryabkov | 3 |", as HTML tables are read).
TABLE_ROW = re.compile(r"^\|.*\S.*\|$")
#: How much of a text dates it: the date candidates of a very long text (a 15 MB transcript)
#: are looked for in its first 200,000 characters (as many as are parsed), so that dating
#: stays fast; shorter texts are read whole.
DATING_CHARS = 200_000


def _words(line: str) -> int:
    return len(line.split())


def _is_caption(line: str) -> bool:
    if PAREN_CREDIT.search(line):
        return True
    m = JOINED_CREDIT.search(line)
    if m and (re.search(r"[a-z][A-Z]", m["tail"]) or re.search(rf"\b{AGENCY}", m["tail"])):
        return True
    if CREDIT_LINE.match(line) and _words(line) <= 15:
        return True
    return bool(_words(line) <= 20 and DATE_END.search(line) and not VERBISH.search(line))


def line_reason(line: str) -> str | None:
    """Why a line is not article body (None when it is body: a table's row is body)."""
    if TABLE_ROW.match(line) and line.count("|") >= 3:
        return None
    if PLEA.match(line) or (INBOX.search(line) and YOU.search(line) and _words(line) <= 40):
        return "plea"
    if BYLINE.match(line) and _words(line) <= SHORT_WORDS:
        return "byline"
    if CONTRIBUTOR.search(line) and _words(line) <= 60:
        return "contributor"
    if _is_caption(line):
        return "caption"
    if not TERMINAL.search(line) and _words(line) < SHORT_WORDS:
        return "heading"
    return None


def _key(line: str) -> str:
    return " ".join(line.lower().split())


# --------------------------------------------------------------------------- header


@dataclass(slots=True)
class Layout:
    """What the reading of the lines found: body lines and everything set aside."""

    body: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    title: str | None = None
    kicker: str | None = None
    byline: str | None = None
    url: str | None = None
    masthead: str | None = None
    candidates: list[DateCandidate] = field(default_factory=list)
    headline_lines: int = 0  # leading body lines that are the record's headline


def _header(lines: list[str], lay: Layout) -> list[str]:
    """Consume a leading header (title / date / URL lines, ``date YYYY-MM-DD``); return the rest."""
    pending: list[str] = []
    for k, line in enumerate(lines[:5]):
        m = DATE_LINE.match(line)
        if m:
            d = dates.parse_date_value(m["iso"])
            if d:
                lay.candidates.append(dates.candidate(d, "date_line", m.group(0).strip()))
            lay.removed.append(f"date_line: {m.group(0).strip()}")
            rest = line[m.end() :].strip()
            return _take_title(pending, lay) + ([rest] if rest else []) + lines[k + 1 :]
        if HEADER_DATE.match(line) or URL_LINE.match(line):
            _header_field(line, lay)
            continue
        t = TITLE_LINE.match(line)
        if t and lay.title is None:
            lay.title = t["title"].strip()
            lay.removed.append(f"title: {line}")
            continue
        if lay.url or lay.candidates or k >= 2 or TERMINAL.search(line):
            return _take_title(pending, lay) + lines[k:]
        pending.append(line)
    return _take_title(pending, lay) + lines[5:]


def _take_title(pending: list[str], lay: Layout) -> list[str]:
    """Leading lines before header fields are the title; without header fields, they stay."""
    if not (lay.url or lay.candidates) or not pending:
        return pending
    if lay.title is None:
        lay.title = pending[0]
    lay.removed.extend(f"title: {p}" for p in pending)
    return []


def _header_field(line: str, lay: Layout) -> None:
    u = URL_LINE.match(line)
    if u:
        lay.url = lay.url or u["url"]
        lay.removed.append(f"url: {line}")
        return
    d = dates.parse_date_value(line)
    if d:
        lay.candidates.append(dates.candidate(d, "header", line))
    lay.removed.append(f"header_date: {line}")


# --------------------------------------------------------------------------- layout


def _front_matter(line: str, reason: str | None, lay: Layout) -> bool:
    """Take masthead, byline, title and kicker from lines before the body; True if taken."""
    if lay.masthead is None and outlet_for_masthead(line):
        lay.masthead = outlet_for_masthead(line)
        lay.removed.append(f"masthead: {line}")
        return True
    if reason == "byline":
        lay.byline = lay.byline or BYLINE.match(line)["name"].strip()  # type: ignore[index]
        lay.removed.append(f"byline: {line}")
        return True
    if reason == "heading" and (lay.title is None or lay.kicker is None):
        if lay.title is None:
            lay.title = line
        else:
            lay.kicker = line
        lay.removed.append(f"{'kicker' if lay.kicker == line else 'title'}: {line}")
        return True
    return False


def _headline_lines(lines: list[str], headline: str | None) -> list[str]:
    """The leading lines that are exactly ``headline`` (white space and case aside)."""
    if not headline:
        return []
    want = [_key(ln) for ln in repair(headline).splitlines() if ln.strip()]
    if not want or [_key(ln) for ln in lines[: len(want)]] != want:
        return []
    return lines[: len(want)]


def layout(text: str, headline: str | None = None) -> Layout:
    """Split repaired text into body lines and removed lines with reasons.

    ``headline`` is a title the container gave and the reader put at the start of the text
    (a record's headline, README): when the text opens with it as a paragraph of its own, it
    stays there as the body's first paragraph and is the title; what follows is read as if
    the headline had been taken as the title.
    """
    lay = Layout()
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    kept = _headline_lines(lines, headline)
    if kept:
        lay.title = " ".join(kept)
    lines = _header(lines[len(kept) :], lay)
    seen = {_key(line) for line in kept}
    # front matter (masthead, byline, title, kicker) ends with the first line of body text
    front = all(line_reason(line) is not None for line in kept)
    captions: list[str] = []
    for line in lines:
        reason = line_reason(line)
        if front and _front_matter(line, reason, lay):
            continue
        if reason is None and _key(line) in seen:
            reason = "repeated"
        seen.add(_key(line))
        if reason == "caption":
            captions.append(line)
        if reason:
            lay.removed.append(f"{reason}: {line}")
        else:
            lay.body.append(line)
            front = False
    _drop_caption_prefixes(lay, captions)
    lay.body = kept + lay.body
    lay.headline_lines = len(kept)
    return lay


def _drop_caption_prefixes(lay: Layout, captions: list[str]) -> None:
    """A caption printed twice, once with its credit: the bare copy goes too."""
    if not captions:
        return
    kept: list[str] = []
    for line in lay.body:
        if len(line) >= 15 and any(c != line and c.startswith(line) for c in captions):
            lay.removed.append(f"caption: {line}")
        else:
            kept.append(line)
    lay.body = kept


# --------------------------------------------------------------------------- normalize


def _headline_fallback(lay: Layout) -> None:
    """A text that is only a headline (or a lead without a full stop) is kept as it is:
    the lines set aside as title, kicker, heading or caption become the body."""
    keep = [r.split(": ", 1) for r in lay.removed]
    body = [line for reason, line in keep if reason in HEADLINE_REASONS]
    if body:
        lay.body = body
        lay.removed = [
            f"{reason}: {line}" for reason, line in keep if reason not in HEADLINE_REASONS
        ]
        lay.title = lay.kicker = None


# formats of the record reader (``ingest/rows.py``), which opens a record's text with its
# headline as a paragraph of its own (``ingest.headline_in_text``)
RECORD_FORMATS = frozenset({"csv", "jsonl"})


def _record_headline(doc: RawDocument) -> str | None:
    """The headline the container gave a record: when the record's text opens with it (put
    there by the reader, or already there), it stays in the stored text."""
    return doc.meta.get("title") if doc.fmt in RECORD_FORMATS else None


def _clean_title(title: str | None) -> str | None:
    return strip_furniture(title, outlet_for_masthead)[0] if title else None


def article_id_for(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _meta_candidates(meta: dict[str, str]) -> list[DateCandidate]:
    value = meta.get("date", "")
    d = dates.parse_date_value(value) if value else None
    if d is None:
        return []
    provenance = meta.get("date_provenance", "container")
    return [dates.candidate(d, provenance, value)]


def normalize(doc: RawDocument, reference_date: str | None = None) -> Article | Rejected:
    """Clean one raw document into an :class:`Article` (or reject it: E008, no text left).

    ``reference_date`` (ISO) places dates written without a year when the document itself
    has no strong date; :class:`Normalizer` supplies it from the articles already seen.
    """
    prep = prepare(doc)
    return prep if isinstance(prep, Rejected) else prep.finish(reference_date)


@dataclass
class Prepared:
    """A document cleaned, with what dating it needs: all of :func:`normalize` but the choice
    of the date, the one part that depends on the reference date (so a document held back
    to the end of a run is dated again without being cleaned again)."""

    doc: RawDocument
    text: str
    lay: Layout
    url: str | None
    outlet: str | None
    language: str
    given: list[DateCandidate]
    fragments: list[dict[str, Any]]

    def finish(self, reference_date: str | None = None) -> Article:
        doc, text, lay, language = self.doc, self.text, self.lay, self.language
        extra = "\n".join(
            r.split(": ", 1)[1] for r in lay.removed if r.split(":", 1)[0] in TEXT_REASONS
        )
        head = lay.body[: lay.headline_lines]
        dating = text[:DATING_CHARS]  # a very long text is dated by its beginning
        choice = dates.choose_date(
            self.given,
            dating,
            extra,
            reference_date or doc.meta.get("reference_date"),
            order=numeric_order(dating, self.url, self.outlet, language),
            body_start=len("\n\n".join(head)) + 2 if head else 0,
        )
        return Article(
            article_id=article_id_for(text),
            source_path=doc.source_path,
            text=text,
            title=_clean_title(doc.meta.get("title")) or lay.title,
            url=self.url,
            outlet=self.outlet,
            byline=doc.meta.get("byline") or lay.byline,
            kicker=lay.kicker,
            date=choice.value,
            date_precision=choice.precision,
            date_confidence=choice.confidence,
            date_conflict=choice.conflict,
            date_candidates=choice.candidates,
            language=language,
            foreign_fragments=self.fragments,
            removed_lines=lay.removed,
            raw_hash=doc.content_hash,
            fmt=doc.fmt,
        )


def prepare(doc: RawDocument) -> Prepared | Rejected:
    """The reference-free part of :func:`normalize` (see :class:`Prepared`)."""
    text, furniture = strip_text_furniture(repair(doc.text), outlet_for_masthead)
    headline = _record_headline(doc)
    if headline:
        headline = strip_furniture(repair(headline), outlet_for_masthead)[0]
    lay = layout(text, headline)
    lay.removed[:0] = [f"furniture: {piece}" for piece in furniture]
    if not lay.body:
        _headline_fallback(lay)
    if not lay.body:
        return Rejected(doc.source_path, E.E008.name, E.E008.format())
    text = "\n\n".join(lay.body)
    url = doc.meta.get("url") or lay.url
    outlet = doc.meta.get("outlet") or outlet_for_url(url) or lay.masthead
    given = _meta_candidates(doc.meta) + lay.candidates + dates.url_candidates(url)
    language = detect_language(text)
    fragments = foreign_fragments(text, language) + latin_fragments(text, language)
    return Prepared(doc, text, lay, url, outlet, language, given, fragments)


class Normalizer:
    """:func:`normalize` with a memory of the run: the dates of confidently dated articles
    seen so far give the reference year for texts that only say "Jan. 21" or "Thursday"."""

    def __init__(self, min_confidence: float = 0.6, window: int = 200) -> None:
        self.min_confidence = min_confidence
        self.window = window
        self._dates: list[str] = []

    def reference(self) -> str | None:
        return median_low(self._dates) if self._dates else None

    def remember(self, date: str) -> None:
        """Seed the memory with a confidently known date (e.g. of articles already stored),
        so that a run starting with undated texts still places them."""
        if dates.parse_date_value(date) is None:
            return
        self._dates.append(date[:10])
        del self._dates[: -self.window]

    @staticmethod
    def wants_context(article: Article) -> bool:
        """True when the article's date was estimated from its text alone (no header, URL,
        container or HTML date): normalizing it again once the run has seen dated articles
        (see :meth:`reference`) may place it better. A pipeline can hold such documents back
        to the end of a run to make the result independent of input order."""
        return not any(c.provenance in dates.STRONG for c in article.date_candidates)

    def normalize(self, doc: RawDocument) -> Article | Rejected:
        prep = prepare(doc)
        return prep if isinstance(prep, Rejected) else self.finish(prep)

    def finish(self, prep: Prepared) -> Article:
        """Date a prepared document (:func:`prepare`) with the run's reference, as
        :meth:`normalize` does: a document held back is prepared once and finished twice."""
        art = prep.finish(self.reference())
        if art.date and art.date_precision == "day" and art.date_confidence >= self.min_confidence:
            self.remember(art.date)
        return art
