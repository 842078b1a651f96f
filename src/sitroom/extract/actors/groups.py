"""Groups: states, organisations and the groups named after them.

* **Misspelt state names** (:meth:`GroupFinder.misspelt_states`): "Afganistan", "Quatar" are
  one edit away from a state's name and count as its hits.
* **States and organisations** (:meth:`GroupFinder.states_and_orgs`): names, adjectives and
  demonyms of states, capitals and seats of government ("Moscow", "the Kremlin" -> RUS/GOV),
  organisations. An adjective or state name followed by a group noun ("Russian troops",
  "U.S. officials", "the Russian Defense Ministry") becomes one mention with the group's sector.
* **Ethnic and religious groups** (:meth:`GroupFinder.ethnic_groups`): "Yoruba leaders",
  "ethnic Albanians", "Kurds" are coded by the state they live in, named around them.

Group nouns, their modifiers and ethnic words are data (``data/vocab/actors_group_nouns.json``,
``actors_group_modifiers``, ``actors_group_modifier_sectors``, ``actors_ethnic_words``). The
group nouns are layered over the agent nouns (:func:`agent_table`: PETRARCH2's agents
dictionary under our ``actors_agent_nouns``), which :mod:`~sitroom.extract.actors.agents` reads
for agents named with no country word before them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from rapidfuzz import process as rf_process
from rapidfuzz.distance import Levenshtein

from sitroom import vocab
from sitroom.extract import petrarch
from sitroom.extract.actors.base import SECTORS, ActorBase, Entry, Hit
from sitroom.extract.actors.context import ArticleContext, Cand, covered, state_id
from sitroom.records import ActorRef, Token

#: One-word state forms of five letters or more, by lower-case initial.
StateWords = dict[str, dict[str, tuple[Entry, ...]]]


@cache
def group_nouns() -> Mapping[str, str]:
    """Group nouns ("troops", "officials") and the sector of the group."""
    return vocab.word_table("actors_group_nouns")


@cache
def group_modifiers() -> Mapping[str, str | None]:
    """Words that may sit before a group noun, with the sector they set (None: none)."""
    plain: dict[str, str | None] = dict.fromkeys(vocab.word_set("actors_group_modifiers"))
    return {**plain, **vocab.word_table("actors_group_modifier_sectors")}


@cache
def ethnic_words() -> frozenset[str]:
    """Ethnic, religious and sub-national groups, coded by the state they live in."""
    return vocab.word_set("actors_ethnic_words")


@cache
def agent_table() -> Mapping[str, str]:
    """Agent nouns (lookup keys) and their PLOVER sector: ours over PETRARCH2's."""
    cameo = vocab.word_table("actors_agent_sectors")
    skip = vocab.word_set("actors_agent_exclusions")
    table: dict[str, str] = {}
    for a in petrarch.agents().agents:
        singular = a.phrase[:-3] + "y" if a.phrase.endswith("ies") else a.phrase.removesuffix("s")
        if a.phrase in skip or singular in skip:
            continue
        sector = cameo.get(a.sector, a.sector)
        if sector in SECTORS:
            table[a.phrase] = sector
    table.update({petrarch.key(k): v for k, v in vocab.word_table("actors_agent_nouns").items()})
    return table


@cache
def group_table() -> Mapping[str, str]:
    """Nouns after a country word ("Russian troops"): our group nouns over the agent nouns."""
    return {**agent_table(), **group_nouns()}


@cache
def collective_nouns() -> frozenset[str]:
    return vocab.word_set("actors_collective_nouns")


@cache
def bloc_words() -> Mapping[str, str]:
    return vocab.word_table("actors_bloc_words")


def names_person(phrase: str, tok: Token) -> bool:
    """A singular agent noun naming a person ("an official"), not a body ("the army")."""
    return (
        tok.tag in ("NN", "NNP")
        and phrase not in collective_nouns()
        and tok.text.lower() not in collective_nouns()
        and not any(ch.isdigit() for ch in phrase)
    )


