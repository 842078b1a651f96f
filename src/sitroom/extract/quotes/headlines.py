"""Headline and lead forms of news streams: "Name: words" and listing furniture.

A line that opens with a label and a colon ("Yermak: Ukrainian commanders freed ...") is an
attribution only when the label is a speaker: a person or a body that speaks, as the actors
stage resolved it (a name, a title, an office, a seat of government, a state, an agency). A
place ("occupied Mariupol: There are explosions"), a topic ("Transcript: ...") or a name no
actor matches and the parser does not take for a person's or organisation's name is no
speaker, and its colon no cue, unless quotation marks open the words after it. Labels in
capitals ("WALLACE:") are the transcripts' turns (:mod:`sitroom.extract.quotes.layout`) and
are left as they are.

News listings append furniture to a paragraph ("(28.05.22 15:44) « War in Ukraine |
Censor."): a content stops before it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sitroom.extract.quotes.candidate import _Cand, _clip, _line_bounds
from sitroom.extract.quotes.words import title_words
from sitroom.records import Mention, ParsedArticle

#: A label at a line's start: up to eight words (no sentence punctuation), then a colon and
#: a capitalised word, a digit or a quotation mark.
LINE_LABEL = re.compile(
    r"[ \t\u00a0\"“]*(?P<label>[\w'’.-]+(?:[ \u00a0][\w'’.-]+){0,7})[ \u00a0]*:[ \u00a0]+"
    r"(?=[\"“‘'«]?[A-Z0-9])"
)
#: Mention kinds that can speak: people and bodies by name, title or office, seats of
#: government, groups of a state ("Ukrainian military:"); not places.
SPEAKING_KINDS: frozenset[str] = frozenset(
    ["name", "inferred", "role", "metonym", "adjective", "agent"]
)
#: How a mention was found that makes it a place, not a speaker ("Kyiv:" heads a dateline).
PLACE_HOWS: frozenset[str] = frozenset(["place", "location", "capital"])
#: Listing furniture: a time stamp "(dd.mm.yy hh:mm)", a guillemet and the rubric, to the
#: end of the line ("(28.05.22 15:44) « War in Ukraine | Censor.NET").
FURNITURE = re.compile(
    r"[ \t\u00a0]*\(\d{1,2}\.\d{1,2}\.\d{2,4}[ \u00a0]+\d{1,2}:\d{2}\)[ \u00a0]*«[^\n]*"
)


def _line_label(parsed: ParsedArticle, colon: int) -> tuple[int, int] | None:
    """The label the colon at ``colon`` ends, when it opens its line."""
    line_start, _ = _line_bounds(parsed.text, colon)
    m = LINE_LABEL.match(parsed.text, line_start)
    if m is None or m.end("label") > colon or parsed.text[m.end("label") : colon].strip():
        return None
    return m.span("label")


def _label_speaker(
    parsed: ParsedArticle, colon: int, mentions: Sequence[Mention]
) -> Mention | None:
    """The speaker mention that is the whole label before the colon at ``colon``, when the
    colon ends a line-opening label; None otherwise."""
    label = _line_label(parsed, colon)
    if label is None:
        return None
    a, b = label
    for men in mentions:
        if men.actor is None or men.end != b or men.kind not in SPEAKING_KINDS:
            continue
        if men.how in PLACE_HOWS or not _only_title_before(parsed.text[a : men.start]):
            continue
        return men
    return None


def _only_title_before(words: str) -> bool:
    """Words before the speaker's mention inside a label: none, or title words ("Mayor",
    "Head of the"); "Successes of the Ukrainian military:" is a topic."""
    return all(
        w.lower() in title_words() or w in ("of", "the", "and", "for") for w in words.split()
    )


def _quoted_after(text: str, pos: int) -> bool:
    """Do quotation marks open the words after the colon? Then they are someone's words
    ("Elizabeth Warren Hammers Wells Fargo CEO: ‘You should resign’"), whatever the label."""
    return text[pos : pos + 3].lstrip()[:1] in "\"“‘'«"


def _is_colon_cue(parsed: ParsedArticle, c: _Cand) -> bool:
    return parsed.text[c.cue[0] : c.cue[1]] == ":"


def _capital_label(parsed: ParsedArticle, c: _Cand) -> bool:
    """A label in capitals ("WALLACE:"): a transcript's turn, judged by the layout rules."""
    line_start, _ = _line_bounds(parsed.text, c.cue[0])
    label = parsed.text[line_start : c.cue[0]].strip(' \t\u00a0"“')
    return bool(label) and label.isupper()


