"""Actors: who is mentioned in an article, as what, on the article's date.

:class:`ActorResolver` turns a :class:`~sitroom.records.ParsedArticle` into mentions and
actors, in five passes over plain data:

1. **Names from the base** (:mod:`sitroom.extract.actors.base`): states (names, adjectives,
   demonyms), capitals and seats of government as governments ("Moscow", "the Kremlin" -> RUS/GOV),
   organisations and people, with the scraper's missing apostrophes tolerated ("Russias",
   "NATOs", "Putins" name the same actor; the mention covers just the name). A surname alone
   names a listed person when the base allows it (``solo``), when the full name came earlier,
   or when spaCy tags it as a person.
2. **People nobody listed**: a PERSON entity that is not in the base (after a conservative
   rapidfuzz check for near-spellings) becomes an inferred actor when a title before it
   ("Russian Deputy Foreign Minister", "Kyiv Mayor", "Pentagon spokesman") or an appositive
   after it (", the Kremlin spokesman,") gives a country and sector; the words are kept as
   evidence. Titles before a listed person are taken into the person's mention as well, so
   "NATO Secretary General Jens Stoltenberg" is one mention.
3. **Groups**: an adjective or state name followed by a group noun ("Russian troops",
   "U.S. officials", "the Russian Defense Ministry") becomes one mention with that sector.
4. **Role nouns** ("the president", "the alliance", "the diplomat", "the Russian strongman",
   "Russia's foreign minister") resolve to the nearest preceding compatible actor; with a
   country and no antecedent, to the only person of the base holding such an office that day.
5. **Pronouns**: he/she to the nearest preceding person of compatible gender within a few
   sentences, they to the nearest state or organisation in the same or previous sentence;
   otherwise left unresolved (``actor=None``).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz
from rapidfuzz import process as rf_process
from rapidfuzz.distance import Levenshtein

from sitroom.extract.actors.base import ActorBase, Entry, Hit, PersonRecord, parse_date, role_on
from sitroom.records import Actor, ActorRef, Mention, ParsedArticle, Token

# ----------------------------------------------------------------------------- vocabulary


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Title words and the sector they signal, strongest first when several occur.
SECTOR_WORDS: dict[str, tuple[str, ...]] = {
    "ELI": ("former", "ex", "ex-"),
    "LEG": ("senator", "sen.", "rep.", "lawmaker", "legislator", "congressman",
            "congresswoman", "parliamentarian", "mp", "speaker", "duma", "parliament",
            "senate", "congressional"),
    "MIL": ("general", "gen.", "lt.", "colonel", "col.", "maj.", "admiral", "adm.",
            "commander", "defense", "defence", "military", "army", "navy", "armed",
            "marshal", "sergeant", "brig."),
    "SPY": ("intelligence", "spy", "spymaster"),
    "JUD": ("judge", "prosecutor", "court"),
    "COP": ("police", "policeman", "sheriff"),
    "JRN": ("journalist", "reporter", "correspondent", "editor", "anchor", "media",
            "presenter", "commentator", "propagandist", "broadcaster"),
    "OPP": ("opposition", "dissident"),
    "REB": ("rebel", "separatist", "militant", "insurgent", "warlord"),
    "CVL": ("activist", "protester", "campaigner"),
    "BUS": ("ceo", "executive", "businessman", "businesswoman", "tycoon", "oligarch"),
    "GOV": ("president", "minister", "secretary", "spokesman", "spokeswoman",
            "spokesperson", "ambassador", "envoy", "diplomat", "official", "mayor",
            "governor", "chancellor", "adviser", "advisor", "premier", "king", "queen",
            "emir", "leader", "head", "chief", "director", "chairman", "chairwoman",
            "coordinator", "aide", "negotiator", "representative", "strongman", "ruler",
            "counterpart", "administrator", "commissioner", "deputy", "undersecretary"),
}  # fmt: skip
SECTOR_ORDER: tuple[str, ...] = tuple(SECTOR_WORDS)
WORD_SECTOR: dict[str, str] = {w: s for s, ws in SECTOR_WORDS.items() for w in ws}
#: Words that may sit inside a title without naming a post themselves.
TITLE_FILLERS: frozenset[str] = _words(
    "foreign affairs state interior finance economy justice trade energy national security "
    "european eurasian political first senior top press strategic communications joint chiefs "
    "presidential office administration department ministry council committee house of for "
    "and the to assistant under vice acting new staff forces services relations permanent "
    "special high prime general-secretary secretary-general deputy-chief federal regional "
    "public affairs policy global kremlin white chief-of-staff minority majority republican "
    "democratic party 's ’s ' ’ - international"
)
CONNECTORS: frozenset[str] = frozenset({"of", "for", "and", "the", "to", "'s", "’s", "'", "’", "-"})
#: "general" after these words is part of a civilian title ("Secretary General").
CIVIL_GENERAL: frozenset[str] = frozenset(
    {"secretary", "attorney", "director", "prosecutor", "consul", "governor", "-", "surgeon"}
)
#: Group nouns after a state adjective or name, with their sector.
GROUP_NOUNS: dict[str, str] = {
    "troops": "MIL", "forces": "MIL", "army": "MIL", "military": "MIL", "soldiers": "MIL",
    "navy": "MIL", "servicemen": "MIL", "officers": "MIL", "commanders": "MIL",
    "officials": "GOV", "official": "GOV", "government": "GOV", "authorities": "GOV",
    "leadership": "GOV", "diplomats": "GOV", "ministry": "GOV", "delegation": "GOV",
    "side": "GOV", "administration": "GOV", "leaders": "GOV", "negotiators": "GOV",
    "lawmakers": "LEG", "parliament": "LEG", "legislators": "LEG", "senators": "LEG",
    "media": "JRN", "journalists": "JRN", "television": "JRN", "police": "COP",
    "intelligence": "SPY", "spies": "SPY", "separatists": "REB", "rebels": "REB",
    "people": "CVL", "citizens": "CVL", "civilians": "CVL", "protesters": "CVL",
    "companies": "BUS", "banks": "BUS", "businesses": "BUS", "opposition": "OPP",
    "courts": "JUD", "judges": "JUD", "refugees": "REF",
}  # fmt: skip
GROUP_NOUNS.update({
    "warships": "MIL", "ships": "MIL", "vessels": "MIL", "jets": "MIL", "warplanes": "MIL",
    "aircraft": "MIL", "planes": "MIL", "helicopters": "MIL", "tanks": "MIL", "gunboats": "MIL",
    "submarines": "MIL", "soldier": "MIL", "militia": "PRM", "militias": "PRM",
    "paramilitaries": "PRM", "guerrillas": "REB", "guerrilla": "REB", "fighters": "REB",
    "militants": "REB", "insurgents": "REB", "rebel": "REB", "youths": "CVL",
    "students": "EDU", "workers": "LAB", "farmers": "AGR", "villagers": "CVL",
    "residents": "CVL", "demonstrators": "CVL", "activists": "CVL", "prisoners": "CVL",
    "prisoner": "CVL", "leaders": "GOV", "minister": "GOV", "president": "GOV",
    "embassy": "GOV", "envoy": "GOV", "ambassador": "GOV", "cabinet": "GOV",
    "parliamentarians": "LEG", "legislature": "LEG", "court": "JUD", "judiciary": "JUD",
    "businessmen": "BUS", "firms": "BUS", "clerics": "REL", "church": "REL",
    "immigrants": "REF", "migrants": "REF", "community": "CVL", "group": "CVL",
    "groups": "CVL", "factions": "CVL", "party": "PTY", "parties": "PTY",
    "services": "SPY",
})  # fmt: skip
#: Ethnic, religious and sub-national groups: PLOVER codes them by the country they live in
#: (the state named around them), not by a state of their own.
ETHNIC_WORDS: frozenset[str] = _words(
    "ethnic yoruba igbo ibo hausa fulani ijaw ogoni shona ndebele zulu xhosa tamil tamils "
    "sinhalese karen kachin shan rohingya kurd kurds kurdish pashtun pashtuns hazara hazaras "
    "baluch tutsi tutsis hutu hutus chechen chechens ingush abkhaz ossetian moslem moslems "
    "muslim muslims christian christians hindu hindus sikh sikhs druze shiite shiites shia "
    "sunni sunnis alawite alawites alewite maronite coptic copts berber berbers tuareg "
    "uighur uighurs uyghur uyghurs tibetan tibetans basque basques catalan corsican "
    "kashmiri kashmiris aceh acehnese moro dinka nuer darfuri"
)
GROUP_MODIFIERS: dict[str, str | None] = {
    "defense": "MIL", "defence": "MIL", "armed": "MIL", "security": None, "state": None,
    "civilian": None, "riot": None, "elite": None, "local": None, "young": None,
    "foreign": None, "senior": None, "top": None, "special": None, "military": "MIL",
    "emergency": None, "interior": "COP", "justice": None, "finance": None,
}  # fmt: skip

MALE_PRONOUNS: frozenset[str] = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS: frozenset[str] = frozenset({"she", "her", "hers", "herself"})
PLURAL_PRONOUNS: frozenset[str] = frozenset({"they", "them", "their", "themselves"})
PRONOUN_WINDOW = 3  # sentences back for he/she
FEMALE_FIRST_NAMES: frozenset[str] = _words(
    "karen maria mariya jen jennifer linda victoria wendy kamala nancy ursula annalena liz "
    "elizabeth angela helga oana kaja maia olena iryna irina anna elena olga natalia natalya "
    "tatiana tatyana svetlana yulia julia valentina marie catherine florence christine sarah "
    "jessica emily mary susan lisa laura emma sophie hanna ekaterina yekaterina margarita ella "
    "marjorie karine vanessa samantha hillary condoleezza madeleine federica kristalina "
    "ludmila lyudmila oksana alina daria darya veronika nadia nadezhda galina larisa "
)
MALE_FIRST_NAMES: frozenset[str] = _words(
    "vladimir sergei sergey dmitry dmitri dmytro alexander aleksandr alexei alexey oleksii "
    "oleksiy viktor victor john joe joseph antony anthony ned jake lloyd mark william boris "
    "ben olaf emmanuel jean josep charles antonio andriy andrii mykhailo mikhail nikolai "
    "nikolay valery valeri yuri yury igor ivan pavel petr petro pyotr andrei andrey vitali "
    "vitaliy vitaly volodymyr denys denis maxim maksim roman kirill kyrylo michael david "
    "james robert richard thomas peter paul george jens mario recep viktor wang xi"
)
PARTY_MARKER = re.compile(r"^[RDI]-[A-Z][A-Za-z.]*$")
OFFICE_STRIP = re.compile(r"\b(?:of|to) the (?:Office of the )?President\b.*")
WORD_RE = re.compile(r"[\w'’.-]+")


@dataclass(frozen=True, slots=True)
class RoleSpec:
    """A role noun: the office words it needs, or a class of offices, or organisation kinds."""

    words: frozenset[str] = frozenset()
    cls: str | None = None
    org_kinds: frozenset[str] = frozenset()
    gender: str | None = None


def _spec(words: str = "", cls: str | None = None, gender: str | None = None) -> RoleSpec:
    return RoleSpec(frozenset(words.split()), cls, frozenset(), gender)


def _org_spec(kinds: str) -> RoleSpec:
    return RoleSpec(org_kinds=frozenset(kinds.split()))


#: Role nouns (lower-case token sequences) and what they can refer back to.
ROLE_NOUNS: dict[tuple[str, ...], RoleSpec] = {
    ("president",): _spec("president"),
    ("vice", "president"): _spec("vice president"),
    ("prime", "minister"): _spec("prime minister"),
    ("premier",): _spec("prime minister"),
    ("chancellor",): _spec("chancellor"),
    ("foreign", "minister"): _spec("foreign minister"),
    ("deputy", "foreign", "minister"): _spec("deputy foreign minister"),
    ("defense", "minister"): _spec("defence minister"),
    ("defence", "minister"): _spec("defence minister"),
    ("deputy", "defense", "minister"): _spec("deputy defence minister"),
    ("deputy", "defence", "minister"): _spec("deputy defence minister"),
    ("defense", "secretary"): _spec("defence secretary"),
    ("defence", "secretary"): _spec("defence secretary"),
    ("foreign", "secretary"): _spec("foreign secretary"),
    ("secretary", "of", "state"): _spec("secretary state"),
    ("secretary", "general"): _spec("secretary general"),
    ("secretary", "-", "general"): _spec("secretary general"),
    ("minister",): _spec("minister"),
    ("mayor",): _spec("mayor"),
    ("spokesman",): _spec(cls="spokes", gender="m"),
    ("spokeswoman",): _spec(cls="spokes", gender="f"),
    ("spokesperson",): _spec(cls="spokes"),
    ("press", "secretary"): _spec(cls="spokes"),
    ("diplomat",): _spec(cls="diplomat"),
    ("top", "diplomat"): _spec(cls="diplomat"),
    ("chief", "diplomat"): _spec(cls="diplomat"),
    ("envoy",): _spec(cls="diplomat"),
    ("ambassador",): _spec(cls="diplomat"),
    ("leader",): _spec(cls="head"),
    ("strongman",): _spec(cls="head"),
    ("head", "of", "state"): _spec(cls="head"),
    ("general",): _spec(cls="mil"),
    ("senator",): _spec(cls="leg"),
    ("lawmaker",): _spec(cls="leg"),
    ("alliance",): _org_spec("alliance"),
    ("bloc",): _org_spec("union alliance"),
    ("organization",): _org_spec("organisation alliance"),
    ("organisation",): _org_spec("organisation alliance"),
    ("council",): _org_spec("council"),
    ("union",): _org_spec("union"),
    ("court",): _org_spec("court"),
}
ROLE_MAX = max(len(k) for k in ROLE_NOUNS)
HEAD_OFFICE_MODIFIERS: frozenset[str] = frozenset({"deputy", "vice", "assistant", "under", "first"})


# ----------------------------------------------------------------------------- helpers


def translit_key(name: str) -> str:
    """A loose key for transliterated names: Zelenskiy, Zelensky, Zelenskyy -> one key."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[^a-z ]", "", s)
    for a, b in (("kh", "h"), ("yy", "i"), ("iy", "i"), ("ij", "i"), ("yi", "i"), ("y", "i")):
        s = s.replace(a, b)
    s = re.sub(r"(.)\1+", r"\1", s)
    return s.replace("ii", "i")


