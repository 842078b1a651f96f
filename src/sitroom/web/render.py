"""Rendering: the Jinja2 environment and templates, highlighted text, charts, and the
standalone pages (timeline, daily briefing) made from the picture's data.

Every article text, title and quote goes through Jinja2's autoescaping; highlighted text is
built by slicing the article at span offsets and escaping each piece (:func:`highlight`).
The overview's charts are inline SVG drawn on the server (:mod:`sitroom.web.charts`), and so
are the briefing's (:func:`sparkline`): no script, nothing loaded from another host, and the
pages print and work offline.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from sitroom.picture.briefing import TopCluster, briefing
from sitroom.picture.quoting import shown_quote
from sitroom.picture.timeline import TimelineDay
from sitroom.records import Provenance
from sitroom.store.listings import QuadCount
from sitroom.store.store import Store
from sitroom.web.charts import line_chart, stacked_bars
from sitroom.web.markdown import report_markdown

TEMPLATES = Path(__file__).parent / "templates"
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
QUAD_COLOURS = {1: "#2f9e44", 2: "#1971c2", 3: "#f08c00", 4: "#c92a2a"}
DYAD_COLOURS = ("#c92a2a", "#1971c2", "#2f9e44", "#7048e8", "#e8590c")
SPARK_W = 220
SPARK_H = 48


@functools.lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["highlight_evidence"] = highlight_evidence
    env.filters["shown_quote"] = lambda q: shown_quote(q["kind"], q["content"]["text"])
    env.filters["provenance"] = provenance_line
    env.globals["css_url"] = css_url
    env.globals["stylesheet"] = stylesheet
    env.globals["quad_names"] = QUAD_NAMES
    return env


def provenance_line(event: dict[str, Any]) -> str:
    """An event's provenance in one short line ("rule: lexicon:verb/attack; source: name;
    target: coreference"), or "" when the event has none."""
    prov = event.get("provenance")
    return Provenance.from_dict(prov).summary() if prov else ""


def render(template: str, **context: Any) -> str:
    """Render one of the package's templates (autoescape on)."""
    return _env().get_template(template).render(**context)


def stylesheet() -> str:
    """The dashboard's CSS (served at :data:`CSS_URL`, inlined in standalone pages)."""
    return _stylesheet()[0]


@functools.lru_cache(maxsize=1)
def _stylesheet() -> tuple[str, str]:
    text = (TEMPLATES / "sitroom.css").read_text(encoding="utf-8")
    return text, hashlib.sha256(text.encode()).hexdigest()[:12]


def css_url() -> str:
    """The versioned URL of the stylesheet (cached for good by browsers)."""
    return f"/static/sitroom-{_stylesheet()[1]}.css"


# --------------------------------------------------------------------------- highlighting


@dataclass(frozen=True, slots=True)
class Mark:
    """A span of text to highlight: ``classes`` for CSS, ``anchor`` an element id."""

    start: int
    end: int
    classes: str
    anchor: str | None = None


def highlight(text: str, marks: Sequence[Mark]) -> Markup:
    """``text`` escaped, with each mark's stretch wrapped in ``<mark class=...>``.

    The text is cut at every mark boundary; each piece is escaped and wrapped with the classes
    of all marks covering it, so overlapping spans (an event inside a quote) both show.
    Marks outside the text are clipped; an anchor ``<span id>`` opens each mark.
    """
    n = len(text)
    clipped = [
        Mark(max(0, m.start), min(n, m.end), m.classes, m.anchor) for m in marks if m.start < n
    ]
    cuts = sorted({0, n, *(m.start for m in clipped), *(m.end for m in clipped)})
    out: list[str] = []
    for lo, hi in itertools.pairwise(cuts):
        for m in clipped:
            if m.start == lo and m.anchor:
                out.append(f'<span class="anchor" id="{escape(m.anchor)}"></span>')
        piece = str(escape(text[lo:hi]))
        classes = sorted(
            {c for m in clipped if m.start <= lo and hi <= m.end for c in m.classes.split()}
        )
        out.append(
            f'<mark class="{escape(" ".join(classes))}">{piece}</mark>' if classes else piece
        )
    return Markup("".join(out))