def _colon_speakers(
    parsed: ParsedArticle, cands: list[_Cand], mentions: Sequence[Mention]
) -> list[_Cand]:
    """Colon attributions whose label opens a line keep only speaker labels: one without a
    source takes the label as its source when that is a speaker; one whose label is none is
    dropped; a headline's words end with its line. Turns inside a paragraph (flattened
    transcripts) are the layout rules'."""
    out: list[_Cand] = []
    for c in cands:
        if not _is_colon_cue(parsed, c) or _capital_label(parsed, c):
            out.append(c)
            continue
        if _line_label(parsed, c.cue[0]) is None or _quoted_after(parsed.text, c.cue[1]):
            out.append(c)  # a turn inside a transcript's paragraph; marked words after it
            continue
        men = _label_speaker(parsed, c.cue[0], mentions)
        who = (men.start, men.end) if men is not None else _named_label(parsed, c.cue[0], mentions)
        if who is None:
            continue
        source, head = c.source, c.head_token
        if source is None:
            source, head = who, parsed.token_at(who[1] - 1)
        contents = c.contents
        start, end = _line_bounds(parsed.text, c.cue[0])
        if start == 0:  # a headline's words stay on its line
            contents = tuple(r for x in contents if (r := _clip(x, (c.cue[1], end))) is not None)
        if contents:
            out.append(_Cand(c.cue, source, contents, c.speaker_after, head, c.confidence,
                             c.learned, c.verbatim))  # fmt: skip
    return out


#: Lower-case words a name or title may hold ("Head of the Office", "Minister for Health").
LABEL_GLUE: frozenset[str] = frozenset(["of", "the", "and", "for", "on", "in", "at", "to"])
#: Entity labels of names that are no speakers: places, dates, events.
PLACE_ENTS: frozenset[str] = frozenset(["GPE", "LOC", "FAC", "DATE", "TIME", "EVENT"])


def _named_label(
    parsed: ParsedArticle, colon: int, mentions: Sequence[Mention]
) -> tuple[int, int] | None:
    """A label no actor matched that is still no place or topic: it may speak ("Zaporizhzhia
    Regional Military Administration:", "Sanders:"); its speaker stays unknown. A place ends
    it (a place's mention or entity: "Sheffield:", "War in Ukraine:"), or a topic has words in
    lower case ("occupied Mariupol:", "Successes of the Ukrainian military:")."""
    label = _line_label(parsed, colon)
    if label is None:
        return None
    a, b = label
    words = parsed.text[a:b].split()
    if any(w[:1].islower() and w not in LABEL_GLUE for w in words):
        return None
    if any(m.end == b and (m.kind in ("place", "location") or m.how in PLACE_HOWS)
           for m in mentions):  # fmt: skip
        return None
    last = parsed.token_at(b - 1)
    if last is not None and parsed.tokens[last].ent_type in PLACE_ENTS:
        return None
    return label


def _cut_furniture(text: str, a: int, b: int) -> int:
    """Where a content running over ``a:b`` ends once listing furniture is cut off."""
    m = FURNITURE.search(text, a, b)
    if m is None or m.end() < b:  # furniture ends its line; a content going on is kept
        return b
    end = m.start()
    while end > a and text[end - 1] in " \t\u00a0":
        end -= 1
    return end