def slug(text: str) -> str:
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def person_slug(name: str) -> str:
    """``surname-given`` as in the base (the last word is taken as the surname)."""
    parts = name.split()
    if len(parts) == 1:
        return slug(parts[0])
    return slug(parts[-1] + " " + " ".join(parts[:-1]))


def office_words(office: str) -> set[str]:
    text = OFFICE_STRIP.sub("", office).lower().replace("defense", "defence")
    words = set(WORD_RE.findall(text.replace("-", " ")))
    if "spokesman" in words or "spokeswoman" in words or "spokesperson" in words:
        words.add("spokes")
    return words


def office_matches(spec: RoleSpec, office: str, sector: str | None) -> bool:
    """Does an office (or an inferred title) fit a role noun?"""
    words = office_words(office)
    if spec.cls is not None:
        return _class_matches(spec.cls, words, sector)
    if not spec.words <= words:
        return False
    return not ((words - spec.words) & HEAD_OFFICE_MODIFIERS)


def _class_matches(cls: str, words: set[str], sector: str | None) -> bool:
    if cls == "spokes":
        return "spokes" in words or {"press", "secretary"} <= words
    if cls == "diplomat":
        return bool(words & {"foreign", "ambassador", "envoy", "diplomat"}) or (
            {"secretary", "state"} <= words or ("representative" in words and sector == "GOV")
        )
    if cls == "head":
        if words & HEAD_OFFICE_MODIFIERS or "exchequer" in words:
            return False
        return bool(words & {"president", "chancellor", "king", "leader"}) or (
            {"prime", "minister"} <= words
        )
    if cls == "mil":
        return sector == "MIL"
    return sector == "LEG"