def highlight_evidence(evidence: dict[str, Any] | None) -> Markup:
    """An evidence sentence with its trigger highlighted (offsets are article offsets)."""
    if not evidence:
        return Markup("")
    text = str(evidence.get("text") or "")
    trig = evidence.get("trigger") or {}
    start = int(trig.get("start", -1)) - int(evidence.get("start", 0))
    end = start + len(str(trig.get("text", "")))
    if text[start:end] != trig.get("text") and trig.get("text"):
        start = text.find(str(trig["text"]))
        end = start + len(str(trig["text"]))
    marks = [Mark(start, end, "trigger")] if 0 <= start < end else []
    return highlight(text, marks)


def article_marks(
    events: Sequence[dict[str, Any]], quotes: Sequence[dict[str, Any]], selected: str | None
) -> list[Mark]:
    """The marks of an article's quotes (and cues) and events (and triggers), the
    ``selected`` one (an event or quote id) marked so."""
    marks: list[Mark] = []
    for q in quotes:
        sel = " selected" if q["quote_id"] == selected else ""
        c = q["content"]
        marks.append(Mark(c["start"], c["end"], "quote" + sel, f"q-{q['quote_id']}"))
        if q.get("cue"):
            marks.append(Mark(q["cue"]["start"], q["cue"]["end"], "cue"))
    for ev in events:
        sel = " selected" if ev["event_id"] == selected else ""
        e = ev["evidence"]
        marks.append(Mark(e["start"], e["end"], "evidence" + sel, f"ev-{ev['event_id']}"))
        t = e.get("trigger")
        if t:
            marks.append(Mark(t["start"], t["end"], "trigger"))
    return marks


PAGE_CHARS = 20_000
PAGE_SLACK = 400


@dataclass(frozen=True, slots=True)
class TextPage:
    """The stretch ``start``..``end`` of an article shown on page ``number`` of ``pages``."""

    number: int
    pages: int
    start: int
    end: int

    def holds(self, span: dict[str, Any]) -> bool:
        """Whether a span (``start``/``end`` offsets) overlaps this page."""
        return int(span["start"]) < self.end and int(span["end"]) > self.start

    def shift(self, marks: Sequence[Mark]) -> list[Mark]:
        """The marks overlapping this page, in the page's offsets."""
        return [Mark(m.start - self.start, m.end - self.start, m.classes, m.anchor)
                for m in marks if m.start < self.end and m.end > self.start]  # fmt: skip


def _cut(text: str, at: int) -> int:
    """A page boundary near ``at``: the next line break or space within the slack."""
    if at >= len(text):
        return len(text)
    for sep in ("\n", " "):
        found = text.find(sep, at, at + PAGE_SLACK)
        if found != -1:
            return found + 1
    return at


