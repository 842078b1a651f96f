"""PETRARCH2's dictionaries as validated data, and the lookups later coding uses.

``sitroom/data/petrarch/`` holds the verb patterns, actors, agents and discards of PETRARCH2
(MIT licence, see the ``LICENSE`` there), converted to JSON by ``scripts/convert_petrarch.py``;
its ``README.md`` says what each file holds and what was left out. Each file is validated by
the models below (``extra="forbid"``, frozen): a broken file raises
:class:`~sitroom.errors.SitroomError` ``E050`` naming the file. Files are read once
(:func:`functools.cache`); so are the indexes the lookups use.

Lookups take free text and normalise it with :func:`key` (lower case, underscores and runs of
white space as one space, full stops dropped: "U.S." and "us" are the same key). A lookup that
finds two different answers returns ``None`` rather than guess; the plural functions
(:func:`place_countries`, :func:`verbs_for`) return every answer. Short keys are ambiguous in
running text ("us", "un"): callers check case and context before trusting them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import date
from functools import cache
from importlib import resources
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sitroom.errors import E, SitroomError

FOLDER = "data/petrarch"

_CODE = r"^(---|[A-Z0-9]{3,})$"
_CAMEO = r"^\d{2,4}$"


def key(text: str) -> str:
    """The lookup form of a phrase: lower case, single spaces, no full stops."""
    text = text.replace("’", "'").replace("_", " ").replace(".", "")
    return " ".join(text.lower().split())


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _check_phrases(values: Iterable[str], where: str) -> None:
    for value in values:
        if value != value.lower() or value != " ".join(value.split()) or not value:
            raise ValueError(f"{where}: phrase {value!r} is not lower case with single spaces")


class Source(_Model):
    """Where a file came from."""

    file: str
    petrarch2_commit: str
    licence: str


class _File(_Model):
    schema_version: Literal[1]
    source: Source
    skipped: dict[str, int]


class Role(_Model):
    """A code that holds between two dates (inclusive; ``None`` = open).

    Codes and date order are checked by the file holding the roles, in one pass
    (:func:`_check_roles`): per-role validators made loading the Countries file twice as slow.
    """

    code: str
    start: date | None = Field(default=None, alias="from")
    end: date | None = Field(default=None, alias="to")

    def holds_on(self, day: date) -> bool:
        """Whether ``day`` falls within the role's dates."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def _check_roles(owners: Iterable[tuple[str, str | None, Iterable[Role]]]) -> None:
    """Every code well formed, every role's dates in order; owners are (name, code, roles)."""
    valid = re.compile(_CODE)
    for name, code, roles in owners:
        if code is not None and not valid.match(code):
            raise ValueError(f"{name!r}: bad code {code!r}")
        for r in roles:
            if not valid.match(r.code):
                raise ValueError(f"{name!r}: bad role code {r.code!r}")
            if r.start is not None and r.end is not None and r.start > r.end:
                raise ValueError(f"{name!r}: role {r.code} from {r.start} is after {r.end}")


def code_on(roles: Iterable[Role], default: str | None, day: date) -> str | None:
    """PETRARCH's rule: the first dated role holding on ``day``, else the undated code."""
    return next((r.code for r in roles if r.holds_on(day)), default)


# ---------------------------------------------------------------------------- agents


class Agent(_Model):
    """A common noun for a kind of actor ("troops") with its CAMEO agent code."""

    phrase: str
    code: str = Field(pattern=r"^(~[A-Z]{3,}|[A-Z]{3,}~)$")
    sector: str = Field(pattern=r"^[A-Z]{3}$")
    form: Literal["listed", "listed_plural", "plural", "plural_english"]
    gap: bool
    alt_codes: tuple[str, ...]

    @model_validator(mode="after")
    def _sector_matches(self) -> Agent:
        _check_phrases([self.phrase], "agent")
        if self.sector != self.code.strip("~")[:3]:
            raise ValueError(f"agent {self.phrase!r}: sector {self.sector} is not in {self.code}")
        return self


class AgentsFile(_File):
    agents: tuple[Agent, ...]

    @model_validator(mode="after")
    def _sorted_unique(self) -> AgentsFile:
        phrases = [a.phrase for a in self.agents]
        if phrases != sorted(set(phrases)):
            raise ValueError("agents: phrases are not sorted and unique")
        return self


# ---------------------------------------------------------------------------- countries


class Territory(_Model):
    """A dependent territory, coded country + ISO code (``DNKGRL``)."""

    code: str = Field(pattern=r"^[A-Z]{6}$")
    names: tuple[str, ...]


