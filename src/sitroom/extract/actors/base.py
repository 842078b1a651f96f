"""The actor knowledge base: states, organisations and people with dated roles, as data.

The base ships as JSON files in ``sitroom/data`` (``states.json``, ``orgs.json``,
``people.json``), each validated by the pydantic models below (``extra="forbid"``: a mistyped
key fails loudly). A user adds or corrects an actor by writing a record in a JSON file of the
same shape and passing it to :meth:`ActorBase.load`; a record with an existing id replaces the
packaged one.

Identifier scheme
-----------------
* States: ISO 3166 alpha-3 codes (``RUS``, ``UKR``, ``USA``); Kosovo, which has none, is ``KOS``
  as in the PLOVER manual.
* Organisations: short upper-case codes (``NATO``, ``OSCE``, ``EU``, ``UN``, ``NRC`` for the
  NATO-Russia Council, ``NORMANDY`` for the Normandy format).
* People: ``surname-givenname`` in lower-case ASCII with hyphens (``putin-vladimir``,
  ``von-der-leyen-ursula``, ``wang-yi``). People inferred from text get the same kind of slug.

Countries and sectors
---------------------
``country`` is an ISO3 code or ``null``; sectors are the PLOVER manual's codes (:data:`SECTORS`)
plus ``IGO`` and ``NGO`` for organisations. International organisations, and people whose role
on the date is a post in one (Stoltenberg as NATO Secretary General), have ``country`` null and
sector ``IGO``; the organisation is named in the role. A person with no role on the date but
with earlier ones is a former official: country of the last role, sector ``ELI``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from sitroom.errors import E, SitroomError
from sitroom.records import Actor

#: PLOVER sector codes (manual, chapter "Country Names and Sector Codes"), plus IGO and NGO.
SECTORS: frozenset[str] = frozenset(
    {
        "COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK",
        "AGR", "BUS", "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP",
        "PRE", "REL", "SOC", "IGO", "NGO",
    }
)  # fmt: skip

PACKAGED_FILES: tuple[str, ...] = ("states.json", "orgs.json", "people.json", "people_history.json")

FormKind = Literal["name", "metonym", "adjective", "demonym", "full", "surname", "place"]


def _check_sector(value: str | None) -> str | None:
    if value is not None and value not in SECTORS:
        raise ValueError(f"unknown sector {value!r}; expected one of {sorted(SECTORS)}")
    return value


class RoleRecord(BaseModel):
    """An office held from ``from`` (inclusive) to ``to`` (exclusive; null = still held)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    office: str
    country: str | None = None
    org: str | None = None
    sector: str
    start: date | None = Field(None, alias="from")
    end: date | None = Field(None, alias="to")

    _sector = field_validator("sector")(_check_sector)

    def active(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on < self.end)


class PersonRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    variants: list[str] = Field(default_factory=list)
    surnames: list[str] | None = None  # None: the last word of ``name``; []: never alone
    solo: bool = True  # may the surname alone name this person without a prior full mention?
    gender: Literal["m", "f"] | None = None
    roles: list[RoleRecord] = Field(default_factory=list)

    def surname_forms(self) -> list[str]:
        if self.surnames is not None:
            return self.surnames
        return [self.name.split()[-1]]


class SeatRecord(BaseModel):
    """A seat-of-government metonym ("Kremlin", "Pentagon"), or the name of a state body
    ("Armed Forces of Ukraine", "Rosgvardia"), and the sector it stands for."""

    model_config = ConfigDict(extra="forbid")

    form: str
    sector: str

    _sector = field_validator("sector")(_check_sector)


class StateRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[A-Z]{3}$")
    name: str
    names: list[str] = Field(default_factory=list)
    adjectives: list[str] = Field(default_factory=list)
    demonyms: list[str] = Field(default_factory=list)
    capitals: list[str] = Field(default_factory=list)
    seats: list[SeatRecord] = Field(default_factory=list)


class OrgRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    names: list[str] = Field(default_factory=list)
    kind: str = "organisation"  # alliance, union, council, forum, court, media, agency, ...
    country: str | None = None
    sector: str = "IGO"

    _sector = field_validator("sector")(_check_sector)


class BaseFile(BaseModel):
    """One JSON file of the base; any of the three lists may be absent."""

    model_config = ConfigDict(extra="forbid")

    schema_version: int = 1
    states: list[StateRecord] = Field(default_factory=list)
    orgs: list[OrgRecord] = Field(default_factory=list)
    people: list[PersonRecord] = Field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Entry:
    """What a surface form names: an actor of the base and how the form names it (a
    ``place`` entry is a city or region, its ``actor_id`` the state it lies in)."""

    kind: Literal["state", "org", "person", "place"]
    actor_id: str
    form: FormKind
    sector: str | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    """A surface form found in a text (``end`` excludes a missing-apostrophe possessive s)."""

    start: int
    end: int
    entries: tuple[Entry, ...]


def parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _read_file(path: Path, text: str) -> BaseFile:
    try:
        return BaseFile.model_validate(json.loads(text))
    except json.JSONDecodeError as exc:
        raise SitroomError(E.E050, path=path, detail=f"line {exc.lineno}: {exc.msg}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise SitroomError(E.E050, path=path, detail=f"{where}: {first['msg']}") from exc


def _user_files(paths: Sequence[Path]) -> Iterable[Path]:
    for p in paths:
        path = Path(p)
        if path.is_dir():
            yield from sorted(path.glob("*.json"))
        elif path.exists():
            yield path
        else:
            raise SitroomError(E.E001, path=path)


class ActorBase:
    """States, organisations and people, with a lexicon of their surface forms."""

    def __init__(
        self,
        states: Iterable[StateRecord] = (),
        orgs: Iterable[OrgRecord] = (),
        people: Iterable[PersonRecord] = (),
    ) -> None:
        self.states: dict[str, StateRecord] = {s.id: s for s in states}
        self.orgs: dict[str, OrgRecord] = {o.id: o for o in orgs}
        self.people: dict[str, PersonRecord] = {p.id: p for p in people}
        self._forms: dict[str, tuple[Entry, ...]] | None = None
        self._pattern: re.Pattern[str] | None = None

    @classmethod
    def load(cls, paths: Sequence[Path] = ()) -> ActorBase:
        """The packaged base, then each user file (or directory of ``*.json``) layered on top."""
        files: list[BaseFile] = []
        pkg = resources.files("sitroom") / "data"
        for name in PACKAGED_FILES:
            res = pkg / name
            files.append(_read_file(Path(str(res)), res.read_text(encoding="utf-8")))
        for path in _user_files(paths):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise SitroomError(E.E050, path=path, detail=str(exc)) from exc
            files.append(_read_file(path, text))
        base = cls()
        for f in files:
            base.states.update({s.id: s for s in f.states})
            base.orgs.update({o.id: o for o in f.orgs})
            base.people.update({p.id: p for p in f.people})
        return base

    # ------------------------------------------------------------------ actors on a date

    def get(self, actor_id: str, on: date | str | None = None) -> Actor | None:
        """The actor with this id; for a person, with the role held on ``on`` (default: latest)."""
        when = parse_date(on) if isinstance(on, str) else on
        if actor_id in self.states:
            s = self.states[actor_id]
            return Actor(actor_id=s.id, name=s.name, country=s.id, sector=None)
        if actor_id in self.orgs:
            o = self.orgs[actor_id]
            return Actor(o.id, o.name, o.country, o.sector, role=o.kind)
        if actor_id in self.people:
            return self.person_actor(self.people[actor_id], when)
        return None

    def person_actor(self, person: PersonRecord, on: date | None) -> Actor:
        role = role_on(person, on)
        if role is not None:
            return Actor(person.id, person.name, role.country, role.sector, role=_office(role))
        past = [r for r in person.roles if on is not None and r.end is not None and r.end <= on]
        if past:
            last = max(past, key=lambda r: r.end or date.min)
            return Actor(
                person.id, person.name, last.country, "ELI", role="former " + _office(last)
            )
        first = person.roles[0] if person.roles else None
        return Actor(person.id, person.name, first.country if first else None, None)

    # ------------------------------------------------------------------ lexicon

    def forms(self) -> dict[str, tuple[Entry, ...]]:
        """Every surface form of the base and what it names (built once per base)."""
        if self._forms is None:
            table: dict[str, list[Entry]] = {}
            for entry, form in self._iter_forms():
                bucket = table.setdefault(form, [])
                if entry not in bucket:
                    bucket.append(entry)
            self._forms = {k: tuple(v) for k, v in table.items()}
        return self._forms

    def _iter_forms(self) -> Iterable[tuple[Entry, str]]:
        for s in self.states.values():
            for f in [s.name, *s.names]:
                yield Entry("state", s.id, "name"), f
            for f in s.adjectives:
                yield Entry("state", s.id, "adjective"), f
            for f in s.demonyms:
                yield Entry("state", s.id, "demonym"), f
            for f in s.capitals:
                yield Entry("state", s.id, "metonym", "GOV"), f
            for seat in s.seats:
                yield Entry("state", s.id, "metonym", seat.sector), seat.form
        for o in self.orgs.values():
            if o.kind == "bloc":
                continue  # "the West": read in context by the agents pass, not scanned for
            for f in [o.name, *o.names]:
                yield Entry("org", o.id, "name", o.sector), f
        for p in self.people.values():
            for f in [p.name, *p.variants]:
                yield Entry("person", p.id, "full"), f
            for f in p.surname_forms():
                yield Entry("person", p.id, "surname"), f

    def scan(self, text: str) -> list[Hit]:
        """Leftmost-longest matches of the base's forms, allowing a possessive s after them."""
        forms = self.forms()
        if self._pattern is None:
            alts = sorted(forms, key=len, reverse=True)
            body = "|".join(re.escape(f) for f in alts)
            self._pattern = re.compile(rf"(?<!\w)({body})(?:['’]s|s)?(?!\w)")
        start = len(text) - len(text.lstrip())  # no form starts in white space (a blanked
        # window of a long text: :func:`sitroom.nlp.windows`)
        found = self._pattern.finditer(text, start)
        return [Hit(m.start(1), m.end(1), forms[m.group(1)]) for m in found]


def role_on(person: PersonRecord, on: date | None) -> RoleRecord | None:
    """The role held on ``on`` (the latest-started if several); without a date, the latest."""
    if not person.roles:
        return None
    if on is None:
        open_roles = [r for r in person.roles if r.end is None]
        pool = open_roles or person.roles
        return max(pool, key=lambda r: r.start or date.min)
    active = [r for r in person.roles if r.active(on)]
    if not active:
        return None
    return max(active, key=lambda r: r.start or date.min)


def _office(role: RoleRecord) -> str:
    return role.office


def record_to_dict(record: BaseModel) -> dict[str, Any]:
    """A record as it would be written in a base file (aliases used, defaults left out)."""
    return record.model_dump(by_alias=True, exclude_defaults=True, mode="json")
