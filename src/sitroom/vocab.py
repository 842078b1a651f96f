"""Linguistic knowledge as data: one validated JSON file per vocabulary in ``data/vocab/``.

Word lists that are knowledge of the language or of the field (speech verbs, denial words,
sector nouns, role nouns...) are not code constants: each lives in a file of its own that says
what it holds (``description``) and which modules read it (``used_by``), and declares its
``kind``, the pydantic model (``extra="forbid"``) that validates it:

* ``word_set``: an unordered set of words or phrases (``words``);
* ``word_list``: the same where order matters (``words``, kept as written);
* ``word_table``: each word or phrase with one label (``entries``);
* ``word_groups``: labels, each with its words, in order (``groups``);
* ``word_tables``: labels, each with its own table of words and labels (``tables``);
* ``role_nouns``: role nouns ("the president", "the alliance") and the office classes they
  name, for the actors' role pass (``roles``, ``office_classes``).

A file is read once per process and validated on first use; a broken file is an error with
its own code (E051), never a silent empty list. Where two modules hold different lists for one
concept, each list is kept under a name of its user until a change of behaviour merges them
(ARCHITECTURE.md lists them).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from sitroom.errors import E, SitroomError

VOCAB_DIR = "data/vocab"


class _Vocabulary(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Literal[1] = 1
    description: str
    used_by: list[str]


def _clean(words: list[str]) -> list[str]:
    seen: set[str] = set()
    for word in words:
        if not word or word != word.strip():
            raise ValueError(f"empty word or stray spaces: {word!r}")
        if word in seen:
            raise ValueError(f"listed twice: {word!r}")
        seen.add(word)
    return words


class WordSet(_Vocabulary):
    """Words or phrases whose order carries no meaning."""

    kind: Literal["word_set"]
    words: list[str]

    _check = field_validator("words")(_clean)


class WordList(_Vocabulary):
    """Words or phrases read in the order written (first match wins, longest first...)."""

    kind: Literal["word_list"]
    words: list[str]

    _check = field_validator("words")(_clean)


class WordTable(_Vocabulary):
    """Each word or phrase with one label (a sector code, a replacement, a type)."""

    kind: Literal["word_table"]
    entries: dict[str, str]

    @field_validator("entries")
    @classmethod
    def _keys(cls, entries: dict[str, str]) -> dict[str, str]:
        _clean(list(entries))
        return entries


class WordGroups(_Vocabulary):
    """Labels, each with its words; labels and words keep the order written."""

    kind: Literal["word_groups"]
    groups: dict[str, list[str]]

    @field_validator("groups")
    @classmethod
    def _words(cls, groups: dict[str, list[str]]) -> dict[str, list[str]]:
        for words in groups.values():
            _clean(words)
        return groups


class WordTables(_Vocabulary):
    """Labels, each with its own table of words and labels, in order (for a request, a
    rejection or a threat: the type of the act it is about and the mode that act gives)."""

    kind: Literal["word_tables"]
    tables: dict[str, dict[str, str]]

    @field_validator("tables")
    @classmethod
    def _keys(cls, tables: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        for table in tables.values():
            _clean(list(table))
        return tables


class OfficeClass(BaseModel):
    """The offices a class of role nouns covers ("the diplomat": a foreign minister, an envoy).

    An office is in the class when it has none of ``not_words`` (nor, with ``not_deputy``, a
    word of ``actors_head_office_modifiers``) and it has one of ``any_words``, or every word of
    one of ``all_words``, or its holder's sector is ``sector``, or it has one of the words that
    ``sector_words`` lists for its holder's sector.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    any_words: list[str] = []
    all_words: list[list[str]] = []
    sector: str | None = None
    sector_words: dict[str, list[str]] = {}
    not_words: list[str] = []
    not_deputy: bool = False


class RoleNoun(BaseModel):
    """A role noun as lower-case tokens, and the one kind of actor it can refer back to."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    phrase: list[str]
    office_words: list[str] = []
    office_class: str | None = None
    org_kinds: list[str] = []
    gender: Literal["m", "f"] | None = None


class RoleNouns(_Vocabulary):
    """Role nouns ("the president", "the alliance") and the office classes they name.

    Each role names exactly one target (``office_words``, ``office_class`` or ``org_kinds``);
    an ``office_class`` must be one of ``office_classes``; a phrase is listed once.
    """

    kind: Literal["role_nouns"]
    roles: list[RoleNoun]
    office_classes: dict[str, OfficeClass]

    @field_validator("roles")
    @classmethod
    def _one_target_each(cls, roles: list[RoleNoun]) -> list[RoleNoun]:
        _clean([" ".join(r.phrase) for r in roles])
        for r in roles:
            if sum([bool(r.office_words), r.office_class is not None, bool(r.org_kinds)]) != 1:
                raise ValueError(f"{r.phrase}: give one of office_words, office_class, org_kinds")
        return roles

    def model_post_init(self, context: object, /) -> None:
        for r in self.roles:
            if r.office_class is not None and r.office_class not in self.office_classes:
                raise ValueError(f"{r.phrase}: unknown office_class {r.office_class!r}")


#: Every kind of vocabulary file and the model that validates it.
KINDS: dict[str, type[_Vocabulary]] = {
    "word_set": WordSet,
    "word_list": WordList,
    "word_table": WordTable,
    "word_groups": WordGroups,
    "word_tables": WordTables,
    "role_nouns": RoleNouns,
}

V = TypeVar("V", bound=_Vocabulary)


def names() -> list[str]:
    """The vocabularies shipped with the package, by file stem."""
    folder = resources.files("sitroom").joinpath(VOCAB_DIR)
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json"))


@cache
def read(name: str) -> _Vocabulary:
    """The vocabulary ``data/vocab/<name>.json``, validated by the model its ``kind`` names."""
    path = f"{VOCAB_DIR}/{name}.json"
    try:
        text = resources.files("sitroom").joinpath(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise SitroomError(E.E051, path=path, detail=str(exc)) from exc
    return parse(text, path)


def parse(text: str, path: str) -> _Vocabulary:
    """Validate the JSON ``text`` of a vocabulary file (``path`` names it in errors)."""
    try:
        raw = json.loads(text)
        model = KINDS.get(raw.get("kind", "")) if isinstance(raw, dict) else None
        if model is None:
            raise ValueError(f"unknown kind; expected one of {sorted(KINDS)}")
        return model.model_validate(raw)
    except (ValueError, ValidationError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if isinstance(exc, ValidationError):
            first = exc.errors()[0]
            detail = f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
        raise SitroomError(E.E051, path=path, detail=detail) from exc


def _read_as(name: str, model: type[V]) -> V:
    vocab = read(name)
    if not isinstance(vocab, model):
        raise SitroomError(E.E051, path=f"{VOCAB_DIR}/{name}.json", detail=f"not a {model}")
    return vocab


def word_set(name: str) -> frozenset[str]:
    return frozenset(_read_as(name, WordSet).words)


def word_list(name: str) -> tuple[str, ...]:
    return tuple(_read_as(name, WordList).words)


def word_table(name: str) -> dict[str, str]:
    return dict(_read_as(name, WordTable).entries)


def word_groups(name: str) -> dict[str, tuple[str, ...]]:
    return {label: tuple(words) for label, words in _read_as(name, WordGroups).groups.items()}


def word_tables(name: str) -> dict[str, dict[str, str]]:
    return {label: dict(table) for label, table in _read_as(name, WordTables).tables.items()}


def role_nouns(name: str) -> RoleNouns:
    return _read_as(name, RoleNouns)