class GroupFinder:
    """Finds states, organisations and groups in an article."""

    def __init__(self, base: ActorBase) -> None:
        self.base = base
        self._swords: StateWords | None = None

    # ------------------------------------------------------------------ misspelt state names

    def _state_words(self) -> StateWords:
        """One-word state names, adjectives and demonyms of five letters or more, by initial."""
        if self._swords is None:
            index: StateWords = {}
            for form, entries in self.base.forms().items():
                if len(form) >= 5 and form.isalpha() and entries[0].kind == "state":
                    index.setdefault(form[0].lower(), {})[form] = entries
            self._swords = index
        return self._swords

    def misspelt_states(self, ctx: ArticleContext) -> None:
        """ "Afganistan", "Quatar", "Phillippines": one edit away from a state's name (two for
        names of nine letters or more); short words and people's names are left alone."""
        index = self._state_words()
        person_toks = {
            i for e in ctx.parsed.entities if e.label == "PERSON"
            for i in range(e.token_start, e.token_end)
        }  # fmt: skip
        added: list[Hit] = []
        for i, t in enumerate(ctx.tokens):
            word = re.sub(r"['’]s?$", "", t.text)
            if (len(word) < 5 or not word.isalpha() or not word[:1].isupper() or i in ctx.tok_hit
                    or i in person_toks or t.pos not in ("PROPN", "ADJ", "NOUN")):  # fmt: skip
                continue
            words = index.get(word[0].lower(), {})
            limit = 2 if len(word) >= 9 else 1 if len(word) >= 6 else 0
            found = rf_process.extractOne(
                word, words.keys(), scorer=Levenshtein.distance, score_cutoff=limit
            )
            if found is None or limit == 0:
                continue
            hit = Hit(t.start, t.start + len(word), words[found[0]])
            ctx.tok_hit[i] = hit
            added.append(hit)
        if added:
            ctx.hits = sorted([*ctx.hits, *added], key=lambda h: h.start)

    # ------------------------------------------------------------------ states and organisations

    def states_and_orgs(self, ctx: ArticleContext) -> None:
        """Every hit of a state or organisation; those inside a person's mention as shadows."""
        for h in ctx.hits:
            entry = h.entries[0]
            if entry.kind in ("person", "place") or any(e.kind == "person" for e in h.entries):
                continue
            if _stance_prefix(ctx, h):
                continue  # "an anti-Syria journalist", "pro-Russian parties"
            ent = ctx.ent_at(h.start, h.end)
            inside = ent is not None and (ent[0] < h.start or h.end < ent[1] - 2)
            if inside and ent is not None and not ctx.all_hits(*ent):
                continue  # inside a person's name; a "PERSON" made of places is none
            cand = self._place_cand(ctx, h, entry)
            ethnic = _after_ethnic(ctx, h) if entry.kind == "state" else None
            if ethnic is not None:
                cand = self._ethnic_cand(ctx, ethnic, cand.end, entry.actor_id, cand) or cand
            if covered(ctx.persons, h.start, h.end):
                ctx.shadows.append(cand)
            else:
                ctx.others.append(cand)

    def _place_cand(self, ctx: ArticleContext, h: Hit, entry: Entry) -> Cand:
        if entry.kind == "org":
            org = self.base.orgs[entry.actor_id]
            ref = ActorRef(org.id, org.name, org.country, org.sector)
            return Cand(h.start, h.end, "name", ref, 1.0, org_kind=org.kind, how="name")
        state = self.base.states[entry.actor_id]
        kind = {"metonym": "metonym", "name": "name"}.get(entry.form, "adjective")
        how: str = entry.form
        if entry.form == "metonym":
            how = "capital" if ctx.text[h.start : h.end] in state.capitals else "seat"
        start, end, sector = h.start, h.end, entry.sector
        person, plural = False, entry.form == "demonym"
        if entry.form != "metonym":
            group = _group_extent(ctx, h, sector)
            if group is not None:
                end, sector, head = group
                person = names_person(ctx.tokens[head].text.lower(), ctx.tokens[head])
                plural = ctx.tokens[head].tag in ("NNS", "NNPS")
                how = "agent+" + ("possessive" if _possessive_end(ctx, h) else entry.form)
        ref = ActorRef(state.id, state.name, state.id, sector)
        conf = 0.9 if kind == "metonym" else 1.0
        return Cand(start, end, kind, ref, conf, is_person=person, plural=plural, how=how,
                    office=ctx.text[start:end] if person else None)  # fmt: skip

    # ------------------------------------------------------------------ ethnic groups

    def ethnic_groups(self, ctx: ArticleContext) -> None:
        """ "Yoruba leaders", "Tamil civilian refugees", "Kurds": a group of the host state."""
        toks = ctx.tokens
        for i, t in enumerate(toks):
            low = t.text.lower()
            if low not in ethnic_words() or low == "ethnic" or not t.text[:1].isupper():
                continue
            if i in ctx.tok_hit or covered([*ctx.persons, *ctx.others], t.start, t.end):
                continue
            end, sector = t.end, "CVL" if low.endswith("s") else None
            for j in range(i + 1, min(i + 4, len(toks))):
                w = toks[j].text.lower()
                if w in group_nouns():
                    end, sector = toks[j].end, group_nouns()[w]
                    break
                if w not in group_modifiers() or j in ctx.tok_hit:
                    break
            if sector is None:
                continue
            cand = self._ethnic_cand(ctx, t.start, end, None, None)
            if cand is not None and cand.ref is not None:
                ref = cand.ref
                cand.ref = ActorRef(ref.actor_id, ref.name, ref.country, sector)
                ctx.others.append(cand)

    def _ethnic_cand(
        self, ctx: ArticleContext, start: int, end: int, exclude: str | None, cand: Cand | None
    ) -> Cand | None:
        """An ethnic or religious group, coded by the state it lives in (named around it)."""
        country = _host_country(ctx, start, exclude)
        if country is None:
            return cand
        sector = cand.ref.sector if cand is not None and cand.ref is not None else None
        state = self.base.states[country]
        ref = ActorRef(state.id, state.name, state.id, sector or "CVL")
        return Cand(start, end, "adjective", ref, 0.6)


