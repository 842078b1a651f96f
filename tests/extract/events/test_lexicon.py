"""Tests of the trigger lexicon (``data/plover_rules.json``)."""

from __future__ import annotations

from sitroom.extract.events.lexicon import lexicon


def test_lexicon_is_valid_data() -> None:
    lex = lexicon()
    assert lex.verbs["warn"].type == "THREATEN"
    assert lex.nouns["talk"].type == "CONSULT"
