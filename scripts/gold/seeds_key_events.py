"""The seeds' key events: resolve a draft into gold/events/seeds_key_events.jsonl, or show it.

    .venv/bin/python scripts/gold/seeds_key_events.py resolve /work/gold-drafts/seeds_key.jsonl
    .venv/bin/python scripts/gold/seeds_key_events.py show      # prints each event with its text

A key event is one act an analyst would list from a seed article (listed once, at its clearest
mention), written down before any tuning. Draft line (outside the repository, it quotes text)::

    {"seed": "000_fd6be729c3ce3255.txt", "anchor": "a unique phrase around the trigger",
     "trigger": "threatened", "type": "THREATEN", "mode": "violence", "modality": "asserted",
     "source": ["RUS"], "target": ["NATO"], "source_ids": ["putin-vladimir"], "target_ids": [],
     "date": "2021-12-21", "note": "own words"}

``anchor`` must occur exactly once in the seed file and contain ``trigger`` (first occurrence
inside the anchor is used). ``source``/``target`` are side keys (GUIDELINE §6.5); the ids are
actor ids where clear. The final line keeps the trigger's offsets into the file, never its text.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import events_texts as texts
from events_schema import DATE_RE, MODES, PLOVER_TYPES
from pydantic import BaseModel, ConfigDict, Field, model_validator

OUT = texts.REPO / "gold" / "events" / "seeds_key_events.jsonl"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class KeyBase(_Strict):
    seed: str
    type: str
    mode: str | None = None
    modality: str = "asserted"
    source: list[str] = Field(default_factory=list)
    target: list[str] = Field(default_factory=list)
    source_ids: list[str] = Field(default_factory=list)
    target_ids: list[str] = Field(default_factory=list)
    date: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _check(self) -> KeyBase:
        if self.type not in PLOVER_TYPES:
            raise ValueError(f"unknown type {self.type}")
        if self.mode is not None and self.mode not in MODES.get(self.type, frozenset()):
            raise ValueError(f"mode {self.mode} not allowed for {self.type}")
        if self.modality not in {"asserted", "future", "hypothetical", "negated"}:
            raise ValueError(f"bad modality {self.modality}")
        if self.date is not None and not DATE_RE.match(self.date):
            raise ValueError(f"bad date {self.date}")
        return self


class KeyDraft(KeyBase):
    anchor: str
    trigger: str


class KeyEvent(KeyBase):
    key_id: str
    start: int
    end: int


def resolve(draft: Path, out: Path) -> int:
    lines: list[str] = []
    with open(draft, encoding="utf-8") as fh:
        drafts = [KeyDraft.model_validate_json(x) for x in fh if x.strip()]
    for n, d in enumerate(drafts, 1):
        text = texts.seed_text(d.seed)
        if text.count(d.anchor) != 1:
            sys.stderr.write(f"ERROR {n}: anchor occurs {text.count(d.anchor)} times\n")
            return 1
        a = text.index(d.anchor)
        k = d.anchor.find(d.trigger)
        if k < 0:
            sys.stderr.write(f"ERROR {n}: trigger not inside anchor\n")
            return 1
        fields = d.model_dump(exclude={"anchor", "trigger"})
        ev = KeyEvent(key_id=f"k{n:02d}", start=a + k, end=a + k + len(d.trigger), **fields)
        lines.append(json.dumps(ev.model_dump(), ensure_ascii=False) + "\n")
    out.write_text("".join(lines), encoding="utf-8")
    sys.stderr.write(f"{len(lines)} key events -> {out}\n")
    return 0


def show(path: Path) -> int:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            ev = KeyEvent.model_validate_json(line)
            text = texts.seed_text(ev.seed)
            lo = max(0, ev.start - 60)
            ctx = (
                text[lo : ev.start]
                + "["
                + text[ev.start : ev.end]
                + "]"
                + text[ev.end : ev.end + 40]
            )
            sys.stdout.write(
                f"{ev.key_id} {ev.seed[:3]} {ev.type}/{ev.mode} {ev.modality} "
                f"{ev.source}->{ev.target} {ev.date}\n    {' '.join(ctx.split())}\n"
            )
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", choices=["resolve", "show"])
    ap.add_argument("draft", nargs="?", type=Path)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    if args.command == "resolve":
        if args.draft is None:
            ap.error("resolve needs a draft file")
        return resolve(args.draft, args.out)
    return show(args.out)


if __name__ == "__main__":
    raise SystemExit(main())