def _group_extent(
    ctx: ArticleContext, h: Hit, sector: str | None
) -> tuple[int, str | None, int] | None:
    """Extend "Russian" over "Defense Ministry" / "troops" / "border guards": the group's end,
    sector and head token, or None when no group noun follows."""
    last = ctx.parsed.token_at(h.end - 1)
    if last is None:
        return None
    i = last + 1
    if i < len(ctx.tokens) and ctx.tokens[i].text in ("'s", "’s"):
        i += 1
    mod: str | None = None
    for j in range(i, min(i + 3, len(ctx.tokens))):
        t = ctx.tokens[j]
        low = t.text.lower()
        if t.sent != ctx.tokens[last].sent:
            break
        if j in ctx.tok_hit:
            nh = ctx.tok_hit[j]
            if j == i and nh.entries[0].form == "demonym" and mod is None:  # "Bosnian Serbs"
                inner = _group_extent(ctx, nh, sector or "CVL")
                return inner or (nh.end, sector or "CVL", ctx.tok_range(nh.start, nh.end)[-1])
            break
        found = _group_noun(ctx, j)
        if found is not None and not _modifies_next(ctx, j):
            end, group_sector = found
            if low == "ministry" and mod is None:
                group_sector = "GOV"
            return ctx.tokens[end].end, mod or group_sector, end
        if low in group_modifiers():
            mod = group_modifiers()[low] or mod
            continue
        break
    return None


def _group_noun(ctx: ArticleContext, j: int) -> tuple[int, str] | None:
    """A group noun starting at token ``j`` ("troops", "border guards"): its last token and
    sector."""
    toks = ctx.tokens
    table = group_table()
    for n in (3, 2, 1):
        end = j + n - 1
        if end >= len(toks) or toks[end].sent != toks[j].sent:
            continue
        phrase = petrarch.key(ctx.text[toks[j].start : toks[end].end])
        if phrase in table and toks[end].pos in ("NOUN", "PROPN"):
            return end, table[phrase]
    return None


def _modifies_next(ctx: ArticleContext, j: int) -> bool:
    """ "Russian army base": the group noun only modifies the noun after it."""
    t = ctx.tokens[j]
    return t.dep == "compound" and t.head > j and ctx.tokens[t.head].tag.startswith("NN")


def _possessive_end(ctx: ArticleContext, h: Hit) -> bool:
    """ "Ukraine's army": the state word is a possessor."""
    last = ctx.parsed.token_at(h.end - 1)
    nxt = ctx.tokens[last + 1] if last is not None and last + 1 < len(ctx.tokens) else None
    return nxt is not None and nxt.text in ("'s", "’s")


@cache
def stance_prefixes() -> frozenset[str]:
    return vocab.word_set("actors_stance_prefixes")


def _stance_prefix(ctx: ArticleContext, h: Hit) -> bool:
    """Is the state word the second half of "anti-Syria", "pro-Russian"?"""
    m = re.search(r"(\w+)[-‐‑]$", ctx.text[max(0, h.start - 8) : h.start])
    return m is not None and m.group(1).lower() in stance_prefixes()


def _after_ethnic(ctx: ArticleContext, h: Hit) -> int | None:
    """Where "ethnic" starts right before a state word ("ethnic Albanians"), if it does."""
    tok = ctx.parsed.token_at(h.start)
    if tok is None or tok == 0 or ctx.tokens[tok - 1].text.lower() != "ethnic":
        return None
    return ctx.tokens[tok - 1].start


def _host_country(ctx: ArticleContext, pos: int, exclude: str | None) -> str | None:
    """The state named nearest to ``pos`` in its sentence, else before it in the article."""
    tok = ctx.parsed.token_at(pos)
    if tok is None:
        return None
    sent = ctx.tokens[tok].sent
    best: tuple[int, str] | None = None
    for h in ctx.hits:
        sid = next((e.actor_id for e in h.entries if e.kind == "state"), None)
        t = ctx.parsed.token_at(h.start)
        if sid is None or sid == exclude or t is None or ctx.tokens[t].sent != sent:
            continue
        if best is None or abs(h.start - pos) < best[0]:
            best = (abs(h.start - pos), sid)
    if best is not None:
        return best[1]
    prior = [state_id(h) for h in ctx.hits if h.start < pos and any(
        e.kind == "state" and e.actor_id != exclude for e in h.entries)]  # fmt: skip
    return prior[-1] if prior else None
