"""Titles: the words around a person's name that say who they are.

A title before a name ("Russian Deputy Foreign Minister", "Kyiv Mayor", "Pentagon spokesman")
or an appositive after it (", the Kremlin spokesman,") gives a country and a sector. This pass:

* finds names the tagger missed, capitalised runs right after a title word (:meth:`titled_runs`);
* takes a listed person's title into the person's mention, so "NATO Secretary General Jens
  Stoltenberg" is one mention, and makes an appositive a role mention of that person
  (:meth:`titles_and_appositives`);
* turns a person nobody listed into an inferred actor when a title or appositive places them,
  keeping the title words as evidence (:meth:`infer_person`).

Title words and their sectors, filler words and connectors are data
(``data/vocab/actors_sector_words.json``, ``actors_title_fillers``, ``actors_title_connectors``,
``actors_civil_general``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from sitroom import vocab
from sitroom.extract.actors.base import ActorBase, Hit
from sitroom.extract.actors.context import ArticleContext, Cand, covered, hit_country
from sitroom.extract.actors.spelling import guess_gender, person_slug, translit_key
from sitroom.records import Actor, ActorRef

#: Punctuation tokens that join the words of a title, besides the connector words.
CONNECTOR_MARKS: frozenset[str] = frozenset({"'", "’", "-"})
#: The hyphen of "Secretary-General": "general" after it is no military rank.
CIVIL_GENERAL_MARKS: frozenset[str] = frozenset({"-"})
#: A US party and state marker after a name: ", R-Texas,".
PARTY_MARKER = re.compile(r"^[RDI]-[A-Z][A-Za-z.]*$")


@cache
def sector_words() -> Mapping[str, tuple[str, ...]]:
    """Title words by the sector they signal, strongest sector first."""
    return vocab.word_groups("actors_sector_words")


@cache
def sector_order() -> tuple[str, ...]:
    """Sectors from strongest to weakest, for a title with words of several sectors."""
    return tuple(sector_words())


@cache
def word_sector() -> Mapping[str, str]:
    """The sector each title word signals."""
    return {w: s for s, ws in sector_words().items() for w in ws}


@cache
def title_fillers() -> frozenset[str]:
    """Words that may sit inside a title without naming a post themselves."""
    return vocab.word_set("actors_title_fillers")


@cache
def connectors() -> frozenset[str]:
    """Words and marks that join the words of a title ("of", "'s", "-")."""
    return vocab.word_set("actors_title_connectors") | CONNECTOR_MARKS


@cache
def civil_general() -> frozenset[str]:
    """What, before "general", makes it part of a civilian title ("Secretary General")."""
    return vocab.word_set("actors_civil_general") | CIVIL_GENERAL_MARKS


@dataclass(slots=True)
class Title:
    """What a title says: a state or organisation, a sector, its words, and whether it names
    a post (``has_head``) rather than only a place or an organisation."""

    country: str | None = None
    org: str | None = None
    sector: str | None = None
    text: str = ""
    has_head: bool = False


class TitleReader:
    """Reads titles and appositives around names, for listed and unlisted people."""

    def __init__(self, base: ActorBase) -> None:
        self.base = base

    def titled_runs(
        self, ctx: ArticleContext, known: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """Names the tagger missed: 2-4 capitalised proper nouns right after a title word."""
        out: list[tuple[int, int]] = []
        toks = ctx.tokens
        i = 0
        while i < len(toks):
            j = i
            while j < len(toks) and j - i < 4 and _name_token(ctx, j):
                j += 1
            if j - i >= 2 and i > 0 and toks[i - 1].text.lower() in word_sector():
                span = (toks[i].start, toks[j - 1].end)
                if not any(a < span[1] and span[0] < b for a, b in known):
                    out.append(span)
            i = max(j, i + 1)
        return out

    def titles_and_appositives(self, ctx: ArticleContext) -> None:
        """Take a listed person's title into the mention; make appositives role mentions."""
        extra: list[Cand] = []
        for c in ctx.persons:
            tok = ctx.parsed.token_at(c.start)
            tok_end = ctx.parsed.token_at(c.end - 1)
            if tok is None or tok_end is None:
                continue
            title = self.title_before(ctx, tok)
            if title is not None and ctx.tokens[title[0]].start < c.start:
                first = title[0]
                if ctx.tokens[tok - 1].text != ",":
                    c.start = ctx.tokens[first].start
            appo = self.appositive(ctx, tok_end + 1)
            if appo is not None and c.ref is not None:
                a, b, info = appo
                s, e = ctx.tokens[a].start, ctx.tokens[b - 1].end
                if not covered(ctx.persons, s, e):
                    extra.append(
                        Cand(s, e, "role", c.ref, 0.8, antecedent=c.start, is_person=True,
                             gender=c.gender, office=info.text, how="role")
                    )  # fmt: skip
        ctx.persons = sorted([*ctx.persons, *extra], key=lambda c: c.start)

    def infer_person(self, ctx: ArticleContext, name: str, start: int, end: int) -> Cand | None:
        """An unlisted person placed by the title before or the appositive after the name."""
        tok = ctx.parsed.token_at(start)
        tok_end = ctx.parsed.token_at(end - 1)
        if tok is None or tok_end is None:
            return None
        title = self.title_before(ctx, tok)
        appo = self.appositive(ctx, tok_end + 1)
        info = title[1] if title and title[1].has_head else appo[2] if appo else None
        if info is None:
            return None
        country, sector = self._title_country_sector(ctx, info, start)
        ref = ActorRef(person_slug(name), name, country, sector)
        gender = guess_gender(name)
        evidence = info.text
        ctx.inferred.setdefault(
            ref.actor_id,
            Actor(ref.actor_id, name, country, sector, role=evidence or None, inferred=True,
                  evidence=evidence, article_id=ctx.parsed.article.article_id),
        )  # fmt: skip
        ctx.local_names[translit_key(name)] = (ref, gender, evidence)
        ctx.local_names.setdefault(translit_key(name.split()[-1]), (ref, gender, evidence))
        return Cand(start, end, "inferred", ref, 0.7, is_person=True, gender=gender,
                    office=evidence, evidence=evidence, how="title")  # fmt: skip

    # ------------------------------------------------------------------ reading a title

    def title_before(self, ctx: ArticleContext, tok: int) -> tuple[int, Title] | None:
        """The title words right before a name (or before ", " + name when the title starts
        with "the"): returns the first token of the title and what it says."""
        sent = ctx.tokens[tok].sent
        end = tok
        if tok > 0 and ctx.tokens[tok - 1].text == ",":
            end = tok - 1
        i = end - 1
        has_head = False
        while i >= 0 and ctx.tokens[i].sent == sent and _titleish(ctx, i):
            low = ctx.tokens[i].text.lower()
            if has_head and low in {"for", "to", "of"} and not _post_of_title(ctx, i):
                break  # "a spokesman for President X": the title ends at "President"
            if low == "and" and ctx.state_at(i + 1):
                break  # "Syria and Palestinian leader X": the title starts after "and"
            has_head = has_head or word_sector().get(low, "ELI") != "ELI"
            i -= 1
        first = i + 1
        while first < end and ctx.tokens[first].text.lower() in connectors() - {"the"}:
            first += 1
        if first >= end:
            return None
        if end != tok and ctx.tokens[first].text.lower() != "the":
            return None
        while first < end and ctx.tokens[first].text.lower() == "the":
            first += 1
        info = self._read_title(ctx, first, end)
        if not info.has_head and info.country is None and info.org is None:
            return None
        return first, info

    def appositive(self, ctx: ArticleContext, tok: int) -> tuple[int, int, Title] | None:
        """An appositive (", the Kremlin spokesman,") after a name: token range and what it says."""
        toks = ctx.tokens
        if tok < len(toks) and toks[tok].text in ("'s", "’s"):
            tok += 1
        if tok >= len(toks) or toks[tok].text != ",":
            return None
        sent = toks[tok].sent
        j = tok + 1
        while j < len(toks) and j - tok <= 16 and toks[j].sent == sent:
            if toks[j].text in {",", ";", ".", "(", ")", "—", "–"}:
                break
            j += 1
        if j <= tok + 1:
            return None
        if j - tok == 2 and PARTY_MARKER.match(toks[tok + 1].text):
            return tok + 1, j, Title("USA", None, "LEG", toks[tok + 1].text, True)
        info = self._read_title(ctx, tok + 1, j)
        if not info.has_head or _names_someone(ctx, tok + 1, j):
            return None  # ", Commander of the Navy Nikolai Yevmenov,": the next in a list
        return tok + 1, j, info

    def _read_title(self, ctx: ArticleContext, a: int, b: int) -> Title:
        toks = ctx.tokens[a:b]
        info = Title(text=ctx.text[toks[0].start : toks[-1].end] if toks else "")
        sectors: set[str] = set()
        prev = ""
        for k, t in enumerate(toks):
            low = t.text.lower()
            hit = ctx.tok_hit.get(a + k)
            if hit is not None:
                _title_hit(info, hit, sectors)
            elif low in word_sector() or low.rstrip("s") in word_sector():
                w = low if low in word_sector() else low.rstrip("s")
                if not (w == "general" and prev in civil_general()):
                    sectors.add(word_sector()[w])
                info.has_head = info.has_head or word_sector()[w] != "ELI"
            prev = low
        lowtext = info.text.lower()
        us_title = "secretary of state" in lowtext or re.search(r"\b(?:rep|sen)\.", lowtext)
        if info.country is None and info.org is None and us_title:
            info.country = "USA"
        info.sector = next((s for s in sector_order() if s in sectors), None)
        if info.sector is None and info.has_head:
            info.sector = "GOV"
        return info

    # ------------------------------------------------------------------ where a title places one

    def _title_country_sector(
        self, ctx: ArticleContext, info: Title, start: int
    ) -> tuple[str | None, str | None]:
        if info.org is not None:
            org = self.base.orgs[info.org]
            if org.sector == "IGO" or info.country is None:
                return org.country, org.sector if org.sector != "IGO" else "IGO"
        country = info.country or _context_country(ctx, start)
        return country, info.sector


