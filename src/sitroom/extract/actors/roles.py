"""Role nouns: "the president", "the alliance", "the Russian strongman", "Russia's minister".

A role noun refers back to the nearest preceding actor whose office fits it (for "the alliance",
an organisation of that kind, named before or after). With a country ("the Russian foreign
minister", "Russia's foreign minister") and no antecedent, it is the only person of the base
holding such an office on the article's date, else someone of that state's government. Inside a
quotation, "the president" is the president of the speaker's country.

Which role nouns exist and which offices each fits is data (``data/vocab/actors_role_nouns.json``,
kind ``role_nouns``, and ``actors_head_office_modifiers``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from sitroom import vocab
from sitroom.extract.actors.base import ActorBase, role_on
from sitroom.extract.actors.context import ArticleContext, Cand, covered
from sitroom.extract.actors.salience import antecedent, identity
from sitroom.records import Actor, ActorRef, Token

OFFICE_STRIP = re.compile(r"\b(?:of|to) the (?:Office of the )?President\b.*")
WORD_RE = re.compile(r"[\w'’.-]+")
OPEN_QUOTES = "“«„"
CLOSE_QUOTES = "”»“"


@dataclass(frozen=True, slots=True)
class RoleSpec:
    """A role noun: the office words it needs, or a class of offices, or organisation kinds."""

    words: frozenset[str] = frozenset()
    cls: str | None = None
    org_kinds: frozenset[str] = frozenset()
    gender: str | None = None


@cache
def role_nouns() -> Mapping[tuple[str, ...], RoleSpec]:
    """Role nouns (lower-case token sequences) and what they can refer back to."""
    roles = vocab.role_nouns("actors_role_nouns").roles
    return {
        tuple(r.phrase): RoleSpec(
            frozenset(r.office_words), r.office_class, frozenset(r.org_kinds), r.gender
        )
        for r in roles
    }


@cache
def role_max() -> int:
    """The most tokens in a role noun."""
    return max(len(k) for k in role_nouns())


@cache
def office_classes() -> Mapping[str, vocab.OfficeClass]:
    """The offices each class of role nouns covers ("diplomat", "head", ...)."""
    return vocab.role_nouns("actors_role_nouns").office_classes


@cache
def head_office_modifiers() -> frozenset[str]:
    """Words that make an office a deputy's ("deputy", "vice")."""
    return vocab.word_set("actors_head_office_modifiers")


def office_words(office: str) -> set[str]:
    """The lower-case words of an office, "defense" spelt "defence"."""
    text = OFFICE_STRIP.sub("", office).lower().replace("defense", "defence")
    return set(WORD_RE.findall(text.replace("-", " ")))


def office_matches(spec: RoleSpec, office: str, sector: str | None) -> bool:
    """Does an office (or an inferred title) fit a role noun?"""
    words = office_words(office)
    if spec.cls is not None:
        return _class_matches(office_classes()[spec.cls], words, sector)
    if not spec.words <= words:
        return False
    return not ((words - spec.words) & head_office_modifiers())


def _class_matches(cls: vocab.OfficeClass, words: set[str], sector: str | None) -> bool:
    if cls.not_deputy and words & head_office_modifiers():
        return False
    if words & set(cls.not_words):
        return False
    if cls.sector is not None and sector == cls.sector:
        return True
    if words & set(cls.any_words) or any(set(ws) <= words for ws in cls.all_words):
        return True
    return sector is not None and bool(words & set(cls.sector_words.get(sector, ())))