def guess_gender(name: str) -> str | None:
    parts = name.lower().split()
    if not parts:
        return None
    if parts[0] in FEMALE_FIRST_NAMES:
        return "f"
    if parts[0] in MALE_FIRST_NAMES:
        return "m"
    if len(parts) > 1 and re.search(r"(ova|eva|ina|aya|ska)$", parts[-1]):
        return "f"
    return None


# ----------------------------------------------------------------------------- internal records


@dataclass(slots=True)
class _Cand:
    """A mention being built: its span, actor and what coreference needs to know."""

    start: int
    end: int
    kind: str
    ref: ActorRef | None
    confidence: float = 1.0
    antecedent: int | None = None
    is_person: bool = False
    gender: str | None = None
    office: str | None = None
    org_kind: str | None = None
    evidence: str | None = None


@dataclass(slots=True)
class _Title:
    country: str | None = None
    org: str | None = None
    sector: str | None = None
    text: str = ""
    has_head: bool = False


@dataclass(slots=True)
class _State:
    """Per-article working state of one :meth:`ActorResolver.resolve` call."""

    parsed: ParsedArticle
    on: date | None
    hits: list[Hit]
    tok_hit: dict[int, Hit] = field(default_factory=dict)
    persons: list[_Cand] = field(default_factory=list)
    others: list[_Cand] = field(default_factory=list)
    shadows: list[_Cand] = field(default_factory=list)
    inferred: dict[str, Actor] = field(default_factory=dict)
    local_names: dict[str, tuple[ActorRef, str | None, str]] = field(default_factory=dict)

    @property
    def tokens(self) -> list[Token]:
        return self.parsed.tokens

    @property
    def text(self) -> str:
        return self.parsed.text


