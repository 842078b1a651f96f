"""brat standoff for attributions, in the layout of the PolNeAR corpus.

Each attribution is a text-bound ``Source``, ``Cue`` and ``Content`` (a content may be
discontinuous: ``T3\tContent 10 40;52 90\t<fragment> <fragment>``), a trigger ``Attribution``
over the cue, and an event ``E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3``. Without a
source the trigger and event are typed ``Attribution-no-source``. Fragments never cross a
line break (brat cannot show them), so a span over several lines is cut at the breaks.
Offsets are character offsets into the text exactly as given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sitroom.records import Quote, Span

Fragments = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class BratSpan:
    """A text-bound annotation: its type, fragments (start, end) and text."""

    type: str
    fragments: Fragments
    text: str

    @property
    def start(self) -> int:
        return min(a for a, _ in self.fragments)

    @property
    def end(self) -> int:
        return max(b for _, b in self.fragments)


@dataclass(frozen=True, slots=True)
class BratAttribution:
    """One ``Attribution`` event with its arguments (several contents are joined)."""

    event_id: str
    type: str
    source: BratSpan | None
    cue: BratSpan | None
    content: BratSpan | None


# --------------------------------------------------------------------------- writer


def _line_fragments(span: Span) -> list[tuple[int, int]]:
    """Cut a span at line breaks and trim each piece of surrounding white space."""
    out: list[tuple[int, int]] = []
    pos = span.start
    for piece in span.text.split("\n"):
        a, b = pos, pos + len(piece)
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        if b - trail > a + lead:
            out.append((a + lead, b - trail))
        pos = b + 1
    return out or [(span.start, span.start)]  # an empty span (a lost dash) keeps its place


def _t_line(tid: int, kind: str, frags: Sequence[tuple[int, int]], texts: Sequence[str]) -> str:
    offsets = ";".join(f"{a} {b}" for a, b in frags)
    return f"T{tid}\t{kind} {offsets}\t{' '.join(texts)}"


def _frag_texts(spans: Sequence[Span]) -> tuple[list[tuple[int, int]], list[str]]:
    frags: list[tuple[int, int]] = []
    texts: list[str] = []
    for sp in sorted(spans, key=lambda s: s.start):
        for a, b in _line_fragments(sp):
            frags.append((a, b))
            texts.append(sp.text[a - sp.start : b - sp.start])
    return frags, texts


def quotes_to_brat(quotes: Sequence[Quote]) -> str:
    """brat ``.ann`` text for ``quotes``; quotes sharing cue and source form one attribution."""
    groups: dict[tuple[int, int, int, int], list[Quote]] = {}
    for q in sorted(quotes, key=lambda q: (q.cue.start, q.content.start)):
        src = (q.source.start, q.source.end) if q.source else (-1, -1)
        groups.setdefault((q.cue.start, q.cue.end, *src), []).append(q)
    lines: list[str] = []
    tid = 0
    for eid, group in enumerate(groups.values(), start=1):
        first = group[0]
        args: list[str] = []
        if first.source is not None:
            tid += 1
            frags, texts = _frag_texts([first.source])
            lines.append(_t_line(tid, "Source", frags, texts))
            args.append(f"Source:T{tid}")
        tid += 1
        cue_frags, cue_texts = _frag_texts([first.cue])
        lines.append(_t_line(tid, "Cue", cue_frags, cue_texts))
        args.append(f"Cue:T{tid}")
        tid += 1
        frags, texts = _frag_texts([q.content for q in group])
        lines.append(_t_line(tid, "Content", frags, texts))
        args.append(f"Content:T{tid}")
        kind = "Attribution" if first.source is not None else "Attribution-no-source"
        tid += 1
        lines.append(_t_line(tid, kind, cue_frags, cue_texts))
        lines.append(f"E{eid}\t{kind}:T{tid} {' '.join(args)}")
    return "\n".join(lines) + ("\n" if lines else "")


# --------------------------------------------------------------------------- reader


def _parse_t(rest: str) -> BratSpan | None:
    head, _, body = rest.partition("\t")
    kind, _, offsets = head.partition(" ")
    frags: list[tuple[int, int]] = []
    for piece in offsets.split(";"):
        nums = piece.split()
        if len(nums) != 2 or not all(n.isdigit() for n in nums):
            return None
        frags.append((int(nums[0]), int(nums[1])))
    return BratSpan(kind, tuple(frags), body) if frags else None


def _merge(spans: Sequence[BratSpan]) -> BratSpan | None:
    if not spans:
        return None
    if len(spans) == 1:
        return spans[0]
    frags = tuple(sorted(f for s in spans for f in s.fragments))
    return BratSpan(spans[0].type, frags, " ".join(s.text for s in spans))


def read_brat(text: str) -> list[BratAttribution]:
    """The attributions of a brat ``.ann`` text; unknown or broken lines are skipped."""
    spans: dict[str, BratSpan] = {}
    events: list[tuple[str, str]] = []
    for line in text.splitlines():
        ident, _, rest = line.partition("\t")
        if ident.startswith("T"):
            sp = _parse_t(rest)
            if sp is not None:
                spans[ident] = sp
        elif ident.startswith("E"):
            events.append((ident, rest.strip()))
    out: list[BratAttribution] = []
    for ident, rest in events:
        roles: dict[str, list[BratSpan]] = {}
        kind = ""
        for k, arg in enumerate(rest.split()):
            role, _, ref = arg.partition(":")
            if k == 0:
                kind = role
                continue
            role = role.rstrip("0123456789")
            if ref in spans:
                roles.setdefault(role, []).append(spans[ref])
        out.append(
            BratAttribution(
                ident,
                kind,
                _merge(roles.get("Source", [])),
                _merge(roles.get("Cue", [])),
                _merge(roles.get("Content", [])),
            )
        )
    return out
