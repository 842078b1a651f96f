"""The event coder registry: coders are looked up by a versioned name (``rules.v1``).

Built-in coders are registered exactly as a third party would register one. A third-party
package declares an entry point in the group ``sitroom.coders``, named by the coder's versioned
name, whose object is a factory (a callable, often the class, returning a :class:`Coder`);
entry points are loaded lazily, the first time the registry is read.
A behaviour behind a name never changes: a changed coder gets a new name (``rules.v2``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points
from typing import Protocol, runtime_checkable

from sitroom.errors import E, SitroomError
from sitroom.records import Event, Mention, ParsedArticle, Quote

ENTRY_POINT_GROUP = "sitroom.coders"


@runtime_checkable
class Coder(Protocol):
    """Turns one parsed article with its actor mentions and quotes into events."""

    name: str

    def code(
        self, parsed: ParsedArticle, mentions: Sequence[Mention], quotes: Sequence[Quote]
    ) -> list[Event]: ...


CoderFactory = Callable[[], Coder]


def _rules_v1() -> Coder:
    from sitroom.extract.events.coder import RulesCoder

    return RulesCoder()


def _rules_v2() -> Coder:
    from sitroom.extract.events.coder import RulesCoder
    from sitroom.extract.events.profile import RULES_V2

    return RulesCoder(RULES_V2)


def _rules_v3() -> Coder:
    from sitroom.extract.events.coder import RulesCoder
    from sitroom.extract.events.profile import RULES_V3

    return RulesCoder(RULES_V3)


def _hybrid_v1() -> Coder:
    from sitroom.extract.events.learned import HybridCoder

    return HybridCoder()


BUILTIN_CODERS: tuple[tuple[str, CoderFactory], ...] = (
    ("rules.v1", _rules_v1),
    ("rules.v2", _rules_v2),
    ("rules.v3", _rules_v3),
    ("hybrid.v1", _hybrid_v1),
)


class CoderRegistry:
    """Name -> factory, filled with the built-ins, then (once) with entry points."""

    def __init__(self) -> None:
        self._factories: dict[str, CoderFactory] = {}
        self._entry_points_loaded = False
        for name, factory in BUILTIN_CODERS:
            self.register(name, factory)

    def register(self, name: str, factory: CoderFactory) -> None:
        if not name or not callable(factory):
            raise SitroomError(E.E022, detail=f"coder registration {name!r} needs a callable")
        self._factories[name] = factory

    def _load_entry_points(self) -> None:
        if self._entry_points_loaded:
            return
        self._entry_points_loaded = True
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            try:
                obj = ep.load()
            except Exception as exc:  # a broken plugin must not break the built-ins
                raise SitroomError(E.E022, detail=f"coder plugin {ep.name!r}: {exc}") from exc
            self.register(ep.name, obj)

    def names(self) -> list[str]:
        self._load_entry_points()
        return sorted(self._factories)

    def get(self, name: str) -> Coder:
        self._load_entry_points()
        factory = self._factories.get(name)
        if factory is None:
            raise SitroomError(E.E020, name=name, known=", ".join(sorted(self._factories)))
        return factory()


@functools.lru_cache(maxsize=1)
def registry() -> CoderRegistry:
    """The process-wide registry, created on first use."""
    return CoderRegistry()


def register_coder(name: str, factory: CoderFactory) -> None:
    """Register (or replace) the coder ``name``; ``factory()`` must return a :class:`Coder`."""
    registry().register(name, factory)


def registered_coders() -> list[str]:
    """Names of every coder available, built-in and from entry points."""
    return registry().names()


def get_coder(name: str = "rules.v3") -> Coder:
    """A fresh coder instance registered as ``name``; unknown names raise E020."""
    return registry().get(name)