def text_page(text: str, page: int | None, selected: int | None = None) -> TextPage:
    """The page of ``text`` to show: ``page`` (1-based, clipped to the last), else the one
    holding offset ``selected``, else the first. Long texts are cut into pages of about
    :data:`PAGE_CHARS` characters at line breaks or spaces, so that a huge article's page
    stays small (an 18 MB text took 25 s as one page)."""
    pages = max(1, -(-len(text) // PAGE_CHARS))
    if page is None:
        page = 1 if selected is None else min(pages, selected // PAGE_CHARS + 1)
        if selected is not None and page < pages and selected >= _cut(text, page * PAGE_CHARS):
            page += 1
    number = min(max(1, page), pages)
    start = 0 if number == 1 else _cut(text, (number - 1) * PAGE_CHARS)
    end = _cut(text, number * PAGE_CHARS) if number < pages else len(text)
    return TextPage(number, pages, start, max(start, end))


def selected_start(marks: Sequence[Mark], selected: str | None) -> int | None:
    """Where the selected event's or quote's mark starts, if it is among ``marks``."""
    if not selected:
        return None
    for m in marks:
        if "selected" in m.classes.split():
            return m.start
    return None


def cluster_view(top: TopCluster) -> dict[str, Any]:
    """A top cluster as the templates show it: the cluster's fields, its ``evidence``, its
    representative event ``rep`` and that event's ``article``."""
    return {**top.cluster.to_dict(), "evidence": top.evidence, "rep": top.rep,
            "article": top.article}  # fmt: skip


# --------------------------------------------------------------------------- charts


def escalation_chart(series: dict[str, list[dict[str, Any]]]) -> Markup:
    """An inline SVG chart of the smoothed index per dyad, with its alerts."""
    return line_chart(series, DYAD_COLOURS)


def quad_chart(rows: Sequence[QuadCount]) -> Markup:
    """An inline SVG chart of clusters per day, stacked by quad class."""
    return stacked_bars([(r.date, r.quad_class, r.n) for r in rows], QUAD_NAMES, QUAD_COLOURS)


def sparkline(rows: Sequence[dict[str, Any]], label: str) -> Markup:
    """An inline SVG line of the smoothed index, alerts as dots, zero as a dashed line."""
    pts = [(i, v) for i, r in enumerate(rows) if (v := r["smoothed"]) is not None]
    head = (
        f'<svg class="spark" xmlns="http://www.w3.org/2000/svg" width="{SPARK_W}" '
        f'height="{SPARK_H}" viewBox="0 0 {SPARK_W} {SPARK_H}" role="img" '
        f'aria-label="{escape(label)}">'
    )
    if not pts:
        return Markup(head + "</svg>")
    lo = min(0.0, *(v for _, v in pts))
    hi = max(0.0, *(v for _, v in pts))
    span = (hi - lo) or 1.0
    step = (SPARK_W - 8) / max(1, len(rows) - 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return 4 + i * step, SPARK_H - 4 - (v - lo) / span * (SPARK_H - 8)

    line = " ".join("{:.1f},{:.1f}".format(*xy(i, v)) for i, v in pts)
    zero = xy(0, 0.0)[1]
    parts = [
        head,
        f'<line x1="0" x2="{SPARK_W}" y1="{zero:.1f}" y2="{zero:.1f}" stroke="#adb5bd" '
        'stroke-dasharray="3 3"/>',
        f'<polyline fill="none" stroke="#1d232b" stroke-width="1.6" points="{line}"/>',
    ]
    for i, v in pts:
        x, y = xy(i, v)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="1.6" fill="#1d232b"/>')
    for i, r in enumerate(rows):
        if r["alert"] and r["index"] is not None:
            x, y = xy(i, float(r["index"]))
            colour = "#c92a2a" if r["alert"] == "rise" else "#2f9e44"
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>')
    return Markup("".join(parts) + "</svg>")


# --------------------------------------------------------------------------- standalone pages


def timeline_html(days: list[TimelineDay]) -> str:
    """The timeline as a standalone HTML page (all text escaped)."""
    return render("timeline.html", days=days, standalone=True, filters={})


def render_report(store: Store, date: str, fmt: Literal["html", "md"] = "html") -> str:
    """The daily briefing of ``date`` (YYYY-MM-DD) as standalone HTML or Markdown: top
    events with evidence, escalation changes with charts, new contested claims, key quotes.
    The HTML has print CSS (A4, no cards split across pages), so "print to PDF" from a
    browser gives a clean briefing.

    Raises SitroomError E040 for a malformed date. A day without data gives a short
    briefing that says so.
    """
    data = briefing(store, date)
    if fmt == "md":
        return report_markdown(data)
    return render(
        "report.html", sparkline=sparkline, date=data.date,
        top=[cluster_view(t) for t in data.top], changes=data.changes, claims=data.claims,
        quotes=data.quotes,
    )  # fmt: skip