class Country(_Model):
    """A country record: its names, demonyms and the places listed under it."""

    code: str = Field(pattern=r"^[A-Z]{3}$")
    iso3: str | None = Field(pattern=r"^[A-Z]{3}$")
    name: str
    names: tuple[str, ...]
    adjectives: tuple[str, ...]
    places: tuple[str, ...]
    history: tuple[Role, ...]
    territories: tuple[Territory, ...]

    @model_validator(mode="after")
    def _phrases(self) -> Country:
        _check_phrases([*self.names, *self.adjectives, *self.places], f"country {self.code}")
        if self.name not in self.names:
            raise ValueError(f"country {self.code}: name {self.name!r} is not among its names")
        return self


class CountryActor(_Model):
    """A person or institution of a country, with dated roles (``UKRGOV`` from ... to ...)."""

    country: str = Field(pattern=r"^[A-Z]{3}$")
    kind: Literal["person", "group"]
    name: str
    names: tuple[str, ...]
    code: str | None
    roles: tuple[Role, ...]

    def code_on(self, day: date) -> str | None:
        """The CAMEO code PETRARCH would give this actor on ``day``."""
        return code_on(self.roles, self.code, day)


class CountriesFile(_File):
    countries: tuple[Country, ...]
    actors: tuple[CountryActor, ...]
    not_actors: tuple[str, ...]

    @model_validator(mode="after")
    def _known_countries(self) -> CountriesFile:
        codes = {c.code for c in self.countries}
        if len(codes) != len(self.countries):
            raise ValueError("countries: a code is given twice")
        for a in self.actors:
            if a.country not in codes:
                raise ValueError(f"actor {a.name!r}: unknown country {a.country}")
        _check_roles((a.name, a.code, a.roles) for a in self.actors)
        _check_roles((c.code, c.code, c.history) for c in self.countries)
        return self


# ---------------------------------------------------------------------------- other actors


class Org(_Model):
    """An international or non-state actor: names, codes, dated roles."""

    name: str
    names: tuple[str, ...]
    code: str | None
    main_code: str
    country: str | None = Field(pattern=r"^[A-Z]{3}$")
    sector: str | None = Field(pattern=r"^[A-Z0-9]{3}$")
    roles: tuple[Role, ...]

    @model_validator(mode="after")
    def _phrases(self) -> Org:
        _check_phrases(self.names, f"actor {self.name!r}")
        return self

    def code_on(self, day: date) -> str | None:
        """The CAMEO code PETRARCH would give this actor on ``day``."""
        return code_on(self.roles, self.code, day)


class OrgsFile(_File):
    actors: tuple[Org, ...]

    @model_validator(mode="after")
    def _codes(self) -> OrgsFile:
        _check_roles((o.name, o.code, o.roles) for o in self.actors)
        _check_roles((o.name, o.main_code, ()) for o in self.actors)
        return self


# ---------------------------------------------------------------------------- verbs


class Synset(_Model):
    """A synonym set (``&MILITARY``) and the plurals PETRARCH generates for it."""

    name: str = Field(pattern=r"^&[a-z0-9_]+$")
    words: tuple[str, ...]
    plurals: tuple[str, ...]


class Block(_Model):
    """A verb synonym block and its default CAMEO code (``None``: no event)."""

    name: str
    code: str | None = Field(pattern=_CAMEO)
    reverse_code: str | None = Field(pattern=_CAMEO)


class Verb(_Model):
    """A verb of a block, with its listed irregular forms and synset memberships."""

    lemma: str
    head: str
    forms: tuple[str, ...]
    regular: bool
    code: str | None = Field(pattern=_CAMEO)
    reverse_code: str | None = Field(pattern=_CAMEO)
    block: str
    synsets: tuple[str, ...]


class Pattern(_Model):
    """A verb pattern: its CAMEO code, words around the verb, source and target places."""

    block: str
    code: str | None = Field(pattern=_CAMEO)
    reverse_code: str | None = Field(pattern=_CAMEO)
    before: tuple[str, ...]
    after: tuple[str, ...]
    source: Literal["before", "after"] | None
    target: Literal["before", "after"] | None
    text: str
    verb: str | None


class Transformation(_Model):
    """A ``~`` line: a verb acting on a verb, rewritten (kept verbatim)."""

    pattern: str
    result: str


class PloverType(_Model):
    """A CAMEO code's PLOVER event type, mode and context (CAMEO2PLOVER-2021)."""

    type: str = Field(pattern=r"^[A-Z]+$")
    mode: str | None
    context: str | None
    description: str | None