class RoleNounResolver:
    """Finds role nouns and resolves them to an antecedent or an office holder."""

    def __init__(self, base: ActorBase) -> None:
        self.base = base

    def resolve(self, ctx: ArticleContext, chosen: list[Cand]) -> list[Cand]:
        """Role-noun mentions outside the names, states and groups already ``chosen``."""
        out: list[Cand] = []
        toks = ctx.tokens
        for i, t in enumerate(toks):
            country, j = _role_opening(ctx, i, t)
            if j is None:
                continue
            for n in range(role_max(), 0, -1):
                key = tuple(x.text.lower() for x in toks[j : j + n])
                spec = role_nouns().get(key)
                if spec is None or len(key) < n:
                    continue
                after = j + n
                nxt = _skip_inserts(toks, after)
                if nxt < len(toks) and _name_or_compound(toks[nxt]):
                    break  # a title before a name, or part of a longer word ("state-run")
                start, end = t.start, toks[after - 1].end
                if country is None:  # "the President of Russia"
                    country, end = _of_state(ctx, after, end)
                named = [c for c in chosen if not _agent_like(c)]  # agents give way to roles
                if covered(named, start, end) and country is None:
                    break
                if covered([c for c in named if c.is_person or c.org_kind], start, end):
                    break
                out.append(self._resolve_role(ctx, chosen, spec, country, start, end))
                break
        return out

    def _resolve_role(
        self,
        ctx: ArticleContext,
        chosen: list[Cand],
        spec: RoleSpec,
        country: str | None,
        start: int,
        end: int,
    ) -> Cand:
        pool = [*chosen, *ctx.shadows]
        tok = ctx.parsed.token_at(start)
        assert tok is not None
        if country is None and not spec.org_kinds:
            speaker = _quote_speaker(ctx, chosen, start)
            if speaker is not None:  # "the president" in a quote: the speaker's president
                found = self._role_in_country(ctx, spec, pool, speaker, tok, start, end)
                if found is not None:
                    return found

        def fits(c: Cand) -> bool:
            return _role_fits(spec, c, country)

        earlier = [c for c in pool if c.end <= start and fits(c)]
        found = antecedent(ctx, earlier, tok, fits)
        if found is None and not earlier and spec.org_kinds:  # the alliance named later
            later = [c for c in pool if c.start >= end and fits(c)]
            found = later[0] if len({identity(c) for c in later}) == 1 else None
        if found is not None:
            return _antecedent_cand(found, start, end)
        if earlier:  # two actors fit and compete: no answer rather than a wrong one
            return Cand(start, end, "role", None, 0.5, is_person=not spec.org_kinds,
                        how="unresolved")  # fmt: skip
        if country is not None and not spec.org_kinds:
            holder = self._office_holder(ctx, spec, country)
            if holder is not None:
                return holder_cand(holder, start, end)
            state = self.base.states.get(country)
            if state is not None:  # someone of that government, not a known person
                sector = "MIL" if spec.cls == "mil" else "LEG" if spec.cls == "leg" else "GOV"
                ref = ActorRef(state.id, state.name, state.id, sector)
                return Cand(start, end, "role", ref, 0.5, is_person=True, office=None,
                            how="office")  # fmt: skip
        return Cand(start, end, "role", None, 0.5, is_person=not spec.org_kinds, how="unresolved")

    def _role_in_country(
        self,
        ctx: ArticleContext,
        spec: RoleSpec,
        pool: list[Cand],
        country: str,
        tok: int,
        start: int,
        end: int,
    ) -> Cand | None:
        earlier = [c for c in pool if c.end <= start]
        found = antecedent(ctx, earlier, tok, lambda c: _role_fits(spec, c, country))
        if found is not None:
            return _antecedent_cand(found, start, end)
        holder = self._office_holder(ctx, spec, country)
        return holder_cand(holder, start, end) if holder is not None else None

    def _office_holder(self, ctx: ArticleContext, spec: RoleSpec, country: str) -> Actor | None:
        """The only person of the base holding such an office in ``country`` that day."""
        found: list[Actor] = []
        for p in self.base.people.values():
            role = role_on(p, ctx.on) if ctx.on is not None else None
            if role is None or role.country != country:
                continue
            if office_matches(spec, role.office, role.sector):
                found.append(self.base.person_actor(p, ctx.on))
        return found[0] if len(found) == 1 else None


def role_opens_at(ctx: ArticleContext, first: int) -> bool:
    """Does a role-noun opening ("the", "the Russian", "Russia's") end right before token
    ``first``? Such a role noun is this pass's, not an agent."""
    for i in range(max(0, first - 4), first):
        if _role_opening(ctx, i, ctx.tokens[i])[1] == first:
            return True
    return False


def _name_or_compound(t: Token) -> bool:
    return t.text == "-" or (t.pos == "PROPN" and t.text[:1].isupper())


def _role_opening(ctx: ArticleContext, i: int, t: Token) -> tuple[str | None, int | None]:
    """Where a role noun may start: after "the", "the Russian", or "Russia's"."""
    low = t.text.lower()
    nxt = i + 1
    if low == "the":
        h = ctx.tok_hit.get(nxt)
        if h is not None and h.entries[0].kind in ("state", "place"):
            last = ctx.tok_range(h.start, h.end)
            return h.entries[0].actor_id, last[-1] + 1 if last else None
        return None, nxt
    h = ctx.tok_hit.get(i)
    if h is not None and h.entries[0].kind == "state" and h.start == t.start:
        last = ctx.tok_range(h.start, h.end)
        if h.entries[0].form == "adjective" and last and not _after_determiner(ctx, i):
            return h.entries[0].actor_id, last[-1] + 1  # "German defence minister sees"
        if re.search(r"['’]?s$", t.text) and t.end > h.end:
            return h.entries[0].actor_id, nxt
        if nxt < len(ctx.tokens) and ctx.tokens[nxt].text in ("'s", "’s"):
            return h.entries[0].actor_id, nxt + 1
    return None, None


