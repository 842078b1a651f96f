"""Scoring the actors stage against PLOVER gold sentences: does each gold actor get its country?

Each line of the gold file holds ``text``, ``date`` and ``source`` / ``target`` lists of
``{"actorText", "code", "sector"}``. A gold actor is matched to our mentions by span: the
``actorText`` is located in the sentence (pieces separated by ``...`` in the gold are located
one by one; white space is normalised; case is ignored as a fallback; an actor text that is not
contiguous in the sentence, as in "US and British forces" coded "US forces", is located by its
first word) and every mention whose
span overlaps one of its pieces is a candidate. The actor counts as right when one candidate
carries the gold code:

* a state code equals the mention's ISO3 country (the old CAMEO codes ``JAP``, ``ITL``,
  ``VTN`` used by some gold lines are read as ``JPN``, ``ITA``, ``VNM``);
* the PLOVER non-state codes are compared by family: ``IGO``, ``UNO``, ``EUR`` and ``NGO``
  (international organisations; the gold file codes the UN, the EC and Amnesty all ``IGO``) match
  a mention with no country and sector ``IGO`` or ``NGO``; ``IMG`` (transnational armed group)
  matches no country and sector ``REB``.

The result is a plain dict: ``{"actors", "correct", "accuracy", "located", "misses"}``, misses
listing what was expected and what we gave, for error analysis.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sitroom.extract.actors.resolver import ActorResolver
from sitroom.nlp import Parser
from sitroom.records import Mention

#: Old CAMEO country codes still found in some gold lines, and their ISO3 equivalents.
OLD_CODES: dict[str, str] = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
ORG_FAMILY: frozenset[str] = frozenset({"IGO", "UNO", "EUR", "NGO"})


def gold_pieces(text: str, actor_text: str) -> list[tuple[int, int]]:
    """Character spans of the gold ``actorText`` in ``text`` (one per ``...`` piece found)."""
    out: list[tuple[int, int]] = []
    for piece in re.split(r"\.{2,}|…", actor_text):
        words = piece.split()
        if not words:
            continue
        pattern = r"\s+".join(re.escape(w) for w in words)
        m = re.search(pattern, text) or re.search(pattern, text, re.IGNORECASE)
        if m is not None:
            out.append((m.start(), m.end()))
    if not out and actor_text.split():  # coordinated ("US and British forces"): first word
        first = re.escape(actor_text.split()[0].rstrip(",.'’"))
        m = re.search(rf"(?<!\w){first}", text)
        if m is not None:
            out.append((m.start(), m.end()))
    return out


def code_matches(gold: str, mention: Mention) -> bool:
    """Does the mention's actor carry the gold PLOVER country code?"""
    if mention.actor is None:
        return False
    gold = OLD_CODES.get(gold, gold)
    country, sector = mention.actor.country, mention.actor.sector
    if gold in ORG_FAMILY:
        return country is None and sector in ("IGO", "NGO")
    if gold == "IMG":
        return country is None and sector == "REB"
    return country == gold


def _predicted(mentions: Iterable[Mention]) -> list[str]:
    out = []
    for m in mentions:
        a = m.actor
        out.append(f"{m.text}={a.country or a.sector if a else None}")
    return out


def score_actor_countries(path: Path, parser: Parser | None = None) -> dict[str, Any]:
    """Share of gold actors in a PLOVER JSON-lines file whose country code we give."""
    parser = parser if parser is not None else Parser()
    resolver = ActorResolver()
    total = correct = located = 0
    misses: list[dict[str, Any]] = []
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    for row in rows:
        parsed = parser.parse_text(row["text"], date=row.get("date"))
        mentions, _ = resolver.resolve(parsed)
        for gold in [*row.get("source", []), *row.get("target", [])]:
            total += 1
            pieces = gold_pieces(row["text"], gold["actorText"])
            located += bool(pieces)
            cands = [m for m in mentions if any(m.start < e and s < m.end for s, e in pieces)]
            if any(code_matches(gold["code"], m) for m in cands):
                correct += 1
                continue
            misses.append(
                {"id": row["id"], "actorText": gold["actorText"], "code": gold["code"],
                 "ours": _predicted(cands)}
            )  # fmt: skip
    return {
        "actors": total,
        "correct": correct,
        "accuracy": round(correct / total, 4) if total else 0.0,
        "located": located,
        "misses": misses,
    }
