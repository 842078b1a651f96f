"""Vocabulary files: every shipped file validates, and a broken one is refused with E051."""

from __future__ import annotations

import importlib
import json

import pytest

from sitroom import vocab
from sitroom.errors import SitroomError


def _file(**fields: object) -> str:
    base: dict[str, object] = {"schema_version": 1, "description": "d", "used_by": ["x"]}
    return json.dumps(base | fields)


@pytest.mark.parametrize("name", vocab.names())
def test_shipped_vocabularies_validate_and_name_real_users(name: str) -> None:
    voc = vocab.read(name)
    assert voc.description
    for module in voc.used_by:
        importlib.import_module(module)  # a stale ``used_by`` fails here


def test_a_word_listed_twice_is_refused() -> None:
    with pytest.raises(SitroomError, match=r"E051: .*x\.json: words: .*listed twice: 'deny'"):
        vocab.parse(_file(kind="word_set", words=["deny", "deny"]), "x.json")


def test_an_unknown_kind_or_key_is_refused() -> None:
    with pytest.raises(SitroomError, match=r"E051: .*unknown kind"):
        vocab.parse(_file(kind="list_of_words", words=["a"]), "x.json")
    with pytest.raises(SitroomError, match=r"E051: .*wordz"):
        vocab.parse(_file(kind="word_set", words=["a"], wordz=["b"]), "x.json")
    with pytest.raises(SitroomError, match="E051"):
        vocab.parse("{not json", "x.json")


def test_tables_and_groups_keep_their_order() -> None:
    table = vocab.parse(_file(kind="word_table", entries={"b": "2", "a": "1"}), "t.json")
    assert isinstance(table, vocab.WordTable)
    assert list(table.entries) == ["b", "a"]
    groups = vocab.parse(_file(kind="word_groups", groups={"MIL": ["troops", "army"]}), "g.json")
    assert isinstance(groups, vocab.WordGroups)
    assert groups.groups["MIL"] == ["troops", "army"]