def _after_determiner(ctx: ArticleContext, i: int) -> bool:
    """Is token ``i`` preceded by a determiner or a possessive ("a German general", "its
    Russian ally")? Then an adjective there opens no definite role noun."""
    return i > 0 and ctx.tokens[i - 1].tag in ("DT", "PRP$", "CD", "POS", "WP$")


def _agent_like(c: Cand) -> bool:
    """An agent, or a state's group of one person ("Russia's foreign minister", "the German
    defence minister"): a role noun over the same words says which person it is."""
    return c.kind == "agent" or (c.is_person and c.how.startswith("agent+"))


def _of_state(ctx: ArticleContext, after: int, end: int) -> tuple[str | None, int]:
    """The state an "of" after a role noun names ("the President of Russia", "the foreign
    minister of the Russian Federation") and where its name ends; else (None, ``end``)."""
    toks = ctx.tokens
    k = after + 1
    if after >= len(toks) or toks[after].text != "of" or k >= len(toks):
        return None, end
    if toks[k].text.lower() == "the":
        k += 1
    h = ctx.tok_hit.get(k)
    if h is None or h.start != toks[k].start or h.entries[0].kind != "state":
        return None, end
    if h.entries[0].form not in ("name", "metonym"):
        return None, end
    return h.entries[0].actor_id, h.end


def _role_fits(spec: RoleSpec, c: Cand, country: str | None) -> bool:
    """Can ``c`` be what the role noun refers back to? An unresolved person whose office
    fits ("a spokesman") competes too, but only where no country is asked for."""
    if c.ref is None:
        return (
            country is None
            and c.is_person
            and c.office is not None
            and not spec.org_kinds
            and office_matches(spec, c.office, None)
        )
    if country is not None and c.ref.country != country:
        return False
    if spec.org_kinds:
        return c.org_kind in spec.org_kinds
    if not c.is_person or c.office is None:
        return False
    if spec.gender and c.gender and spec.gender != c.gender:
        return False
    return office_matches(spec, c.office, c.ref.sector)


def _quote_speaker(ctx: ArticleContext, chosen: list[Cand], pos: int) -> str | None:
    """The country of whoever speaks the quotation around ``pos``, if ``pos`` is quoted:
    the person named right after the closing mark ("..., Blinken said"), else the nearest
    person named before the opening mark (who "he said" would refer to)."""
    span = _quote_around(ctx.text, pos)
    if span is None:
        return None
    people = [c for c in chosen if c.is_person and c.ref is not None and c.ref.country]
    after = [c for c in people if span[1] <= c.start <= span[1] + 60]
    if after:
        gap = ctx.text[span[1] : after[0].start]
        if "\n" not in gap and not re.search(r"[.!?]\s", gap):
            return after[0].ref.country if after[0].ref else None
    prior = [c for c in people if c.end <= span[0] and span[0] - c.end <= 600]
    return prior[-1].ref.country if prior and prior[-1].ref else None


def _quote_around(text: str, pos: int) -> tuple[int, int] | None:
    """The (open, close) offsets of the quotation holding ``pos``, within its paragraph."""
    para_start = text.rfind("\n", 0, pos) + 1
    para_end = text.find("\n", pos)
    para_end = len(text) if para_end < 0 else para_end
    opening = -1
    depth_open = False
    for i in range(para_start, pos):
        ch = text[i]
        if ch in OPEN_QUOTES and not (ch == "“" and depth_open):
            opening, depth_open = i, True
        elif ch in CLOSE_QUOTES or (ch == '"' and depth_open):
            depth_open = False
        elif ch == '"':
            opening, depth_open = i, True
    if not depth_open:
        return None
    for j in range(pos, para_end):
        if text[j] in CLOSE_QUOTES or text[j] == '"':
            return opening, j + 1
    return opening, para_end


def _skip_inserts(toks: list[Token], i: int) -> int:
    """Past a bracketed insert or a foreign-script fragment ("the President [...] Putin")."""
    k = i
    while k < len(toks) and k - i < 6 and (toks[k].text in "[]()" or not toks[k].text.isascii()):
        k += 1
    return k if k > i and k < len(toks) and toks[k - 1].text in "])" else i


def _antecedent_cand(c: Cand, start: int, end: int) -> Cand:
    return Cand(start, end, "role", c.ref, 0.7 if c.ref is not None else 0.5,
                antecedent=c.antecedent if c.kind == "pronoun" else c.start,
                is_person=c.is_person, gender=c.gender, office=c.office, org_kind=c.org_kind,
                how="role" if c.ref is not None else "unresolved")  # fmt: skip


def holder_cand(actor: Actor, start: int, end: int) -> Cand:
    """A role noun resolved through the base ("Russia's foreign minister" -> Lavrov)."""
    return Cand(start, end, "role", actor.ref(), 0.6, is_person=True, office=actor.role,
                how="office")  # fmt: skip