class VerbsFile(_File):
    synsets: tuple[Synset, ...]
    blocks: tuple[Block, ...]
    verbs: tuple[Verb, ...]
    patterns: tuple[Pattern, ...]
    transformations: tuple[Transformation, ...]
    cameo_to_plover: dict[str, PloverType]

    @model_validator(mode="after")
    def _references(self) -> VerbsFile:
        blocks = {b.name for b in self.blocks}
        sets = {s.name for s in self.synsets}
        for v in self.verbs:
            if v.block not in blocks or not set(v.synsets) <= sets:
                raise ValueError(f"verb {v.lemma!r}: unknown block or synset")
        for p in self.patterns:
            used = {w.rstrip("_") for w in (*p.before, *p.after) if w.startswith("&")}
            if p.block not in blocks or not used <= sets:
                raise ValueError(f"pattern {p.text!r}: unknown block or synset")
        if any(not re.fullmatch(_CAMEO, c) for c in self.cameo_to_plover):
            raise ValueError("cameo_to_plover: a key is not a CAMEO code")
        return self


# ---------------------------------------------------------------------------- discards


class Discard(_Model):
    """A phrase that marks a sentence or story as not to be coded (sports, history...)."""

    phrase: str
    scope: Literal["story", "sentence"]
    whole_word: bool


class DiscardsFile(_File):
    discards: tuple[Discard, ...]


# ---------------------------------------------------------------------------- loading

F = TypeVar("F", bound=_File)


def parse(text: str, path: str, model: type[F]) -> F:
    """Validate the JSON ``text`` of a file as ``model`` (``path`` names it in errors)."""
    try:
        return model.model_validate(json.loads(text))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise SitroomError(E.E050, path=path, detail=f"{where}: {first['msg']}") from exc
    except ValueError as exc:
        raise SitroomError(E.E050, path=path, detail=str(exc).splitlines()[0]) from exc