def _post_of_title(ctx: ArticleContext, i: int) -> bool:
    """ "Commander-in-Chief of the Navy", "Minister of Defence": an "of" after a post's
    own word continues the title (unlike "a spokesman for President X")."""
    if ctx.tokens[i].text.lower() != "of" or i == 0:
        return False
    prev = ctx.tokens[i - 1].text.lower()
    return prev in word_sector() or prev in {"minister", "chief", "head", "secretary"}


def _names_someone(ctx: ArticleContext, a: int, b: int) -> bool:
    """Does the stretch of tokens name a person of its own (a title before another name)?"""
    start, end = ctx.tokens[a].start, ctx.tokens[b - 1].end
    if any(start <= c.start < end for c in ctx.persons):
        return True
    return any(e.label == "PERSON" and start <= e.start < end for e in ctx.parsed.entities)


def _name_token(ctx: ArticleContext, i: int) -> bool:
    t = ctx.tokens[i]
    low = t.text.lower()
    return (
        t.pos == "PROPN"
        and t.text[:1].isupper()
        and i not in ctx.tok_hit
        and low not in word_sector()
        and low not in title_fillers()
    )


def _titleish(ctx: ArticleContext, i: int) -> bool:
    t = ctx.tokens[i]
    low = t.text.lower()
    if i in ctx.tok_hit:
        return not any(e.kind == "person" for e in ctx.tok_hit[i].entries)
    if low in word_sector() or low in title_fillers() or low in connectors():
        return True
    if 0 < i < len(ctx.tokens) - 1 and ctx.tokens[i - 1].text == ctx.tokens[i + 1].text == "-":
        return True  # the middle of a hyphenated title: "Commander-in-Chief"
    return low.rstrip("s") in word_sector() and t.text[:1].isupper()


def _title_hit(info: Title, hit: Hit, sectors: set[str]) -> None:
    entry = hit.entries[0]
    if entry.kind in ("state", "place") and info.country is None and info.org is None:
        info.country = entry.actor_id  # "Kharkiv Mayor": the state the city lies in
    elif entry.kind == "org" and info.country is None and info.org is None:
        info.org = entry.actor_id
    if entry.form == "metonym" and entry.sector and entry.sector != "GOV":
        sectors.add(entry.sector)


def _context_country(ctx: ArticleContext, start: int) -> str | None:
    """The nearest state named in this or the previous sentence, else the article's most
    named state."""
    tok = ctx.parsed.token_at(start)
    sent = ctx.tokens[tok].sent if tok is not None else 0
    states = [h for h in ctx.hits if hit_country(h) is not None]
    near = [
        h
        for h in states
        if h.start < start
        and (t := ctx.parsed.token_at(h.start)) is not None
        and ctx.tokens[t].sent >= sent - 1
    ]
    if near:
        return hit_country(near[-1])
    counts = Counter(hit_country(h) for h in states)
    return counts.most_common(1)[0][0] if counts else None