class ActorResolver:
    """Finds and resolves actor mentions in a parsed article (see the module docstring)."""

    def __init__(self, base: ActorBase | None = None) -> None:
        self.base = base if base is not None else ActorBase.load()
        self._pkeys: dict[tuple[int, str], list[tuple[str, str, PersonRecord]]] | None = None
        self._swords: dict[str, dict[str, tuple[Entry, ...]]] | None = None

    # ------------------------------------------------------------------ entry point

    def resolve(self, parsed: ParsedArticle) -> tuple[list[Mention], list[Actor]]:
        st = _State(parsed, parse_date(parsed.article.date), self.base.scan(parsed.text))
        for h in st.hits:
            for i in self._tok_range(st, h.start, h.end):
                st.tok_hit[i] = h
        self._misspelt_states(st)
        self._base_people(st)
        self._ner_people(st)
        self._local_surnames(st)
        self._titles_and_appositives(st)
        self._states_and_orgs(st)
        self._ethnic_groups(st)
        chosen = self._select([*st.persons, *st.others])
        roles = self._role_nouns(st, chosen)
        chosen = self._select([*roles, *chosen])
        chosen = self._select([*chosen, *self._pronouns(st, chosen)])
        return self._finish(st, chosen)

    # ------------------------------------------------------------------ misspelt state names

    def _state_words(self) -> dict[str, dict[str, tuple[Entry, ...]]]:
        """One-word state names, adjectives and demonyms of five letters or more, by initial."""
        if self._swords is None:
            index: dict[str, dict[str, tuple[Entry, ...]]] = {}
            for form, entries in self.base.forms().items():
                if len(form) >= 5 and form.isalpha() and entries[0].kind == "state":
                    index.setdefault(form[0].lower(), {})[form] = entries
            self._swords = index
        return self._swords

    def _misspelt_states(self, st: _State) -> None:
        """ "Afganistan", "Quatar", "Phillippines": one edit away from a state's name (two for
        names of nine letters or more); short words and people's names are left alone."""
        index = self._state_words()
        person_toks = {
            i for e in st.parsed.entities if e.label == "PERSON"
            for i in range(e.token_start, e.token_end)
        }  # fmt: skip
        added: list[Hit] = []
        for i, t in enumerate(st.tokens):
            word = re.sub(r"['’]s?$", "", t.text)
            if (len(word) < 5 or not word.isalpha() or not word[:1].isupper() or i in st.tok_hit
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
            st.tok_hit[i] = hit
            added.append(hit)
        if added:
            st.hits = sorted([*st.hits, *added], key=lambda h: h.start)

    # ------------------------------------------------------------------ spans and tokens

    @staticmethod
    def _tok_range(st: _State, start: int, end: int) -> range:
        a = st.parsed.token_at(start)
        b = st.parsed.token_at(max(start, end - 1))
        if a is None or b is None:
            return range(0)
        return range(a, b + 1)

    @staticmethod
    def _ent_at(st: _State, start: int, end: int, label: str = "PERSON") -> tuple[int, int] | None:
        for e in st.parsed.entities:
            if e.label == label and e.start <= start and end <= e.end:
                return e.start, e.end
        return None

    # ------------------------------------------------------------------ 1. listed people

    def _base_people(self, st: _State) -> None:
        full_seen: set[str] = set()
        for h in st.hits:
            people = [e for e in h.entries if e.kind == "person"]
            if not people:
                continue
            pid, conf = self._pick_person(st, h, people, full_seen)
            if pid is None:
                continue
            person = self.base.people[pid]
            actor = self.base.person_actor(person, st.on)
            st.persons.append(
                _Cand(h.start, h.end, "name", actor.ref(), conf, is_person=True,
                      gender=person.gender, office=actor.role)
            )  # fmt: skip

    def _pick_person(
        self, st: _State, h: Hit, people: list[Entry], full_seen: set[str]
    ) -> tuple[str | None, float]:
        fulls = [e.actor_id for e in people if e.form == "full"]
        if fulls:
            pid = self._prefer_active(st, fulls)[0]
            full_seen.add(pid)
            return pid, 1.0
        ids = [e.actor_id for e in people]
        if not self._surname_alone_ok(st, h, ids):
            return None, 0.0
        seen = [i for i in ids if i in full_seen]
        if seen:
            return seen[0], 0.95
        pool = self._prefer_active(st, ids)
        if len(pool) > 1:
            return None, 0.0
        person = self.base.people[pool[0]]
        if person.solo or self._ent_at(st, h.start, h.end) is not None:
            return pool[0], 0.9
        return None, 0.0

    def _prefer_active(self, st: _State, ids: list[str]) -> list[str]:
        active = [i for i in ids if role_on(self.base.people[i], st.on) is not None]
        return active or ids

    def _surname_alone_ok(self, st: _State, h: Hit, ids: list[str]) -> bool:
        """Reject a surname inside a longer person name that is someone else's."""
        ent = self._ent_at(st, h.start, h.end)
        if ent is None:
            return True
        if ent[1] > h.end + 2:  # name goes on after the surname: another person
            return False
        given = st.text[ent[0] : h.start].strip()
        if not given:
            return True
        firsts = {
            v.split()[0] for i in ids for p in [self.base.people[i]] for v in [p.name, *p.variants]
        }
        return any(fuzz.ratio(translit_key(given), translit_key(f)) >= 75 for f in firsts)

    # ------------------------------------------------------------------ 2. unlisted people

    def _ner_people(self, st: _State) -> None:
        spans = [(e.start, e.end) for e in st.parsed.entities if e.label == "PERSON"]
        spans += self._titled_runs(st, spans)
        for ent_start, ent_end in sorted(spans):
            if self._covered(st.persons, ent_start, ent_end):
                continue
            start, end = self._trim_name(st, ent_start, ent_end)
            last = st.parsed.token_at(end - 1) if end > start else None
            if last is None or last in st.tok_hit:
                continue  # empty, or a place or organisation the tagger took for a person
            name = st.text[start:end]
            cand = self._local_or_fuzzy(st, name, start, end)
            if cand is None:
                cand = self._infer_person(st, name, start, end)
            if cand is not None:
                st.persons.append(cand)

    def _titled_runs(self, st: _State, known: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Names the tagger missed: 2-4 capitalised proper nouns right after a title word."""
        out: list[tuple[int, int]] = []
        toks = st.tokens
        i = 0
        while i < len(toks):
            j = i
            while j < len(toks) and j - i < 4 and self._name_token(st, j):
                j += 1
            if j - i >= 2 and i > 0 and toks[i - 1].text.lower() in WORD_SECTOR:
                span = (toks[i].start, toks[j - 1].end)
                if not any(a < span[1] and span[0] < b for a, b in known):
                    out.append(span)
            i = max(j, i + 1)
        return out

    @staticmethod
    def _name_token(st: _State, i: int) -> bool:
        t = st.tokens[i]
        low = t.text.lower()
        return (
            t.pos == "PROPN"
            and t.text[:1].isupper()
            and i not in st.tok_hit
            and low not in WORD_SECTOR
            and low not in TITLE_FILLERS
        )

    @staticmethod
    def _covered(cands: Iterable[_Cand], start: int, end: int) -> bool:
        return any(c.start < end and start < c.end for c in cands)

    @staticmethod
    def _trim_name(st: _State, start: int, end: int) -> tuple[int, int]:
        text = st.text[start:end]
        m = re.search(r"(?:['’]s|['’])$", text)
        if m:
            end = start + m.start()
        return start, start + len(st.text[start:end].rstrip(" ,.;:"))

    def _local_or_fuzzy(self, st: _State, name: str, start: int, end: int) -> _Cand | None:
        key = translit_key(name)
        last = translit_key(name.split()[-1])
        for k in (key, last):
            if k in st.local_names:
                ref, gender, office = st.local_names[k]
                return _Cand(start, end, "inferred", ref, 0.8, is_person=True, gender=gender,
                             office=office)  # fmt: skip
        person = self._fuzzy_person(key)
        if person is None:
            return None
        actor = self.base.person_actor(person, st.on)
        return _Cand(start, end, "name", actor.ref(), 0.8, is_person=True, gender=person.gender,
                     office=actor.role)  # fmt: skip

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

    def _person_keys(self) -> dict[tuple[int, str], list[tuple[str, str, PersonRecord]]]:
        """Transliteration keys of every listed full name, by word count and surname initial."""
        if self._pkeys is None:
            index: dict[tuple[int, str], list[tuple[str, str, PersonRecord]]] = {}
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

    def _infer_person(self, st: _State, name: str, start: int, end: int) -> _Cand | None:
        tok = st.parsed.token_at(start)
        tok_end = st.parsed.token_at(end - 1)
        if tok is None or tok_end is None:
            return None
        title = self._title_before(st, tok)
        appo = self._appositive(st, tok_end + 1)
        info = title[1] if title and title[1].has_head else appo[2] if appo else None
        if info is None:
            return None
        country, sector = self._title_country_sector(st, info, start)
        ref = ActorRef(person_slug(name), name, country, sector)
        gender = guess_gender(name)
        evidence = info.text
        st.inferred.setdefault(
            ref.actor_id,
            Actor(ref.actor_id, name, country, sector, role=evidence or None, inferred=True,
                  evidence=evidence, article_id=st.parsed.article.article_id),
        )  # fmt: skip
        st.local_names[translit_key(name)] = (ref, gender, evidence)
        st.local_names.setdefault(translit_key(name.split()[-1]), (ref, gender, evidence))
        return _Cand(start, end, "inferred", ref, 0.7, is_person=True, gender=gender,
                     office=evidence, evidence=evidence)  # fmt: skip

    def _title_country_sector(
        self, st: _State, info: _Title, start: int
    ) -> tuple[str | None, str | None]:
        if info.org is not None:
            org = self.base.orgs[info.org]
            if org.sector == "IGO" or info.country is None:
                return org.country, org.sector if org.sector != "IGO" else "IGO"
        country = info.country or self._context_country(st, start)
        return country, info.sector

    def _context_country(self, st: _State, start: int) -> str | None:
        """The nearest state named in this or the previous sentence, else the article's most
        named state."""
        tok = st.parsed.token_at(start)
        sent = st.tokens[tok].sent if tok is not None else 0
        states = [h for h in st.hits if any(e.kind == "state" for e in h.entries)]
        near = [
            h
            for h in states
            if h.start < start
            and (t := st.parsed.token_at(h.start)) is not None
            and st.tokens[t].sent >= sent - 1
        ]
        if near:
            return self._state_id(near[-1])
        counts = Counter(self._state_id(h) for h in states)
        return counts.most_common(1)[0][0] if counts else None

    @staticmethod
    def _state_id(h: Hit) -> str:
        return next(e.actor_id for e in h.entries if e.kind == "state")

    def _local_surnames(self, st: _State) -> None:
        """Later surname-only mentions of people inferred earlier ("Grushko said")."""
        if not st.local_names:
            return
        for t in st.tokens:
            if not t.text[:1].isupper() or self._covered(st.persons, t.start, t.end):
                continue
            word = re.sub(r"(?:['’]s|['’])$", "", t.text)
            key = translit_key(word)
            hit = st.local_names.get(key)
            if hit is None and word.endswith("s"):
                hit = st.local_names.get(translit_key(word[:-1]))
                word = word[:-1]
            if hit is None or " " in key:
                continue
            ref, gender, office = hit
            st.persons.append(
                _Cand(t.start, t.start + len(word), "inferred", ref, 0.75, is_person=True,
                      gender=gender, office=office)
            )  # fmt: skip
        st.persons.sort(key=lambda c: c.start)

    # ------------------------------------------------------------------ titles

    def _titleish(self, st: _State, i: int) -> bool:
        t = st.tokens[i]
        low = t.text.lower()
        if i in st.tok_hit:
            return not any(e.kind == "person" for e in st.tok_hit[i].entries)
        if low in WORD_SECTOR or low in TITLE_FILLERS or low in CONNECTORS:
            return True
        return low.rstrip("s") in WORD_SECTOR and t.text[:1].isupper()

    def _title_before(self, st: _State, tok: int) -> tuple[int, _Title] | None:
        """The title words right before a name (or before ", " + name when the title starts
        with "the"): returns the first token of the title and what it says."""
        sent = st.tokens[tok].sent
        end = tok
        if tok > 0 and st.tokens[tok - 1].text == ",":
            end = tok - 1
        i = end - 1
        has_head = False
        while i >= 0 and st.tokens[i].sent == sent and self._titleish(st, i):
            low = st.tokens[i].text.lower()
            if has_head and low in {"for", "to", "of"}:
                break  # "a spokesman for President X": the title ends at "President"
            if low == "and" and self._state_at(st, i + 1):
                break  # "Syria and Palestinian leader X": the title starts after "and"
            has_head = has_head or WORD_SECTOR.get(low, "ELI") != "ELI"
            i -= 1
        first = i + 1
        while first < end and st.tokens[first].text.lower() in CONNECTORS - {"the"}:
            first += 1
        if first >= end:
            return None
        if end != tok and st.tokens[first].text.lower() != "the":
            return None
        while first < end and st.tokens[first].text.lower() == "the":
            first += 1
        info = self._read_title(st, first, end)
        if not info.has_head and info.country is None and info.org is None:
            return None
        return first, info

    def _appositive(self, st: _State, tok: int) -> tuple[int, int, _Title] | None:
        """An appositive (", the Kremlin spokesman,") after a name: token range and what it says."""
        toks = st.tokens
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
            return tok + 1, j, _Title("USA", None, "LEG", toks[tok + 1].text, True)
        info = self._read_title(st, tok + 1, j)
        if not info.has_head:
            return None
        return tok + 1, j, info

    def _read_title(self, st: _State, a: int, b: int) -> _Title:
        toks = st.tokens[a:b]
        info = _Title(text=st.text[toks[0].start : toks[-1].end] if toks else "")
        sectors: set[str] = set()
        prev = ""
        for k, t in enumerate(toks):
            low = t.text.lower()
            hit = st.tok_hit.get(a + k)
            if hit is not None:
                self._title_hit(info, hit, sectors)
            elif low in WORD_SECTOR or low.rstrip("s") in WORD_SECTOR:
                w = low if low in WORD_SECTOR else low.rstrip("s")
                if not (w == "general" and prev in CIVIL_GENERAL):
                    sectors.add(WORD_SECTOR[w])
                info.has_head = info.has_head or WORD_SECTOR[w] != "ELI"
            prev = low
        lowtext = info.text.lower()
        us_title = "secretary of state" in lowtext or re.search(r"\b(?:rep|sen)\.", lowtext)
        if info.country is None and info.org is None and us_title:
            info.country = "USA"
        info.sector = next((s for s in SECTOR_ORDER if s in sectors), None)
        if info.sector is None and info.has_head:
            info.sector = "GOV"
        return info

    def _title_hit(self, info: _Title, hit: Hit, sectors: set[str]) -> None:
        entry = hit.entries[0]
        if entry.kind == "state" and info.country is None and info.org is None:
            info.country = entry.actor_id
        elif entry.kind == "org" and info.country is None and info.org is None:
            info.org = entry.actor_id
        if entry.form == "metonym" and entry.sector and entry.sector != "GOV":
            sectors.add(entry.sector)

    def _titles_and_appositives(self, st: _State) -> None:
        """Take a listed person's title into the mention; make appositives role mentions."""
        extra: list[_Cand] = []
        for c in st.persons:
            tok = st.parsed.token_at(c.start)
            tok_end = st.parsed.token_at(c.end - 1)
            if tok is None or tok_end is None:
                continue
            title = self._title_before(st, tok)
            if title is not None and st.tokens[title[0]].start < c.start:
                first = title[0]
                if st.tokens[tok - 1].text != ",":
                    c.start = st.tokens[first].start
            appo = self._appositive(st, tok_end + 1)
            if appo is not None and c.ref is not None:
                a, b, info = appo
                s, e = st.tokens[a].start, st.tokens[b - 1].end
                if not self._covered(st.persons, s, e):
                    extra.append(
                        _Cand(s, e, "role", c.ref, 0.8, antecedent=c.start, is_person=True,
                              gender=c.gender, office=info.text)
                    )  # fmt: skip
        st.persons = sorted([*st.persons, *extra], key=lambda c: c.start)

    # ------------------------------------------------------------------ 3. states and orgs

    def _all_hits(self, st: _State, start: int, end: int) -> bool:
        return all(i in st.tok_hit for i in self._tok_range(st, start, end))

    @staticmethod
    def _state_at(st: _State, i: int) -> bool:
        h = st.tok_hit.get(i)
        return h is not None and h.entries[0].kind == "state"

    def _states_and_orgs(self, st: _State) -> None:
        for h in st.hits:
            entry = h.entries[0]
            if entry.kind == "person" or any(e.kind == "person" for e in h.entries):
                continue
            ent = self._ent_at(st, h.start, h.end)
            inside = ent is not None and (ent[0] < h.start or h.end < ent[1] - 2)
            if inside and ent is not None and not self._all_hits(st, *ent):
                continue  # inside a person's name; a "PERSON" made of places is none
            cand = self._place_cand(st, h, entry)
            ethnic = self._after_ethnic(st, h) if entry.kind == "state" else None
            if ethnic is not None:
                cand = self._ethnic_cand(st, ethnic, cand.end, entry.actor_id, cand) or cand
            if self._covered(st.persons, h.start, h.end):
                st.shadows.append(cand)
            else:
                st.others.append(cand)

    @staticmethod
    def _after_ethnic(st: _State, h: Hit) -> int | None:
        """Where "ethnic" starts right before a state word ("ethnic Albanians"), if it does."""
        tok = st.parsed.token_at(h.start)
        if tok is None or tok == 0 or st.tokens[tok - 1].text.lower() != "ethnic":
            return None
        return st.tokens[tok - 1].start

    def _ethnic_cand(
        self, st: _State, start: int, end: int, exclude: str | None, cand: _Cand | None
    ) -> _Cand | None:
        """An ethnic or religious group, coded by the state it lives in (named around it)."""
        country = self._host_country(st, start, exclude)
        if country is None:
            return cand
        sector = cand.ref.sector if cand is not None and cand.ref is not None else None
        state = self.base.states[country]
        ref = ActorRef(state.id, state.name, state.id, sector or "CVL")
        return _Cand(start, end, "adjective", ref, 0.6)

    def _host_country(self, st: _State, pos: int, exclude: str | None) -> str | None:
        """The state named nearest to ``pos`` in its sentence, else before it in the article."""
        tok = st.parsed.token_at(pos)
        if tok is None:
            return None
        sent = st.tokens[tok].sent
        best: tuple[int, str] | None = None
        for h in st.hits:
            sid = next((e.actor_id for e in h.entries if e.kind == "state"), None)
            t = st.parsed.token_at(h.start)
            if sid is None or sid == exclude or t is None or st.tokens[t].sent != sent:
                continue
            if best is None or abs(h.start - pos) < best[0]:
                best = (abs(h.start - pos), sid)
        if best is not None:
            return best[1]
        prior = [self._state_id(h) for h in st.hits if h.start < pos and any(
            e.kind == "state" and e.actor_id != exclude for e in h.entries)]  # fmt: skip
        return prior[-1] if prior else None

    def _ethnic_groups(self, st: _State) -> None:
        """ "Yoruba leaders", "Tamil civilian refugees", "Kurds": a group of the host state."""
        toks = st.tokens
        for i, t in enumerate(toks):
            low = t.text.lower()
            if low not in ETHNIC_WORDS or low == "ethnic" or not t.text[:1].isupper():
                continue
            if i in st.tok_hit or self._covered([*st.persons, *st.others], t.start, t.end):
                continue
            end, sector = t.end, "CVL" if low.endswith("s") else None
            for j in range(i + 1, min(i + 4, len(toks))):
                w = toks[j].text.lower()
                if w in GROUP_NOUNS:
                    end, sector = toks[j].end, GROUP_NOUNS[w]
                    break
                if w not in GROUP_MODIFIERS or j in st.tok_hit:
                    break
            if sector is None:
                continue
            cand = self._ethnic_cand(st, t.start, end, None, None)
            if cand is not None and cand.ref is not None:
                ref = cand.ref
                cand.ref = ActorRef(ref.actor_id, ref.name, ref.country, sector)
                st.others.append(cand)

    def _place_cand(self, st: _State, h: Hit, entry: Entry) -> _Cand:
        if entry.kind == "org":
            org = self.base.orgs[entry.actor_id]
            ref = ActorRef(org.id, org.name, org.country, org.sector)
            return _Cand(h.start, h.end, "name", ref, 1.0, org_kind=org.kind)
        state = self.base.states[entry.actor_id]
        kind = {"metonym": "metonym", "name": "name"}.get(entry.form, "adjective")
        start, end, sector = h.start, h.end, entry.sector
        if entry.form != "metonym":
            end, sector = self._group_extent(st, h, sector)
        ref = ActorRef(state.id, state.name, state.id, sector)
        conf = 0.9 if kind == "metonym" else 1.0
        return _Cand(start, end, kind, ref, conf)

    def _group_extent(self, st: _State, h: Hit, sector: str | None) -> tuple[int, str | None]:
        """Extend "Russian" over "Defense Ministry" / "troops" and take their sector."""
        last = st.parsed.token_at(h.end - 1)
        if last is None:
            return h.end, sector
        i = last + 1
        if i < len(st.tokens) and st.tokens[i].text in ("'s", "’s"):
            i += 1
        mod: str | None = None
        for j in range(i, min(i + 3, len(st.tokens))):
            t = st.tokens[j]
            low = t.text.lower()
            if t.sent != st.tokens[last].sent:
                break
            if j in st.tok_hit:
                nh = st.tok_hit[j]
                if j == i and nh.entries[0].form == "demonym" and mod is None:
                    return self._group_extent(st, nh, sector or "CVL")  # "Bosnian Serbs"
                break
            if low in GROUP_NOUNS:
                found = mod or GROUP_NOUNS[low]
                if low == "ministry" and mod is None:
                    found = "GOV"
                return t.end, found
            if low in GROUP_MODIFIERS:
                mod = GROUP_MODIFIERS[low] or mod
                continue
            break
        return h.end, sector

    # ------------------------------------------------------------------ 4. role nouns

    def _role_nouns(self, st: _State, chosen: list[_Cand]) -> list[_Cand]:
        out: list[_Cand] = []
        toks = st.tokens
        for i, t in enumerate(toks):
            country, j = self._role_opening(st, i, t)
            if j is None:
                continue
            for n in range(ROLE_MAX, 0, -1):
                key = tuple(x.text.lower() for x in toks[j : j + n])
                spec = ROLE_NOUNS.get(key)
                if spec is None or len(key) < n:
                    continue
                after = j + n
                nxt = _skip_inserts(toks, after)
                if nxt < len(toks) and self._name_or_compound(toks[nxt]):
                    break  # a title before a name, or part of a longer word ("state-run")
                start, end = t.start, toks[after - 1].end
                if self._covered(chosen, start, end) and country is None:
                    break
                if self._covered([c for c in chosen if c.is_person or c.org_kind], start, end):
                    break
                out.append(self._resolve_role(st, chosen, spec, country, start, end))
                break
        return out

    @staticmethod
    def _name_or_compound(t: Token) -> bool:
        return t.text == "-" or (t.pos == "PROPN" and t.text[:1].isupper())

    def _role_opening(self, st: _State, i: int, t: Token) -> tuple[str | None, int | None]:
        """Where a role noun may start: after "the", "the Russian", or "Russia's"."""
        low = t.text.lower()
        nxt = i + 1
        if low == "the":
            h = st.tok_hit.get(nxt)
            if h is not None and h.entries[0].kind == "state":
                last = self._tok_range(st, h.start, h.end)
                return h.entries[0].actor_id, last[-1] + 1 if last else None
            return None, nxt
        h = st.tok_hit.get(i)
        if h is not None and h.entries[0].kind == "state" and h.start == t.start:
            if re.search(r"['’]?s$", t.text) and t.end > h.end:
                return h.entries[0].actor_id, nxt
            if nxt < len(st.tokens) and st.tokens[nxt].text in ("'s", "’s"):
                return h.entries[0].actor_id, nxt + 1
        return None, None

    def _resolve_role(
        self,
        st: _State,
        chosen: list[_Cand],
        spec: RoleSpec,
        country: str | None,
        start: int,
        end: int,
    ) -> _Cand:
        pool = [*chosen, *st.shadows]
        before = sorted((c for c in pool if c.end <= start and c.ref is not None),
                        key=lambda c: c.start, reverse=True)  # fmt: skip
        if country is None and not spec.org_kinds:
            speaker = self._quote_speaker(st, chosen, start)
            if speaker is not None:  # "the president" in a quote: the speaker's president
                found = self._role_in_country(st, spec, before, speaker, start, end)
                if found is not None:
                    return found
        if spec.org_kinds:  # "the alliance": else the alliance named later in the article
            before += sorted((c for c in pool if c.start >= end and c.ref is not None),
                             key=lambda c: c.start)  # fmt: skip
        for c in before:
            if self._role_fits(spec, c, country):
                return _antecedent_cand(c, start, end)
        if country is not None and not spec.org_kinds:
            holder = self._office_holder(st, spec, country)
            if holder is not None:
                return holder_cand(holder, start, end)
            state = self.base.states.get(country)
            if state is not None:  # someone of that government, not a known person
                sector = "MIL" if spec.cls == "mil" else "LEG" if spec.cls == "leg" else "GOV"
                ref = ActorRef(state.id, state.name, state.id, sector)
                return _Cand(start, end, "role", ref, 0.5, is_person=True, office=None)
        return _Cand(start, end, "role", None, 0.5, is_person=not spec.org_kinds)

    def _role_in_country(
        self, st: _State, spec: RoleSpec, before: list[_Cand], country: str, start: int, end: int
    ) -> _Cand | None:
        for c in before:
            if self._role_fits(spec, c, country):
                return _antecedent_cand(c, start, end)
        holder = self._office_holder(st, spec, country)
        return holder_cand(holder, start, end) if holder is not None else None

    def _quote_speaker(self, st: _State, chosen: list[_Cand], pos: int) -> str | None:
        """The country of whoever speaks the quotation around ``pos``, if ``pos`` is quoted:
        the person named right after the closing mark ("..., Blinken said"), else the nearest
        person named before the opening mark (who "he said" would refer to)."""
        span = _quote_around(st.text, pos)
        if span is None:
            return None
        people = [c for c in chosen if c.is_person and c.ref is not None and c.ref.country]
        after = [c for c in people if span[1] <= c.start <= span[1] + 60]
        if after:
            gap = st.text[span[1] : after[0].start]
            if "\n" not in gap and not re.search(r"[.!?]\s", gap):
                return after[0].ref.country if after[0].ref else None
        prior = [c for c in people if c.end <= span[0] and span[0] - c.end <= 600]
        return prior[-1].ref.country if prior and prior[-1].ref else None

    @staticmethod
    def _role_fits(spec: RoleSpec, c: _Cand, country: str | None) -> bool:
        assert c.ref is not None
        if country is not None and c.ref.country != country:
            return False
        if spec.org_kinds:
            return c.org_kind in spec.org_kinds
        if not c.is_person or c.office is None:
            return False
        if spec.gender and c.gender and spec.gender != c.gender:
            return False
        return office_matches(spec, c.office, c.ref.sector)

    def _office_holder(self, st: _State, spec: RoleSpec, country: str) -> Actor | None:
        found: list[Actor] = []
        for p in self.base.people.values():
            role = role_on(p, st.on) if st.on is not None else None
            if role is None or role.country != country:
                continue
            if office_matches(spec, role.office, role.sector):
                found.append(self.base.person_actor(p, st.on))
        return found[0] if len(found) == 1 else None

    # ------------------------------------------------------------------ 5. pronouns

    def _pronouns(self, st: _State, chosen: list[_Cand]) -> list[_Cand]:
        out: list[_Cand] = []
        for t in st.tokens:
            low = t.text.lower()
            if t.pos != "PRON" or self._covered(chosen, t.start, t.end):
                continue
            if low in MALE_PRONOUNS or low in FEMALE_PRONOUNS:
                gender = "m" if low in MALE_PRONOUNS else "f"
                target = self._nearest(st, chosen, t, PRONOUN_WINDOW, gender=gender)
            elif low in PLURAL_PRONOUNS:
                target = self._nearest(st, chosen, t, 1, gender=None)
            else:
                continue
            if target is None:
                out.append(_Cand(t.start, t.end, "pronoun", None, 0.5))
            else:
                out.append(
                    _Cand(t.start, t.end, "pronoun", target.ref, 0.6,
                          antecedent=target.antecedent if target.kind == "pronoun"
                          else target.start, is_person=target.is_person,
                          gender=target.gender, office=target.office)
                )  # fmt: skip
        return out

    @staticmethod
    def _nearest(
        st: _State, chosen: list[_Cand], t: Token, window: int, gender: str | None
    ) -> _Cand | None:
        for c in sorted(chosen, key=lambda c: c.start, reverse=True):
            if c.end > t.start or c.ref is None or c.kind == "pronoun":
                continue
            tok = st.parsed.token_at(c.start)
            if tok is None or st.tokens[tok].sent < t.sent - window:
                return None
            if gender is None:
                if not c.is_person:
                    return c
                continue
            fits = c.is_person and (c.gender is None or c.gender == gender)
            if fits and not _is_modifier(st, c):
                return c
        return None

    # ------------------------------------------------------------------ assembly

    @staticmethod
    def _select(cands: list[_Cand]) -> list[_Cand]:
        """Non-overlapping candidates in text order, earlier-listed ones winning overlaps."""
        taken: list[_Cand] = []
        starts: list[int] = []
        for c in cands:
            if c.end <= c.start:
                continue
            k = bisect.bisect_left(starts, c.start)
            if k > 0 and taken[k - 1].end > c.start:
                continue
            if k < len(taken) and taken[k].start < c.end:
                continue
            taken.insert(k, c)
            starts.insert(k, c.start)
        return taken

    def _finish(self, st: _State, chosen: list[_Cand]) -> tuple[list[Mention], list[Actor]]:
        mentions: list[Mention] = []
        actors: dict[str, Actor] = {}
        for c in chosen:
            rng = self._tok_range(st, c.start, c.end)
            if not rng:
                continue
            mentions.append(
                Mention(st.text[c.start : c.end], c.start, c.end, c.ref, c.kind, rng[0],
                        rng[-1] + 1, round(c.confidence, 3), c.antecedent)
            )  # fmt: skip
            if c.ref is not None and c.ref.actor_id not in actors:
                actors[c.ref.actor_id] = self._actor_for(st, c.ref)
        return mentions, list(actors.values())

    def _actor_for(self, st: _State, ref: ActorRef) -> Actor:
        if ref.actor_id in st.inferred:
            return st.inferred[ref.actor_id]
        actor = self.base.get(ref.actor_id, st.on)
        if actor is None:
            return Actor(ref.actor_id, ref.name, ref.country, ref.sector)
        return actor


OPEN_QUOTES = "“«„"
CLOSE_QUOTES = "”»“"


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


def _antecedent_cand(c: _Cand, start: int, end: int) -> _Cand:
    return _Cand(start, end, "role", c.ref, 0.7, antecedent=c.start, is_person=c.is_person,
                 gender=c.gender, office=c.office, org_kind=c.org_kind)  # fmt: skip


def holder_cand(actor: Actor, start: int, end: int) -> _Cand:
    """A role noun resolved through the base ("Russia's foreign minister" -> Lavrov)."""
    return _Cand(start, end, "role", actor.ref(), 0.6, is_person=True, office=actor.role)


def _is_modifier(st: _State, c: _Cand) -> bool:
    """A name used as a modifier ("a Putin confidant") is no antecedent for a pronoun."""
    last = st.parsed.token_at(c.end - 1)
    if last is None:
        return False
    tok = st.tokens[last]
    return tok.dep == "compound" and not (c.start <= st.tokens[tok.head].start < c.end)