def _read(name: str, model: type[F]) -> F:
    path = f"{FOLDER}/{name}"
    try:
        text = resources.files("sitroom").joinpath(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SitroomError(E.E050, path=path, detail=str(exc)) from exc
    return parse(text, path, model)


@cache
def agents() -> AgentsFile:
    """``agents.json``."""
    return _read("agents.json", AgentsFile)


@cache
def countries() -> CountriesFile:
    """``countries.json``."""
    return _read("countries.json", CountriesFile)


@cache
def international() -> OrgsFile:
    """``international.json``."""
    return _read("international.json", OrgsFile)


@cache
def nonstate() -> OrgsFile:
    """``nonstate.json``."""
    return _read("nonstate.json", OrgsFile)


@cache
def verbs() -> VerbsFile:
    """``verbs.json``."""
    return _read("verbs.json", VerbsFile)


@cache
def discards() -> DiscardsFile:
    """``discards.json``."""
    return _read("discards.json", DiscardsFile)


def load_all() -> None:
    """Read and validate every file (raises ``E050`` on the first broken one)."""
    for reader in (agents, countries, international, nonstate, verbs, discards):
        reader()


# ---------------------------------------------------------------------------- indexes

T = TypeVar("T")


def _index(pairs: Iterable[tuple[str, T]]) -> dict[str, tuple[T, ...]]:
    """Phrase key -> every item filed under it, in file order (each item once)."""
    out: dict[str, list[T]] = {}
    seen: set[tuple[str, int]] = set()
    for phrase, item in pairs:
        k = key(phrase)
        if (k, id(item)) not in seen:
            seen.add((k, id(item)))
            out.setdefault(k, []).append(item)
    return {k: tuple(v) for k, v in out.items()}


def _only(items: tuple[T, ...]) -> T | None:
    return items[0] if len(items) == 1 else None


@cache
def _agents_by_key() -> dict[str, tuple[Agent, ...]]:
    return _index((a.phrase, a) for a in agents().agents)


@cache
def _countries_by_code() -> dict[str, Country]:
    return {c.code: c for c in countries().countries}


@cache
def _country_index(which: Literal["names", "adjectives"]) -> dict[str, tuple[str, ...]]:
    return _index((p, c.code) for c in countries().countries for p in getattr(c, which))


@cache
def _places() -> dict[str, tuple[str, ...]]:
    def pairs() -> Iterator[tuple[str, str]]:
        for c in countries().countries:
            yield from ((p, c.code) for p in c.places)
            yield from ((n, c.code) for t in c.territories for n in t.names)

    return _index(pairs())


@cache
def _country_actors() -> dict[str, tuple[CountryActor, ...]]:
    return _index((n, a) for a in countries().actors for n in a.names)


@cache
def _orgs() -> dict[str, tuple[Org, ...]]:
    everyone = (*international().actors, *nonstate().actors)
    return _index((n, o) for o in everyone for n in o.names)


@cache
def _verbs_by_word() -> dict[str, tuple[Verb, ...]]:
    return _index((w, v) for v in verbs().verbs for w in (v.lemma, *v.forms))


@cache
def _patterns_by_block() -> dict[str, tuple[Pattern, ...]]:
    return _index((p.block, p) for p in verbs().patterns)


@cache
def _discards_by_initial() -> dict[str, tuple[Discard, ...]]:
    """Discards by first character (a regex of 500 alternatives is slow to compile)."""
    out: dict[str, list[Discard]] = {}
    for d in discards().discards:
        out.setdefault(d.phrase[0], []).append(d)
    return {c: tuple(v) for c, v in out.items()}


# ---------------------------------------------------------------------------- lookups


def agent(phrase: str) -> Agent | None:
    """The agent entry for ``phrase`` ("Russian troops" -> no; "troops" -> ``~MIL``)."""
    return _only(_agents_by_key().get(key(phrase), ()))


def agent_sector(phrase: str) -> str | None:
    """The primary sector of an agent noun: "troops" -> MIL, "police" -> COP."""
    found = agent(phrase)
    return found.sector if found is not None else None


def country(code: str) -> Country | None:
    """The country with PETRARCH code ``code`` (``UKR``)."""
    return _countries_by_code().get(code.upper())


def country_by_name(name: str) -> Country | None:
    """The country one of whose names is ``name`` ("Ukraine", "U.S."); None if none or two."""
    return _country(_only(_country_index("names").get(key(name), ())))


def country_by_adjective(word: str) -> Country | None:
    """The country whose demonym or adjective ``word`` is ("Ukrainian", "French")."""
    return _country(_only(_country_index("adjectives").get(key(word), ())))


def _country(code: str | None) -> Country | None:
    return country(code) if code is not None else None


def place_countries(name: str) -> tuple[str, ...]:
    """Codes of every country that lists ``name`` as a place (city, region, territory)."""
    return _places().get(key(name), ())


def place_country(name: str) -> str | None:
    """The country a place is in ("Kharkiv" -> UKR); None if unknown or listed twice."""
    return _only(place_countries(name))


def country_actors(name: str) -> tuple[CountryActor, ...]:
    """People and institutions of the Countries file named ``name`` ("Vladimir Putin")."""
    return _country_actors().get(key(name), ())


def orgs_by_name(name: str) -> tuple[Org, ...]:
    """International and non-state actors named ``name``, international ones first."""
    return _orgs().get(key(name), ())


def org_by_name(name: str) -> Org | None:
    """The international or non-state actor named ``name`` ("NATO", "the United Nations").

    Falls back to the name without a leading "the". Records with the same code count as one
    ("un" and "u.n."); otherwise the record whose main name it is, else None.
    """
    k = key(name)
    found = orgs_by_name(k) or (orgs_by_name(k[4:]) if k.startswith("the ") else ())
    if len({o.main_code for o in found}) == 1:
        return found[0]
    exact = tuple(o for o in found if key(o.name) in (k, k.removeprefix("the ")))
    return _only(exact)


def verbs_for(word: str) -> tuple[Verb, ...]:
    """Every verb entry whose lemma or listed form is ``word`` (one per block)."""
    return _verbs_by_word().get(key(word), ())


def verb_patterns(lemma: str) -> tuple[Pattern, ...]:
    """The patterns of every block ``lemma`` (or a listed form of it) belongs to."""
    blocks = dict.fromkeys(v.block for v in verbs_for(lemma))
    by_block = _patterns_by_block()
    return tuple(p for b in blocks for p in by_block.get(key(b), ()))


def synset(name: str) -> Synset | None:
    """A synonym set by name, with or without the ``&`` ("military", "&WEAPON")."""
    wanted = "&" + key(name).lstrip("&")
    return next((s for s in verbs().synsets if s.name == wanted), None)


def plover_for(code: str | None) -> PloverType | None:
    """The PLOVER type of a CAMEO code: the code's own, else its 3-, else its 2-digit root."""
    if not code:
        return None
    table = verbs().cameo_to_plover
    return next((table[code[:n]] for n in (4, 3, 2) if code[:n] in table), None)


def discard_match(text: str) -> Discard | None:
    """The longest discard phrase found in ``text``, if any.

    As in PETRARCH, a phrase matches where a word of the text starts (case ignored); a
    ``whole_word`` phrase must also end at a word boundary, any other is a stem.
    """
    t = " ".join(text.lower().split())
    by_initial = _discards_by_initial()
    best: Discard | None = None
    for i, ch in enumerate(t):
        if i > 0 and (t[i - 1].isalnum() or t[i - 1] == "_"):
            continue
        for d in by_initial.get(ch, ()):
            end = i + len(d.phrase)
            if not t.startswith(d.phrase, i) or (best and len(d.phrase) <= len(best.phrase)):
                continue
            if d.whole_word and end < len(t) and (t[end].isalnum() or t[end] == "_"):
                continue
            best = d
    return best


def is_discard(text: str) -> bool:
    """Whether PETRARCH would leave ``text`` uncoded (sports, entertainment, history...)."""
    return discard_match(text) is not None
