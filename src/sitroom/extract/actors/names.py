"""Names: the people an article names, listed in the base or not.

* **Listed people** (:meth:`NameFinder.base_people`): a full name from the base names its
  person; a surname alone does when the base allows it (``solo``), when the full name came
  earlier, or when the tagger marks it as a person, and not when it ends someone else's name
  ("Hunter Biden" is no "Biden").
* **Tagged people** (:meth:`NameFinder.ner_people`): a PERSON entity the base did not match,
  or a run of capitalised words after a title the tagger missed, is a person inferred earlier
  in the article, else a listed person by a conservative near-spelling check ("Stoltenburg"),
  else an unlisted person whom a title places (:mod:`sitroom.extract.actors.titles`).
* **Later surnames** (:meth:`NameFinder.local_surnames`): "Grushko said" after "Deputy Foreign
  Minister Alexander Grushko".
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from sitroom.extract.actors.base import ActorBase, Entry, Hit, PersonRecord, role_on
from sitroom.extract.actors.context import ArticleContext, Cand, covered
from sitroom.extract.actors.spelling import translit_key
from sitroom.extract.actors.titles import TitleReader

#: Listed full names' transliteration keys by (word count, surname initial): (key, surname,
#: person) for each.
PersonKeys = dict[tuple[int, str], list[tuple[str, str, PersonRecord]]]


class NameFinder:
    """Finds people's names in an article and says who they are."""

    def __init__(self, base: ActorBase, titles: TitleReader) -> None:
        self.base = base
        self.titles = titles
        self._pkeys: PersonKeys | None = None

    # ------------------------------------------------------------------ listed people

    def base_people(self, ctx: ArticleContext) -> None:
        """People of the base named in the text, by full name or surname."""
        full_seen: set[str] = set()
        for h in ctx.hits:
            people = [e for e in h.entries if e.kind == "person"]
            if not people:
                continue
            pid, conf = self._pick_person(ctx, h, people, full_seen)
            if pid is None:
                continue
            person = self.base.people[pid]
            actor = self.base.person_actor(person, ctx.on)
            how = "name" if conf == 1.0 else "surname"
            ctx.persons.append(
                Cand(h.start, h.end, "name", actor.ref(), conf, is_person=True,
                     gender=person.gender, office=actor.role, how=how)
            )  # fmt: skip

    def _pick_person(
        self, ctx: ArticleContext, h: Hit, people: list[Entry], full_seen: set[str]
    ) -> tuple[str | None, float]:
        fulls = [e.actor_id for e in people if e.form == "full"]
        if fulls:
            pid = self._prefer_active(ctx, fulls)[0]
            full_seen.add(pid)
            return pid, 1.0
        ids = [e.actor_id for e in people]
        if not self._surname_alone_ok(ctx, h, ids):
            return None, 0.0
        seen = [i for i in ids if i in full_seen]
        if seen:
            return seen[0], 0.95
        pool = self._prefer_active(ctx, ids)
        if len(pool) > 1:
            return None, 0.0
        person = self.base.people[pool[0]]
        if person.solo or ctx.ent_at(h.start, h.end) is not None:
            return pool[0], 0.9
        return None, 0.0

    def _prefer_active(self, ctx: ArticleContext, ids: list[str]) -> list[str]:
        active = [i for i in ids if role_on(self.base.people[i], ctx.on) is not None]
        return active or ids

    def _surname_alone_ok(self, ctx: ArticleContext, h: Hit, ids: list[str]) -> bool:
        """Reject a surname inside a longer person name that is someone else's."""
        ent = ctx.ent_at(h.start, h.end)
        if ent is None:
            return True
        if ent[1] > h.end + 2:  # name goes on after the surname: another person
            return False
        given = ctx.text[ent[0] : h.start].strip()
        if not given:
            return True
        firsts = {
            v.split()[0] for i in ids for p in [self.base.people[i]] for v in [p.name, *p.variants]
        }
        return any(fuzz.ratio(translit_key(given), translit_key(f)) >= 75 for f in firsts)

    # ------------------------------------------------------------------ tagged people

    def ner_people(self, ctx: ArticleContext) -> None:
        """People the tagger found (or a title revealed) that the base did not match."""
        spans = [(e.start, e.end) for e in ctx.parsed.entities if e.label == "PERSON"]
        spans += self.titles.titled_runs(ctx, spans)
        for ent_start, ent_end in sorted(spans):
            if covered(ctx.persons, ent_start, ent_end):
                continue
            start, end = _trim_name(ctx, ent_start, ent_end)
            last = ctx.parsed.token_at(end - 1) if end > start else None
            if last is None or last in ctx.tok_hit:
                continue  # empty, or a place or organisation the tagger took for a person
            name = ctx.text[start:end]
            cand = self._local_or_fuzzy(ctx, name, start, end)
            if cand is None:
                cand = self.titles.infer_person(ctx, name, start, end)
            if cand is not None:
                ctx.persons.append(cand)

    def _local_or_fuzzy(self, ctx: ArticleContext, name: str, start: int, end: int) -> Cand | None:
        key = translit_key(name)
        last = translit_key(name.split()[-1])
        for k in (key, last):
            if k in ctx.local_names:
                ref, gender, office = ctx.local_names[k]
                return Cand(start, end, "inferred", ref, 0.8, is_person=True, gender=gender,
                            office=office, how="title")  # fmt: skip
        person = self._fuzzy_person(key)
        if person is None:
            return None
        actor = self.base.person_actor(person, ctx.on)
        return Cand(start, end, "name", actor.ref(), 0.8, is_person=True, gender=person.gender,
                    office=actor.role, how="spelling")  # fmt: skip

    def _fuzzy_person(self, key: str) -> PersonRecord | None:
        """A listed person whose full name is a near-spelling of ``key`` (conservative)."""
        parts = key.split()
        if len(parts) < 2 or len(key) < 8:
            return None
        best: tuple[float, PersonRecord | None] = (0.0, None)
        for fk, flast, p in self._person_keys().get((len(parts), parts[-1][:1]), ()):
            score = fuzz.ratio(key, fk)
            if score >= 90 and score > best[0] and fuzz.ratio(parts[-1], flast) >= 85:
                best = (score, p)
        return best[1]

    def _person_keys(self) -> PersonKeys:
        """Transliteration keys of every listed full name, by word count and surname initial."""
        if self._pkeys is None:
            index: PersonKeys = {}
            for p in self.base.people.values():
                for form in [p.name, *p.variants]:
                    fk = translit_key(form)
                    fparts = fk.split()
                    if fparts:
                        index.setdefault((len(fparts), fparts[-1][:1]), []).append(
                            (fk, fparts[-1], p)
                        )
            self._pkeys = index
        return self._pkeys

    # ------------------------------------------------------------------ later surnames

    def local_surnames(self, ctx: ArticleContext) -> None:
        """Later surname-only mentions of people inferred earlier ("Grushko said")."""
        if not ctx.local_names:
            return
        for t in ctx.tokens:
            if not t.text[:1].isupper() or covered(ctx.persons, t.start, t.end):
                continue
            word = re.sub(r"(?:['’]s|['’])$", "", t.text)
            key = translit_key(word)
            hit = ctx.local_names.get(key)
            if hit is None and word.endswith("s"):
                hit = ctx.local_names.get(translit_key(word[:-1]))
                word = word[:-1]
            if hit is None or " " in key:
                continue
            ref, gender, office = hit
            ctx.persons.append(
                Cand(t.start, t.start + len(word), "inferred", ref, 0.75, is_person=True,
                     gender=gender, office=office, how="title")
            )  # fmt: skip
        ctx.persons.sort(key=lambda c: c.start)


def _trim_name(ctx: ArticleContext, start: int, end: int) -> tuple[int, int]:
    """A name's span without a possessive or trailing punctuation."""
    text = ctx.text[start:end]
    m = re.search(r"(?:['’]s|['’])$", text)
    if m:
        end = start + m.start()
    return start, start + len(ctx.text[start:end].rstrip(" ,.;:"))
