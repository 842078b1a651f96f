"""Evaluation against annotated corpora.

Quotes: brat predictions scored against a PolNeAR-style folder (``gold/text/<name>.txt`` and
``gold/attributions/<name>_<annotator>.ann``, first annotator file per article). For each role
(source, cue, content) the unique spans of a document are compared, exact (same fragments once
pieces separated only by white space are joined) and by overlap (one-to-one, any shared
character). "Who said what" pairs attributions whose contents overlap and whose sources overlap
(or are both absent); the strict variant asks for the exact content.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitroom.config import Settings
from sitroom.extract.quotes.brat import BratAttribution, BratSpan, read_brat
from sitroom.pipeline import Annotator, TextParser, annotate_quotes, read_text_exact

Frags = tuple[tuple[int, int], ...]
ROLES = ("source", "cue", "content")


@dataclass(slots=True)
class PRF:
    """Counts and precision / recall / F1 (in percent)."""

    tp_pred: int = 0
    tp_gold: int = 0
    n_pred: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return 100.0 * self.tp_pred / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return 100.0 * self.tp_gold / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, tp_pred: int, tp_gold: int, n_pred: int, n_gold: int) -> None:
        self.tp_pred += tp_pred
        self.tp_gold += tp_gold
        self.n_pred += n_pred
        self.n_gold += n_gold

    def to_dict(self) -> dict[str, float]:
        return {
            "precision": round(self.precision, 1),
            "recall": round(self.recall, 1),
            "f1": round(self.f1, 1),
        }


@dataclass(slots=True)
class QuoteScores:
    """Scores of quote attributions over a corpus."""

    exact: dict[str, PRF] = field(default_factory=lambda: {r: PRF() for r in ROLES})
    overlap: dict[str, PRF] = field(default_factory=lambda: {r: PRF() for r in ROLES})
    who_said_what: PRF = field(default_factory=PRF)
    who_said_what_strict: PRF = field(default_factory=PRF)
    documents: int = 0

    def to_dict(self) -> dict[str, object]:
        return {
            "documents": self.documents,
            "exact": {r: p.to_dict() for r, p in self.exact.items()},
            "overlap": {r: p.to_dict() for r, p in self.overlap.items()},
            "who_said_what": self.who_said_what.to_dict(),
            "who_said_what_strict": self.who_said_what_strict.to_dict(),
        }


# --------------------------------------------------------------------------- spans


def normalize_fragments(span: BratSpan, text: str) -> Frags:
    """Fragments with outer white space trimmed and pieces joined across white-space gaps."""
    out: list[list[int]] = []
    for a, b in sorted(span.fragments):
        a, b = max(0, a), min(len(text), b)
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b <= a:
            continue
        if out and not text[out[-1][1] : a].strip():
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return tuple((a, b) for a, b in out)


def _overlaps(x: Frags, y: Frags) -> bool:
    return any(a < d and c < b for a, b in x for c, d in y)


def _overlap_test(p: Sequence[Frags], g: Sequence[Frags]) -> Callable[[int, int], bool]:
    def ok(i: int, j: int) -> bool:
        return _overlaps(p[i], g[j])

    return ok


def _greedy(pred: Sequence[Frags], gold: Sequence[Frags], ok: Callable[[int, int], bool]) -> int:
    used: set[int] = set()
    hits = 0
    for i in range(len(pred)):
        for j in range(len(gold)):
            if j not in used and ok(i, j):
                used.add(j)
                hits += 1
                break
    return hits


def _role_spans(atts: Iterable[BratAttribution], role: str, text: str) -> list[Frags]:
    seen: set[Frags] = set()
    for att in atts:
        sp = getattr(att, role)
        if sp is not None:
            frags = normalize_fragments(sp, text)
            if frags:
                seen.add(frags)
    return sorted(seen)


def score_quotes_document(
    pred: Sequence[BratAttribution], gold: Sequence[BratAttribution], text: str, scores: QuoteScores
) -> None:
    """Add the counts of one document to ``scores``."""
    scores.documents += 1
    for role in ROLES:
        p, g = _role_spans(pred, role, text), _role_spans(gold, role, text)
        exact = len(set(p) & set(g))
        scores.exact[role].add(exact, exact, len(p), len(g))
        hits = _greedy(p, g, _overlap_test(p, g))
        scores.overlap[role].add(hits, hits, len(p), len(g))
    _score_who(pred, gold, text, scores.who_said_what, strict=False)
    _score_who(pred, gold, text, scores.who_said_what_strict, strict=True)


def _pair(att: BratAttribution, text: str) -> tuple[Frags, Frags] | None:
    if att.content is None:
        return None
    content = normalize_fragments(att.content, text)
    source = normalize_fragments(att.source, text) if att.source else ()
    return (content, source) if content else None


def _score_who(
    pred: Sequence[BratAttribution],
    gold: Sequence[BratAttribution],
    text: str,
    prf: PRF,
    strict: bool,
) -> None:
    p = [x for x in (_pair(a, text) for a in pred) if x is not None]
    g = [x for x in (_pair(a, text) for a in gold) if x is not None]

    def ok(i: int, j: int) -> bool:
        (pc, ps), (gc, gs) = p[i], g[j]
        content_ok = pc == gc if strict else _overlaps(pc, gc)
        source_ok = _overlaps(ps, gs) if ps and gs else not ps and not gs
        return content_ok and source_ok

    hits = _greedy([c for c, _ in p], [c for c, _ in g], ok)
    prf.add(hits, hits, len(p), len(g))


# --------------------------------------------------------------------------- corpus


def gold_annotation_files(gold_dir: Path) -> dict[str, Path]:
    """``<name> -> first .ann file`` for every text of a PolNeAR-style folder."""
    out: dict[str, Path] = {}
    for txt in sorted((gold_dir / "text").glob("*.txt")):
        anns = sorted((gold_dir / "attributions").glob(f"{txt.stem}_*.ann"))
        exact = gold_dir / "attributions" / f"{txt.stem}.ann"
        if exact.exists():
            anns.insert(0, exact)
        if anns:
            out[txt.stem] = anns[0]
    return out


def polnear_half(name: str) -> str:
    """The fixed half of a PolNeAR dev article: ``tune`` or ``check`` by the first byte of the
    SHA-1 of its file name (without ``.txt``), so a stripped copy falls in the same half."""
    return "tune" if hashlib.sha1(name.encode("utf-8")).digest()[0] % 2 == 0 else "check"


def score_quotes(pred_dir: Path, gold_dir: Path, half: str | None = None) -> QuoteScores:
    """Score ``pred_dir/<name>.ann`` against the gold folder (missing predictions count);
    with ``half``, only the articles of that half (:func:`polnear_half`)."""
    scores = QuoteScores()
    for name, gold_ann in gold_annotation_files(Path(gold_dir)).items():
        if half is not None and polnear_half(name) != half:
            continue
        text = read_text_exact(Path(gold_dir) / "text" / f"{name}.txt")
        gold = read_brat(read_text_exact(gold_ann))
        pred_path = Path(pred_dir) / f"{name}.ann"
        pred = read_brat(read_text_exact(pred_path)) if pred_path.exists() else []
        score_quotes_document(pred, gold, text, scores)
    return scores


# --------------------------------------------------------------------------- stripped copy

#: Quotation marks and apostrophes (straight, curly, angled, backtick) and long dashes.
STRIPPED_CHARS: frozenset[str] = frozenset(
    "\"'`\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u2013\u2014\u2015"
)


def _is_stripped(text: str, i: int) -> bool:
    """Whether ``text[i]`` goes: a mark or long dash, or a hyphen used as a dash (next to
    white space or another hyphen; hyphens inside words such as ``NATO-Russia`` stay)."""
    ch = text[i]
    if ch in STRIPPED_CHARS:
        return True
    if ch != "-":
        return False
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before.isspace() or after.isspace() or "-" in (before, after)


def strip_marks_text(text: str) -> tuple[str, list[int]]:
    """``text`` with quotation marks, apostrophes and dashes deleted, and the map from each
    old offset (``0..len(text)``) to the new one."""
    kept: list[str] = []
    new_pos: list[int] = []
    for i, ch in enumerate(text):
        new_pos.append(len(kept))
        if not _is_stripped(text, i):
            kept.append(ch)
    new_pos.append(len(kept))
    return "".join(kept), new_pos


def _strip_ann(ann: str, new_text: str, new_pos: Sequence[int]) -> str:
    """A brat ``.ann`` with its text-bound offsets moved into the stripped text."""
    lines: list[str] = []
    for line in ann.splitlines():
        ident, _, rest = line.partition("\t")
        head, _, _body = rest.partition("\t")
        kind, _, offsets = head.partition(" ")
        pieces = [p.split() for p in offsets.split(";")]
        if not ident.startswith("T") or not all(
            len(p) == 2 and p[0].isdigit() and p[1].isdigit() for p in pieces
        ):
            lines.append(line)
            continue
        last = len(new_pos) - 1
        frags = [(new_pos[min(int(a), last)], new_pos[min(int(b), last)]) for a, b in pieces]
        frags = [(a, b) for a, b in frags if b > a] or frags[:1]
        offs = ";".join(f"{a} {b}" for a, b in frags)
        body = " ".join(new_text[a:b] for a, b in frags)
        lines.append(f"{ident}\t{kind} {offs}\t{body}")
    return "\n".join(lines) + "\n"


def make_stripped_copy(gold_dir: Path, out_dir: Path) -> Path:
    """Copy a PolNeAR-style folder with quotation marks, apostrophes and dashes deleted from
    every text and the gold offsets (first annotator file per article) shifted to match."""
    (out_dir / "text").mkdir(parents=True, exist_ok=True)
    (out_dir / "attributions").mkdir(parents=True, exist_ok=True)
    for name, ann_path in gold_annotation_files(Path(gold_dir)).items():
        text = read_text_exact(Path(gold_dir) / "text" / f"{name}.txt")
        new_text, new_pos = strip_marks_text(text)
        with open(out_dir / "text" / f"{name}.txt", "w", encoding="utf-8", newline="") as fh:
            fh.write(new_text)
        ann = _strip_ann(read_text_exact(ann_path), new_text, new_pos)
        with open(out_dir / "attributions" / ann_path.name, "w", encoding="utf-8") as fh:
            fh.write(ann)
    return out_dir


def run_quote_eval(
    gold_dir: Path,
    settings: Settings,
    *,
    pred_dir: Path | None = None,
    strip_marks: bool = False,
) -> dict[str, Any]:
    """Score quotes against a PolNeAR-style folder, annotating ``gold_dir/text`` first
    (into a temporary folder) unless ``pred_dir`` already holds predictions.

    With ``strip_marks`` the texts are first copied (to a temporary folder) with quotation
    marks, apostrophes and dashes deleted and the gold offsets shifted, and that copy is
    scored; ``pred_dir`` must then hold predictions made on such a copy. The report adds the
    same figures for each fixed half (``halves``: ``tune`` and ``check``, :func:`polnear_half`);
    PolNeAR dev chose the shipped tagger's epoch and tuned the rules, so neither half is clean.
    """
    with tempfile.TemporaryDirectory() as tmp:
        gold = Path(gold_dir)
        if strip_marks:
            gold = make_stripped_copy(gold, Path(tmp) / "gold")
        out = pred_dir
        if out is None:
            out = Path(tmp) / "pred"
            annotate_quotes(sorted((gold / "text").glob("*.txt")), out, *_annotators(settings))
        report = score_quotes(out, gold).to_dict()
        report["halves"] = {h: score_quotes(out, gold, h).to_dict() for h in ("tune", "check")}
        return report


def _annotators(settings: Settings) -> tuple[TextParser, Annotator]:
    from sitroom.extract.actors.resolver import ActorResolver
    from sitroom.nlp import Parser

    parser = Parser(settings.nlp.model, settings.nlp.batch_size, settings.nlp.processes)
    return parser, ActorResolver()
