"""Attributions that the layout of a text gives, not a verb: transcript turns and signed quotes.

Two forms are common in a crisis corpus and carry no speech verb at all:

* **transcript turns**, "President of Russia Vladimir Putin: Good afternoon, colleagues. ..."
  or, in interview transcripts, "WALLACE: Let's start ...": the label names the speaker, the
  colon is the cue, and the turn runs to the next label or the end of the paragraph;
* **signed quotes**, a quoted passage followed by a dash and its author
  ('"We are ready." ― Maria Petrova, Kyiv'): the dash is the cue.

:func:`layout_attributions` finds both; :mod:`sitroom.extract.quotes.merge` makes them
attributions alongside those of the verbs (nested attributions inside a turn stay their own).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from sitroom.extract.quotes.words import label_verbs, title_words
from sitroom.records import ParsedArticle

#: A speaker label: up to eight capitalised words (with "of", "the", "and" between them)
#: ending in a colon, then the first word of the turn (capitalised, a digit or a quote mark).
TURN_LABEL = re.compile(
    r"(?P<label>[A-Z][\w'’-]*(?:[ \u00a0](?:[A-Z][\w'’-]*|of|the|and|for)){0,7})"
    r":[ \u00a0]+(?=[\"“‘'«]?[A-Z0-9])"
)
#: A speaker card glued to the label in the Kremlin's transcripts: the name, then the same
#: name reversed and run into the speaker's position ("President of the Republic of Azerbaijan
#: Ilham Aliyev Aliyev IlhamPresident of Azerbaijan: Thank you ..."); the speaker is the name.
CARD_LABEL = re.compile(
    r"(?P<name>(?P<given>[A-Z][\w'’-]+) (?P<surname>[A-Z][\w'’-]+))[ \u00a0](?P=surname)"
    r"[ \u00a0](?P=given)(?=[A-Z])[^:\n]{1,150}?[ \u00a0]?:[ \u00a0]+(?=[\"“‘'«]?[A-Z0-9])"
)
#: Characters after which a label may start besides a line start: the end of a sentence,
#: a closing mark, a section break ("* * *").
LABEL_AFTER = frozenset('.?!…*"”»)]')
#: Parts of speech of a word just before a label that make the colon part of a sentence
#: ("he told Vladimir Putin: ...").
SENTENCE_POS = frozenset({"VERB", "AUX", "ADP", "CCONJ", "SCONJ", "PART", "DET", "PRON"})
#: A label in capitals only ("PENCE:") counts when it heads this many turns of the text; once
#: is a rubric ("UPDATE:", "CLARIFICATION:").
MIN_CAPITAL_TURNS = 2
#: A signed quote: a quoted passage, a dash, and a name (its first one to four words).
SIGNED = re.compile(
    r"(?m)^[ \t\u00a0]*(?P<quote>[\"“”«][^\n]+?[\"”»])[ \t\u00a0]*(?P<dash>[―—]|--)"
    r"[ \t\u00a0]*(?P<name>[A-Z][\w'’-]*(?:[ \u00a0](?:[A-Z]\.|[A-Z][\w'’-]*)){0,3})"
)
#: The same with its marks and dash stripped by a scraper: a paragraph's last sentence is
#: only a name of two to four words ("... build a wall. Maria Petrova.").
SIGNATURE_AT_END = re.compile(
    r"[.?!…][ \t\u00a0]+(?P<name>[A-Z][\w-]+(?:[ \u00a0](?:[A-Z]\.|[A-Z][\w-]*)){1,3})"
    r"\.?[ \t\u00a0]*$"
)
#: Paragraphs longer than this (in characters) are not read for a bare signature.
MAX_SIGNED_PARAGRAPH = 2000
#: Words a signed quote has at least (a shorter line is a caption or a credit).
MIN_SIGNED_WORDS = 3
#: A section break in flattened transcripts; a turn stops there.
SECTION_BREAK = re.compile(r"\*[ \u00a0]*\*[ \u00a0]*\*")


@dataclass(frozen=True, slots=True)
class LayoutAttribution:
    """Character ranges of one attribution given by layout, and the token of its speaker's
    head word (for resolving the speaker)."""

    source: tuple[int, int]
    cue: tuple[int, int]
    content: tuple[int, int]
    head_token: int | None


def layout_attributions(parsed: ParsedArticle) -> list[LayoutAttribution]:
    """Transcript turns and signed quotes of ``parsed``, in text order."""
    out = _turns(parsed) + _signed(parsed)
    return sorted(out, key=lambda x: x.cue)


# --------------------------------------------------------------------------- turns


def _turns(parsed: ParsedArticle) -> list[LayoutAttribution]:
    text = parsed.text
    found = list(TURN_LABEL.finditer(text))
    cards = found or CARD_LABEL.search(text) is not None
    names = _Names.of(parsed) if cards else _Names({}, frozenset())
    labels = [(a, b, b) for a, b in _plain_labels(parsed, found, names)]
    labels = sorted(labels + _card_labels(parsed, names))
    out: list[LayoutAttribution] = []
    for k, (a, b, colon) in enumerate(labels):
        body = colon + 1
        while body < len(text) and text[body] in " \u00a0":
            body += 1
        limit = labels[k + 1][0] if k + 1 < len(labels) else len(text)
        end = _turn_end(text, body, limit)
        if end <= body:
            continue
        source, cue = (a, b), (colon, colon + 1)
        verb, _, rest = text[a:b].partition(" ")
        if verb.lower() in label_verbs() and rest:  # "Said Ellis: ..."
            source, cue = (a + len(verb) + 1, b), (a, a + len(verb))
        out.append(LayoutAttribution(source, cue, (body, end), _last_token(parsed, b)))
    return out


def _plain_labels(
    parsed: ParsedArticle, found: list[re.Match[str]], names: _Names
) -> list[tuple[int, int]]:
    """Start and end (the colon) of each label of :data:`TURN_LABEL` that names a speaker."""
    capitals = Counter(m.group("label") for m in found if m.group("label").isupper())
    out: list[tuple[int, int]] = []
    for m in found:
        start = _label_start(parsed, m.start("label"), m.end("label"), capitals, names)
        if start is not None:
            out.append((start, m.end("label")))
    return out


def _card_labels(parsed: ParsedArticle, names: _Names) -> list[tuple[int, int, int]]:
    """Start, end of the speaker's name and the colon of each :data:`CARD_LABEL` label; the
    title words before the name belong to it."""
    out: list[tuple[int, int, int]] = []
    for m in CARD_LABEL.finditer(parsed.text):
        a, b = m.start("name"), m.end("name")
        first = parsed.token_at(a)
        if first is not None:
            k = first
            while k > 0 and _title_like(parsed, k - 1, names):
                k -= 1
            a = parsed.tokens[k].start
        out.append((a, b, m.start() + len(m.group().rstrip(" \u00a0")) - 1))
    return out


def _title_like(parsed: ParsedArticle, k: int, names: _Names) -> bool:
    """A word of the position before a card's name: a title word, a place's word or a
    capitalised word of the same sentence ("President of the Republic of Azerbaijan",
    "Minister of Industry and Trade")."""
    t = parsed.tokens[k]
    if t.text.lower() in title_words() or k in names.places:
        return True
    return t.text[:1].isupper() and t.text.isalpha() and t.sent == parsed.tokens[k + 1].sent


@dataclass(frozen=True, slots=True)
class _Names:
    """What the parser knows of a text's names, read once for all its labels: the first
    token of each person's name by the name's end, and the tokens of places and peoples."""

    person_by_end: dict[int, int]
    places: frozenset[int]

    @classmethod
    def of(cls, parsed: ParsedArticle) -> _Names:
        return cls(
            {e.end: e.token_start for e in parsed.entities if e.label == "PERSON"},
            frozenset(
                i
                for e in parsed.entities
                if e.label in ("GPE", "NORP")
                for i in range(e.token_start, e.token_end)
            ),
        )


def _label_start(
    parsed: ParsedArticle, a: int, b: int, capitals: Counter[str], names: _Names
) -> int | None:
    """Where the label ending at ``b`` starts if it names a speaker: a person the parser
    knows, ending at the colon, with the title words before the name ("President of Russia
    Vladimir Putin"), not preceded by a word that makes the colon part of a sentence; or a
    label in capitals that heads several turns at line starts."""
    text = parsed.text
    label = text[a:b]
    if label.isupper():
        line_start = not text[text.rfind("\n", 0, a) + 1 : a].strip(" \t\u00a0\"“'‘")
        return a if line_start and capitals[label] >= MIN_CAPITAL_TURNS else None
    first = names.person_by_end.get(b)
    if first is None or parsed.tokens[first].start < a:
        return None
    k = first
    while k > 0 and parsed.tokens[k - 1].start >= a:
        prev = parsed.tokens[k - 1]
        if prev.text.lower() not in title_words() and (k - 1) not in names.places:
            break
        k -= 1
    while k < first and parsed.tokens[k].text.lower() in ("of", "the", "and"):
        k += 1
    if (
        k > 0
        and parsed.tokens[k - 1].start >= a
        and parsed.tokens[k - 1].text.lower() in label_verbs()
    ):
        k -= 1  # "Said Olena Marchenko:"
    start = parsed.tokens[k].start
    before = text[:start].rstrip(" \t\u00a0")
    if not before or before[-1] == "\n" or before[-1] in LABEL_AFTER:
        return start
    prev_tok = parsed.token_at(len(before) - 1)
    if prev_tok is None or parsed.tokens[prev_tok].pos in SENTENCE_POS or before[-1] in ",;:":
        return None
    return start


def _turn_end(text: str, body: int, limit: int) -> int:
    """A turn ends at the next label, the end of its paragraph or a section break."""
    end = limit
    line = text.find("\n", body, end)
    if line >= 0:
        end = line
    brk = SECTION_BREAK.search(text, body, end)
    if brk is not None:
        end = brk.start()
    while end > body and text[end - 1] in " \t\u00a0\r":
        end -= 1
    return end


def _last_token(parsed: ParsedArticle, end: int) -> int | None:
    return parsed.token_at(end - 1)


# --------------------------------------------------------------------------- signed


def _signed(parsed: ParsedArticle) -> list[LayoutAttribution]:
    text = parsed.text
    out: list[LayoutAttribution] = []
    for m in SIGNED.finditer(text):
        name_end = m.end("name")
        while name_end > m.start("name") and text[name_end - 1] in ".,":
            name_end -= 1
        source = (m.start("name"), name_end)
        out.append(
            LayoutAttribution(
                source,
                (m.start("dash"), m.end("dash")),
                (m.start("quote"), m.end("quote")),
                _last_token(parsed, name_end),
            )
        )
    if not out and not any(ch in text for ch in '"“”«»―—'):
        out = _signed_bare(parsed)
    return out


def _signed_bare(parsed: ParsedArticle) -> list[LayoutAttribution]:
    """Signed quotes in a text stripped of its marks and dashes: the signature is a
    person's name the parser knows, and the cue (the lost dash) is empty, just before it."""
    text = parsed.text
    out: list[LayoutAttribution] = []
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if len(line) > MAX_SIGNED_PARAGRAPH:
            continue
        m = SIGNATURE_AT_END.search(line)
        if m is None:
            continue
        lead = len(line) - len(line.lstrip(" \t\u00a0"))
        quote = (start + lead, start + m.start() + 1)
        a, b = start + m.start("name"), start + m.end("name")
        if len(text[quote[0] : quote[1]].split()) < MIN_SIGNED_WORDS:
            continue
        if not any(e.label == "PERSON" and e.start < b and a < e.end for e in parsed.entities):
            continue
        cue = (quote[1] + 1, quote[1] + 1)
        out.append(LayoutAttribution((a, b), cue, quote, _last_token(parsed, b)))
    return out
