"""The coder registry: versioned names, third-party registration, unknown names."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from sitroom.errors import E, SitroomError
from sitroom.extract.events.registry import (
    CoderRegistry,
    get_coder,
    register_coder,
    registered_coders,
    registry,
)
from sitroom.records import Event, Mention, ParsedArticle, Quote


class NullCoder:
    name = "null.v1"

    def code(
        self, parsed: ParsedArticle, mentions: Sequence[Mention], quotes: Sequence[Quote]
    ) -> list[Event]:
        return []


def test_builtin_rules_coder_is_registered() -> None:
    assert "rules.v1" in registered_coders()
    assert get_coder("rules.v1").name == "rules.v1"


def test_unknown_coder_names_the_known_ones() -> None:
    with pytest.raises(SitroomError) as info:
        get_coder("nonesuch.v9")
    assert info.value.code is E.E020
    assert "rules.v1" in info.value.message


def test_third_party_registration(monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = CoderRegistry()
    monkeypatch.setattr("sitroom.extract.events.registry.registry", lambda: fresh)
    register_coder("null.v1", NullCoder)
    assert registered_coders() == ["hybrid.v1", "null.v1", "rules.v1", "rules.v2", "rules.v3"]
    assert isinstance(get_coder("null.v1"), NullCoder)
    assert "null.v1" not in registry.__wrapped__().names()  # a new registry starts clean


def test_entry_points_are_loaded_lazily(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeEP:
        name = "plugin.v1"

        def load(self) -> type[NullCoder]:
            return NullCoder

    calls: list[str] = []

    def fake_entry_points(group: str) -> list[FakeEP]:
        calls.append(group)
        return [FakeEP()]

    monkeypatch.setattr("sitroom.extract.events.registry.entry_points", fake_entry_points)
    reg = CoderRegistry()
    assert calls == []  # nothing loaded at construction
    assert "plugin.v1" in reg.names()
    assert calls == ["sitroom.coders"]
    assert isinstance(reg.get("plugin.v1"), NullCoder)
